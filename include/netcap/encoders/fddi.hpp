// The FDDI layer encoder: one record per FDDI frame (link type DLT_FDDI).
#ifndef NETCAP_ENCODERS_FDDI_HPP_
#define NETCAP_ENCODERS_FDDI_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/fddi.hpp"
#include "proto/fddi.pb.h"

namespace netcap::encoders {

struct fddi {
  static constexpr std::string_view name = "FDDI";
  using record_type = FDDI;
  using layer_type = layers::fddi;

  void encode(const layers::fddi& l, const frame& f, FDDI& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_frame_control(l.frame_control() & 0xf8);
    r.set_priority(l.frame_control() & 0x07);
    // gopacket takes the source from the destination's place and the other
    // way round; this follows the header's order (destination first).
    r.set_src_mac(l.src_addr().to_string());
    r.set_dst_mac(l.dst_addr().to_string());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_FDDI_HPP_
