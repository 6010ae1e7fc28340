// The Geneve payload layer (RFC 8926): the header and options in a UDP
// datagram to port 6081, and the layer after them, which it dissects by
// the header's protocol type (Ethernet 0x6558, IPv4, IPv6) and hands on
// (core/layer.hpp: a tunnel). Other protocol types are left undissected.
//
// The options must fill exactly the length the header gives them, each at
// least its 4-byte header long; their number is bounded by that length (at
// most 252 bytes), so the walk is short whatever the bytes.
//
// Errors: "Geneve: truncated header" (under 8 bytes, or options past the
// end), "Geneve: malformed option"; a malformed layer inside is reported
// under its own name.
#ifndef NETCAP_LAYERS_GENEVE_HPP_
#define NETCAP_LAYERS_GENEVE_HPP_

#include <pcap/dlt.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include <tins/pdu.h>
#include <tins/udp.h>

#include "netcap/core/dissect.hpp"
#include "netcap/layers/detail/bytes.hpp"

namespace netcap::layers {

class geneve {
 public:
  static constexpr std::string_view name = "Geneve";
  static constexpr std::uint16_t port = 6081;  // IANA, RFC 8926 section 3.3

  // RFC 8926 3.5.1: an option's class, type (its high bit: critical), the
  // three reserved flag bits and its data.
  struct option {
    std::uint16_t option_class = 0;
    std::uint8_t type = 0;
    std::uint8_t flags = 0;
    // The option's length in bytes, its 4-byte header included.
    std::uint32_t length = 0;
    std::string_view data;
  };

  static bool claims(const Tins::PDU& transport) {
    return transport.pdu_type() == Tins::PDU::UDP &&
           static_cast<const Tins::UDP&>(transport).dport() == port;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    inner_.reset();
    inner_error_ = {};
    header_ = detail::bytes(data, size);
    if (size < 8) return "Geneve: truncated header";
    const std::size_t end = 8u + options_length();
    if (!header_.fits(0, end)) return "Geneve: truncated header";
    for (std::size_t at = 8; at < end;) {
      const std::size_t length = 4u + 4u * (header_.u8(at + 3) & 0x1f);
      if (at + length > end) return "Geneve: malformed option";
      at += length;
    }
    Tins::PDU::PDUType type = Tins::PDU::UNKNOWN;
    switch (protocol()) {
      // An IEEE 802.3 frame when its type field is a length.
      case 0x6558:
        type = netcap::detail::link_layer_type(DLT_EN10MB, data + end,
                                               static_cast<std::uint32_t>(size - end));
        break;
      case 0x0800: type = Tins::PDU::IP; break;
      case 0x86dd: type = Tins::PDU::IPv6; break;
      default: break;
    }
    if (type != Tins::PDU::UNKNOWN && size > end) {
      dissection d = dissect_from(type, data + end, static_cast<std::uint32_t>(size - end));
      inner_ = std::move(d.root);
      inner_error_ = d.error;
    }
    return {};
  }

  std::uint8_t version() const { return header_.u8(0) >> 6; }
  // In bytes (the header counts 4-byte words).
  std::uint32_t options_length() const { return 4u * (header_.u8(0) & 0x3f); }
  bool oam_packet() const { return (header_.u8(1) & 0x80) != 0; }
  bool critical_option() const { return (header_.u8(1) & 0x40) != 0; }
  std::uint16_t protocol() const { return header_.be16(2); }
  std::uint32_t vni() const { return header_.be24(4); }

  // Calls `f(option)` for each option, in order.
  template <class F>
  void for_each_option(F&& f) const {
    const std::size_t end = 8u + options_length();
    for (std::size_t at = 8; at + 4 <= end && header_.fits(at, 4);) {
      option o{header_.be16(at), header_.u8(at + 2),
               static_cast<std::uint8_t>(header_.u8(at + 3) >> 5),
               4u + 4u * (header_.u8(at + 3) & 0x1f), {}};
      o.data = header_.view(at + 4, o.length - 4);
      f(o);
      at += o.length;
    }
  }

  const Tins::PDU* inner() const { return inner_.get(); }
  std::string_view inner_error() const { return inner_error_; }

 private:
  detail::bytes header_;
  std::unique_ptr<Tins::PDU> inner_;
  std::string_view inner_error_;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_GENEVE_HPP_
