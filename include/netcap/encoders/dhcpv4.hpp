// The DHCPv4 layer encoder: one record per DHCP or BOOTP message that
// netcap's DHCPv4 layer (netcap/layers/dhcpv4.hpp) decoded, with the fixed
// header and every option as type, length and data.
#ifndef NETCAP_ENCODERS_DHCPV4_HPP_
#define NETCAP_ENCODERS_DHCPV4_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/dhcpv4.hpp"
#include "proto/dhcpv4.pb.h"

namespace netcap::encoders {

struct dhcpv4 {
  static constexpr std::string_view name = "DHCPv4";
  using record_type = DHCPv4;
  using layer_type = layers::dhcpv4;

  void encode(const layers::dhcpv4& m, const frame& f, DHCPv4& r) const {
    auto assign = [](std::string* out, std::string_view bytes) {
      out->assign(bytes.data(), bytes.size());
    };
    r.set_timestamp(f.timestamp_ns);
    r.set_operation(m.op());
    r.set_hardware_type(m.htype());
    r.set_hardware_len(m.hlen());
    r.set_hardware_opts(m.hops());
    r.set_xid(m.xid());
    r.set_secs(m.secs());
    r.set_flags(m.flags());
    assign(r.mutable_client_ip(), m.ciaddr());
    assign(r.mutable_your_client_ip(), m.yiaddr());
    assign(r.mutable_next_server_ip(), m.siaddr());
    assign(r.mutable_relay_agent_ip(), m.giaddr());
    assign(r.mutable_client_hw_addr(), m.chaddr());
    assign(r.mutable_server_name(), m.sname());
    assign(r.mutable_file(), m.file());
    for (const layers::dhcpv4::option& o : m.options()) {
      DHCPOption& out = *r.add_options();
      out.set_type(o.type);
      out.set_length(o.length);
      assign(out.mutable_data(), m.data(o));
    }
    r.set_magic_cookie(m.has_cookie());
    r.set_message_type(m.message_type());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DHCPV4_HPP_
