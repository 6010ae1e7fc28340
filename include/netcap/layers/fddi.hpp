// FDDI (ANSI X3.139), the link type DLT_FDDI (10), as a layer netcap adds
// to libtins, which cannot dissect it: registered with `link_types`
// (core/layer.hpp), so that such captures are decoded rather than sent
// whole to unknown.pcap.
//
// The MAC header is a frame control byte, the destination and the source
// address; asynchronous LLC frames (frame control 0101 0PPP, the PPP bits a
// priority) carry an IEEE 802.2 LLC header next, which libtins parses and
// netcap turns into SNAP where it is one (core/dissect.hpp).
#ifndef NETCAP_LAYERS_FDDI_HPP_
#define NETCAP_LAYERS_FDDI_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <string_view>

#include <tins/exceptions.h>
#include <tins/hw_address.h>
#include <tins/llc.h>
#include <tins/pdu.h>

namespace netcap::layers {

class fddi : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 4);
  static constexpr std::array<int, 1> link_types = {DLT_FDDI};
  static constexpr std::string_view name = "FDDI";
  static constexpr Tins::PDU::PDUType payload_type = Tins::PDU::LLC;
  static constexpr std::uint32_t mac_header_size = 13;

  static std::uint32_t header_length(const std::uint8_t*, std::uint32_t size) {
    return size >= mac_header_size ? mac_header_size : 0;
  }

  // Throws Tins::malformed_packet when the MAC header is cut short, or when
  // the LLC header of an LLC frame is.
  fddi(const std::uint8_t* data, std::uint32_t size) {
    if (size < mac_header_size) throw Tins::malformed_packet();
    frame_control_ = data[0];
    dst_ = Tins::HWAddress<6>(data + 1);
    src_ = Tins::HWAddress<6>(data + 7);
    if (size > mac_header_size && carries_llc()) {
      inner_pdu(new Tins::LLC(data + mac_header_size, size - mac_header_size));
    }
  }

  std::uint8_t frame_control() const { return frame_control_; }
  // Frame control bits CLFF: the class, address length and format bits
  // that say what the frame is; ZZZ, for LLC frames the priority.
  bool carries_llc() const { return (frame_control_ & 0x30) == 0x10; }
  // The addresses as captured. libpcap hands on FDDI addresses in the
  // order of the bits on the wire, which differs from Ethernet's canonical
  // order on some systems; netcap, like gopacket, keeps the bytes.
  const Tins::HWAddress<6>& dst_addr() const { return dst_; }
  const Tins::HWAddress<6>& src_addr() const { return src_; }

  std::uint32_t header_size() const override { return mac_header_size; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  fddi* clone() const override { return new fddi(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  std::uint8_t frame_control_ = 0;
  Tins::HWAddress<6> dst_;
  Tins::HWAddress<6> src_;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_FDDI_HPP_
