// The LinkLayerDiscovery layer encoder: one record per LLDP data unit, with
// its mandatory TLVs decoded and the others as sent.
#ifndef NETCAP_ENCODERS_LINKLAYERDISCOVERY_HPP_
#define NETCAP_ENCODERS_LINKLAYERDISCOVERY_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/lldp.hpp"
#include "proto/linklayerdiscovery.pb.h"

namespace netcap::encoders {

struct linklayerdiscovery {
  static constexpr std::string_view name = "LinkLayerDiscovery";
  using record_type = LinkLayerDiscovery;
  using layer_type = layers::lldp;

  void encode(const layers::lldp& lldp, const frame& f, LinkLayerDiscovery& r) const {
    using layers::lldp_tlv;
    r.set_timestamp(f.timestamp_ns);
    // The layer checked that these exist and hold a subtype and an ID.
    const lldp_tlv chassis = lldp.find(layers::lldp::chassis_id_tlv);
    r.mutable_chassis_id()->set_subtype(static_cast<std::uint8_t>(chassis.value[0]));
    r.mutable_chassis_id()->set_id(chassis.value.data() + 1, chassis.value.size() - 1);
    const lldp_tlv port = lldp.find(layers::lldp::port_id_tlv);
    r.mutable_port_id()->set_subtype(static_cast<std::uint8_t>(port.value[0]));
    r.mutable_port_id()->set_id(port.value.data() + 1, port.value.size() - 1);
    r.set_ttl(lldp.ttl());
    layers::for_each_lldp_tlv(lldp.tlvs(), [&](const lldp_tlv& t) {
      if (t.type == layers::lldp::chassis_id_tlv || t.type == layers::lldp::port_id_tlv ||
          t.type == layers::lldp::ttl_tlv) {
        return;
      }
      LinkLayerDiscovery::Value* v = r.add_values();
      v->set_type(t.type);
      v->set_length(t.length);
      v->set_value(t.value.data(), t.value.size());
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LINKLAYERDISCOVERY_HPP_
