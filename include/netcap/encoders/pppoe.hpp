// The PPPoE layer encoder: one record per PPPoE header (RFC 2516), with the
// tags of the discovery stage and, for session data, the PPP protocol.
#ifndef NETCAP_ENCODERS_PPPOE_HPP_
#define NETCAP_ENCODERS_PPPOE_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <tins/pppoe.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/pppoe.pb.h"

namespace netcap::encoders {

struct pppoe {
  static constexpr std::string_view name = "PPPoE";
  using record_type = PPPoE;
  using layer_type = Tins::PPPoE;

  void encode(const Tins::PPPoE& header, const frame& f, PPPoE& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(header.version());
    r.set_type(header.type());
    r.set_code(header.code());
    r.set_session_id(header.session_id());
    r.set_length(header.payload_length());
    // The discovery stage's tags (RFC 2516, section 5), read from the
    // captured bytes: libtins keeps each tag's type in an enumeration that
    // holds only the tags RFC 2516 names, and reading any other type back
    // from it is undefined behaviour (the packet fuzzer's UBSan found one).
    if (header.code() != 0) {
      const std::uint64_t offset = detail::layer_offset(header) + 6;
      const std::uint64_t captured =
          offset <= f.captured_length ? f.captured_length - offset : 0;
      const std::string_view tags = detail::frame_bytes(
          f, offset, std::min<std::uint64_t>(header.payload_length(), captured));
      std::size_t at = 0;
      while (tags.size() - at >= 4) {
        const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(tags[at + i]); };
        const std::size_t length = byte(2) << 8 | byte(3);
        if (tags.size() - at - 4 < length) break;
        PPPoETag* t = r.add_tags();
        t->set_type(byte(0) << 8 | byte(1));
        t->set_value(tags.data() + at + 4, length);
        at += 4 + length;
      }
    }
    // RFC 2516, section 5: session data is a PPP frame without its address
    // and control bytes, so it starts with the two-byte protocol.
    if (header.code() == 0) {
      const std::string_view protocol =
          detail::frame_bytes(f, detail::layer_offset(header) + 6, 2);
      if (protocol.size() == 2) {
        r.set_ppp_protocol(static_cast<std::uint8_t>(protocol[0]) << 8 |
                           static_cast<std::uint8_t>(protocol[1]));
      }
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_PPPOE_HPP_
