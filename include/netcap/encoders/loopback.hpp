// The Loopback layer encoder: one record per BSD loopback header
// (DLT_NULL, DLT_LOOP), whose one field names the address family inside.
#ifndef NETCAP_ENCODERS_LOOPBACK_HPP_
#define NETCAP_ENCODERS_LOOPBACK_HPP_

#include <string_view>

#include <tins/loopback.h>

#include "netcap/core/frame.hpp"
#include "proto/loopback.pb.h"

namespace netcap::encoders {

struct loopback {
  static constexpr std::string_view name = "Loopback";
  using record_type = Loopback;
  using layer_type = Tins::Loopback;

  // Dissection reads the family in the byte order that makes sense
  // (core/dissect.hpp), so the layer holds it as a number already.
  void encode(const Tins::Loopback& header, const frame& f, Loopback& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_family(static_cast<int>(header.family()));
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LOOPBACK_HPP_
