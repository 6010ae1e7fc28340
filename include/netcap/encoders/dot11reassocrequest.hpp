// The Dot11ReassocRequest layer encoder: one record per 802.11 frame that is a reassociation request,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11REASSOCREQUEST_HPP_
#define NETCAP_ENCODERS_DOT11REASSOCREQUEST_HPP_

#include <string_view>

#include <tins/dot11/dot11_assoc.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11reassocrequest.pb.h"

namespace netcap::encoders {

struct dot11reassocrequest {
  static constexpr std::string_view name = "Dot11ReassocRequest";
  using record_type = Dot11ReassocRequest;
  using layer_type = Tins::Dot11ReAssocRequest;

  void encode(const Tins::Dot11ReAssocRequest& frame_body, const frame& f, Dot11ReassocRequest& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_capabilities(detail::dot11_capabilities(frame_body.capabilities()));
    r.set_listen_interval(frame_body.listen_interval());
    r.set_current_ap(frame_body.current_ap().begin(), Tins::Dot11::address_type::address_size);
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11REASSOCREQUEST_HPP_
