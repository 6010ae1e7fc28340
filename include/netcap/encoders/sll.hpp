// The SLL layer encoder: one record per Linux cooked capture header.
#ifndef NETCAP_ENCODERS_SLL_HPP_
#define NETCAP_ENCODERS_SLL_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <tins/sll.h>

#include "netcap/core/frame.hpp"
#include "proto/sll.pb.h"

namespace netcap::encoders {

struct sll {
  static constexpr std::string_view name = "SLL";
  using record_type = SLL;
  using layer_type = Tins::SLL;

  void encode(const Tins::SLL& header, const frame& f, SLL& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_packet_type(header.packet_type());
    r.set_address_type(header.lladdr_type());
    r.set_address_length(header.lladdr_len());
    // The address field has room for 8 bytes whatever the length says.
    // (address().size(), not address_type::address_size: libtins declares
    // that constant without defining it, and std::min takes a reference.)
    const std::size_t size = std::min<std::size_t>(header.lladdr_len(), header.address().size());
    r.set_address(header.address().begin(), size);
    r.set_protocol(header.protocol());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_SLL_HPP_
