// The Connection encoder: one record per connection, both directions, with
// per-direction counts and the Community ID that joins it to Zeek's and
// Suricata's logs. A connection ends after -conn-timeout of idle time,
// shortly after TCP closes it (FIN both ways, or RST), when -max-flows
// pushes it out, or at the end of input. docs/flows.md describes it.
#ifndef NETCAP_ENCODERS_CONNECTION_HPP_
#define NETCAP_ENCODERS_CONNECTION_HPP_

#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ip_flows.hpp"
#include "proto/connection.pb.h"

namespace netcap::encoders {

struct connection {
  static constexpr std::string_view name = "Connection";
  using record_type = Connection;
  static constexpr dispatch_scope scope = dispatch_scope::connection;

  template <class Sink>
  void encode(const Tins::PDU& root, const frame& f, Sink& sink) {
    connections_.add(root, f, emitter(sink));
  }

  template <class Sink>
  void flush(Sink& sink) {
    connections_.flush(emitter(sink));
  }

  const detail::ip_flows<true>& connections() const { return connections_; }

 private:
  template <class Sink>
  auto emitter(Sink& sink) {
    return [this, &sink](const detail::ip_flow_key& k,
                         const detail::ip_flows<true>::entry& e) {
      record_.Clear();
      detail::fill_ip_flow(record_, k, e);
      const detail::ip_flow_state& s = e.value;
      record_.set_src_packets(s.packets[0]);
      record_.set_dst_packets(s.packets[1]);
      record_.set_src_bytes(s.bytes[0]);
      record_.set_dst_bytes(s.bytes[1]);
      record_.set_src_app_payload_size(s.payload[0]);
      record_.set_dst_app_payload_size(s.payload[1]);
      record_.set_src_tcp_flags(s.tcp_flags[0]);
      record_.set_dst_tcp_flags(s.tcp_flags[1]);
      record_.set_closed(e.closed);
      sink.emit(record_);
    };
  }

  detail::ip_flows<true> connections_;
  Connection record_;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_CONNECTION_HPP_
