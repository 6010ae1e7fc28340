// The DNS payload layer: decodes one DNS message (RFC 1035) carried by UDP
// or TCP, checking all of it before anything reads it.
//
// netcap decodes DNS itself because libtins 4.0 follows compression
// pointers without a limit, so a pointer loop (tcpdump's dns-zlip-1
// capture) hangs it, and it allocates for every name it reads.
//
// `decode` walks the whole message once: the header, every question, every
// resource record of the three sections, every name, and the data of the
// record types the DNS encoder interprets. It keeps offsets into the message
// in vectors that keep their capacity from packet to packet, so after
// warm-up it allocates nothing. Once it has succeeded, no accessor can fail:
// the encoder iterates the sections and renders names without checks.
// Accessors point into the bytes given to `decode`, so they are valid while
// those bytes are, which in the pipeline is while the packet is encoded.
//
//   netcap::layers::dns message;
//   if (message.decode(data, size, udp).empty()) {
//     for (const auto& q : message.questions()) {
//       message.name_text(q.name, text);  // "www.example.com"
//     }
//   }
//
// What it accepts, and why:
//
// - Names (RFC 1035 3.1, 4.1.4). A length byte is 0 (the root), 1..63 (a
//   label) or starts with the bits 11 (a compression pointer); the bits 01
//   and 10 are reserved, and RFC 6891 section 5 retired the extended label
//   types that used them, so such a byte is reported as a label that is too
//   long. A name has at most 255 bytes in its uncompressed wire form,
//   length bytes and the root included.
// - Compression pointers. A pointer must point before the start of the run
//   of labels that contains it, that is before the name's first byte or
//   before the previous pointer's target, and not into the 12-byte header.
//   The targets a name visits thus strictly decrease, so no name loops,
//   whatever the bytes. A compressor that follows RFC 1035 4.1.4 points
//   only to a prior occurrence of a name, whose own pointers point before
//   it in turn, so no message it writes is refused. A name
//   may follow at most 127 pointers, one per label of the longest possible
//   name, which bounds the work a crafted message can cause per name.
// - Counts. The message must hold every question and record its header
//   counts. One that ends early is malformed and yields an error and no
//   record, as in netcap v0.3.9, whose decoder (gopacket) refuses the
//   whole message too; tshark would show the parts before the break, but
//   a record that silently lacks records the header promised is worse for
//   an audit trail than a counted error. Bytes after the last record are
//   ignored.
// - Record data. The data of A, AAAA, NS, CNAME, PTR, MX, SOA, SRV and TXT
//   records must have exactly the form RFC 1035 3.3 and 3.4, RFC 3596 and
//   RFC 2782 give it, filling RDLENGTH. Empty data is accepted for every
//   type, as dynamic updates send it (RFC 2136 2.4, 2.5), and so is a TXT
//   record without strings, which some mDNS responders send. Other types
//   are kept as bytes.
// - TCP (RFC 1035 4.2.2). A two-byte length precedes each message. netcap
//   does not reassemble streams, so it decodes a segment only when the
//   segment holds a whole message: one whose length prefix matches the
//   rest of the segment; or else, since some stacks (Windows' DNS client
//   among them) send the length in a segment of its own, a segment that
//   holds a whole message with a question without prefix (Windows follows
//   it with two bytes "MS", which are ignored as on UDP); or else the first
//   message of several in one segment (RFC 7766 6.2.1.1 lets clients
//   pipeline queries), the others left undecoded. Anything else, such as
//   the first or a later segment of a longer message or a lone length,
//   yields "DNS: TCP message spans segments".
//
// Errors are stable names without packet data, such as "DNS: truncated
// header" or "DNS: name pointer loop", so equal errors group together.
#ifndef NETCAP_LAYERS_DNS_HPP_
#define NETCAP_LAYERS_DNS_HPP_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tins/pdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"

namespace netcap::layers {

// The record types whose data the layer checks and the encoder interprets
// (RFC 1035 3.2.2, RFC 3596 2.1, RFC 2782).
namespace dns_type {
inline constexpr std::uint16_t a = 1;
inline constexpr std::uint16_t ns = 2;
inline constexpr std::uint16_t cname = 5;
inline constexpr std::uint16_t soa = 6;
inline constexpr std::uint16_t ptr = 12;
inline constexpr std::uint16_t mx = 15;
inline constexpr std::uint16_t txt = 16;
inline constexpr std::uint16_t aaaa = 28;
inline constexpr std::uint16_t srv = 33;
}  // namespace dns_type

class dns {
 public:
  static constexpr std::string_view name = "DNS";

