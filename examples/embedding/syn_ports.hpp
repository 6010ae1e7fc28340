// SYNPorts: how many TCP connection attempts each destination port saw, one
// record per port at the end of the capture. An encoder netcap does not
// have, written against netcap's encoder concept (netcap/core/encoder.hpp)
// in this project's own tree.
//
// It is a layer encoder on libtins' TCP layer whose `encode` returns false,
// so the pipeline writes no record per segment; `flush`, which the pipeline
// calls once at the end of input, emits the counts.
#ifndef EXAMPLE_SYN_PORTS_HPP_
#define EXAMPLE_SYN_PORTS_HPP_

#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/tcp.h>

#include "netcap/core/frame.hpp"
#include "syn_ports.pb.h"

namespace example {

struct syn_ports {
  static constexpr std::string_view name = "SYNPorts";
  using record_type = netcap::SYNPorts;
  using layer_type = Tins::TCP;

  // Counts a connection attempt: a segment with SYN set and ACK clear, the
  // first of a three-way handshake (RFC 9293, section 3.5). Writes no
  // record.
  bool encode(const Tins::TCP& tcp, const netcap::frame& f, record_type&) {
    if (tcp.get_flag(Tins::TCP::SYN) && !tcp.get_flag(Tins::TCP::ACK)) {
      port& p = ports_[tcp.dport()];
      if (p.syns++ == 0) p.first_ns = f.timestamp_ns;
      p.last_ns = f.timestamp_ns;
    }
    return false;
  }

  // Emits one record per port that saw an attempt, in port order, and
  // starts counting afresh.
  template <class Sink>
  void flush(Sink& sink) {
    record_type record;
    for (std::size_t number = 0; number < ports_.size(); ++number) {
      port& p = ports_[number];
      if (p.syns == 0) continue;
      record.set_timestamp(p.first_ns);
      record.set_dst_port(static_cast<std::int32_t>(number));
      record.set_syns(p.syns);
      record.set_last_timestamp(p.last_ns);
      sink.emit(record);
      p = port{};
    }
  }

 private:
  struct port {
    std::int64_t first_ns = 0;
    std::int64_t last_ns = 0;
    std::int64_t syns = 0;
  };
  // Indexed by port number: counting a segment never allocates.
  std::vector<port> ports_ = std::vector<port>(65536);
};

}  // namespace example

#endif  // EXAMPLE_SYN_PORTS_HPP_
