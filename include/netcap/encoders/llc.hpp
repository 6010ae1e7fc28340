// The LLC layer encoder: one record per IEEE 802.2 LLC header.
#ifndef NETCAP_ENCODERS_LLC_HPP_
#define NETCAP_ENCODERS_LLC_HPP_

#include <cstdint>
#include <string_view>

#include <tins/llc.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/llc.pb.h"

namespace netcap::encoders {

struct llc {
  static constexpr std::string_view name = "LLC";
  using record_type = LLC;
  using layer_type = Tins::LLC;

  void encode(const Tins::LLC& header, const frame& f, LLC& r) const {
    r.set_timestamp(f.timestamp_ns);
    // libtins 4.0 declares LLC's getters without const, though they only
    // read; every layer dissect() makes is non-const, so this is safe.
    auto& llc = const_cast<Tins::LLC&>(header);
    r.set_dsap(llc.dsap());
    r.set_ig(llc.group());
    r.set_ssap(llc.ssap());
    r.set_cr(llc.response());
    // libtins keeps the control field only as its parts, so it is read from
    // the captured bytes: IEEE 802.2, clause 5.2, one byte when its low two
    // bits are 11 (unnumbered), else two.
    const std::string_view bytes =
        detail::frame_bytes(f, detail::layer_offset(header) + 2, header.header_size() - 2);
    if (bytes.size() == 1) {
      r.set_control(static_cast<std::uint8_t>(bytes[0]));
    } else if (bytes.size() == 2) {
      r.set_control(static_cast<std::uint8_t>(bytes[0]) |
                    static_cast<std::uint8_t>(bytes[1]) << 8);
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LLC_HPP_
