// The Modbus/TCP payload layer: decodes the MBAP header and the function
// code of a Modbus application data unit (Modbus Messaging on TCP/IP
// Implementation Guide V1.0b, 3.1.3; Modbus Application Protocol V1.1b3,
// 7) carried by TCP on port 502.
//
// What it accepts, and why:
//
// - The MBAP header is 7 bytes (transaction id, protocol id, length, unit
//   id) and the PDU starts with a function code: a segment with fewer than
//   8 bytes gives "ModbusTCP: truncated header".
// - The protocol id is 0 for Modbus (the guide, 3.1.3); anything else gives
//   "ModbusTCP: bad protocol identifier", as tshark also refuses it.
// - Length counts the unit id and the PDU, so it is at least 2; a smaller
//   one gives "ModbusTCP: bad length". netcap does not reassemble TCP
//   streams: a segment that holds less than Length promises gives
//   "ModbusTCP: truncated message". When a segment holds several ADUs, the
//   first is decoded and the rest left.
// - A function code with the top bit set is an exception response (the
//   protocol specification, 7): its one data byte is the exception code.
#ifndef NETCAP_LAYERS_MODBUSTCP_HPP_
#define NETCAP_LAYERS_MODBUSTCP_HPP_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>
#include <tins/tcp.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class modbustcp {
 public:
  static constexpr std::string_view name = "ModbusTCP";

  static constexpr std::uint16_t port = 502;
  // MBAP (7 bytes) and the function code.
  static constexpr std::uint32_t header_size = 8;

  // Whether `transport` is TCP with port 502 on either side.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::TCP) return false;
    const auto& tcp = static_cast<const Tins::TCP&>(transport);
    return tcp.sport() == port || tcp.dport() == port;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    adu_ = data;
    if (size < header_size) return "ModbusTCP: truncated header";
    if (detail::read_u16(data + 2) != 0) return "ModbusTCP: bad protocol identifier";
    if (length() < 2) return "ModbusTCP: bad length";
    // The unit id is the first byte Length counts.
    if (length() > size - 6) return "ModbusTCP: truncated message";
    return {};
  }

  std::uint16_t transaction_identifier() const { return detail::read_u16(adu_); }
  std::uint16_t protocol_identifier() const { return detail::read_u16(adu_ + 2); }
  std::uint16_t length() const { return detail::read_u16(adu_ + 4); }
  std::uint8_t unit_identifier() const { return adu_[6]; }
  // The function code without the exception bit.
  std::uint8_t function_code() const { return adu_[7] & 0x7f; }
  bool exception() const { return (adu_[7] & 0x80) != 0; }
  // The exception code of an exception response that has one, else 0.
  std::uint8_t exception_code() const { return exception() && length() >= 3 ? adu_[8] : 0; }
  // The PDU's data: what follows the function code, up to Length.
  std::string_view data() const {
    return {reinterpret_cast<const char*>(adu_ + header_size),
            static_cast<std::size_t>(length() - 2)};
  }

 private:
  const std::uint8_t* adu_ = nullptr;
};

static_assert(is_payload_layer_v<modbustcp>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_MODBUSTCP_HPP_
