// The EthernetCTP layer encoder: one record per Ethernet Configuration
// Testing Protocol (loopback, EtherType 0x9000) frame.
#ifndef NETCAP_ENCODERS_ETHERNETCTP_HPP_
#define NETCAP_ENCODERS_ETHERNETCTP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/ethernet_ctp.hpp"
#include "proto/ethernetctp.pb.h"

namespace netcap::encoders {

struct ethernetctp {
  static constexpr std::string_view name = "EthernetCTP";
  using record_type = EthernetCTP;
  using layer_type = layers::ethernet_ctp;

  void encode(const layers::ethernet_ctp& ctp, const frame& f, EthernetCTP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_skip_count(ctp.skip_count());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ETHERNETCTP_HPP_
