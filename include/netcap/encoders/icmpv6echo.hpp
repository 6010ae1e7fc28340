// The ICMPv6 echo encoder: one record per echo request or reply.
#ifndef NETCAP_ENCODERS_ICMPV6ECHO_HPP_
#define NETCAP_ENCODERS_ICMPV6ECHO_HPP_

#include <string_view>

#include <tins/icmpv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/icmpv6.hpp"
#include "proto/icmpv6echo.pb.h"

namespace netcap::encoders {

struct icmpv6echo {
  static constexpr std::string_view name = "ICMPv6Echo";
  using record_type = ICMPv6Echo;
  using layer_type = Tins::ICMPv6;

  bool encode(const Tins::ICMPv6& icmp, const frame& f, ICMPv6Echo& r) const {
    const bool reply = icmp.type() == Tins::ICMPv6::ECHO_REPLY;
    if (!reply && icmp.type() != Tins::ICMPv6::ECHO_REQUEST) return false;
    // RFC 4443, 4.1: identifier and sequence number end at byte 8.
    if (!detail::has_fixed_part(icmp, f, 8)) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_identifier(icmp.identifier());
    r.set_seq_number(icmp.sequence());
    r.set_reply(reply);
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV6ECHO_HPP_
