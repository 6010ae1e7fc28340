// The Dot11ProbeRequest layer encoder: one record per 802.11 frame that is a probe request, a station looking for networks,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11PROBEREQUEST_HPP_
#define NETCAP_ENCODERS_DOT11PROBEREQUEST_HPP_

#include <string_view>

#include <tins/dot11/dot11_probe.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11proberequest.pb.h"

namespace netcap::encoders {

struct dot11proberequest {
  static constexpr std::string_view name = "Dot11ProbeRequest";
  using record_type = Dot11ProbeRequest;
  using layer_type = Tins::Dot11ProbeRequest;

  void encode(const Tins::Dot11ProbeRequest& frame_body, const frame& f, Dot11ProbeRequest& r) const {
    r.set_timestamp(f.timestamp_ns);
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11PROBEREQUEST_HPP_
