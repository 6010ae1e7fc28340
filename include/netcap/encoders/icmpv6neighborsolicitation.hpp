// The ICMPv6 neighbor solicitation encoder (RFC 4861, section 4.3).
#ifndef NETCAP_ENCODERS_ICMPV6NEIGHBORSOLICITATION_HPP_
#define NETCAP_ENCODERS_ICMPV6NEIGHBORSOLICITATION_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/icmpv6.hpp"
#include "proto/icmpv6neighborsolicitation.pb.h"

namespace netcap::encoders {

struct icmpv6neighborsolicitation {
  static constexpr std::string_view name = "ICMPv6NeighborSolicitation";
  using record_type = ICMPv6NeighborSolicitation;
  using layer_type = Tins::ICMPv6;

  bool encode(const Tins::ICMPv6& icmp, const frame& f,
              ICMPv6NeighborSolicitation& r) const {
    // RFC 4861: the message is at least 24 bytes before its options.
    if (icmp.type() != Tins::ICMPv6::NEIGHBOUR_SOLICIT || !detail::has_fixed_part(icmp, f, 24)) {
      return false;
    }
    r.set_timestamp(f.timestamp_ns);
    detail::set_target_address(icmp, r);
    detail::encode_icmpv6_options(icmp, *r.mutable_options());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6NEIGHBORSOLICITATION_HPP_
