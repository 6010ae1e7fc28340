// The Dot11AssocRequest layer encoder: one record per 802.11 frame that is an association request,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11ASSOCREQUEST_HPP_
#define NETCAP_ENCODERS_DOT11ASSOCREQUEST_HPP_

#include <string_view>

#include <tins/dot11/dot11_assoc.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11assocrequest.pb.h"

namespace netcap::encoders {

struct dot11assocrequest {
  static constexpr std::string_view name = "Dot11AssocRequest";
  using record_type = Dot11AssocRequest;
  using layer_type = Tins::Dot11AssocRequest;

  void encode(const Tins::Dot11AssocRequest& frame_body, const frame& f, Dot11AssocRequest& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_capabilities(detail::dot11_capabilities(frame_body.capabilities()));
    r.set_listen_interval(frame_body.listen_interval());
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11ASSOCREQUEST_HPP_
