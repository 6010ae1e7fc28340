// The DHCPv6 payload layer: decodes one DHCPv6 message (RFC 8415) carried by
// UDP on port 546 or 547, client/server or relay, and its options.
//
// netcap decodes it itself, as it does DHCPv4 (layers/dhcpv4.hpp): every
// read is checked against the payload and nothing is allocated once the
// option list has grown to a packet's needs.
//
// What it accepts, and why:
//
// - A client/server message (RFC 8415 8) is a type byte and a 3-byte
//   transaction id; a relay message (Relay-forward 12 and Relay-reply 13,
//   RFC 8415 9) is a type byte, a hop count and two IPv6 addresses. Fewer
//   bytes give "DHCPv6: truncated header".
// - Options (RFC 8415 21.1) are a 2-byte code, a 2-byte length and data.
//   One that runs past the payload ends the list: the message is recorded
//   with the options before it (`truncated()`), as tshark shows it, and
//   "DHCPv6: truncated options" is logged (`partial_error()`). Options
//   nested in others (in IA_NA, or the message a Relay Message option
//   carries) are kept as their parent's data.
// - The message type decides, besides the port, whether a payload is DHCPv6
//   at all: only the types IANA has assigned (1-13 in RFC 8415 itself, up to
//   37 with leasequery, DHCPv4-over-DHCPv6, failover and the address
//   registration of RFC 9686) are claimed. Other traffic on those ports,
//   such as SNMP sent to 546 (a BER SEQUENCE, 0x30), is left alone rather
//   than recorded as DHCPv6 or logged as broken. tshark decodes by port
//   alone.
#ifndef NETCAP_LAYERS_DHCPV6_HPP_
#define NETCAP_LAYERS_DHCPV6_HPP_

#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/pdu.h>
#include <tins/rawpdu.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class dhcpv6 {
 public:
  static constexpr std::string_view name = "DHCPv6";

  // RFC 8415 7.2: clients listen on 546, servers and relays on 547.
  static constexpr std::uint16_t client_port = 546;
  static constexpr std::uint16_t server_port = 547;
  static constexpr std::uint8_t relay_forward = 12;
  static constexpr std::uint8_t relay_reply = 13;

  struct option {
    std::uint16_t code = 0;
    std::uint16_t length = 0;
    std::uint32_t data = 0;
  };

  // The highest message type IANA has assigned (RFC 9686's ADDR-REG-REPLY).
  static constexpr std::uint8_t last_message_type = 37;

  // Whether `transport` is UDP with port 546 or 547 on either side and its
  // payload starts with an assigned message type.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::UDP) return false;
    const auto& udp = static_cast<const Tins::UDP&>(transport);
    const bool on_port = udp.sport() == server_port || udp.dport() == server_port ||
                         udp.sport() == client_port || udp.dport() == client_port;
    if (!on_port) return false;
    const Tins::PDU* inner = transport.inner_pdu();
    if (inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) return false;
    const auto& payload = static_cast<const Tins::RawPDU*>(inner)->payload();
    return !payload.empty() && payload[0] >= 1 && payload[0] <= last_message_type;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    return decode_message(data, size);
  }

  std::string_view decode_message(const std::uint8_t* data, std::uint32_t size) {
    message_ = data;
    options_.clear();
    truncated_ = false;
    if (size < 1) return "DHCPv6: truncated header";
    const std::uint32_t header = is_relay(data[0]) ? 34 : 4;
    if (size < header) return "DHCPv6: truncated header";
    std::uint32_t pos = header;
    while (pos < size) {
      if (size - pos < 4 || detail::read_u16(data + pos + 2) > size - pos - 4) {
        truncated_ = true;
        return {};
      }
      const std::uint16_t length = detail::read_u16(data + pos + 2);
      options_.push_back({detail::read_u16(data + pos), length, pos + 4});
      pos += 4u + length;
    }
    return {};
  }

  std::uint8_t msg_type() const { return message_[0]; }
  bool relay() const { return is_relay(msg_type()); }
  // Relay messages only; zero otherwise.
  std::uint8_t hop_count() const { return relay() ? message_[1] : 0; }
  // Relay messages only (16 bytes each); empty otherwise.
  std::string_view link_address() const { return relay() ? bytes(2, 16) : std::string_view(); }
  std::string_view peer_address() const { return relay() ? bytes(18, 16) : std::string_view(); }
  // Client/server messages only (3 bytes); empty for relay messages.
  std::string_view transaction_id() const {
    return relay() ? std::string_view() : bytes(1, 3);
  }

  // Whether an option ran past the end of the message; `options()` then
  // holds the whole ones before it.
  bool truncated() const { return truncated_; }
  std::string_view partial_error() const {
    return truncated_ ? "DHCPv6: truncated options" : std::string_view();
  }

  const std::vector<option>& options() const { return options_; }
  std::string_view data(const option& o) const { return bytes(o.data, o.length); }

 private:
  static bool is_relay(std::uint8_t type) { return type == relay_forward || type == relay_reply; }
  std::string_view bytes(std::uint32_t offset, std::uint32_t length) const {
    return {reinterpret_cast<const char*>(message_ + offset), length};
  }

  const std::uint8_t* message_ = nullptr;
  std::vector<option> options_;
  bool truncated_ = false;
};

static_assert(is_payload_layer_v<dhcpv6>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_DHCPV6_HPP_
