// Internal to netcap's Flow and Connection encoders: the table of IP flows
// (one direction) or connections (both), and what each counts.
#ifndef NETCAP_ENCODERS_DETAIL_IP_FLOWS_HPP_
#define NETCAP_ENCODERS_DETAIL_IP_FLOWS_HPP_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/community_id.hpp"
#include "netcap/encoders/detail/flow.hpp"
#include "netcap/encoders/detail/flow_table.hpp"

namespace netcap::detail {

// What a flow or connection holds. Index 0 of the arrays is the originator's
// direction (src), 1 the responder's (dst); a Flow uses only 0.
struct ip_flow_state {
  bool src_is_a = true;
  bool has_ports = false;
  bool one_way = false;
  bool fin[2] = {false, false};
  bool rst = false;
  std::uint8_t tcp_flags[2] = {0, 0};
  std::int64_t packets[2] = {0, 0};
  std::int64_t bytes[2] = {0, 0};
  std::int64_t payload[2] = {0, 0};
  // The first packet's link addresses, seen from the originator, and its
  // ICMP type and code.
  std::array<std::uint8_t, 6> src_mac{};
  std::array<std::uint8_t, 6> dst_mac{};
  bool has_link = false;
  bool has_icmp = false;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  int link_type = 0;
  std::string_view application_proto;
};

// The flows (TwoWay false) or connections (TwoWay true) of a worker.
template <bool TwoWay>
class ip_flows {
 public:
  using table_type = flow_table<ip_flow_key, ip_flow_state>;
  using entry = typename table_type::entry;

  // Counts one packet; `emit(key, entry)` receives entries that end
  // meanwhile.
  template <class Emit>
  void add(const Tins::PDU& root, const frame& f, Emit&& emit) {
    const packet_tuple t = read_tuple(f.link_type, f.data, f.captured_length);
    if (t.ip_version == 0) return;
    const tuple_ports ports = connection_ports(t);
    ip_flow_key key = make_ip_flow_key(t, ports);
    const bool from_a = TwoWay ? !order(key) : true;
    const std::int64_t ts = f.timestamp_ns;
    table_.configure(TwoWay ? f.options.conn_timeout_ns : f.options.flow_timeout_ns,
                     f.options.close_timeout_ns, f.options.max_flows);
    table_.expire(ts, emit);

    const bool tcp = t.protocol == ip_proto_tcp && t.has_ports;
    const std::uint8_t syn_ack = t.tcp_flags & (packet_tuple::syn | packet_tuple::ack);
    entry* e = table_.find(key);
    // A SYN on the ports of a closed connection opens a new one.
    if (e != nullptr &&
        (table_.timed_out(*e, ts) || (e->closed && tcp && syn_ack == packet_tuple::syn))) {
      table_.end(key, emit);
      e = nullptr;
    }
    if (e == nullptr) {
      e = &table_.start(key, ts, emit);
      ip_flow_state& s = e->value;
      // The originator sends the first packet, unless that is a SYN-ACK,
      // whose receiver sent the SYN the capture missed (as Zeek reads it).
      const bool reply_first = TwoWay && tcp && syn_ack == (packet_tuple::syn | packet_tuple::ack);
      s.src_is_a = reply_first ? !from_a : from_a;
      s.has_ports = t.has_ports || t.has_icmp;
      s.one_way = ports.one_way;
      s.has_link = t.has_link;
      s.src_mac = reply_first ? t.dst_mac : t.src_mac;
      s.dst_mac = reply_first ? t.src_mac : t.dst_mac;
      s.has_icmp = t.has_icmp;
      s.icmp_type = t.icmp_type;
      s.icmp_code = t.icmp_code;
      s.link_type = f.link_type;
    }
    table_.touch(*e, ts);
    ip_flow_state& s = e->value;
    const int dir = from_a == s.src_is_a ? 0 : 1;
    ++s.packets[dir];
    s.bytes[dir] += f.original_length;
    s.payload[dir] += t.payload_size;
    s.tcp_flags[dir] |= t.tcp_flags;
    if (s.application_proto.empty() && t.payload_size > 0) {
      s.application_proto = application_proto(root);
    }
    if (tcp) {
      if (t.tcp_flags & packet_tuple::rst) s.rst = true;
      if (t.tcp_flags & packet_tuple::fin) s.fin[dir] = true;
      if (s.rst || (s.fin[0] && (s.fin[1] || !TwoWay))) table_.close(key, *e);
    }
  }

  template <class Emit>
  void flush(Emit&& emit) {
    table_.flush(emit);
  }

  const table_type& table() const { return table_; }

 private:
  table_type table_;
};

// Fills the fields Flow and Connection records share.
template <class Record>
void fill_ip_flow(Record& r, const ip_flow_key& k, const flow_table<ip_flow_key, ip_flow_state>::entry& e) {
  const ip_flow_state& s = e.value;
  r.set_timestamp(e.first_ns);
  r.set_timestamp_last(e.last_ns);
  r.set_duration(elapsed_ns(e.last_ns, e.first_ns));
  const std::string_view link = link_proto_name(s.link_type);
  r.set_link_proto(link.data(), link.size());
  r.set_network_proto(k.ip_version == 4 ? "IPv4" : "IPv6");
  r.set_transport_proto(transport_proto_name(k.protocol));
  r.set_application_proto(s.application_proto.data(), s.application_proto.size());
  if (s.has_link) {
    r.set_src_mac(mac_bytes(s.src_mac));
    if (s.link_type != DLT_LINUX_SLL) r.set_dst_mac(mac_bytes(s.dst_mac));
  }
  const auto& src_ip = s.src_is_a ? k.a_ip : k.b_ip;
  const auto& dst_ip = s.src_is_a ? k.b_ip : k.a_ip;
  const std::uint16_t src_port = s.src_is_a ? k.a_port : k.b_port;
  const std::uint16_t dst_port = s.src_is_a ? k.b_port : k.a_port;
  r.set_src_ip(address_bytes(k.ip_version, src_ip));
  r.set_dst_ip(address_bytes(k.ip_version, dst_ip));
  r.set_src_port(s.has_icmp ? s.icmp_type : src_port);
  r.set_dst_port(s.has_icmp ? s.icmp_code : dst_port);
  r.set_total_size(s.bytes[0] + s.bytes[1]);
  r.set_app_payload_size(s.payload[0] + s.payload[1]);
  r.set_num_packets(s.packets[0] + s.packets[1]);
  r.set_uid(record_uid_hex(k, e.first_ns));
  const bool ports = s.has_ports && community_id_has_ports(k.protocol);
  r.set_community_id(community_id(k.ip_version, src_ip, dst_ip, k.protocol, ports,
                                  {src_port, dst_port, s.one_way}));
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_IP_FLOWS_HPP_