  // DNS servers listen on port 53 over UDP and TCP (RFC 1035 4.2); mDNS
  // uses port 5353 over UDP only (RFC 6762 section 3).
  static constexpr std::uint16_t port = 53;
  static constexpr std::uint16_t mdns_port = 5353;

  // RFC 1035 4.1.1.
  static constexpr std::uint32_t header_size = 12;
  // RFC 1035 3.1: label bytes and length bytes, the root's included.
  static constexpr std::uint32_t max_name_size = 255;
  static constexpr std::uint32_t max_label_size = 63;
  // A 255-byte name has at most 127 labels.
  static constexpr int max_pointers = 127;

  // A name in the message, named by the offset where its wire form starts
  // (from the start of the message, as compression pointers count).
  using name_offset = std::uint32_t;

  struct question {
    name_offset name = 0;
    std::uint16_t type = 0;
    // The full 16 bits; in mDNS the top bit asks for a unicast response
    // (RFC 6762 5.4).
    std::uint16_t dns_class = 0;
  };

  struct resource_record {
    name_offset name = 0;
    std::uint16_t type = 0;
    // The full 16 bits; in mDNS the top bit is the cache-flush bit
    // (RFC 6762 10.2).
    std::uint16_t dns_class = 0;
    std::uint32_t ttl = 0;
    // Where RDATA starts in the message, and its length.
    std::uint32_t data = 0;
    std::uint16_t data_length = 0;
  };

  // A contiguous run of records: one section of the message.
  class record_range {
   public:
    record_range(const resource_record* begin, const resource_record* end)
        : begin_(begin), end_(end) {}
    const resource_record* begin() const { return begin_; }
    const resource_record* end() const { return end_; }
    std::size_t size() const { return static_cast<std::size_t>(end_ - begin_); }
    bool empty() const { return begin_ == end_; }

   private:
    const resource_record* begin_;
    const resource_record* end_;
  };

  struct mx_data {
    std::uint16_t preference = 0;
    name_offset exchange = 0;
  };

  struct srv_data {
    std::uint16_t priority = 0;
    std::uint16_t weight = 0;
    std::uint16_t port = 0;
    name_offset target = 0;
  };

  struct soa_data {
    name_offset mname = 0;
    name_offset rname = 0;
    std::uint32_t serial = 0;
    std::uint32_t refresh = 0;
    std::uint32_t retry = 0;
    std::uint32_t expire = 0;
    std::uint32_t minimum = 0;
  };

  // Whether `transport`, a Tins::UDP or Tins::TCP, has a DNS or (UDP only)
  // mDNS port on either side.
  static bool claims(const Tins::PDU& transport) {
    switch (transport.pdu_type()) {
      case Tins::PDU::UDP: {
        const auto& udp = static_cast<const Tins::UDP&>(transport);
        return udp.sport() == port || udp.dport() == port ||
               udp.sport() == mdns_port || udp.dport() == mdns_port;
      }
      case Tins::PDU::TCP: {
        const auto& tcp = static_cast<const Tins::TCP&>(transport);
        return tcp.sport() == port || tcp.dport() == port;
      }
      default:
        return false;
    }
  }

  // Decodes the payload of `transport`: a whole message for UDP, a message
  // framed as the file comment says for TCP. Returns an empty string_view
  // on success, else a stable error name.
  std::string_view decode(const std::uint8_t* data, std::uint32_t size,
                          const Tins::PDU& transport) {
    if (transport.pdu_type() == Tins::PDU::TCP) return decode_tcp(data, size);
    return decode_message(data, size);
  }

  // Decodes one DNS message without transport framing; as `decode`.
  std::string_view decode_message(const std::uint8_t* data, std::uint32_t size) {
    reset();
    message_ = data;
    size_ = size;
    const std::string_view error = decode_sections();
    if (!error.empty()) reset();
    return error;
  }

