// The Dot11Authentication layer encoder: one record per 802.11 frame that is an authentication frame,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11AUTHENTICATION_HPP_
#define NETCAP_ENCODERS_DOT11AUTHENTICATION_HPP_

#include <string_view>

#include <tins/dot11/dot11_auth.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11authentication.pb.h"

namespace netcap::encoders {

struct dot11authentication {
  static constexpr std::string_view name = "Dot11Authentication";
  using record_type = Dot11Authentication;
  using layer_type = Tins::Dot11Authentication;

  void encode(const Tins::Dot11Authentication& frame_body, const frame& f, Dot11Authentication& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_algorithm(frame_body.auth_algorithm());
    r.set_sequence(frame_body.auth_seq_number());
    r.set_status_code(frame_body.status_code());
    detail::set_elements(frame_body, r);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11AUTHENTICATION_HPP_
