// The ICMPv6 router advertisement encoder (RFC 4861, section 4.2).
#ifndef NETCAP_ENCODERS_ICMPV6ROUTERADVERTISEMENT_HPP_
#define NETCAP_ENCODERS_ICMPV6ROUTERADVERTISEMENT_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/icmpv6.hpp"
#include "proto/icmpv6routeradvertisement.pb.h"

namespace netcap::encoders {

struct icmpv6routeradvertisement {
  static constexpr std::string_view name = "ICMPv6RouterAdvertisement";
  using record_type = ICMPv6RouterAdvertisement;
  using layer_type = Tins::ICMPv6;

  bool encode(const Tins::ICMPv6& icmp, const frame& f,
              ICMPv6RouterAdvertisement& r) const {
    // RFC 4861: the message is at least 16 bytes before its options.
    if (icmp.type() != Tins::ICMPv6::ROUTER_ADVERT || !detail::has_fixed_part(icmp, f, 16)) {
      return false;
    }
    r.set_timestamp(f.timestamp_ns);
    r.set_hop_limit(icmp.hop_limit());
    r.set_managed(icmp.managed());
    r.set_other(icmp.other());
    r.set_home_agent(icmp.home_agent());
    r.set_router_preference(icmp.router_pref());
    r.set_flags(icmp.managed() << 7 | icmp.other() << 6 | icmp.home_agent() << 5 |
                icmp.router_pref() << 3);
    r.set_router_lifetime(icmp.router_lifetime());
    r.set_reachable_time(icmp.reachable_time());
    r.set_retrans_timer(icmp.retransmit_timer());
    detail::encode_icmpv6_options(icmp, *r.mutable_options());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6ROUTERADVERTISEMENT_HPP_
