// The Dot11AssocResponse layer encoder: one record per 802.11 frame that is an association response,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11ASSOCRESPONSE_HPP_
#define NETCAP_ENCODERS_DOT11ASSOCRESPONSE_HPP_

#include <string_view>

#include <tins/dot11/dot11_assoc.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11assocresponse.pb.h"

namespace netcap::encoders {

struct dot11assocresponse {
  static constexpr std::string_view name = "Dot11AssocResponse";
  using record_type = Dot11AssocResponse;
  using layer_type = Tins::Dot11AssocResponse;

  void encode(const Tins::Dot11AssocResponse& frame_body, const frame& f, Dot11AssocResponse& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_capabilities(detail::dot11_capabilities(frame_body.capabilities()));
    r.set_status_code(frame_body.status_code());
    // IEEE 802.11-2016, 9.4.1.8: the two high bits of the AID field are set.
    r.set_aid(frame_body.aid() & 0x3fff);
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11ASSOCRESPONSE_HPP_
