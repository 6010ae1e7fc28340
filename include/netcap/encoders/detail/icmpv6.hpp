// Helpers shared by the ICMPv6 message encoders.
#ifndef NETCAP_ENCODERS_DETAIL_ICMPV6_HPP_
#define NETCAP_ENCODERS_DETAIL_ICMPV6_HPP_

#include <tins/icmpv6.h>

#include <cstdint>

#include "google/protobuf/repeated_field.h"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/icmpv6.pb.h"

namespace netcap::detail {

// Copies a neighbor discovery message's options (RFC 4861, section 4.6).
inline void encode_icmpv6_options(
    const Tins::ICMPv6& icmp,
    google::protobuf::RepeatedPtrField<ICMPv6Option>& out) {
  for (const Tins::ICMPv6::option& option : icmp.options()) {
    ICMPv6Option* o = out.Add();
    o->set_type(option.option());
    o->set_data(option.data_ptr(), option.data_size());
  }
}

// Whether the captured bytes hold a message's fixed part of `size` bytes.
// A malformed message shorter than that reaches the encoders with only its
// type, code and checksum (core/dissect.hpp).
inline bool has_fixed_part(const Tins::ICMPv6& icmp, const frame& f, std::uint32_t size) {
  return !frame_bytes(f, layer_offset(icmp), size).empty();
}

template <class Record>
void set_target_address(const Tins::ICMPv6& icmp, Record& r) {
  r.set_target_address(icmp.target_addr().begin(), Tins::IPv6Address::address_size);
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_ICMPV6_HPP_
