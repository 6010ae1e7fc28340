// The ICMPv6 layer encoder: one record per ICMPv6 message.
#ifndef NETCAP_ENCODERS_ICMPV6_HPP_
#define NETCAP_ENCODERS_ICMPV6_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "proto/icmpv6.pb.h"

namespace netcap::encoders {

struct icmpv6 {
  static constexpr std::string_view name = "ICMPv6";
  using record_type = ICMPv6;
  using layer_type = Tins::ICMPv6;

  void encode(const Tins::ICMPv6& icmp, const frame& f, ICMPv6& r) const {
    r.set_timestamp(f.timestamp_ns);
    const int type = icmp.type();
    r.set_type(type);
    r.set_code(icmp.code());
    r.set_type_code(type << 8 | icmp.code());
    r.set_checksum(icmp.checksum());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6_HPP_
