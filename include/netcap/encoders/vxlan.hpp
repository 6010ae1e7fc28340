// The VXLAN payload-layer encoder: one record per VXLAN header
// (netcap/layers/vxlan.hpp); the frame inside is walked after it.
#ifndef NETCAP_ENCODERS_VXLAN_HPP_
#define NETCAP_ENCODERS_VXLAN_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/vxlan.hpp"
#include "proto/vxlan.pb.h"

namespace netcap::encoders {

struct vxlan {
  static constexpr std::string_view name = "VXLAN";
  using record_type = VXLAN;
  using layer_type = layers::vxlan;

  void encode(const layers::vxlan& vxlan, const frame& f, VXLAN& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_valid_id_flag(vxlan.valid_id_flag());
    r.set_vni(vxlan.vni());
    r.set_gbp_extension(vxlan.gbp_extension());
    r.set_gbp_dont_learn(vxlan.gbp_dont_learn());
    r.set_gbp_applied(vxlan.gbp_applied());
    r.set_gbp_group_policy_id(vxlan.gbp_group_policy_id());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_VXLAN_HPP_
