// The IPSecAH layer encoder: one record per IPsec authentication header.
#ifndef NETCAP_ENCODERS_IPSECAH_HPP_
#define NETCAP_ENCODERS_IPSECAH_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ipsec.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ipsecah.pb.h"

namespace netcap::encoders {

struct ipsecah {
  static constexpr std::string_view name = "IPSecAH";
  using record_type = IPSecAH;
  using layer_type = Tins::IPSecAH;

  void encode(const Tins::IPSecAH& ah, const frame& f, IPSecAH& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_next_header(ah.next_header());
    r.set_payload_length(ah.length());
    r.set_spi(static_cast<std::int32_t>(ah.spi()));
    r.set_seq(static_cast<std::int32_t>(ah.seq_number()));
    const auto& icv = ah.icv();
    r.set_authentication_data(icv.data(), icv.size());
    // RFC 4302, 2.3: two reserved bytes after the payload length, which
    // libtins skips.
    const std::string_view reserved = detail::frame_bytes(f, detail::layer_offset(ah) + 2, 2);
    if (reserved.size() == 2) {
      r.set_reserved(static_cast<std::uint8_t>(reserved[0]) << 8 |
                     static_cast<std::uint8_t>(reserved[1]));
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPSECAH_HPP_
