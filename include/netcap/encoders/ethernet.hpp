// The Ethernet layer encoder: one record per Ethernet II header.
#ifndef NETCAP_ENCODERS_ETHERNET_HPP_
#define NETCAP_ENCODERS_ETHERNET_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ethernetII.h>
#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ethernet.pb.h"

namespace netcap::encoders {

struct ethernet {
  static constexpr std::string_view name = "Ethernet";
  using record_type = Ethernet;
  using layer_type = Tins::EthernetII;

  void encode(const Tins::EthernetII& eth, const frame& f, Ethernet& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_src_mac(eth.src_addr().begin(), Tins::EthernetII::address_type::address_size);
    r.set_dst_mac(eth.dst_addr().begin(), Tins::EthernetII::address_type::address_size);
    r.set_ethernet_type(eth.payload_type());
    const std::uint32_t size = payload_size(eth);
    r.set_payload_size(size);
    if (f.options.entropy) {
      r.set_payload_entropy(detail::entropy(detail::captured_payload(eth, size, f)));
    }
  }

 private:
  // The bytes the frame carries for the protocols inside it, without the
  // padding that brings a short frame up to the minimum frame size, 64 bytes
  // with the frame check sequence (IEEE 802.3, clause 4.2.3.3). libtins' own
  // `size()` adds the padding it would append when sending
  // (`trailer_size()`), so it is no help here. IPv4 and IPv6 stop where
  // their length fields say, which leaves the padding out; ARP carries
  // nothing after its addresses (RFC 826), but libtins keeps what follows
  // them as a raw layer, which is taken off here. Padding after a protocol
  // libtins leaves raw cannot be told from its data and is counted.
  static std::uint32_t payload_size(const Tins::EthernetII& eth) {
    std::uint32_t size = detail::payload_size(eth);
    for (const Tins::PDU* p = eth.inner_pdu(); p != nullptr; p = p->inner_pdu()) {
      if (p->pdu_type() == Tins::PDU::ARP) {
        if (p->inner_pdu() != nullptr) size -= p->inner_pdu()->size();
        break;
      }
    }
    return size;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ETHERNET_HPP_
