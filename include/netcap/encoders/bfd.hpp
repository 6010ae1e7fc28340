// The BFD layer encoder: one record per BFD control or echo packet that
// netcap's BFD layer (netcap/layers/bfd.hpp) decoded.
//
// A packet with authentication costs an allocation: protobuf's generated
// Clear() deletes the singular auth_header sub-message.
#ifndef NETCAP_ENCODERS_BFD_HPP_
#define NETCAP_ENCODERS_BFD_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/bfd.hpp"
#include "proto/bfd.pb.h"

namespace netcap::encoders {

struct bfd {
  static constexpr std::string_view name = "BFD";
  using record_type = BFD;
  using layer_type = layers::bfd;

  void encode(const layers::bfd& p, const frame& f, BFD& r) const {
    r.set_timestamp(f.timestamp_ns);
    if (p.echo()) {
      r.set_echo(true);
      const std::string_view data = p.echo_data();
      r.mutable_echo_data()->assign(data.data(), data.size());
      return;
    }
    r.set_version(p.version());
    r.set_diagnostic(p.diagnostic());
    r.set_state(p.state());
    r.set_poll(p.poll());
    r.set_final(p.final());
    r.set_control_plane_independent(p.control_plane_independent());
    r.set_auth_present(p.auth_present());
    r.set_demand(p.demand());
    r.set_multipoint(p.multipoint());
    r.set_detect_multiplier(p.detect_multiplier());
    r.set_my_discriminator(p.my_discriminator());
    r.set_your_discriminator(p.your_discriminator());
    r.set_desired_min_tx_interval(p.desired_min_tx_interval());
    r.set_required_min_rx_interval(p.required_min_rx_interval());
    r.set_required_min_echo_rx_interval(p.required_min_echo_rx_interval());
    r.set_length(p.length());
    if (p.auth_present()) {
      BFDAuthHeader& auth = *r.mutable_auth_header();
      auth.set_auth_type(p.auth_type());
      auth.set_auth_length(p.auth_length());
      auth.set_key_id(p.auth_key_id());
      auth.set_sequence_number(p.auth_sequence_number());
      const std::string_view data = p.auth_data();
      auth.mutable_data()->assign(data.data(), data.size());
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_BFD_HPP_
