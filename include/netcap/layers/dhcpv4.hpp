// The DHCPv4 payload layer: decodes one BOOTP/DHCP message (RFC 951, RFC
// 2131) carried by UDP on port 67 or 68, and its options (RFC 2132).
//
// netcap decodes DHCP itself rather than through libtins' Tins::DHCP:
// libtins parses options with exceptions for control flow and allocates a
// vector per option, and nothing vouches for its bounds on hostile input;
// this decoder checks every read against the payload and allocates nothing
// once its option list has grown to a packet's needs.
//
//   netcap::layers::dhcpv4 message;
//   if (message.decode(data, size, udp).empty()) {
//     for (const auto& o : message.options()) use(o.type, message.data(o));
//   }
//
// What it accepts, and why:
//
// - The fixed header of RFC 2131 section 2 (236 bytes, up to and including
//   `file`) must be whole: "DHCPv4: truncated header" otherwise.
// - The options follow the magic cookie 99.130.83.99 (RFC 2131 3). A
//   message without it is plain BOOTP (RFC 951), whose 64-byte vendor area
//   is not options: it is recorded without options, as tshark shows it.
// - Options are type, length, data, except Pad (0) and End (255), which are
//   one byte each (RFC 2132 3.1, 3.2). Pad is skipped, End ends the list and
//   what follows it is padding. An option whose length runs past the
//   payload gives "DHCPv4: truncated options" and no record, as a message
//   whose header promised more than it holds. A list without End is
//   accepted (many clients omit it when the options fill the datagram).
// - Option Overload (52, RFC 2132 9.3), which moves options into the
//   `sname` and `file` fields, is not followed: those fields are recorded as
//   the strings they normally hold, up to their first zero byte.
#ifndef NETCAP_LAYERS_DHCPV4_HPP_
#define NETCAP_LAYERS_DHCPV4_HPP_

#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/pdu.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class dhcpv4 {
 public:
  static constexpr std::string_view name = "DHCPv4";

  // RFC 2131 4.1: servers listen on 67, clients on 68.
  static constexpr std::uint16_t server_port = 67;
  static constexpr std::uint16_t client_port = 68;
  // RFC 2131 2: op through file.
  static constexpr std::uint32_t header_size = 236;
  static constexpr std::uint32_t magic_cookie = 0x63825363;

  static constexpr std::uint8_t option_pad = 0;
  static constexpr std::uint8_t option_end = 255;

  // One option: its type, and where its data is in the message.
  struct option {
    std::uint8_t type = 0;
    std::uint8_t length = 0;
    std::uint32_t data = 0;
  };

  // Whether `transport` is UDP with port 67 or 68 on either side.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::UDP) return false;
    const auto& udp = static_cast<const Tins::UDP&>(transport);
    return udp.sport() == server_port || udp.dport() == server_port ||
           udp.sport() == client_port || udp.dport() == client_port;
  }

  // Decodes one message; an empty string_view on success, else a stable
  // error name.
  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    return decode_message(data, size);
  }

  std::string_view decode_message(const std::uint8_t* data, std::uint32_t size) {
    message_ = data;
    options_.clear();
    has_cookie_ = false;
    if (size < header_size) return fail("DHCPv4: truncated header");
    if (size < header_size + 4 || detail::read_u32(data + header_size) != magic_cookie) {
      return {};
    }
    has_cookie_ = true;
    std::uint32_t pos = header_size + 4;
    while (pos < size) {
      const std::uint8_t type = data[pos];
      if (type == option_end) break;
      if (type == option_pad) {
        ++pos;
        continue;
      }
      if (size - pos < 2 || data[pos + 1] > size - pos - 2) {
        return fail("DHCPv4: truncated options");
      }
      options_.push_back({type, data[pos + 1], pos + 2});
      pos += 2u + data[pos + 1];
    }
    return {};
  }

  // The fixed header (RFC 2131 2); valid after a successful decode.
  std::uint8_t op() const { return message_[0]; }
  std::uint8_t htype() const { return message_[1]; }
  std::uint8_t hlen() const { return message_[2]; }
  std::uint8_t hops() const { return message_[3]; }
  std::uint32_t xid() const { return detail::read_u32(message_ + 4); }
  std::uint16_t secs() const { return detail::read_u16(message_ + 8); }
  std::uint16_t flags() const { return detail::read_u16(message_ + 10); }
  std::string_view ciaddr() const { return bytes(12, 4); }
  std::string_view yiaddr() const { return bytes(16, 4); }
  std::string_view siaddr() const { return bytes(20, 4); }
  std::string_view giaddr() const { return bytes(24, 4); }
  // The client hardware address: the first `hlen` bytes of the 16-byte
  // chaddr field, all 16 when hlen claims more.
  std::string_view chaddr() const { return bytes(28, hlen() <= 16 ? hlen() : 16); }
  // The server host name and boot file name (RFC 2131 2: null terminated
  // strings), up to their first zero byte or the end of their field.
  std::string_view sname() const { return up_to_zero(bytes(44, 64)); }
  std::string_view file() const { return up_to_zero(bytes(108, 128)); }
  // Whether the magic cookie follows the header: DHCP rather than BOOTP.
  bool has_cookie() const { return has_cookie_; }

  // The options in order, Pad and End left out.
  const std::vector<option>& options() const { return options_; }
  std::string_view data(const option& o) const { return bytes(o.data, o.length); }

  // The DHCP message type (option 53, RFC 2132 9.6), or 0 when absent.
  std::uint8_t message_type() const {
    for (const option& o : options_) {
      if (o.type == 53 && o.length == 1) return message_[o.data];
    }
    return 0;
  }

 private:
  std::string_view fail(std::string_view error) {
    options_.clear();
    return error;
  }
  static std::string_view up_to_zero(std::string_view field) {
    return field.substr(0, field.find('\0'));
  }
  std::string_view bytes(std::uint32_t offset, std::uint32_t length) const {
    return {reinterpret_cast<const char*>(message_ + offset), length};
  }

  const std::uint8_t* message_ = nullptr;
  bool has_cookie_ = false;
  std::vector<option> options_;
};

static_assert(is_payload_layer_v<dhcpv4>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_DHCPV4_HPP_
