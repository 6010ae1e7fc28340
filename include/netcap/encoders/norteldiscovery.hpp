// The NortelDiscovery layer encoder: one record per SynOptics/Nortel
// discovery hello (SONMP).
#ifndef NETCAP_ENCODERS_NORTELDISCOVERY_HPP_
#define NETCAP_ENCODERS_NORTELDISCOVERY_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/sonmp.hpp"
#include "proto/norteldiscovery.pb.h"

namespace netcap::encoders {

struct norteldiscovery {
  static constexpr std::string_view name = "NortelDiscovery";
  using record_type = NortelDiscovery;
  using layer_type = layers::sonmp;

  void encode(const layers::sonmp& hello, const frame& f, NortelDiscovery& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_ip_address(hello.ip_address().to_string());
    r.set_segment_id(hello.segment_id().data(), hello.segment_id().size());
    r.set_chassis(hello.chassis());
    r.set_backplane(hello.backplane());
    r.set_state(hello.state());
    r.set_num_links(hello.num_links());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_NORTELDISCOVERY_HPP_
