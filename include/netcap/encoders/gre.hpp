// The GRE layer encoder: one record per GRE header (netcap/layers/gre.hpp).
#ifndef NETCAP_ENCODERS_GRE_HPP_
#define NETCAP_ENCODERS_GRE_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/gre.hpp"
#include "proto/gre.pb.h"

namespace netcap::encoders {

struct gre {
  static constexpr std::string_view name = "GRE";
  using record_type = GRE;
  using layer_type = layers::gre;

  void encode(const layers::gre& gre, const frame& f, GRE& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_checksum_present(gre.checksum_present());
    r.set_routing_present(gre.routing_present());
    r.set_key_present(gre.key_present());
    r.set_seq_present(gre.seq_present());
    r.set_strict_source_route(gre.strict_source_route());
    r.set_ack_present(gre.ack_present());
    r.set_recursion_control(gre.recursion_control());
    r.set_flags(gre.flags());
    r.set_version(gre.version());
    r.set_protocol(gre.protocol());
    r.set_checksum(gre.checksum());
    r.set_offset(gre.offset());
    r.set_key(gre.key());
    r.set_seq(gre.seq());
    r.set_ack(gre.ack());
    gre.for_each_route([&r](const layers::gre::route& route) {
      GRERouting* out = r.add_routing();
      out->set_address_family(route.address_family);
      out->set_sre_offset(route.sre_offset);
      out->set_sre_length(route.sre_length);
      out->set_routing_information(route.information.data(), route.information.size());
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_GRE_HPP_
