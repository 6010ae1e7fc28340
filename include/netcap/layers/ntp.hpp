// The NTP payload layer: decodes the header of an NTP message (RFC 5905
// 7.3, and RFC 1305 for version 3) carried by UDP on port 123.
//
// What it accepts, and why:
//
// - Modes 0 to 5 (symmetric, client, server, broadcast) carry the 48-byte
//   header; fewer bytes give "NTP: truncated header". What follows it,
//   extension fields and the MAC (RFC 5905 7.5), is kept as bytes.
// - Modes 6 (control, RFC 1305 appendix B) and 7 (private) carry other
//   messages, as ntpq and ntpdc send them; their first byte is the same
//   (leap indicator, version, mode), so only that byte is decoded and the
//   header fields stay zero. This is not an error.
#ifndef NETCAP_LAYERS_NTP_HPP_
#define NETCAP_LAYERS_NTP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/pdu.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class ntp {
 public:
  static constexpr std::string_view name = "NTP";

  static constexpr std::uint16_t port = 123;
  static constexpr std::uint32_t header_size = 48;

  // Whether `transport` is UDP with port 123 on either side.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::UDP) return false;
    const auto& udp = static_cast<const Tins::UDP&>(transport);
    return udp.sport() == port || udp.dport() == port;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    message_ = data;
    size_ = 0;
    if (size < 1) return "NTP: truncated header";
    const std::uint8_t mode = data[0] & 0x07;
    if (mode < 6 && size < header_size) return "NTP: truncated header";
    size_ = size;
    return {};
  }

  std::uint8_t leap_indicator() const { return message_[0] >> 6; }
  std::uint8_t version() const { return (message_[0] >> 3) & 0x07; }
  std::uint8_t mode() const { return message_[0] & 0x07; }
  // Whether the message has the 48-byte header (modes 0 to 5).
  bool has_header() const { return mode() < 6; }

  // The header fields; zero for modes 6 and 7.
  std::uint8_t stratum() const { return has_header() ? message_[1] : 0; }
  // Signed log2 seconds (RFC 5905 7.3).
  std::int8_t poll() const { return has_header() ? static_cast<std::int8_t>(message_[2]) : 0; }
  std::int8_t precision() const {
    return has_header() ? static_cast<std::int8_t>(message_[3]) : 0;
  }
  std::uint32_t root_delay() const { return u32(4); }
  std::uint32_t root_dispersion() const { return u32(8); }
  std::uint32_t reference_id() const { return u32(12); }
  std::uint64_t reference_timestamp() const { return u64(16); }
  std::uint64_t origin_timestamp() const { return u64(24); }
  std::uint64_t receive_timestamp() const { return u64(32); }
  std::uint64_t transmit_timestamp() const { return u64(40); }
  // The bytes after the header: extension fields and MAC.
  std::string_view extension_bytes() const {
    if (!has_header()) return {};
    return {reinterpret_cast<const char*>(message_ + header_size), size_ - header_size};
  }

 private:
  std::uint32_t u32(std::uint32_t offset) const {
    return has_header() ? detail::read_u32(message_ + offset) : 0;
  }
  std::uint64_t u64(std::uint32_t offset) const {
    return has_header() ? detail::read_u64(message_ + offset) : 0;
  }

  const std::uint8_t* message_ = nullptr;
  std::uint32_t size_ = 0;
};

static_assert(is_payload_layer_v<ntp>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_NTP_HPP_
