// The PPPoE layer encoder: one record per PPPoE header (RFC 2516), with the
// tags of the discovery stage and, for session data, the PPP protocol.
#ifndef NETCAP_ENCODERS_PPPOE_HPP_
#define NETCAP_ENCODERS_PPPOE_HPP_

#include <cstdint>
#include <string_view>

#include <tins/endianness.h>
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
    for (const auto& tag : header.tags()) {
      PPPoETag* t = r.add_tags();
      // libtins keeps a tag's type as the wire's two bytes read in host
      // order, so it is byte-swapped back to the wire's big-endian value.
      t->set_type(Tins::Endian::be_to_host(static_cast<std::uint16_t>(tag.option())));
      t->set_value(tag.data_ptr(), tag.data_size());
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
