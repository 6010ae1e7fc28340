// The DHCPv6 layer encoder: one record per DHCPv6 message that netcap's
// DHCPv6 layer (netcap/layers/dhcpv6.hpp) decoded, with its header and its
// top-level options as code, length and data.
#ifndef NETCAP_ENCODERS_DHCPV6_HPP_
#define NETCAP_ENCODERS_DHCPV6_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/dhcpv6.hpp"
#include "proto/dhcpv6.pb.h"

namespace netcap::encoders {

struct dhcpv6 {
  static constexpr std::string_view name = "DHCPv6";
  using record_type = DHCPv6;
  using layer_type = layers::dhcpv6;

  void encode(const layers::dhcpv6& m, const frame& f, DHCPv6& r) const {
    auto assign = [](std::string* out, std::string_view bytes) {
      out->assign(bytes.data(), bytes.size());
    };
    r.set_timestamp(f.timestamp_ns);
    r.set_msg_type(m.msg_type());
    r.set_hop_count(m.hop_count());
    assign(r.mutable_link_addr(), m.link_address());
    assign(r.mutable_peer_addr(), m.peer_address());
    assign(r.mutable_transaction_id(), m.transaction_id());
    r.set_truncated(m.truncated());
    for (const layers::dhcpv6::option& o : m.options()) {
      DHCPv6Option& out = *r.add_options();
      out.set_code(o.code);
      out.set_length(o.length);
      assign(out.mutable_data(), m.data(o));
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DHCPV6_HPP_
