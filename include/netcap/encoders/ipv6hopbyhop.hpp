// The IPv6 hop-by-hop options encoder (RFC 8200, section 4.3): a record for
// each IPv6 layer that has the header.
#ifndef NETCAP_ENCODERS_IPV6HOPBYHOP_HPP_
#define NETCAP_ENCODERS_IPV6HOPBYHOP_HPP_

#include <string_view>

#include <tins/ipv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ipv6_extension.hpp"
#include "proto/ipv6hopbyhop.pb.h"

namespace netcap::encoders {

struct ipv6hopbyhop {
  static constexpr std::string_view name = "IPv6HopByHop";
  using record_type = IPv6HopByHop;
  using layer_type = Tins::IPv6;

  bool encode(const Tins::IPv6& ip, const frame& f, IPv6HopByHop& r) const {
    detail::ipv6_extension header;
    if (!detail::find_ipv6_extension(ip, Tins::IPv6::HOP_BY_HOP, f, header)) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_next_header(header.next_header);
    detail::encode_ipv6_options(header.data, *r.mutable_options());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPV6HOPBYHOP_HPP_
