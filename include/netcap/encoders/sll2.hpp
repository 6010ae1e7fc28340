// The SLL2 layer encoder: one record per Linux cooked capture v2 header.
#ifndef NETCAP_ENCODERS_SLL2_HPP_
#define NETCAP_ENCODERS_SLL2_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/sll2.hpp"
#include "proto/sll2.pb.h"

namespace netcap::encoders {

struct sll2 {
  static constexpr std::string_view name = "SLL2";
  using record_type = SLL2;
  using layer_type = layers::sll2;

  void encode(const layers::sll2& header, const frame& f, SLL2& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_packet_type(header.packet_type());
    r.set_address_type(header.arphrd_type());
    r.set_address_length(header.address_length());
    // The address field has room for 8 bytes whatever the length says.
    const std::size_t size =
        std::min<std::size_t>(header.address_length(), header.address().size());
    r.set_address(header.address().data(), size);
    r.set_protocol(header.protocol());
    r.set_interface_index(header.interface_index());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_SLL2_HPP_
