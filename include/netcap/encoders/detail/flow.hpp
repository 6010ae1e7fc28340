// Internal to netcap's flow encoders: their keys, the names their records
// give protocols, record ids, and the two-way counting LinkFlow, NetworkFlow
// and TransportFlow share.
#ifndef NETCAP_ENCODERS_DETAIL_FLOW_HPP_
#define NETCAP_ENCODERS_DETAIL_FLOW_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <tins/pdu.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/flow_table.hpp"
#include "netcap/layers/dns.hpp"

namespace netcap::detail {

// One endpoint of an IP flow, laid out for word-wise hashing.
struct ip_endpoint {
  std::array<std::uint8_t, 16> ip;
  std::uint16_t port;
};

// The key of a Flow (from a to b) or, ordered so that a <= b, of a
// Connection. 40 bytes, no padding.
struct ip_flow_key {
  std::array<std::uint8_t, 16> a_ip;
  std::array<std::uint8_t, 16> b_ip;
  std::uint16_t a_port;
  std::uint16_t b_port;
  std::uint8_t protocol;
  std::uint8_t ip_version;
  std::uint8_t padding[2];
};
static_assert(sizeof(ip_flow_key) == 40);

inline ip_flow_key make_ip_flow_key(const packet_tuple& t, const tuple_ports& ports) {
  ip_flow_key k{};
  k.a_ip = t.src_ip;
  k.b_ip = t.dst_ip;
  k.a_port = ports.src;
  k.b_port = ports.dst;
  k.protocol = t.protocol;
  k.ip_version = t.ip_version;
  return k;
}

// Orders a key's endpoints; returns whether they were swapped.
inline bool order(ip_flow_key& k) {
  const int c = std::memcmp(k.a_ip.data(), k.b_ip.data(), 16);
  if (c < 0 || (c == 0 && k.a_port <= k.b_port)) return false;
  std::swap(k.a_ip, k.b_ip);
  std::swap(k.a_port, k.b_port);
  return true;
}

inline std::string_view link_proto_name(int link_type) {
  switch (link_type) {
    case DLT_EN10MB: return "Ethernet";
    case DLT_LINUX_SLL: return "SLL";
    case DLT_NULL: case DLT_LOOP: return "Loopback";
    default: return "";
  }
}

inline std::string transport_proto_name(std::uint8_t protocol) {
  switch (protocol) {
    case ip_proto_tcp: return "TCP";
    case ip_proto_udp: return "UDP";
    case ip_proto_sctp: return "SCTP";
    case ip_proto_icmp: return "ICMPv4";
    case ip_proto_icmpv6: return "ICMPv6";
    default: return absl::StrCat(protocol);
  }
}

// The payload protocol netcap decodes in a packet's TCP or UDP payload, or
// "Payload"; the payload layers claim by port (core/layer.hpp).
inline std::string_view application_proto(const Tins::PDU& root) {
  const Tins::PDU* transport = root.find_pdu<Tins::UDP>();
  if (transport == nullptr) transport = root.find_pdu<Tins::TCP>();
  if (transport != nullptr && layers::dns::claims(*transport)) return "DNS";
  return "Payload";
}

inline std::string address_bytes(std::uint8_t ip_version, const std::array<std::uint8_t, 16>& ip) {
  return std::string(reinterpret_cast<const char*>(ip.data()), ip_version == 4 ? 4 : 16);
}

inline std::string mac_bytes(const std::array<std::uint8_t, 6>& mac) {
  return std::string(reinterpret_cast<const char*>(mac.data()), 6);
}

// A record id: a hash of the key's words and the first packet's time, the
// same in every run and with any number of workers.
template <class Key>
std::uint64_t record_uid(const Key& key, std::int64_t first_ns) {
  return netcap::detail::mix64(word_hash{}(key) ^ static_cast<std::uint64_t>(first_ns));
}

template <class Key>
std::string record_uid_hex(const Key& key, std::int64_t first_ns) {
  return absl::StrFormat("%016x", record_uid(key, first_ns));
}

// What LinkFlow, NetworkFlow and TransportFlow count: packets and bytes in
// each direction of an unordered key (a, b). The first packet's sender is
// the record's src.
struct two_way_counts {
  bool src_is_a = true;
  std::int64_t packets[2] = {0, 0};  // [0]: from src, [1]: from dst
  std::int64_t bytes[2] = {0, 0};
  std::uint16_t ether_type = 0;
};

// The table and the counting of LinkFlow, NetworkFlow and TransportFlow;
// each fills its own record from the key and counts.
template <class Key>
class two_way_flows {
 public:
  using table_type = flow_table<Key, two_way_counts>;
  using entry = typename table_type::entry;

  // Counts a packet at time t whose sender is the key's `a` side when
  // `from_a`; `emit(key, entry)` receives flows that end meanwhile.
  template <class Emit>
  void add(const Key& key, bool from_a, const frame& f, Emit&& emit) {
    table_.configure(f.options.flow_timeout_ns, f.options.close_timeout_ns, f.options.max_flows);
    table_.expire(f.timestamp_ns, emit);
    entry* e = table_.find(key);
    if (e != nullptr && table_.timed_out(*e, f.timestamp_ns)) {
      table_.end(key, emit);
      e = nullptr;
    }
    if (e == nullptr) {
      e = &table_.start(key, f.timestamp_ns, emit);
      e->value.src_is_a = from_a;
    }
    table_.touch(*e, f.timestamp_ns);
    const int dir = from_a == e->value.src_is_a ? 0 : 1;
    ++e->value.packets[dir];
    e->value.bytes[dir] += f.original_length;
  }

  template <class Emit>
  void flush(Emit&& emit) {
    table_.flush(emit);
  }

  const table_type& table() const { return table_; }

 private:
  table_type table_;
};

// Fills the fields LinkFlow, NetworkFlow and TransportFlow records share.
template <class Record, class Key>
void fill_two_way(Record& r, const Key& key,
                  const typename flow_table<Key, two_way_counts>::entry& e) {
  const two_way_counts& c = e.value;
  r.set_timestamp(e.first_ns);
  r.set_timestamp_last(e.last_ns);
  r.set_duration(elapsed_ns(e.last_ns, e.first_ns));
  r.set_num_packets(c.packets[0] + c.packets[1]);
  r.set_total_size(c.bytes[0] + c.bytes[1]);
  r.set_src_packets(c.packets[0]);
  r.set_dst_packets(c.packets[1]);
  r.set_src_bytes(c.bytes[0]);
  r.set_dst_bytes(c.bytes[1]);
  r.set_uid(record_uid(key, e.first_ns));
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_FLOW_HPP_
