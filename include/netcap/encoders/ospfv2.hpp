// The OSPFv2 layer encoder: one record per OSPF version 2 packet
// (netcap/layers/ospf.hpp); version 3 packets go to OSPFv3.
#ifndef NETCAP_ENCODERS_OSPFV2_HPP_
#define NETCAP_ENCODERS_OSPFV2_HPP_

#include <cstdint>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ospf.hpp"
#include "netcap/layers/ospf.hpp"
#include "proto/ospfv2.pb.h"

namespace netcap::encoders {

struct ospfv2 {
  static constexpr std::string_view name = "OSPFv2";
  using record_type = OSPFv2;
  using layer_type = layers::ospf;

  bool encode(const layers::ospf& ospf, const frame& f, OSPFv2& r) const {
    if (ospf.version() != 2) return false;
    r.set_timestamp(f.timestamp_ns);
    detail::fill_ospf(ospf, r);
    r.set_au_type(ospf.au_type());
    r.set_authentication(static_cast<std::int64_t>(ospf.authentication()));
    if (ospf.type() == layers::ospf::hello && !ospf.truncated()) {
      HelloPkgV2* hello = r.mutable_hello_v2();
      detail::fill_hello(ospf, *hello);
      hello->set_network_mask(ospf.body().be32(0));
    }
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_OSPFV2_HPP_
