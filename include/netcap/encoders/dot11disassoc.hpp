// The Dot11Disassoc layer encoder: one record per 802.11 frame that is a disassociation frame,
// with the fields of its body. The header is in the frame's Dot11 record.
#ifndef NETCAP_ENCODERS_DOT11DISASSOC_HPP_
#define NETCAP_ENCODERS_DOT11DISASSOC_HPP_

#include <string_view>

#include <tins/dot11/dot11_assoc.h>

#include "netcap/core/frame.hpp"
#include "proto/dot11disassoc.pb.h"

namespace netcap::encoders {

struct dot11disassoc {
  static constexpr std::string_view name = "Dot11Disassoc";
  using record_type = Dot11Disassoc;
  using layer_type = Tins::Dot11Disassoc;

  void encode(const Tins::Dot11Disassoc& frame_body, const frame& f, Dot11Disassoc& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_reason_code(frame_body.reason_code());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11DISASSOC_HPP_
