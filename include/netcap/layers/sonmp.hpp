// The SynOptics Network Management Protocol (SONMP), also known as the Nortel
// (Bay Networks) Discovery Protocol, as a layer netcap adds to libtins: a
// hello carried in IEEE 802 SNAP under Nortel's OUI 00:00:81 with protocol
// ID 0x01a2 (registered with `snap_protocols`, core/layer.hpp), in IEEE
// 802.3 frames to 01:00:81:00:01:00.
//
// A hello is 11 bytes (Wireshark's `ndp` dissector, gopacket's
// NortelDiscovery): the sender's IPv4 address, a 3-byte segment identifier
// (the port the hello leaves by), the chassis type, the backplane type, the
// state of the link and the number of links. libtins keys SNAP layers by
// the protocol ID alone, not the OUI, as gopacket decodes SNAP; no other
// OUI is known to use 0x01a2.
#ifndef NETCAP_LAYERS_SONMP_HPP_
#define NETCAP_LAYERS_SONMP_HPP_

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <tins/exceptions.h>
#include <tins/ip_address.h>
#include <tins/pdu.h>

namespace netcap::layers {

class sonmp : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 12);
  static constexpr std::array<std::uint16_t, 1> snap_protocols = {0x01a2};
  static constexpr std::string_view name = "SONMP";
  static constexpr std::uint32_t hello_size = 11;

  // Throws Tins::malformed_packet when the hello is cut short. Bytes after
  // the 11 of a hello (none are defined) are not kept.
  sonmp(const std::uint8_t* data, std::uint32_t size) {
    if (size < hello_size) throw Tins::malformed_packet();
    for (std::size_t i = 0; i < hello_size; ++i) hello_[i] = data[i];
  }

  Tins::IPv4Address ip_address() const {
    // libtins takes the address as it lies in memory, network byte order.
    std::uint32_t address;
    std::memcpy(&address, hello_.data(), sizeof(address));
    return Tins::IPv4Address(address);
  }
  std::string_view segment_id() const {
    return {reinterpret_cast<const char*>(hello_.data() + 4), 3};
  }
  std::uint8_t chassis() const { return hello_[7]; }
  std::uint8_t backplane() const { return hello_[8]; }
  std::uint8_t state() const { return hello_[9]; }
  std::uint8_t num_links() const { return hello_[10]; }

  std::uint32_t header_size() const override { return hello_size; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  sonmp* clone() const override { return new sonmp(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  std::array<std::uint8_t, hello_size> hello_{};
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_SONMP_HPP_
