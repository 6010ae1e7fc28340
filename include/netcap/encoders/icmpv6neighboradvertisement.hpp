// The ICMPv6 neighbor advertisement encoder (RFC 4861, section 4.4).
#ifndef NETCAP_ENCODERS_ICMPV6NEIGHBORADVERTISEMENT_HPP_
#define NETCAP_ENCODERS_ICMPV6NEIGHBORADVERTISEMENT_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/icmpv6.hpp"
#include "proto/icmpv6neighboradvertisement.pb.h"

namespace netcap::encoders {

struct icmpv6neighboradvertisement {
  static constexpr std::string_view name = "ICMPv6NeighborAdvertisement";
  using record_type = ICMPv6NeighborAdvertisement;
  using layer_type = Tins::ICMPv6;

  bool encode(const Tins::ICMPv6& icmp, const frame& f,
              ICMPv6NeighborAdvertisement& r) const {
    // RFC 4861: the message is at least 24 bytes before its options.
    if (icmp.type() != Tins::ICMPv6::NEIGHBOUR_ADVERT || !detail::has_fixed_part(icmp, f, 24)) {
      return false;
    }
    r.set_timestamp(f.timestamp_ns);
    r.set_router(icmp.router());
    r.set_solicited(icmp.solicited());
    r.set_override(icmp.override());
    r.set_flags(icmp.router() << 7 | icmp.solicited() << 6 | icmp.override() << 5);
    detail::set_target_address(icmp, r);
    detail::encode_icmpv6_options(icmp, *r.mutable_options());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6NEIGHBORADVERTISEMENT_HPP_
