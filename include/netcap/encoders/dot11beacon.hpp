// The Dot11Beacon layer encoder: one record per 802.11 frame that is a beacon, which an access point sends to announce its network,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11BEACON_HPP_
#define NETCAP_ENCODERS_DOT11BEACON_HPP_

#include <string_view>

#include <tins/dot11/dot11_beacon.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11beacon.pb.h"

namespace netcap::encoders {

struct dot11beacon {
  static constexpr std::string_view name = "Dot11Beacon";
  using record_type = Dot11Beacon;
  using layer_type = Tins::Dot11Beacon;

  void encode(const Tins::Dot11Beacon& frame_body, const frame& f, Dot11Beacon& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_tsf(frame_body.timestamp());
    r.set_interval(frame_body.interval());
    r.set_capabilities(detail::dot11_capabilities(frame_body.capabilities()));
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11BEACON_HPP_
