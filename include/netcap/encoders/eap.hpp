// The EAP layer encoder: one record per EAP packet inside an EAPOL frame.
#ifndef NETCAP_ENCODERS_EAP_HPP_
#define NETCAP_ENCODERS_EAP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/eap.hpp"
#include "proto/eap.pb.h"

namespace netcap::encoders {

struct eap {
  static constexpr std::string_view name = "EAP";
  using record_type = EAP;
  using layer_type = layers::eap;

  // EAPOL frames that are not EAP packets (EAPOL-Start) give no record.
  bool encode(const layers::eap& l, const frame& f, EAP& r) const {
    if (!l.present()) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_code(l.code());
    r.set_id(l.id());
    r.set_length(l.length());
    r.set_type(l.type());
    r.set_type_data(l.type_data().data(), l.type_data().size());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_EAP_HPP_
