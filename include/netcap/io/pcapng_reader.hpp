// netcap's own reader of pcapng files (the IETF draft "PCAP Next Generation
// (pcapng) Capture File Format", draft-ietf-opsawg-pcapng), over bytes in
// memory. io::pcap_source uses it for pcapng files instead of libpcap, which
// (1.10) reads only files whose interfaces all share one link type and one
// snapshot length and stops at the first interface that differs.
//
// It reads every Section Header Block (either byte order, any number of
// sections), Interface Description Blocks (link type, snapshot length and
// the if_tsresol and if_tsoffset options), Enhanced Packet Blocks, Simple
// Packet Blocks and the obsolete Packet Blocks, and skips every other block.
// Each packet carries the link type of its own interface. Every read is
// bounds-checked; damage (a block that runs past the end of the file, a
// length that contradicts the block's trailer or is not a multiple of 4, a
// packet of an interface the section does not have, ...) ends reading with
// an error that says what is wrong, at which byte, and after how many
// packets; the packets before it were all returned.
#ifndef NETCAP_IO_PCAPNG_READER_HPP_
#define NETCAP_IO_PCAPNG_READER_HPP_

#include <pcap/pcap.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "netcap/io/packet_source.hpp"

namespace netcap::io {

// Whether `data` starts with a pcapng Section Header Block's type.
inline bool starts_as_pcapng(const std::uint8_t* data, std::size_t size) {
  return size >= 4 && data[0] == 0x0a && data[1] == 0x0d && data[2] == 0x0d && data[3] == 0x0a;
}

// The libpcap DLT_* for a LINKTYPE_* value as pcapng stores it. They are the
// same number but for a few values that differ between systems; libpcap's
// mapping (linktype_to_dlt in pcap-common.c) is not exported, so its table
// is repeated here.
inline int dlt_of_linktype(int linktype) {
  switch (linktype) {
    case 100: return DLT_ATM_RFC1483;
    case 101: return DLT_RAW;
    case 102: return DLT_SLIP_BSDOS;
    case 103: return DLT_PPP_BSDOS;
    case 106: return DLT_ATM_CLIP;
    case 246: return DLT_PFSYNC;
    case 258: return DLT_PKTAP;
    default: return linktype;
  }
}

class pcapng_reader {
 public:
  // The most bytes of a packet a read returns: libpcap's MAXIMUM_SNAPLEN,
  // so that any packet read can be written to a classic pcap side output
  // that libpcap reads back. A longer packet is cut there, its original
  // length kept (no capture in shared/pcaps has one).
  static constexpr std::uint32_t max_captured_length = 262144;

  // Starts reading the `size` bytes at `data`, which must stay valid while
  // the reader is used; `name` goes into error messages. Fails when they do
  // not start with a valid Section Header Block (the file is refused, as
  // libpcap refuses it).
  static absl::StatusOr<pcapng_reader> open(const std::uint8_t* data, std::size_t size,
                                            std::string name) {
    pcapng_reader reader(data, size, std::move(name));
    if (!starts_as_pcapng(data, size)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read capture ", reader.name_, ": not a pcapng file"));
    }
    absl::StatusOr<read_result> first = reader.next_block(nullptr);
    if (!first.ok()) return first.status();
    reader.first_link_type_ = reader.find_first_link_type();
    return reader;
  }

  // Reads the next packet; end after the last block. Fails on damage, and
  // then on every later call.
  absl::StatusOr<read_result> read(raw_packet& packet) {
    while (true) {
      if (!status_.ok()) return status_;
      if (pos_ == size_) return read_result::end;
      absl::StatusOr<read_result> r = next_block(&packet);
      if (!r.ok()) {
        status_ = r.status();
        return status_;
      }
      if (*r == read_result::packet) {
        ++packets_;
        return read_result::packet;
      }
    }
  }