  // The header (RFC 1035 4.1.1); all zero unless `decode` succeeded.
  std::uint16_t id() const { return id_; }
  bool qr() const { return (flags_ & 0x8000) != 0; }
  std::uint8_t op_code() const { return (flags_ >> 11) & 0x0f; }
  bool aa() const { return (flags_ & 0x0400) != 0; }
  bool tc() const { return (flags_ & 0x0200) != 0; }
  bool rd() const { return (flags_ & 0x0100) != 0; }
  bool ra() const { return (flags_ & 0x0080) != 0; }
  // The three bits after RA: Z, and AD and CD since RFC 4035 section 3.2.
  std::uint8_t z() const { return (flags_ >> 4) & 0x07; }
  std::uint8_t response_code() const { return flags_ & 0x0f; }
  std::uint16_t qd_count() const { return qd_count_; }
  std::uint16_t an_count() const { return an_count_; }
  std::uint16_t ns_count() const { return ns_count_; }
  std::uint16_t ar_count() const { return ar_count_; }

  // The sections; after a successful decode they hold exactly as many
  // entries as the header counts, and nothing otherwise.
  const std::vector<question>& questions() const { return questions_; }
  record_range answers() const { return section(0, an_count_); }
  record_range authorities() const { return section(an_count_, ns_count_); }
  record_range additionals() const {
    return section(an_count_ + ns_count_, ar_count_);
  }

  // The record's data as sent.
  std::string_view data(const resource_record& rr) const {
    return {reinterpret_cast<const char*>(message_ + rr.data), rr.data_length};
  }

  // The interpreted data of a record whose data is not empty, by type: the
  // name of an NS, CNAME or PTR record, and the fields of MX, SRV and SOA.
  // The address of an A or AAAA record is its data.
  name_offset data_name(const resource_record& rr) const { return rr.data; }
  mx_data mx(const resource_record& rr) const {
    return {read_u16(message_ + rr.data), rr.data + 2};
  }
  srv_data srv(const resource_record& rr) const {
    const std::uint8_t* p = message_ + rr.data;
    return {read_u16(p), read_u16(p + 2), read_u16(p + 4), rr.data + 6};
  }
  soa_data soa(const resource_record& rr) const {
    const std::uint8_t* numbers = message_ + rr.data + rr.data_length - 20;
    soa_data s;
    s.mname = rr.data;
    s.rname = walk_name(rr.data, [](const std::uint8_t*, std::uint8_t) {}).end;
    s.serial = read_u32(numbers);
    s.refresh = read_u32(numbers + 4);
    s.retry = read_u32(numbers + 8);
    s.expire = read_u32(numbers + 12);
    s.minimum = read_u32(numbers + 16);
    return s;
  }

  // Calls `f(std::string_view)` for each character-string of a TXT record
  // (RFC 1035 3.3.14), in order.
  template <class F>
  void for_each_txt(const resource_record& rr, F&& f) const {
    std::uint32_t pos = rr.data;
    const std::uint32_t end = rr.data + rr.data_length;
    while (pos < end) {
      const std::uint8_t length = message_[pos];
      f(std::string_view(reinterpret_cast<const char*>(message_ + pos + 1), length));
      pos += 1u + length;
    }
  }

  // Writes the name at `offset` into `out` as text, replacing what `out`
  // held but keeping its capacity. The text is that of dns.proto (RFC 1035
  // 5.1): labels joined by '.', each escaped by `append_escaped`; the root
  // is "". `offset` must be one the layer handed out.
  void name_text(name_offset offset, std::string& out) const {
    out.clear();
    walk_name(offset, [&out](const std::uint8_t* label, std::uint8_t size) {
      if (!out.empty()) out += '.';
      append_escaped(
          std::string_view(reinterpret_cast<const char*>(label), size), out);
    });
  }

  // Appends `bytes` to `out` in the master-file form of RFC 1035 5.1: '.'
  // and '\' as "\." and "\\", any byte outside printable ASCII (0x21 to
  // 0x7e, so space too) as "\DDD" in decimal, the rest as is. The result is
  // ASCII and reads back unambiguously: "a.b" with a dot inside the label
  // is "a\.b", a zero byte is "\000".
  static void append_escaped(std::string_view bytes, std::string& out) {
    append_escaped(bytes, out, /*in_name=*/true);
  }

  // Appends a TXT character-string to `out` as text: like a label, but a
  // dot or space stays as it is, since they separate nothing here and SPF
  // and DKIM records are full of them. Backslash and bytes outside 0x20 to
  // 0x7e are escaped as in names.
  static void append_escaped_text(std::string_view bytes, std::string& out) {
    append_escaped(bytes, out, /*in_name=*/false);
  }

