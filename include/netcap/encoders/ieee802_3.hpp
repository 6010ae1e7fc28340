// The IEEE802_3 layer encoder: one record per 802.3 header, the Ethernet
// framing with a length where Ethernet II has an EtherType.
#ifndef NETCAP_ENCODERS_IEEE802_3_HPP_
#define NETCAP_ENCODERS_IEEE802_3_HPP_

#include <string_view>

#include <tins/dot3.h>

#include "netcap/core/frame.hpp"
#include "proto/ieee802_3.pb.h"

namespace netcap::encoders {

struct ieee802_3 {
  static constexpr std::string_view name = "IEEE802_3";
  using record_type = IEEE802_3;
  using layer_type = Tins::Dot3;

  void encode(const Tins::Dot3& header, const frame& f, IEEE802_3& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_src_mac(header.src_addr().begin(), Tins::Dot3::address_type::address_size);
    r.set_dst_mac(header.dst_addr().begin(), Tins::Dot3::address_type::address_size);
    r.set_length(header.length());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IEEE802_3_HPP_