  // The link type (DLT_*) of the file's first interface, found by looking
  // ahead when opening; -1 when the file has no interface before its end or
  // its first damage (it then has no packet either).
  int first_link_type() const { return first_link_type_; }
  // Bytes read so far: the offset of the next block.
  std::uint64_t offset() const { return pos_; }
  // Packets returned so far.
  std::uint64_t packets() const { return packets_; }

 private:
  // Block types (draft-ietf-opsawg-pcapng, section 11.1).
  static constexpr std::uint32_t section_header_block = 0x0a0d0d0a;
  static constexpr std::uint32_t interface_description_block = 1;
  static constexpr std::uint32_t packet_block = 2;  // obsolete
  static constexpr std::uint32_t simple_packet_block = 3;
  static constexpr std::uint32_t enhanced_packet_block = 6;
  static constexpr std::uint32_t byte_order_magic = 0x1a2b3c4d;

  // How an interface's timestamp units become nanoseconds.
  struct interface {
    int link_type = 0;
    std::uint32_t snapshot_length = 0;
    enum class scale : std::uint8_t { multiply, divide, shift, zero } how = scale::multiply;
    std::uint64_t factor = 1000;  // microseconds by default (if_tsresol 6)
    int shift = 0;
    // if_tsoffset: seconds added to every timestamp.
    std::int64_t offset_seconds = 0;
  };

  pcapng_reader(const std::uint8_t* data, std::size_t size, std::string name)
      : data_(data), size_(size), name_(std::move(name)) {}

  std::uint16_t load16(std::size_t at) const {
    std::uint16_t v;
    std::memcpy(&v, data_ + at, 2);
    return swap_ ? static_cast<std::uint16_t>((v >> 8) | (v << 8)) : v;
  }
  std::uint32_t load32(std::size_t at) const {
    std::uint32_t v;
    std::memcpy(&v, data_ + at, 4);
    return swap_ ? __builtin_bswap32(v) : v;
  }
  std::uint64_t load64(std::size_t at) const {
    std::uint64_t v;
    std::memcpy(&v, data_ + at, 8);
    return swap_ ? __builtin_bswap64(v) : v;
  }

  absl::Status damaged(std::size_t at, absl::string_view what) const {
    // Before the first section header is read, the file is refused.
    if (!in_section_) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read capture ", name_, ": not a readable pcapng file: ", what));
    }
    return absl::DataLossError(absl::StrCat("cannot read ", name_, ": damaged pcapng block at byte ",
                                            at, " (after ", packets_, " packets): ", what));
  }

  // The byte order a section header at `at` announces; false when its magic
  // is neither order's. The block must have 12 bytes.
  bool section_swap(std::size_t at, bool* swap) const {
    std::uint32_t magic;
    std::memcpy(&magic, data_ + at + 8, 4);
    if (magic == byte_order_magic) {
      *swap = false;
    } else if (magic == __builtin_bswap32(byte_order_magic)) {
      *swap = true;
    } else {
      return false;
    }
    return true;
  }

