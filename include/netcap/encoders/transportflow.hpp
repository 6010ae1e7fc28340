// The TransportFlow encoder: one record per pair of TCP, UDP or SCTP ports
// in use, whatever the addresses (as the Go netcap keyed it), both
// directions, for as long as packets keep coming (-flow-timeout of idle
// time ends a TransportFlow). docs/flows.md describes the record.
#ifndef NETCAP_ENCODERS_TRANSPORTFLOW_HPP_
#define NETCAP_ENCODERS_TRANSPORTFLOW_HPP_

#include <cstdint>
#include <string_view>

#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/flow.hpp"
#include "proto/transportflow.pb.h"

namespace netcap::encoders {

struct transportflow {
  static constexpr std::string_view name = "TransportFlow";
  using record_type = TransportFlow;
  // A tuple encoder (core/encoder.hpp): a port pair's packets come from any
  // addresses, so it sees every packet, in capture order, on the
  // collector's reading thread.

  // The two ports, ordered, and the protocol; one 8-byte word.
  struct key {
    std::uint16_t a;
    std::uint16_t b;
    std::uint32_t protocol;
  };

  template <class Sink>
  void encode(const packet_tuple& t, const frame& f, Sink& sink) {
    if (!t.has_ports) return;
    key k{t.src_port, t.dst_port, t.protocol};
    const bool swapped = k.a > k.b;
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
      record_.set_proto(detail::transport_proto_name(static_cast<std::uint8_t>(k.protocol)));
      record_.set_src_port(e.value.src_is_a ? k.a : k.b);
      record_.set_dst_port(e.value.src_is_a ? k.b : k.a);
      sink.emit(record_);
    };
  }

  detail::two_way_flows<key> flows_;
  TransportFlow record_;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_TRANSPORTFLOW_HPP_
