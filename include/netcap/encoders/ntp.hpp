// The NTP layer encoder: one record per NTP message that netcap's NTP layer
// (netcap/layers/ntp.hpp) decoded.
#ifndef NETCAP_ENCODERS_NTP_HPP_
#define NETCAP_ENCODERS_NTP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/ntp.hpp"
#include "proto/ntp.pb.h"

namespace netcap::encoders {

struct ntp {
  static constexpr std::string_view name = "NTP";
  using record_type = NTP;
  using layer_type = layers::ntp;

  void encode(const layers::ntp& m, const frame& f, NTP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_leap_indicator(m.leap_indicator());
    r.set_version(m.version());
    r.set_mode(m.mode());
    r.set_stratum(m.stratum());
    r.set_poll(m.poll());
    r.set_precision(m.precision());
    r.set_root_delay(m.root_delay());
    r.set_root_dispersion(m.root_dispersion());
    r.set_reference_id(m.reference_id());
    r.set_reference_timestamp(m.reference_timestamp());
    r.set_origin_timestamp(m.origin_timestamp());
    r.set_receive_timestamp(m.receive_timestamp());
    r.set_transmit_timestamp(m.transmit_timestamp());
    const std::string_view extension = m.extension_bytes();
    r.mutable_extension_bytes()->assign(extension.data(), extension.size());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_NTP_HPP_
