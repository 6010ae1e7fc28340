// The LCM layer encoder: one record per LCM message or fragment that
// netcap's LCM layer (netcap/layers/lcm.hpp) decoded.
#ifndef NETCAP_ENCODERS_LCM_HPP_
#define NETCAP_ENCODERS_LCM_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/layers/lcm.hpp"
#include "proto/lcm.pb.h"

namespace netcap::encoders {

struct lcm {
  static constexpr std::string_view name = "LCM";
  using record_type = LCM;
  using layer_type = layers::lcm;

  void encode(const layers::lcm& m, const frame& f, LCM& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_magic(m.magic());
    r.set_sequence_number(m.sequence_number());
    r.set_payload_size(m.payload_size());
    r.set_fragment_offset(m.fragment_offset());
    r.set_fragment_number(m.fragment_number());
    r.set_total_fragments(m.total_fragments());
    netcap::detail::assign_utf8(m.channel_name(), *r.mutable_channel_name());
    r.set_fragmented(m.fragmented());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LCM_HPP_
