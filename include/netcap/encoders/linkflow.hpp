// The LinkFlow encoder: one record per pair of link-layer (MAC) addresses
// talking, both directions, for as long as they keep talking (-flow-timeout
// of idle time ends a LinkFlow). docs/flows.md describes the record.
#ifndef NETCAP_ENCODERS_LINKFLOW_HPP_
#define NETCAP_ENCODERS_LINKFLOW_HPP_

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/flow.hpp"
#include "proto/linkflow.pb.h"

namespace netcap::encoders {

struct linkflow {
  static constexpr std::string_view name = "LinkFlow";
  using record_type = LinkFlow;
  // A tuple encoder (core/encoder.hpp): a MAC pair's packets spread over
  // every connection between the hosts behind them, so it sees every packet,
  // in capture order, on the collector's reading thread.

  // The two addresses, ordered, in two 8-byte words.
  struct key {
    std::array<std::uint8_t, 8> a;
    std::array<std::uint8_t, 8> b;
  };

  template <class Sink>
  void encode(const packet_tuple& t, const frame& f, Sink& sink) {
    if (!t.has_link) return;
    key k{};
    std::memcpy(k.a.data(), t.src_mac.data(), 6);
    std::memcpy(k.b.data(), t.dst_mac.data(), 6);
    const bool swapped = std::memcmp(k.a.data(), k.b.data(), 8) > 0;
    if (swapped) std::swap(k.a, k.b);
    link_type_ = f.link_type;
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
      const std::string_view proto = detail::link_proto_name(link_type_);
      record_.set_proto(proto.data(), proto.size());
      const auto& src = e.value.src_is_a ? k.a : k.b;
      const auto& dst = e.value.src_is_a ? k.b : k.a;
      record_.set_src_mac(reinterpret_cast<const char*>(src.data()), 6);
      record_.set_dst_mac(reinterpret_cast<const char*>(dst.data()), 6);
      sink.emit(record_);
    };
  }

  detail::two_way_flows<key> flows_;
  LinkFlow record_;
  int link_type_ = 0;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LINKFLOW_HPP_
