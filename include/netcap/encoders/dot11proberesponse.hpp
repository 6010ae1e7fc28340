// The Dot11ProbeResponse layer encoder: one record per 802.11 frame that is a probe response, an access point's answer to a probe request,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11PROBERESPONSE_HPP_
#define NETCAP_ENCODERS_DOT11PROBERESPONSE_HPP_

#include <string_view>

#include <tins/dot11/dot11_probe.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11proberesponse.pb.h"

namespace netcap::encoders {

struct dot11proberesponse {
  static constexpr std::string_view name = "Dot11ProbeResponse";
  using record_type = Dot11ProbeResponse;
  using layer_type = Tins::Dot11ProbeResponse;

  void encode(const Tins::Dot11ProbeResponse& frame_body, const frame& f, Dot11ProbeResponse& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_tsf(frame_body.timestamp());
    r.set_interval(frame_body.interval());
    r.set_capabilities(detail::dot11_capabilities(frame_body.capabilities()));
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11PROBERESPONSE_HPP_
