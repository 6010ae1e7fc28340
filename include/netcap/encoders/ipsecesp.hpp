// The IPSecESP layer encoder: one record per IPsec encapsulating security
// payload; what it carries is encrypted, so the record ends there.
#ifndef NETCAP_ENCODERS_IPSECESP_HPP_
#define NETCAP_ENCODERS_IPSECESP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ipsec.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ipsecesp.pb.h"

namespace netcap::encoders {

struct ipsecesp {
  static constexpr std::string_view name = "IPSecESP";
  using record_type = IPSecESP;
  using layer_type = Tins::IPSecESP;

  void encode(const Tins::IPSecESP& esp, const frame& f, IPSecESP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_spi(static_cast<std::int32_t>(esp.spi()));
    r.set_seq(static_cast<std::int32_t>(esp.seq_number()));
    r.set_len_encrypted(static_cast<std::int32_t>(detail::payload_size(esp)));
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPSECESP_HPP_
