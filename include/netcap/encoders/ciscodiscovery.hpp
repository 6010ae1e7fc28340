// The CiscoDiscovery layer encoder: one record per Cisco Discovery Protocol
// packet, with its TLVs as sent.
#ifndef NETCAP_ENCODERS_CISCODISCOVERY_HPP_
#define NETCAP_ENCODERS_CISCODISCOVERY_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/cdp.hpp"
#include "proto/ciscodiscovery.pb.h"

namespace netcap::encoders {

struct ciscodiscovery {
  static constexpr std::string_view name = "CiscoDiscovery";
  using record_type = CiscoDiscovery;
  using layer_type = layers::cdp;

  void encode(const layers::cdp& cdp, const frame& f, CiscoDiscovery& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(cdp.version());
    r.set_ttl(cdp.ttl());
    r.set_checksum(cdp.checksum());
    layers::for_each_cdp_tlv(cdp.tlvs(), [&](const layers::cdp_tlv& t) {
      CiscoDiscovery::Value* v = r.add_values();
      v->set_type(t.type);
      v->set_length(t.length);
      v->set_value(t.value.data(), t.value.size());
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_CISCODISCOVERY_HPP_
