// The SNAP layer encoder: one record per SNAP header, which follows an LLC
// header with DSAP and SSAP 0xaa and names the payload by EtherType.
#ifndef NETCAP_ENCODERS_SNAP_HPP_
#define NETCAP_ENCODERS_SNAP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/snap.h>

#include "netcap/core/frame.hpp"
#include "proto/snap.pb.h"

namespace netcap::encoders {

struct snap {
  static constexpr std::string_view name = "SNAP";
  using record_type = SNAP;
  using layer_type = Tins::SNAP;

  void encode(const Tins::SNAP& header, const frame& f, SNAP& r) const {
    r.set_timestamp(f.timestamp_ns);
    const std::uint32_t oui = header.org_code();
    const char code[3] = {static_cast<char>(oui >> 16), static_cast<char>(oui >> 8),
                          static_cast<char>(oui)};
    r.set_organizational_code(code, sizeof(code));
    r.set_type(header.eth_type());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_SNAP_HPP_
