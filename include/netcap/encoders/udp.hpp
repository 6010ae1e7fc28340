// The UDP layer encoder: one record per UDP header.
#ifndef NETCAP_ENCODERS_UDP_HPP_
#define NETCAP_ENCODERS_UDP_HPP_

#include <string_view>

#include <tins/udp.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/udp.pb.h"

namespace netcap::encoders {

struct udp {
  static constexpr std::string_view name = "UDP";
  using record_type = UDP;
  using layer_type = Tins::UDP;

  void encode(const Tins::UDP& udp, const frame& f, UDP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_src_port(udp.sport());
    r.set_dst_port(udp.dport());
    r.set_length(udp.length());
    r.set_checksum(udp.checksum());
    r.set_payload_size(detail::payload_size(udp));
    if (f.options.entropy || f.options.payloads) {
      const std::string_view payload = detail::raw_payload(udp);
      if (f.options.entropy) r.set_payload_entropy(detail::entropy(payload));
      if (f.options.payloads) r.set_payload(payload.data(), payload.size());
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_UDP_HPP_
