// What the TLS ClientHello and ServerHello encoders share: a parser that
// reassembles a direction's first handshake message from TLS records
// (RFC 8446, section 5.1: a handshake message may span records, and a
// record segments), the hello parsers and the JA3/JA3S fingerprints.
//
// Every read is bounds-checked through `tls_reader`; a message that ends
// early or says more than it holds is left without a record.
#ifndef NETCAP_ENCODERS_DETAIL_TLS_HPP_
#define NETCAP_ENCODERS_DETAIL_TLS_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "netcap/encoders/detail/tcp_stream.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/streams/md5.hpp"
#include "netcap/streams/reassembly.hpp"
#include "proto/tlsclienthello.pb.h"
#include "proto/tlsserverhello.pb.h"

namespace netcap::detail {

// The largest handshake message gathered: hellos are far smaller (a
// ClientHello with post-quantum key shares is under 2 KiB); more is not a
// hello worth waiting for.
inline constexpr std::size_t tls_max_handshake = 64 * 1024;

// STARTTLS (SMTP, POP3, IMAP, IRC, XMPP) sends a few plain-text commands
// and replies before TLS starts in a new segment. A direction whose first
// bytes are not TLS is looked at again where each of its next segments
// starts, up to this many segments and bytes, then left alone.
inline constexpr int tls_max_prelude_segments = 8;
inline constexpr std::size_t tls_max_prelude_bytes = 4096;

// RFC 8701: GREASE values are 0x0a0a, 0x1a1a, ..., 0xfafa; JA3 leaves them
// out.
inline bool tls_is_grease(std::uint32_t v) {
  return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

// Reads big-endian integers and byte strings within a span; once a read
// would pass the end, `ok` is false and every later read returns zero.
class tls_reader {
 public:
  explicit tls_reader(std::string_view data) : data_(data) {}
  bool ok() const { return ok_; }
  std::size_t left() const { return data_.size() - pos_; }
  std::uint32_t u8() { return number(1); }
  std::uint32_t u16() { return number(2); }
  std::uint32_t u24() { return number(3); }
  std::string_view bytes(std::size_t n) {
    if (!ok_ || n > left()) {
      ok_ = false;
      return {};
    }
    const std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

 private:
  std::uint32_t number(std::size_t n) {
    const std::string_view b = bytes(n);
    std::uint32_t v = 0;
    for (char c : b) v = v << 8 | static_cast<std::uint8_t>(c);
    return v;
  }
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// What a hello parser learns besides the message: its first record's
// header and how many records it spanned.
struct tls_record_info {
  int type = 0;
  int version = 0;
  int length = 0;
  int records = 0;
  std::int64_t timestamp_ns = 0;
};

inline void tls_append_list(std::string& out, const google::protobuf::RepeatedField<std::int32_t>& values,
                            bool skip_grease) {
  bool first = true;
  for (std::int32_t v : values) {
    if (skip_grease && tls_is_grease(static_cast<std::uint32_t>(v))) continue;
    if (!first) out += '-';
    absl::StrAppend(&out, v);
    first = false;
  }
}

// Parses a ClientHello handshake message (its 4-byte header included) into
// `r`, JA3 included; false when it is malformed.
inline bool parse_client_hello(std::string_view message, TLSClientHello& r) {
  tls_reader in(message);
  r.set_handshake_type(static_cast<std::int32_t>(in.u8()));
  r.set_handshake_len(in.u24());
  tls_reader body(in.bytes(r.handshake_len()));
  r.set_handshake_version(static_cast<std::int32_t>(body.u16()));
  const std::string_view random = body.bytes(32);
  r.set_random(random.data(), random.size());
  r.set_session_id_len(body.u8());
  const std::string_view session = body.bytes(r.session_id_len());
  r.set_session_id(session.data(), session.size());
  r.set_cipher_suite_len(static_cast<std::int32_t>(body.u16()));
  tls_reader ciphers(body.bytes(static_cast<std::size_t>(r.cipher_suite_len())));
  while (ciphers.left() >= 2) r.add_cipher_suites(static_cast<std::int32_t>(ciphers.u16()));
  tls_reader compression(body.bytes(body.u8()));
  while (compression.left() >= 1) r.add_compress_methods(static_cast<std::int32_t>(compression.u8()));
  if (!body.ok()) return false;
  // RFC 5246, section 7.4.1.2: extensions may be absent altogether.
  if (body.left() >= 2) {
    r.set_extension_len(static_cast<std::int32_t>(body.u16()));
    tls_reader extensions(body.bytes(static_cast<std::size_t>(r.extension_len())));
    while (extensions.ok() && extensions.left() >= 4) {
      const std::uint32_t type = extensions.u16();
      tls_reader ext(extensions.bytes(extensions.u16()));
      if (!extensions.ok()) return false;
      r.add_extensions(static_cast<std::int32_t>(type));
      switch (type) {
        case 0: {  // server_name, RFC 6066 section 3
          tls_reader list(ext.bytes(ext.u16()));
          while (list.ok() && list.left() >= 3) {
            const std::uint32_t name_type = list.u8();
            const std::string_view name = list.bytes(list.u16());
            if (list.ok() && name_type == 0 && r.sni().empty()) {
              netcap::detail::assign_utf8(name, *r.mutable_sni());
            }
          }
          break;
        }
        case 5:  // status_request, RFC 6066 section 8
          r.set_oscp(true);
          break;
        case 10: {  // supported_groups, RFC 8422 section 5.1.1
          tls_reader list(ext.bytes(ext.u16()));
          while (list.left() >= 2) r.add_supported_groups(static_cast<std::int32_t>(list.u16()));
          break;
        }
        case 11: {  // ec_point_formats, RFC 8422 section 5.1.2
          tls_reader list(ext.bytes(ext.u8()));
          while (list.left() >= 1) r.add_supported_points(static_cast<std::int32_t>(list.u8()));
          break;
        }
        case 13: {  // signature_algorithms, RFC 8446 section 4.2.3
          tls_reader list(ext.bytes(ext.u16()));
          while (list.left() >= 2) r.add_signature_algs(static_cast<std::int32_t>(list.u16()));
          break;
        }
        case 16: {  // ALPN, RFC 7301 section 3.1
          tls_reader list(ext.bytes(ext.u16()));
          while (list.ok() && list.left() >= 1) {
            const std::string_view name = list.bytes(list.u8());
            if (list.ok()) netcap::detail::assign_utf8(name, *r.add_alpns());
          }
          break;
        }
        case 43: {  // supported_versions, RFC 8446 section 4.2.1
          tls_reader list(ext.bytes(ext.u8()));
          while (list.left() >= 2) r.add_supported_versions(static_cast<std::int32_t>(list.u16()));
          break;
        }
        default:
          break;
      }
    }
    if (!extensions.ok()) return false;
  }
  std::string& ja3 = *r.mutable_ja3_string();
  ja3.clear();
  absl::StrAppend(&ja3, r.handshake_version(), ",");
  tls_append_list(ja3, r.cipher_suites(), true);
  ja3 += ',';
  tls_append_list(ja3, r.extensions(), true);
  ja3 += ',';
  tls_append_list(ja3, r.supported_groups(), true);
  ja3 += ',';
  tls_append_list(ja3, r.supported_points(), true);
  r.set_ja3(streams::md5_hex(ja3));
  return true;
}

// Parses a ServerHello handshake message (its header included) into `r`,
// JA3S included; false when it is malformed.
inline bool parse_server_hello(std::string_view message, TLSServerHello& r) {
  tls_reader in(message);
  r.set_handshake_type(static_cast<std::int32_t>(in.u8()));
  r.set_handshake_len(in.u24());
  tls_reader body(in.bytes(r.handshake_len()));
  r.set_handshake_version(static_cast<std::int32_t>(body.u16()));
  const std::string_view random = body.bytes(32);
  r.set_random(random.data(), random.size());
  // TLS 1.3 drafts before 22 (version 0x7f00 + draft) had neither session
  // id nor compression method (draft-ietf-tls-tls13-21, section 4.1.3).
  const std::int32_t version = r.handshake_version();
  const bool early_draft = (version >> 8) == 0x7f && (version & 0xff) < 22;
  if (!early_draft) {
    r.set_session_id_len(body.u8());
    const std::string_view session = body.bytes(r.session_id_len());
    r.set_session_id(session.data(), session.size());
  }
  r.set_cipher_suite(static_cast<std::int32_t>(body.u16()));
  if (!early_draft) r.set_compress_method(static_cast<std::int32_t>(body.u8()));
  if (!body.ok()) return false;
  if (body.left() >= 2) {
    r.set_extension_len(static_cast<std::int32_t>(body.u16()));
    tls_reader extensions(body.bytes(static_cast<std::size_t>(r.extension_len())));
    while (extensions.ok() && extensions.left() >= 4) {
      const std::uint32_t type = extensions.u16();
      tls_reader ext(extensions.bytes(extensions.u16()));
      if (!extensions.ok()) return false;
      r.add_extensions(static_cast<std::int32_t>(type));
      if (type == 43) {  // supported_versions: the one chosen
        r.set_supported_version(static_cast<std::int32_t>(ext.u16()));
      } else if (type == 16) {  // ALPN: a list of one protocol
        tls_reader list(ext.bytes(ext.u16()));
        const std::string_view name = list.bytes(list.u8());
        if (list.ok()) netcap::detail::assign_utf8(name, *r.mutable_alpn());
      }
    }
    if (!extensions.ok()) return false;
  }
  std::string& ja3s = *r.mutable_ja3s_string();
  ja3s.clear();
  absl::StrAppend(&ja3s, r.handshake_version(), ",", r.cipher_suite(), ",");
  tls_append_list(ja3s, r.extensions(), false);
  r.set_ja3s(streams::md5_hex(ja3s));
  return true;
}

// RFC 8446, section 4.1.3: a HelloRetryRequest is a ServerHello whose
// random is the SHA-256 of "HelloRetryRequest".
inline constexpr std::string_view tls_hello_retry_random =
    "\xcf\x21\xad\x74\xe5\x9a\x61\x11\xbe\x1d\x8c\x02\x1e\x65\xb8\x91"
    "\xc2\xa2\x11\x16\x7a\xbb\x8c\x5e\x07\x9e\x09\xe2\xc8\xa8\x33\x9c";

// A TLS connection as one hello encoder sees it: each direction's
// handshake messages are gathered from its plain-text records, and `Hello`
// (tls_client_hello or tls_server_hello below) turns those of its type into
// records. So a second ClientHello after a HelloRetryRequest (RFC 8446,
// section 4.1.4), or a duplicate one, gets its record too. A direction is
// followed until encryption starts: at its change_cipher_spec (except the
// one a client sends before its second ClientHello, RFC 8446, appendix
// D.4), at an application data record, or at bytes that are not TLS.
template <class Hello>
class tls_connection {
 public:
  template <class Ctx>
  bool data(const streams::connection_info& info, int d, std::int64_t ts,
            const std::uint8_t* bytes, std::size_t size, Ctx& ctx) {
    direction& dir = dirs_[d];
    std::string_view in(reinterpret_cast<const char*>(bytes), size);
    if (dir.in_prelude) {
      dir.in_prelude = false;
      dir.header_size = 0;
    }
    while (!in.empty() && !dir.done && !dir.in_prelude) {
      if (dir.header_size < 5) {
        if (dir.header_size == 0) dir.header_timestamp_ns = ts;
        dir.header[dir.header_size++] = static_cast<std::uint8_t>(in[0]);
        in.remove_prefix(1);
        if (dir.header_size < 5) continue;
        // RFC 8446, section 5.1: content type 22 is a handshake; versions
        // are 3.x; a record holds at most 2^14 bytes plus expansion.
        const int length = dir.header[3] << 8 | dir.header[4];
        if (dir.header[1] != 3 || dir.header[2] > 4 || length == 0 ||
            length > (1 << 14) + 2048) {
          dir.prelude_bytes += size;
          if (!dir.tls_seen && ++dir.prelude_segments <= tls_max_prelude_segments &&
              dir.prelude_bytes <= tls_max_prelude_bytes) {
            // Plain text before STARTTLS: the next segment may start TLS.
            dir.in_prelude = true;
            break;
          }
          dir.done = true;
          break;
        }
        dir.tls_seen = true;
        if (dir.header[0] != 22) {
          // An alert (21) before a handshake message (a server's
          // "unrecognized name" warning ahead of its ServerHello) is
          // skipped, and a change_cipher_spec (20) before the first
          // hello or, once a HelloRetryRequest was sent, the one after
          // the first hello (RFC 8446, appendix D.4: both sides may send
          // one then); anything else ends the plain-text part of the
          // direction.
          const bool skip =
              dir.message.empty() &&
              (dir.header[0] == 21 ||
               (dir.header[0] == 20 && (dir.hellos == 0 || (hello_retry_ && dir.hellos == 1))));
          if (!skip) {
            dir.done = true;
            break;
          }
          dir.skip = static_cast<std::size_t>(length);
          continue;
        }
        if (dir.message.empty()) {
          start_message(dir, dir.header_timestamp_ns);
          dir.starts_in_record = false;
        } else {
          ++dir.record.records;
        }
        dir.remaining = static_cast<std::size_t>(length);
        continue;
      }
      if (dir.skip != 0) {
        const std::size_t skip = in.size() < dir.skip ? in.size() : dir.skip;
        in.remove_prefix(skip);
        dir.skip -= skip;
        if (dir.skip == 0) dir.header_size = 0;
        continue;
      }
      const std::size_t take = in.size() < dir.remaining ? in.size() : dir.remaining;
      if (dir.message.size() + take > tls_max_handshake) {
        dir.done = true;
        break;
      }
      if (dir.starts_in_record) {
        start_message(dir, ts);
        dir.starts_in_record = false;
      }
      dir.message.append(in.data(), take);
      in.remove_prefix(take);
      dir.remaining -= take;
      if (dir.remaining == 0) dir.header_size = 0;
      // Every whole message gathered so far; several may share a record.
      while (!dir.done && dir.message.size() >= 4) {
        const std::size_t length = static_cast<std::uint8_t>(dir.message[1]) << 16 |
                                   static_cast<std::uint8_t>(dir.message[2]) << 8 |
                                   static_cast<std::uint8_t>(dir.message[3]);
        if (length + 4 > tls_max_handshake) {
          dir.done = true;
          break;
        }
        if (dir.message.size() < length + 4) break;
        handshake_message(std::string_view(dir.message).substr(0, length + 4), info, d, ctx);
        dir.message.erase(0, length + 4);
        // What follows begins in the record being read.
        if (!dir.message.empty()) {
          start_message(dir, ts);
        } else {
          dir.starts_in_record = dir.remaining != 0;
        }
      }
    }
    if (dir.done) release(dir);
    return !(dirs_[0].done && dirs_[1].done);
  }

  template <class Ctx>
  void gap(const streams::connection_info&, int d, std::size_t, Ctx&) {
    dirs_[d].done = true;
    release(dirs_[d]);
  }

  template <class Ctx>
  void close(const streams::connection_info&, streams::close_reason, Ctx&) {}

 private:
  struct direction {
    std::array<std::uint8_t, 5> header{};
    std::size_t header_size = 0;
    std::int64_t header_timestamp_ns = 0;
    std::size_t remaining = 0;
    // Bytes left of a record skipped.
    std::size_t skip = 0;
    // The handshake bytes not yet parsed: a message's start, or more.
    std::string message;
    // The record where the message being gathered began.
    tls_record_info record;
    // The next message begins inside the record being read.
    bool starts_in_record = false;
    // Hellos (ClientHello or ServerHello) sent.
    int hellos = 0;
    // A valid record header was seen; else the plain text read so far, and
    // whether the rest of the segment being read is skipped.
    bool tls_seen = false;
    int prelude_segments = 0;
    std::size_t prelude_bytes = 0;
    bool in_prelude = false;
    bool done = false;
  };
  static void release(direction& dir) { std::string().swap(dir.message); }

  void start_message(direction& dir, std::int64_t ts) {
    dir.record.timestamp_ns = ts;
    dir.record.type = dir.header[0];
    dir.record.version = dir.header[1] << 8 | dir.header[2];
    dir.record.length = dir.header[3] << 8 | dir.header[4];
    dir.record.records = 1;
  }

  template <class Ctx>
  void handshake_message(std::string_view message, const streams::connection_info& info, int d,
                         Ctx& ctx) {
    direction& dir = dirs_[d];
    const auto type = static_cast<std::uint8_t>(message[0]);
    if (type == 1 || type == 2) {
      ++dir.hellos;
      // The random follows the header and the version.
      if (type == 2 && message.size() >= 38 &&
          message.substr(6, 32) == tls_hello_retry_random) {
        hello_retry_ = true;
      }
    }
    if (type == Hello::handshake_type) hello_.emit(message, dir.record, info, d, ctx);
  }

  std::array<direction, 2> dirs_;
  // The server asked for another ClientHello.
  bool hello_retry_ = false;
  Hello hello_;
};

template <class Record>
void set_record_info(const tls_record_info& info, Record& r) {
  r.set_timestamp(info.timestamp_ns);
  r.set_type(info.type);
  r.set_version(info.version);
  r.set_message_len(info.length);
  r.set_records(info.records);
}

// The `Hello` of tls_connection for one kind of hello: each handshake
// message of type `HandshakeType` that `Parse` accepts becomes a `Record`.
// `Parse` is a template argument, not a member pointer or a virtual call,
// so each kind compiles to a direct call, as a hand-written struct would.
template <class Record, std::uint8_t HandshakeType,
          bool (*Parse)(std::string_view, Record&)>
struct tls_hello {
  static constexpr std::uint8_t handshake_type = HandshakeType;
  template <class Ctx>
  void emit(std::string_view message, const tls_record_info& record,
            const streams::connection_info& info, int d, Ctx& ctx) {
    Record r;
    if (!Parse(message, r)) return;
    set_record_info(record, r);
    set_endpoints(info, d, r);
    set_macs(ctx.ethernet, r);
    ctx.sink.emit(r);
  }
};

// RFC 8446, section 4: handshake type 1 is client_hello, 2 server_hello.
using tls_client_hello = tls_hello<TLSClientHello, 1, parse_client_hello>;
using tls_server_hello = tls_hello<TLSServerHello, 2, parse_server_hello>;

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_TLS_HPP_
