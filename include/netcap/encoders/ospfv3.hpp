// The OSPFv3 layer encoder: one record per OSPF version 3 packet
// (netcap/layers/ospf.hpp); version 2 packets go to OSPFv2.
#ifndef NETCAP_ENCODERS_OSPFV3_HPP_
#define NETCAP_ENCODERS_OSPFV3_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ospf.hpp"
#include "netcap/layers/ospf.hpp"
#include "proto/ospfv3.pb.h"

namespace netcap::encoders {

struct ospfv3 {
  static constexpr std::string_view name = "OSPFv3";
  using record_type = OSPFv3;
  using layer_type = layers::ospf;

  bool encode(const layers::ospf& ospf, const frame& f, OSPFv3& r) const {
    if (ospf.version() != 3) return false;
    r.set_timestamp(f.timestamp_ns);
    detail::fill_ospf(ospf, r);
    r.set_instance(ospf.instance_id());
    r.set_reserved(ospf.reserved());
    if (ospf.type() == layers::ospf::hello && !ospf.truncated()) {
      detail::fill_hello(ospf, *r.mutable_hello());
    }
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_OSPFV3_HPP_
