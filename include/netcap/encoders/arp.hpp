// The ARP layer encoder: one record per ARP packet.
#ifndef NETCAP_ENCODERS_ARP_HPP_
#define NETCAP_ENCODERS_ARP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/arp.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/arp.pb.h"

namespace netcap::encoders {

struct arp {
  static constexpr std::string_view name = "ARP";
  using record_type = ARP;
  using layer_type = Tins::ARP;

  void encode(const Tins::ARP& arp, const frame& f, ARP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_addr_type(arp.hw_addr_format());
    r.set_protocol(arp.prot_addr_format());
    r.set_hw_address_size(arp.hw_addr_length());
    r.set_prot_address_size(arp.prot_addr_length());
    r.set_operation(arp.opcode());
    if (arp.hw_addr_length() == 6 && arp.prot_addr_length() == 4) {
      set_address(r.mutable_src_hw_address(), arp.sender_hw_addr());
      set_address(r.mutable_src_prot_address(), arp.sender_ip_addr());
      set_address(r.mutable_dst_hw_address(), arp.target_hw_addr());
      set_address(r.mutable_dst_prot_address(), arp.target_ip_addr());
    } else {
      set_addresses_from_frame(arp, f, r);
    }
  }

 private:
  static void set_address(std::string* out, const Tins::ARP::hwaddress_type& a) {
    out->assign(reinterpret_cast<const char*>(a.begin()), a.size());
  }

  static void set_address(std::string* out, Tins::ARP::ipaddress_type a) {
    const std::uint32_t bytes = a;  // network byte order
    out->assign(reinterpret_cast<const char*>(&bytes), sizeof(bytes));
  }

  // libtins reads every ARP packet as Ethernet and IPv4 ARP, with 6- and
  // 4-byte addresses at fixed places. For other address sizes the addresses
  // follow the 8-byte fixed part in the order sender hardware, sender
  // protocol, target hardware, target protocol (RFC 826), and are read from
  // the captured bytes; they stay empty when those were not captured.
  static void set_addresses_from_frame(const Tins::ARP& arp, const frame& f, ARP& r) {
    const std::uint32_t hw = arp.hw_addr_length();
    const std::uint32_t prot = arp.prot_addr_length();
    const std::string_view bytes =
        detail::frame_bytes(f, detail::layer_offset(arp) + 8, 2 * (hw + prot));
    if (bytes.empty()) return;
    r.set_src_hw_address(bytes.data(), hw);
    r.set_src_prot_address(bytes.data() + hw, prot);
    r.set_dst_hw_address(bytes.data() + hw + prot, hw);
    r.set_dst_prot_address(bytes.data() + 2 * hw + prot, prot);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_ARP_HPP_
