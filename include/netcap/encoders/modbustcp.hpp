// The ModbusTCP layer encoder: one record per Modbus/TCP ADU that netcap's
// Modbus/TCP layer (netcap/layers/modbustcp.hpp) decoded.
#ifndef NETCAP_ENCODERS_MODBUSTCP_HPP_
#define NETCAP_ENCODERS_MODBUSTCP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/modbustcp.hpp"
#include "proto/modbustcp.pb.h"

namespace netcap::encoders {

struct modbustcp {
  static constexpr std::string_view name = "ModbusTCP";
  using record_type = ModbusTCP;
  using layer_type = layers::modbustcp;

  void encode(const layers::modbustcp& m, const frame& f, ModbusTCP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_transaction_identifier(m.transaction_identifier());
    r.set_protocol_identifier(m.protocol_identifier());
    r.set_length(m.length());
    r.set_unit_identifier(m.unit_identifier());
    r.set_function_code(m.function_code());
    r.set_exception(m.exception());
    r.set_exception_code(m.exception_code());
    const std::string_view data = m.data();
    r.mutable_data()->assign(data.data(), data.size());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_MODBUSTCP_HPP_
