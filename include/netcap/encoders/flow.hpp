// The Flow encoder: one record per flow, the packets from one endpoint to
// another (one direction; Connection pairs both). A flow ends after
// -flow-timeout of idle time, shortly after its sender closes TCP (FIN or
// RST), when -max-flows pushes it out, or at the end of input.
// docs/flows.md describes it.
#ifndef NETCAP_ENCODERS_FLOW_HPP_
#define NETCAP_ENCODERS_FLOW_HPP_

#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/ip_flows.hpp"
#include "proto/flow.pb.h"

namespace netcap::encoders {

struct flow {
  static constexpr std::string_view name = "Flow";
  using record_type = Flow;
  static constexpr dispatch_scope scope = dispatch_scope::connection;

  template <class Sink>
  void encode(const Tins::PDU& root, const frame& f, Sink& sink) {
    flows_.add(root, f, emitter(sink));
  }

  template <class Sink>
  void flush(Sink& sink) {
    flows_.flush(emitter(sink));
  }

  const detail::ip_flows<false>& flows() const { return flows_; }

 private:
  template <class Sink>
  auto emitter(Sink& sink) {
    return [this, &sink](const detail::ip_flow_key& k,
                         const detail::ip_flows<false>::entry& e) {
      record_.Clear();
      detail::fill_ip_flow(record_, k, e);
      record_.set_tcp_flags(e.value.tcp_flags[0]);
      sink.emit(record_);
    };
  }

  detail::ip_flows<false> flows_;
  Flow record_;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_FLOW_HPP_
