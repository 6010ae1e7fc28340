// The Dot1Q layer encoder: one record per IEEE 802.1Q VLAN tag, so stacked
// tags (QinQ, IEEE 802.1ad) give one record each, outermost first.
#ifndef NETCAP_ENCODERS_DOT1Q_HPP_
#define NETCAP_ENCODERS_DOT1Q_HPP_

#include <string_view>

#include <tins/dot1q.h>

#include "netcap/core/frame.hpp"
#include "proto/dot1q.pb.h"

namespace netcap::encoders {

struct dot1q {
  static constexpr std::string_view name = "Dot1Q";
  using record_type = Dot1Q;
  using layer_type = Tins::Dot1Q;

  void encode(const Tins::Dot1Q& tag, const frame& f, Dot1Q& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_priority(tag.priority());
    // IEEE 802.1Q-2011 renamed the CFI bit, which libtins still calls by its
    // old name, to drop eligible indicator.
    r.set_drop_eligible(tag.cfi() != 0);
    r.set_vlan_identifier(tag.id());
    r.set_type(tag.payload_type());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT1Q_HPP_
