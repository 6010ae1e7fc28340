// The NetworkFlow encoder: one record per pair of IP addresses talking,
// both directions, for as long as they keep talking (-flow-timeout of idle
// time ends a NetworkFlow). docs/flows.md describes the record.
#ifndef NETCAP_ENCODERS_NETWORKFLOW_HPP_
#define NETCAP_ENCODERS_NETWORKFLOW_HPP_

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/flow.hpp"
#include "proto/networkflow.pb.h"

namespace netcap::encoders {

struct networkflow {
  static constexpr std::string_view name = "NetworkFlow";
  using record_type = NetworkFlow;
  // A tuple encoder (core/encoder.hpp): an address pair's packets spread
  // over many connections, so it sees every packet, in capture order, on the
  // collector's reading thread.

  // The two addresses, ordered, and the IP version; 40 bytes.
  struct key {
    std::array<std::uint8_t, 16> a;
    std::array<std::uint8_t, 16> b;
    std::uint64_t ip_version;
  };

  template <class Sink>
  void encode(const packet_tuple& t, const frame& f, Sink& sink) {
    if (t.ip_version == 0) return;
    key k{t.src_ip, t.dst_ip, t.ip_version};
    const bool swapped = std::memcmp(k.a.data(), k.b.data(), 16) > 0;
    if (swapped) std::swap(k.a, k.b);
    flows_.add(k, !swapped, f, emitter(sink));
  }

  template <class Sink>
  void flush(Sink& sink) {
    flows_.flush(emitter(sink));
  }

  const detail::two_way_flows<key>& flows() const { return flows_; }

 private:
  template <class Sink>
  auto emitter(Sink& sink) {
    return [this, &sink](const key& k, const typename detail::two_way_flows<key>::entry& e) {
      record_.Clear();
      detail::fill_two_way(record_, k, e);
      const auto version = static_cast<std::uint8_t>(k.ip_version);
      record_.set_proto(version == 4 ? "IPv4" : "IPv6");
      record_.set_src_ip(detail::address_bytes(version, e.value.src_is_a ? k.a : k.b));
      record_.set_dst_ip(detail::address_bytes(version, e.value.src_is_a ? k.b : k.a));
      sink.emit(record_);
    };
  }

  detail::two_way_flows<key> flows_;
  NetworkFlow record_;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_NETWORKFLOW_HPP_