  // Reads the block at pos_: a packet into `packet` (when not null), or a
  // block that is not a packet. Advances pos_ past the block only when it
  // is sound.
  absl::StatusOr<read_result> next_block(raw_packet* packet) {
    const std::size_t at = pos_;
    const std::size_t left = size_ - at;
    if (left < 12) return damaged(at, absl::StrCat("the file ends ", left, " bytes into a block header"));
    std::uint32_t raw_type;
    std::memcpy(&raw_type, data_ + at, 4);
    const bool is_section = raw_type == section_header_block;  // the same in both orders
    if (is_section) {
      if (!section_swap(at, &swap_)) {
        return damaged(at, "a section header without a valid byte-order magic");
      }
    } else if (!in_section_) {
      return damaged(at, "the file does not start with a section header");
    }
    const std::uint32_t type = load32(at);
    const std::uint32_t length = load32(at + 4);
    if (length < 12) return damaged(at, absl::StrCat("block length ", length, " is less than 12"));
    if (length % 4 != 0) {
      return damaged(at, absl::StrCat("block length ", length, " is not a multiple of 4"));
    }
    if (length > left) {
      return damaged(at, absl::StrCat("a block of ", length, " bytes runs past the end of the file (",
                                      left, " bytes left): the file is cut short"));
    }
    const std::uint32_t trailer = load32(at + length - 4);
    if (trailer != length) {
      return damaged(at, absl::StrCat("block length ", length, " in its header but ", trailer,
                                      " in its trailer"));
    }
    const std::size_t body = at + 8;
    const std::size_t body_size = length - 12;
    read_result result = read_result::idle;  // idle: a block that is not a packet
    switch (type) {
      case section_header_block: {
        if (body_size < 16) return damaged(at, "a section header shorter than 28 bytes");
        const std::uint16_t major = load16(body + 4);
        const std::uint16_t minor = load16(body + 6);
        // libpcap and Wireshark read versions 1.0 and 1.2 (written by some
        // early writers); 1.1 and anything else is unknown.
        if (major != 1 || (minor != 0 && minor != 2)) {
          return damaged(at, absl::StrCat("section ", sections_ + 1, " has pcapng version ", major,
                                          ".", minor, "; netcap reads 1.0 (and 1.2)"));
        }
        in_section_ = true;
        ++sections_;
        interfaces_.clear();
        break;
      }
      case interface_description_block: {
        absl::Status s = read_interface(at, body, body_size);
        if (!s.ok()) return s;
        break;
      }
      case enhanced_packet_block:
      case packet_block: {
        if (body_size < 20) return damaged(at, "a packet block shorter than its fixed fields");
        const std::uint32_t id = type == packet_block ? load16(body) : load32(body);
        if (id >= interfaces_.size()) {
          return damaged(at, absl::StrCat("a packet of interface ", id, " in a section with ",
                                          interfaces_.size(), " interfaces"));
        }
        const std::uint32_t captured = load32(body + 12);
        if (captured > body_size - 20) {
          return damaged(at, absl::StrCat("a packet of ", captured, " captured bytes in a block with room for ",
                                          body_size - 20));
        }
        if (packet != nullptr) {
          const interface& i = interfaces_[id];
          const std::uint64_t units = (std::uint64_t{load32(body + 4)} << 32) | load32(body + 8);
          fill(*packet, i, timestamp_ns(i, units), body + 20, captured, load32(body + 16));
        }
        result = read_result::packet;
        break;
      }
      case simple_packet_block: {
        if (body_size < 4) return damaged(at, "a simple packet block shorter than its fixed field");
        if (interfaces_.empty()) {
          return damaged(at, "a simple packet block in a section without interfaces");
        }
        if (packet != nullptr) {
          const interface& i = interfaces_[0];
          const std::uint32_t original = load32(body);
          // The captured length is not stored: the packet's length, cut to
          // the snapshot length and to the block.
          std::uint32_t captured = std::min<std::uint32_t>(original, body_size - 4);
          if (i.snapshot_length != 0) captured = std::min(captured, i.snapshot_length);
          // No timestamp: libpcap gives the interface's offset alone.
          fill(*packet, i, timestamp_ns(i, 0), body + 4, captured, original);
        }
        result = read_result::packet;
        break;
      }
      default:
        break;  // name resolution, statistics, custom and unknown blocks
    }
    pos_ = at + length;
    return result;
  }

