// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 276), the link type of
// captures on Linux's "any" device since libpcap 1.10, as a layer netcap
// adds to libtins, which has none: registered with `link_types`
// (core/layer.hpp), so that such captures are decoded rather than sent
// whole to unknown.pcap.
//
// The header is 20 bytes, all in network byte order
// (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL2.html):
//
//   protocol type (2), reserved (2), interface index (4), ARPHRD_ type (2),
//   packet type (1), link-layer address length (1), link-layer address (8)
//
// Unlike v1 it starts with the protocol and names the interface. The
// protocol is an EtherType, as in v1, except for a few small values Linux
// uses for frames without one: 0x0004 marks an IEEE 802.2 LLC frame.
// Everything inside is parsed by libtins, by EtherType, as behind Ethernet.
#ifndef NETCAP_LAYERS_SLL2_HPP_
#define NETCAP_LAYERS_SLL2_HPP_

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <tins/constants.h>
#include <tins/detail/pdu_helpers.h>
#include <tins/exceptions.h>
#include <tins/llc.h>
#include <tins/pdu.h>
#include <tins/rawpdu.h>

namespace netcap::layers {

class sll2 : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 10);
  // LINKTYPE_LINUX_SLL2; libpcap's DLT_LINUX_SLL2 has the same number, but
  // older headers lack the macro.
  static constexpr std::array<int, 1> link_types = {276};
  static constexpr std::string_view name = "SLL2";
  static constexpr std::uint32_t header_bytes = 20;
  // The protocol type Linux gives 802.2 LLC frames (ETH_P_802_2).
  static constexpr std::uint16_t llc_protocol = 0x0004;

  // What follows the header depends on its protocol field, so
  // `next_layer_type` names it; this fixed type is not used.
  static constexpr Tins::PDU::PDUType payload_type = Tins::PDU::UNKNOWN;

  static std::uint32_t header_length(const std::uint8_t*, std::uint32_t size) {
    return size >= header_bytes ? header_bytes : 0;
  }

  // The libtins type of the layer the protocol field announces, UNKNOWN
  // when libtins has none: lets dissection keep the header when what it
  // carries is malformed (core/dissect.hpp).
  static Tins::PDU::PDUType next_layer_type(const sll2& header) {
    if (header.protocol() == llc_protocol) return Tins::PDU::LLC;
    return Tins::Internals::ether_type_to_pdu_flag(
        static_cast<Tins::Constants::Ethernet::e>(header.protocol()));
  }

  // Throws Tins::malformed_packet when the header is cut short, and what
  // libtins throws when a layer inside is malformed.
  sll2(const std::uint8_t* data, std::uint32_t size) {
    if (size < header_bytes) throw Tins::malformed_packet();
    protocol_ = be16(data);
    interface_index_ = static_cast<std::uint32_t>(data[4]) << 24 |
                       static_cast<std::uint32_t>(data[5]) << 16 |
                       static_cast<std::uint32_t>(data[6]) << 8 | data[7];
    arphrd_type_ = be16(data + 8);
    packet_type_ = data[10];
    address_length_ = data[11];
    std::memcpy(address_.data(), data + 12, address_.size());
    if (size == header_bytes) return;
    data += header_bytes;
    size -= header_bytes;
    if (protocol_ == llc_protocol) {
      inner_pdu(new Tins::LLC(data, size));
    } else {
      // libtins' own allocation by EtherType, which also finds the layers
      // netcap registered for EtherTypes, and raw bytes for the others.
      inner_pdu(Tins::Internals::pdu_from_flag(
          static_cast<Tins::Constants::Ethernet::e>(protocol_), data, size));
    }
  }

  std::uint16_t protocol() const { return protocol_; }
  std::uint32_t interface_index() const { return interface_index_; }
  std::uint16_t arphrd_type() const { return arphrd_type_; }
  std::uint8_t packet_type() const { return packet_type_; }
  std::uint8_t address_length() const { return address_length_; }
  // The address field as captured, all 8 bytes; the first address_length
  // of them (at most 8) are the address.
  const std::array<std::uint8_t, 8>& address() const { return address_; }

  std::uint32_t header_size() const override { return header_bytes; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  sll2* clone() const override { return new sll2(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  static std::uint16_t be16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
  }

  std::uint16_t protocol_ = 0;
  std::uint32_t interface_index_ = 0;
  std::uint16_t arphrd_type_ = 0;
  std::uint8_t packet_type_ = 0;
  std::uint8_t address_length_ = 0;
  std::array<std::uint8_t, 8> address_{};
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_SLL2_HPP_
