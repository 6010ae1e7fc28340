// The STP layer encoder: one record per spanning tree BPDU (IEEE 802.1D).
#ifndef NETCAP_ENCODERS_STP_HPP_
#define NETCAP_ENCODERS_STP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/stp.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/stp.pb.h"

namespace netcap::encoders {

struct stp {
  static constexpr std::string_view name = "STP";
  using record_type = STP;
  using layer_type = Tins::STP;

  void encode(const Tins::STP& bpdu, const frame& f, STP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_protocol_id(bpdu.proto_id());
    r.set_version(bpdu.proto_version());
    r.set_bpdu_type(bpdu.bpdu_type());
    r.set_flags(bpdu.bpdu_flags());
    // IEEE 802.1D-2004, 9.2.5: a bridge identifier is a 4-bit priority, in
    // steps of 4096, a 12-bit system ID extension and a MAC address.
    const Tins::STP::bpdu_id_type root = bpdu.root_id();
    r.set_root_priority(static_cast<int>(root.priority) << 12);
    r.set_root_system_id_extension(root.ext_id);
    r.set_root_mac(root.id.begin(), root.id.address_size);
    r.set_root_path_cost(static_cast<std::int32_t>(bpdu.root_path_cost()));
    const Tins::STP::bpdu_id_type bridge = bpdu.bridge_id();
    r.set_bridge_priority(static_cast<int>(bridge.priority) << 12);
    r.set_bridge_system_id_extension(bridge.ext_id);
    r.set_bridge_mac(bridge.id.begin(), bridge.id.address_size);
    r.set_port_id(bpdu.port_id());
    // The four timers count 1/256 s (9.2.8); libtins rounds them to whole
    // seconds, so they are read from the captured bytes, 27 bytes in.
    const std::string_view timers = detail::frame_bytes(f, detail::layer_offset(bpdu) + 27, 8);
    if (timers.size() == 8) {
      auto seconds = [&](int at) {
        return (static_cast<std::uint8_t>(timers[at]) << 8 |
                static_cast<std::uint8_t>(timers[at + 1])) /
               256.0;
      };
      r.set_message_age(seconds(0));
      r.set_max_age(seconds(2));
      r.set_hello_time(seconds(4));
      r.set_forward_delay(seconds(6));
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_STP_HPP_
