// The ICMPv6 router solicitation encoder (RFC 4861, section 4.1).
#ifndef NETCAP_ENCODERS_ICMPV6ROUTERSOLICITATION_HPP_
#define NETCAP_ENCODERS_ICMPV6ROUTERSOLICITATION_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/icmpv6.hpp"
#include "proto/icmpv6routersolicitation.pb.h"

namespace netcap::encoders {

struct icmpv6routersolicitation {
  static constexpr std::string_view name = "ICMPv6RouterSolicitation";
  using record_type = ICMPv6RouterSolicitation;
  using layer_type = Tins::ICMPv6;

  bool encode(const Tins::ICMPv6& icmp, const frame& f,
              ICMPv6RouterSolicitation& r) const {
    // RFC 4861: the message is at least 8 bytes before its options.
    if (icmp.type() != Tins::ICMPv6::ROUTER_SOLICIT || !detail::has_fixed_part(icmp, f, 8)) {
      return false;
    }
    r.set_timestamp(f.timestamp_ns);
    detail::encode_icmpv6_options(icmp, *r.mutable_options());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6ROUTERSOLICITATION_HPP_
