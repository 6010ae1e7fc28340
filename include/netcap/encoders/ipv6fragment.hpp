// The IPv6 fragment header encoder (RFC 8200, section 4.5): a record for
// each IPv6 layer that has the header.
#ifndef NETCAP_ENCODERS_IPV6FRAGMENT_HPP_
#define NETCAP_ENCODERS_IPV6FRAGMENT_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ipv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ipv6_extension.hpp"
#include "proto/ipv6fragment.pb.h"

namespace netcap::encoders {

struct ipv6fragment {
  static constexpr std::string_view name = "IPv6Fragment";
  using record_type = IPv6Fragment;
  using layer_type = Tins::IPv6;

  bool encode(const Tins::IPv6& ip, const frame& f, IPv6Fragment& r) const {
    detail::ipv6_extension header;
    if (!detail::find_ipv6_extension(ip, Tins::IPv6::FRAGMENT, f, header)) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_next_header(header.next_header);
    // The byte libtins reads as a length is the fragment header's reserved
    // byte; after it come 13 bits of offset, 2 reserved bits and the M flag,
    // then the identification.
    r.set_reserved1(header.second_byte);
    const auto* d = reinterpret_cast<const std::uint8_t*>(header.data.data());
    if (header.data.size() >= 6) {
      const std::uint16_t field = static_cast<std::uint16_t>(d[0] << 8 | d[1]);
      r.set_fragment_offset(field >> 3);
      r.set_reserved2(field >> 1 & 0x3);
      r.set_more_fragments(field & 1);
      r.set_identification(static_cast<std::uint32_t>(d[2]) << 24 | d[3] << 16 |
                           d[4] << 8 | d[5]);
    }
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPV6FRAGMENT_HPP_
