// The ICMPv4 layer encoder: one record per ICMP message.
#ifndef NETCAP_ENCODERS_ICMPV4_HPP_
#define NETCAP_ENCODERS_ICMPV4_HPP_

#include <string_view>

#include <tins/icmp.h>

#include "netcap/core/frame.hpp"
#include "proto/icmpv4.pb.h"

namespace netcap::encoders {

struct icmpv4 {
  static constexpr std::string_view name = "ICMPv4";
  using record_type = ICMPv4;
  using layer_type = Tins::ICMP;

  void encode(const Tins::ICMP& icmp, const frame& f, ICMPv4& r) const {
    r.set_timestamp(f.timestamp_ns);
    const int type = icmp.type();
    r.set_type(type);
    r.set_code(icmp.code());
    r.set_type_code(type << 8 | icmp.code());
    r.set_checksum(icmp.checksum());
    if (has_id_and_sequence(type)) {
      r.set_id(icmp.id());
      r.set_seq(icmp.sequence());
    }
  }

 private:
  // RFC 792: echo, timestamp and information messages and their replies
  // carry an identifier and a sequence number after the checksum; in other
  // messages those bytes mean something else or nothing.
  static constexpr bool has_id_and_sequence(int type) {
    switch (type) {
      case Tins::ICMP::ECHO_REPLY:
      case Tins::ICMP::ECHO_REQUEST:
      case Tins::ICMP::TIMESTAMP_REQUEST:
      case Tins::ICMP::TIMESTAMP_REPLY:
      case Tins::ICMP::INFO_REQUEST:
      case Tins::ICMP::INFO_REPLY:
        return true;
      default:
        return false;
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ICMPV4_HPP_