  absl::Status read_interface(std::size_t at, std::size_t body, std::size_t body_size) {
    if (body_size < 8) return damaged(at, "an interface description shorter than its fixed fields");
    interface i;
    i.link_type = dlt_of_linktype(load16(body));
    i.snapshot_length = load32(body + 4);
    int resolution = 6;
    bool binary = false;
    // Options: a code and a length (16 bits each), the value padded to 32
    // bits; code 0 ends them.
    std::size_t o = body + 8;
    const std::size_t end = body + body_size;
    while (end - o >= 4) {
      const std::uint16_t code = load16(o);
      const std::uint16_t len = load16(o + 2);
      if (code == 0) break;
      const std::size_t padded = (std::size_t{len} + 3) & ~std::size_t{3};
      if (padded > end - o - 4) {
        return damaged(at, absl::StrCat("interface option ", code, " of ", len,
                                        " bytes runs past the end of its block"));
      }
      if (code == 9 && len >= 1) {  // if_tsresol
        const std::uint8_t r = data_[o + 4];
        binary = (r & 0x80) != 0;
        resolution = r & 0x7f;
      } else if (code == 14 && len >= 8) {  // if_tsoffset
        i.offset_seconds = static_cast<std::int64_t>(load64(o + 4));
      }
      o += 4 + padded;
    }
    if (binary) {
      i.how = interface::scale::shift;
      i.shift = resolution;
    } else if (resolution <= 9) {
      i.how = interface::scale::multiply;
      i.factor = power_of_ten(9 - resolution);
    } else if (resolution - 9 <= 19) {
      i.how = interface::scale::divide;
      i.factor = power_of_ten(resolution - 9);
    } else {
      // Units below 10^-28 s: no 64-bit count of them reaches a nanosecond.
      i.how = interface::scale::zero;
    }
    interfaces_.push_back(i);
    return absl::OkStatus();
  }

  static std::uint64_t power_of_ten(int n) {
    std::uint64_t v = 1;
    while (n-- > 0) v *= 10;
    return v;
  }

  // The interface's timestamp `units` in nanoseconds since the epoch,
  // held at the limits of 64 bits rather than wrapping.
  static std::int64_t timestamp_ns(const interface& i, std::uint64_t units) {
    using u128 = unsigned __int128;
    u128 ns = 0;
    switch (i.how) {
      case interface::scale::multiply: ns = u128{units} * i.factor; break;
      case interface::scale::divide: ns = units / i.factor; break;
      case interface::scale::shift: ns = (u128{units} * 1'000'000'000u) >> i.shift; break;
      case interface::scale::zero: break;
    }
    const __int128 total = static_cast<__int128>(ns) +
                           static_cast<__int128>(i.offset_seconds) * 1'000'000'000;
    constexpr __int128 lo = std::numeric_limits<std::int64_t>::min();
    constexpr __int128 hi = std::numeric_limits<std::int64_t>::max();
    return static_cast<std::int64_t>(total < lo ? lo : total > hi ? hi : total);
  }

  void fill(raw_packet& packet, const interface& i, std::int64_t timestamp_ns, std::size_t at,
            std::uint32_t captured, std::uint32_t original) const {
    packet.timestamp_ns = timestamp_ns;
    packet.captured_length = std::min(captured, max_captured_length);
    packet.original_length = original;
    packet.data = data_ + at;
    packet.link_type = i.link_type;
  }

  // Walks the blocks after the first section header to the first interface
  // description, without reading packets; -1 if none comes before the end
  // or damage.
  int find_first_link_type() const {
    pcapng_reader ahead(*this);
    while (ahead.pos_ < ahead.size_) {
      absl::StatusOr<read_result> r = ahead.next_block(nullptr);
      if (!r.ok()) break;
      if (!ahead.interfaces_.empty()) return ahead.interfaces_.front().link_type;
    }
    return interfaces_.empty() ? -1 : interfaces_.front().link_type;
  }

  const std::uint8_t* data_;
  std::size_t size_;
  std::string name_;
  std::size_t pos_ = 0;
  bool swap_ = false;
  bool in_section_ = false;
  std::uint64_t sections_ = 0;
  std::uint64_t packets_ = 0;
  int first_link_type_ = -1;
  // The current section's interfaces, by id.
  std::vector<interface> interfaces_;
  absl::Status status_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_PCAPNG_READER_HPP_
