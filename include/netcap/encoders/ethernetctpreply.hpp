// The EthernetCTPReply layer encoder: one record per Ethernet Configuration
// Testing Protocol frame that holds a reply function; frames that only
// forward hold none.
#ifndef NETCAP_ENCODERS_ETHERNETCTPREPLY_HPP_
#define NETCAP_ENCODERS_ETHERNETCTPREPLY_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/ethernet_ctp.hpp"
#include "proto/ethernetctpreply.pb.h"

namespace netcap::encoders {

struct ethernetctpreply {
  static constexpr std::string_view name = "EthernetCTPReply";
  using record_type = EthernetCTPReply;
  using layer_type = layers::ethernet_ctp;

  bool encode(const layers::ethernet_ctp& ctp, const frame& f, EthernetCTPReply& r) const {
    if (!ctp.has_reply()) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_function(layers::ethernet_ctp::reply_function);
    r.set_receipt_number(ctp.receipt_number());
    r.set_data(ctp.reply_data().data(), ctp.reply_data().size());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ETHERNETCTPREPLY_HPP_
