// The IGMP layer encoder: one record per IGMP message
// (netcap/layers/igmp.hpp).
#ifndef NETCAP_ENCODERS_IGMP_HPP_
#define NETCAP_ENCODERS_IGMP_HPP_

#include <cstddef>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/igmp.hpp"
#include "proto/igmp.pb.h"

namespace netcap::encoders {

struct igmp {
  static constexpr std::string_view name = "IGMP";
  using record_type = IGMP;
  using layer_type = layers::igmp;

  void encode(const layers::igmp& igmp, const frame& f, IGMP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_type(igmp.type());
    r.set_version(igmp.version());
    r.set_max_response_time(igmp.max_response_time());
    r.set_checksum(igmp.checksum());
    const std::string_view group = igmp.group_address();
    r.set_group_address(group.data(), group.size());
    r.set_supress_router_processing(igmp.suppress_router_processing());
    r.set_robustness_value(igmp.robustness_value());
    r.set_interval_time(igmp.interval_time());
    r.set_number_of_sources(igmp.number_of_sources());
    const std::string_view sources = igmp.sources();
    for (std::size_t at = 0; at + 4 <= sources.size(); at += 4) {
      r.add_source_addresses(sources.data() + at, 4);
    }
    r.set_number_of_group_records(igmp.number_of_group_records());
    igmp.for_each_group_record([&r](const layers::igmp::group_record& g) {
      IGMPv3GroupRecord* out = r.add_group_records();
      out->set_type(g.type);
      out->set_aux_data_len(g.aux_data_len);
      out->set_number_of_sources(g.number_of_sources);
      out->set_multicast_address(g.multicast_address.data(), g.multicast_address.size());
      for (std::size_t at = 0; at + 4 <= g.sources.size(); at += 4) {
        out->add_source_addresses(g.sources.data() + at, 4);
      }
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IGMP_HPP_
