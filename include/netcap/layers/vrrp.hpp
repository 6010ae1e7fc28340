// The VRRP layer (RFC 3768 version 2, RFC 5798 version 3), added to
// libtins, which has none, on IP protocol 112 (core/layer.hpp).
//
// The layer checks that the addresses its count announces are there: 4
// bytes each, or 16 in a version 3 advertisement over IPv6. Version 2 ends
// with 8 bytes of authentication data, which older routers still send and
// which the layer does not require.
//
// Errors: "VRRP: truncated header" (under 8 bytes), "VRRP: truncated
// address list".
#ifndef NETCAP_LAYERS_VRRP_HPP_
#define NETCAP_LAYERS_VRRP_HPP_

#include <array>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/bytes.hpp"
#include "netcap/layers/detail/message_pdu.hpp"

namespace netcap::layers {

class vrrp : public detail::message_pdu<vrrp> {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 7);
  static constexpr std::string_view name = "VRRP";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {112};

  vrrp(const std::uint8_t* data, std::uint32_t size) {
    const detail::bytes b(data, size);
    if (size < 8) throw layer_error("VRRP: truncated header");
    // RFC 5798 5.2.9: a version 3 message's addresses are IPv6 ones when
    // it came over IPv6; an IPv4 one's total length leaves no room for
    // that many 16-byte addresses and the checksum covers a pseudo-header.
    // The layer sees no IP header, so it takes the size that fits.
    const std::uint32_t count = b.u8(3);
    address_size_ = 4;
    if ((b.u8(0) >> 4) == 3 && count > 0 && b.fits(8, 16u * count) &&
        size - 8 == 16u * count) {
      address_size_ = 16;
    }
    if (!b.fits(8, address_size_ * count)) throw layer_error("VRRP: truncated address list");
    keep_header(data, size);
  }

  std::uint8_t version() const { return header().u8(0) >> 4; }
  std::uint8_t type() const { return header().u8(0) & 0x0f; }
  std::uint8_t virtual_rtr_id() const { return header().u8(1); }
  std::uint8_t priority() const { return header().u8(2); }
  std::uint8_t count_ip_addr() const { return header().u8(3); }
  // Only version 3 has RFC 5798's layout; any other version number (a
  // corrupt or unassigned one) is read with RFC 3768's, as tshark reads it.
  bool rfc3768_layout() const { return version() != 3; }
  // RFC 3768 only; version 3 has a reserved nibble there.
  std::uint8_t auth_type() const { return rfc3768_layout() ? header().u8(4) : 0; }
  // Seconds in RFC 3768; centiseconds (12 bits) in version 3.
  std::uint16_t adver_int() const {
    return rfc3768_layout() ? header().u8(5) : header().be16(4) & 0x0fff;
  }
  std::uint16_t checksum() const { return header().be16(6); }
  std::uint32_t address_size() const { return address_size_; }
  // The addresses, `address_size()` bytes each.
  std::string_view addresses() const {
    return header().view(8, address_size_ * count_ip_addr());
  }

 private:
  std::uint32_t address_size_ = 4;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_VRRP_HPP_