 private:
  static void append_escaped(std::string_view bytes, std::string& out, bool in_name) {
    const unsigned char lowest = in_name ? 0x21 : 0x20;
    for (const char c : bytes) {
      const auto byte = static_cast<unsigned char>(c);
      if ((in_name && byte == '.') || byte == '\\') {
        out += '\\';
        out += c;
      } else if (byte >= lowest && byte <= 0x7e) {
        out += c;
      } else {
        out += '\\';
        out += static_cast<char>('0' + byte / 100);
        out += static_cast<char>('0' + byte / 10 % 10);
        out += static_cast<char>('0' + byte % 10);
      }
    }
  }

  // Where a name's wire form ends where it starts (after its root byte or
  // its first pointer), or why it is malformed.
  struct walk_result {
    std::string_view error;
    std::uint32_t end = 0;
  };

  static std::uint16_t read_u16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
  }
  static std::uint32_t read_u32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 |
           static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | p[3];
  }

  // The TCP rules of the file comment, in order.
  std::string_view decode_tcp(const std::uint8_t* data, std::uint32_t size) {
    if (size < 2) {
      reset();
      return "DNS: truncated TCP length";
    }
    const std::uint32_t length = read_u16(data);
    if (length == size - 2) return decode_message(data + 2, length);
    if (decode_message(data, size).empty() && !questions_.empty()) return {};
    if (length < size - 2) return decode_message(data + 2, length);
    reset();
    return "DNS: TCP message spans segments";
  }

  void reset() {
    message_ = nullptr;
    size_ = 0;
    id_ = flags_ = qd_count_ = an_count_ = ns_count_ = ar_count_ = 0;
    questions_.clear();
    records_.clear();
  }

  record_range section(std::size_t first, std::size_t count) const {
    // Empty after a failed decode, when the counts are zero too.
    const resource_record* base = records_.data();
    return {base + first, base + first + count};
  }

  // Follows the name at `offset` under the rules in the file comment,
  // calling `on_label(bytes, size)` for each label from the leftmost.
  // Validation and rendering share this walk, so rendering a name that was
  // validated cannot fail or take a different path.
  template <class OnLabel>
  walk_result walk_name(std::uint32_t offset, OnLabel&& on_label) const {
    std::uint32_t pos = offset;
    std::uint32_t run_start = offset;  // where the current run of labels began
    std::uint32_t end = 0;             // set at the first pointer
    std::uint32_t name_size = 1;       // the root's length byte
    int pointers = 0;
    while (true) {
      if (pos >= size_) return {"DNS: truncated name"};
      const std::uint8_t length = message_[pos];
      if (length == 0) return {{}, end != 0 ? end : pos + 1};
      if (length <= max_label_size) {
        if (length > size_ - pos - 1) return {"DNS: truncated name"};
        name_size += 1u + length;
        if (name_size > max_name_size) return {"DNS: name too long"};
        on_label(message_ + pos + 1, length);
        pos += 1u + length;
        continue;
      }
      if ((length & 0xc0) != 0xc0) return {"DNS: label too long"};
      if (size_ - pos < 2) return {"DNS: truncated name"};
      const std::uint32_t target = (length & 0x3fu) << 8 | message_[pos + 1];
      if (end == 0) end = pos + 2;
      if (target > pos) return {"DNS: forward name pointer"};
      if (target >= run_start) return {"DNS: name pointer loop"};
      if (target < header_size) return {"DNS: name pointer into header"};
      if (++pointers > max_pointers) return {"DNS: too many name pointers"};
      pos = run_start = target;
    }
  }

  // Checks the name at `pos`; on success moves `pos` past it.
  std::string_view skip_name(std::uint32_t& pos) const {
    const walk_result w = walk_name(pos, [](const std::uint8_t*, std::uint8_t) {});
    if (w.error.empty()) pos = w.end;
    return w.error;
  }

  std::string_view decode_sections() {
    if (size_ < header_size) return "DNS: truncated header";
    id_ = read_u16(message_);
    flags_ = read_u16(message_ + 2);
    qd_count_ = read_u16(message_ + 4);
    an_count_ = read_u16(message_ + 6);
    ns_count_ = read_u16(message_ + 8);
    ar_count_ = read_u16(message_ + 10);
    std::uint32_t pos = header_size;
    for (std::uint32_t i = 0; i < qd_count_; ++i) {
      // A message that ends where an entry should start holds fewer than
      // its header counts.
      if (pos >= size_) return "DNS: truncated question";
      question q;
      q.name = pos;
      if (std::string_view error = skip_name(pos); !error.empty()) return error;
      // RFC 1035 4.1.2: QTYPE and QCLASS follow the name.
      if (size_ - pos < 4) return "DNS: truncated question";
      q.type = read_u16(message_ + pos);
      q.dns_class = read_u16(message_ + pos + 2);
      pos += 4;
      questions_.push_back(q);
    }
    const std::uint32_t records =
        std::uint32_t{an_count_} + ns_count_ + ar_count_;
    for (std::uint32_t i = 0; i < records; ++i) {
      if (pos >= size_) return "DNS: truncated record";
      resource_record rr;
      rr.name = pos;
      if (std::string_view error = skip_name(pos); !error.empty()) return error;
      // RFC 1035 4.1.3: TYPE, CLASS, TTL and RDLENGTH follow the name.
      if (size_ - pos < 10) return "DNS: truncated record";
      rr.type = read_u16(message_ + pos);
      rr.dns_class = read_u16(message_ + pos + 2);
      rr.ttl = read_u32(message_ + pos + 4);
      rr.data_length = read_u16(message_ + pos + 8);
      rr.data = pos + 10;
      if (rr.data_length > size_ - rr.data) return "DNS: truncated record";
      if (std::string_view error = check_data(rr); !error.empty()) return error;
      pos = rr.data + rr.data_length;
      records_.push_back(rr);
    }
    return {};
  }

  // Checks that the data of a record of an interpreted type has its type's
  // form and fills RDATA exactly.
  std::string_view check_data(const resource_record& rr) const {
    if (rr.data_length == 0) return {};
    constexpr std::string_view malformed = "DNS: malformed record data";
    const std::uint32_t end = rr.data + rr.data_length;
    // The name at `pos` must end exactly at the end of the data.
    auto name_fills = [&](std::uint32_t pos) -> std::string_view {
      if (std::string_view error = skip_name(pos); !error.empty()) return error;
      return pos == end ? std::string_view() : malformed;
    };
    switch (rr.type) {
      case dns_type::a:  // RFC 1035 3.4.1
        return rr.data_length == 4 ? std::string_view() : malformed;
      case dns_type::aaaa:  // RFC 3596 2.2
        return rr.data_length == 16 ? std::string_view() : malformed;
      case dns_type::ns:     // RFC 1035 3.3.11
      case dns_type::cname:  // RFC 1035 3.3.1
      case dns_type::ptr:    // RFC 1035 3.3.12
        return name_fills(rr.data);
      case dns_type::mx:  // RFC 1035 3.3.9: PREFERENCE, EXCHANGE
        if (rr.data_length < 2) return malformed;
        return name_fills(rr.data + 2);
      case dns_type::srv:  // RFC 2782: priority, weight, port, target
        if (rr.data_length < 6) return malformed;
        return name_fills(rr.data + 6);
      case dns_type::soa: {  // RFC 1035 3.3.13: MNAME, RNAME, five numbers
        std::uint32_t pos = rr.data;
        if (std::string_view error = skip_name(pos); !error.empty()) return error;
        if (std::string_view error = skip_name(pos); !error.empty()) return error;
        return pos <= end && end - pos == 20 ? std::string_view() : malformed;
      }
      case dns_type::txt: {  // RFC 1035 3.3.14: character-strings
        std::uint32_t pos = rr.data;
        while (pos < end) pos += 1u + message_[pos];
        return pos == end ? std::string_view() : malformed;
      }
      default:
        return {};
    }
  }

  const std::uint8_t* message_ = nullptr;
  std::uint32_t size_ = 0;
  std::uint16_t id_ = 0;
  std::uint16_t flags_ = 0;
  std::uint16_t qd_count_ = 0;
  std::uint16_t an_count_ = 0;
  std::uint16_t ns_count_ = 0;
  std::uint16_t ar_count_ = 0;
  std::vector<question> questions_;
  // The answer, authority and additional sections, one after the other.
  std::vector<resource_record> records_;
};

static_assert(is_payload_layer_v<dns>,
              "not a payload layer: see the requirements in "
              "netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_DNS_HPP_
