// The IPv6 layer encoder: one record per IPv6 header with its extension
// headers, so a tunnelled packet gives one record per header, outermost
// first.
#ifndef NETCAP_ENCODERS_IPV6_HPP_
#define NETCAP_ENCODERS_IPV6_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ipv6.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ipv6.pb.h"

namespace netcap::encoders {

struct ipv6 {
  static constexpr std::string_view name = "IPv6";
  using record_type = IPv6;
  using layer_type = Tins::IPv6;

  void encode(const Tins::IPv6& ip, const frame& f, IPv6& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(ip.version());
    r.set_traffic_class(ip.traffic_class());
    r.set_flow_label(ip.flow_label());
    r.set_length(ip.payload_length());
    r.set_next_header(ip.next_header());
    r.set_hop_limit(ip.hop_limit());
    r.set_src_ip(ip.src_addr().begin(), Tins::IPv6::address_type::address_size);
    r.set_dst_ip(ip.dst_addr().begin(), Tins::IPv6::address_type::address_size);
    // libtins 4.0 names each extension header by its own type (the next
    // header field of the header before it) and keeps the bytes after its
    // next header and length fields (RFC 8200, section 4).
    for (const Tins::IPv6::ext_header& header : ip.headers()) {
      IPv6ExtensionHeader* out = r.add_extension_headers();
      out->set_type(header.option());
      out->set_data(header.data_ptr(), header.data_size());
    }
    const std::uint32_t size = detail::payload_size(ip);
    r.set_payload_size(size);
    if (f.options.entropy) {
      r.set_payload_entropy(detail::entropy(detail::captured_payload(ip, size, f)));
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPV6_HPP_
