// The Dot11Data layer encoder: one record per 802.11 data frame, QoS or not,
// with its addresses as the to/from DS bits assign them. The header is in
// the frame's Dot11 record; what the body carries gets records of its own.
#ifndef NETCAP_ENCODERS_DOT11DATA_HPP_
#define NETCAP_ENCODERS_DOT11DATA_HPP_

#include <array>
#include <string_view>

#include <tins/dot11/dot11_data.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/dot11data.pb.h"

namespace netcap::encoders {

struct dot11data {
  static constexpr std::string_view name = "Dot11Data";
  using record_type = Dot11Data;
  using layer_type = Tins::Dot11Data;
  // Tins::Dot11QoSData is a Tins::Dot11Data with a QoS control field.
  static constexpr std::array<Tins::PDU::PDUType, 2> layer_types = {
      Tins::PDU::DOT11_DATA, Tins::PDU::DOT11_QOS_DATA};

  void encode(const Tins::Dot11Data& data, const frame& f, Dot11Data& r) const {
    constexpr std::size_t size = Tins::Dot11::address_type::address_size;
    r.set_timestamp(f.timestamp_ns);
    r.set_subtype(data.subtype());
    r.set_source(data.src_addr().begin(), size);
    r.set_destination(data.dst_addr().begin(), size);
    r.set_bssid(data.bssid_addr().begin(), size);
    r.set_qos(data.pdu_type() == Tins::PDU::DOT11_QOS_DATA);
    r.set_protected_(data.wep() != 0);
    r.set_payload_size(static_cast<std::int32_t>(detail::payload_size(data)));
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11DATA_HPP_
