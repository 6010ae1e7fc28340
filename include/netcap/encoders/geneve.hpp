// The Geneve payload-layer encoder: one record per Geneve header with its
// options (netcap/layers/geneve.hpp); the layer inside is walked after it.
#ifndef NETCAP_ENCODERS_GENEVE_HPP_
#define NETCAP_ENCODERS_GENEVE_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/geneve.hpp"
#include "proto/geneve.pb.h"

namespace netcap::encoders {

struct geneve {
  static constexpr std::string_view name = "Geneve";
  using record_type = Geneve;
  using layer_type = layers::geneve;

  void encode(const layers::geneve& geneve, const frame& f, Geneve& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(geneve.version());
    r.set_options_length(geneve.options_length());
    r.set_oam_packet(geneve.oam_packet());
    r.set_critical_option(geneve.critical_option());
    r.set_protocol(geneve.protocol());
    r.set_vni(geneve.vni());
    geneve.for_each_option([&r](const layers::geneve::option& o) {
      GeneveOption* out = r.add_options();
      out->set_class_(o.option_class);
      out->set_type(o.type);
      out->set_flags(o.flags);
      out->set_length(static_cast<int>(o.length));
      out->set_data(o.data.data(), o.data.size());
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_GENEVE_HPP_
