// The EAPOL layer encoder: one record per EAPOL header libtins dissects.
#ifndef NETCAP_ENCODERS_EAPOL_HPP_
#define NETCAP_ENCODERS_EAPOL_HPP_

#include <array>
#include <string_view>

#include <tins/eapol.h>

#include "netcap/core/frame.hpp"
#include "proto/eapol.pb.h"

namespace netcap::encoders {

struct eapol {
  static constexpr std::string_view name = "EAPOL";
  using record_type = EAPOL;
  using layer_type = Tins::EAPOL;
  // libtins makes a subclass of Tins::EAPOL for each kind of key frame.
  static constexpr std::array<Tins::PDU::PDUType, 3> layer_types = {
      Tins::PDU::EAPOL, Tins::PDU::RC4EAPOL, Tins::PDU::RSNEAPOL};

  void encode(const Tins::EAPOL& header, const frame& f, EAPOL& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(header.version());
    r.set_type(header.packet_type());
    r.set_length(header.length());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_EAPOL_HPP_
