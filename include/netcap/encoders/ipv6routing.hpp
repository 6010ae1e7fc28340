// The IPv6 routing header encoder (RFC 8200, section 4.4): a record for
// each IPv6 layer that has the header.
#ifndef NETCAP_ENCODERS_IPV6ROUTING_HPP_
#define NETCAP_ENCODERS_IPV6ROUTING_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <tins/ipv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ipv6_extension.hpp"
#include "proto/ipv6routing.pb.h"

namespace netcap::encoders {

struct ipv6routing {
  static constexpr std::string_view name = "IPv6Routing";
  using record_type = IPv6Routing;
  using layer_type = Tins::IPv6;

  bool encode(const Tins::IPv6& ip, const frame& f, IPv6Routing& r) const {
    detail::ipv6_extension header;
    if (!detail::find_ipv6_extension(ip, Tins::IPv6::ROUTING, f, header)) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_next_header(header.next_header);
    std::string_view data = header.data;
    if (data.size() < 2) return true;
    const auto type = static_cast<std::uint8_t>(data[0]);
    r.set_routing_type(type);
    r.set_segments_left(static_cast<std::uint8_t>(data[1]));
    data.remove_prefix(2);
    r.set_data(data.data(), data.size());
    // Types 0 (RFC 2460) and 2 (RFC 6275) list addresses after 4 reserved
    // bytes; segment routing (RFC 8754, 2) after last entry, flags and tag,
    // last entry + 1 of them, and TLVs after those.
    if (type == 0 || type == 2 || type == 4) {
      std::size_t end = data.size();
      if (type == 4 && !data.empty()) {
        end = std::min<std::size_t>(end, 4 + 16 * (static_cast<std::uint8_t>(data[0]) + 1u));
      }
      for (std::size_t pos = 4; pos + 16 <= end; pos += 16) {
        r.add_addresses(data.data() + pos, 16);
      }
    }
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPV6ROUTING_HPP_
