// The MPLS layer encoder: one record per label stack entry, outermost
// first, so a stack of labels gives one record each.
#ifndef NETCAP_ENCODERS_MPLS_HPP_
#define NETCAP_ENCODERS_MPLS_HPP_

#include <string_view>

#include <tins/mpls.h>

#include "netcap/core/frame.hpp"
#include "proto/mpls.pb.h"

namespace netcap::encoders {

struct mpls {
  static constexpr std::string_view name = "MPLS";
  using record_type = MPLS;
  using layer_type = Tins::MPLS;

  void encode(const Tins::MPLS& entry, const frame& f, MPLS& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_label(entry.label());
    r.set_traffic_class(entry.experimental());
    r.set_stack_bottom(entry.bottom_of_stack() != 0);
    r.set_ttl(entry.ttl());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_MPLS_HPP_
