// The Dot11Deauthentication layer encoder: one record per 802.11 frame that is a deauthentication frame,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11DEAUTHENTICATION_HPP_
#define NETCAP_ENCODERS_DOT11DEAUTHENTICATION_HPP_

#include <string_view>

#include <tins/dot11/dot11_auth.h>

#include "netcap/core/frame.hpp"
#include "proto/dot11deauthentication.pb.h"

namespace netcap::encoders {

struct dot11deauthentication {
  static constexpr std::string_view name = "Dot11Deauthentication";
  using record_type = Dot11Deauthentication;
  using layer_type = Tins::Dot11Deauthentication;

  void encode(const Tins::Dot11Deauthentication& frame_body, const frame& f, Dot11Deauthentication& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_reason_code(frame_body.reason_code());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11DEAUTHENTICATION_HPP_
