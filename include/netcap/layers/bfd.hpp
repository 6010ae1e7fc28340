// The BFD payload layer: decodes a BFD control packet (RFC 5880 4.1) carried
// by UDP to port 3784 (single hop, RFC 5881), 4784 (multihop, RFC 5883) or
// 6784 (BFD on each member link of a LAG, RFC 7130), with its
// authentication section (RFC 5880 4.2 to 4.4), and recognises BFD
// echo packets to port 3785 (RFC 5881 4), whose contents are the sender's
// own and are kept as bytes.
//
// What it accepts, and why (RFC 5880 6.8.6, the reception checks):
//
// - A control packet has a 24-byte mandatory section: fewer bytes give
//   "BFD: truncated header".
// - Its Length field counts the whole packet, authentication included. A
//   Length below 24 (26 with the A bit, which needs an authentication
//   type and length) gives "BFD: bad length"; one beyond the bytes received
//   gives "BFD: truncated packet". Bytes after Length are ignored.
// - With the A bit, the authentication section's own length must be at
//   least 2 and fit within Length: "BFD: bad authentication length". Keyed
//   MD5 and SHA1 (types 2 to 5) carry a key id, a reserved byte and a
//   sequence number before the digest, which need 8 bytes; simple password
//   (type 1) a key id before the password, which needs 3.
#ifndef NETCAP_LAYERS_BFD_HPP_
#define NETCAP_LAYERS_BFD_HPP_

#include <cstdint>
#include <string_view>

#include <tins/pdu.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class bfd {
 public:
  static constexpr std::string_view name = "BFD";

  static constexpr std::uint16_t control_port = 3784;
  static constexpr std::uint16_t echo_port = 3785;
  static constexpr std::uint16_t multihop_port = 4784;
  static constexpr std::uint16_t lag_port = 6784;
  static constexpr std::uint32_t header_size = 24;

  // Whether `transport` is UDP to a BFD port. Only the destination port
  // counts: RFC 5881 4 has senders use a source port from 49152 up.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::UDP) return false;
    const std::uint16_t port = static_cast<const Tins::UDP&>(transport).dport();
    return port == control_port || port == echo_port || port == multihop_port ||
           port == lag_port;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size,
                          const Tins::PDU& transport) {
    const bool echo = transport.pdu_type() == Tins::PDU::UDP &&
                      static_cast<const Tins::UDP&>(transport).dport() == echo_port;
    return decode_packet(data, size, echo);
  }

  std::string_view decode_packet(const std::uint8_t* data, std::uint32_t size, bool echo) {
    packet_ = data;
    size_ = size;
    echo_ = echo;
    auth_length_ = 0;
    if (echo) return {};
    if (size < header_size) return "BFD: truncated header";
    const std::uint32_t length = data[3];
    if (length < header_size || (auth_present() && length < header_size + 2)) {
      return "BFD: bad length";
    }
    if (length > size) return "BFD: truncated packet";
    size_ = length;
    if (auth_present()) {
      const std::uint8_t type = data[header_size];
      const std::uint32_t auth_length = data[header_size + 1];
      const std::uint32_t minimum = type >= 2 && type <= 5 ? 8 : type == 1 ? 3 : 2;
      if (auth_length < minimum || auth_length > length - header_size) {
        return "BFD: bad authentication length";
      }
      auth_length_ = static_cast<std::uint8_t>(auth_length);
    }
    return {};
  }

  // Whether this is an echo packet, of which only `echo_data` is known.
  bool echo() const { return echo_; }
  std::string_view echo_data() const {
    return echo_ ? std::string_view(reinterpret_cast<const char*>(packet_), size_)
                 : std::string_view();
  }

  // The mandatory section; zero for echo packets.
  std::uint8_t version() const { return echo_ ? 0 : packet_[0] >> 5; }
  std::uint8_t diagnostic() const { return echo_ ? 0 : packet_[0] & 0x1f; }
  std::uint8_t state() const { return echo_ ? 0 : packet_[1] >> 6; }
  // The six flag bits P, F, C, A, D, M.
  std::uint8_t flags() const { return echo_ ? 0 : packet_[1] & 0x3f; }
  bool poll() const { return (flags() & 0x20) != 0; }
  bool final() const { return (flags() & 0x10) != 0; }
  bool control_plane_independent() const { return (flags() & 0x08) != 0; }
  bool auth_present() const { return (flags() & 0x04) != 0; }
  bool demand() const { return (flags() & 0x02) != 0; }
  bool multipoint() const { return (flags() & 0x01) != 0; }
  std::uint8_t detect_multiplier() const { return echo_ ? 0 : packet_[2]; }
  std::uint8_t length() const { return echo_ ? 0 : packet_[3]; }
  std::uint32_t my_discriminator() const { return u32(4); }
  std::uint32_t your_discriminator() const { return u32(8); }
  std::uint32_t desired_min_tx_interval() const { return u32(12); }
  std::uint32_t required_min_rx_interval() const { return u32(16); }
  std::uint32_t required_min_echo_rx_interval() const { return u32(20); }

  // The authentication section, when auth_present().
  std::uint8_t auth_type() const { return auth_length_ ? packet_[header_size] : 0; }
  std::uint8_t auth_length() const { return auth_length_; }
  std::uint8_t auth_key_id() const { return auth_length_ ? packet_[header_size + 2] : 0; }
  // Keyed MD5 and SHA1 only (types 2 to 5).
  std::uint32_t auth_sequence_number() const { return keyed() ? u32(header_size + 4) : 0; }
  // The password (type 1), the digest (types 2 to 5), or what follows the
  // type and length for other types.
  std::string_view auth_data() const {
    if (auth_length_ == 0) return {};
    const std::uint32_t start = keyed() ? 8 : auth_type() == 1 ? 3 : 2;
    return {reinterpret_cast<const char*>(packet_ + header_size + start),
            auth_length_ - start};
  }

 private:
  bool keyed() const { return auth_length_ != 0 && auth_type() >= 2 && auth_type() <= 5; }
  std::uint32_t u32(std::uint32_t offset) const {
    return echo_ ? 0 : detail::read_u32(packet_ + offset);
  }

  const std::uint8_t* packet_ = nullptr;
  std::uint32_t size_ = 0;
  bool echo_ = false;
  std::uint8_t auth_length_ = 0;
};

static_assert(is_payload_layer_v<bfd>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_BFD_HPP_
