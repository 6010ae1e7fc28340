// The VRRP layer encoder: one record per VRRP advertisement
// (netcap/layers/vrrp.hpp). The record type keeps the Go netcap's name,
// VRRPv2, though version 3 advertisements are recorded too.
#ifndef NETCAP_ENCODERS_VRRPV2_HPP_
#define NETCAP_ENCODERS_VRRPV2_HPP_

#include <cstddef>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/vrrp.hpp"
#include "proto/vrrpv2.pb.h"

namespace netcap::encoders {

struct vrrpv2 {
  static constexpr std::string_view name = "VRRPv2";
  using record_type = VRRPv2;
  using layer_type = layers::vrrp;

  void encode(const layers::vrrp& vrrp, const frame& f, VRRPv2& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(vrrp.version());
    r.set_type(vrrp.type());
    r.set_virtual_rtr_id(vrrp.virtual_rtr_id());
    r.set_priority(vrrp.priority());
    r.set_count_ip_addr(vrrp.count_ip_addr());
    r.set_auth_type(vrrp.auth_type());
    r.set_adver_int(vrrp.adver_int());
    r.set_checksum(vrrp.checksum());
    const std::string_view addresses = vrrp.addresses();
    const std::size_t step = vrrp.address_size();
    for (std::size_t at = 0; at + step <= addresses.size(); at += step) {
      r.add_ip_address(addresses.data() + at, step);
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_VRRPV2_HPP_
