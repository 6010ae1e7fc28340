// The CiscoDiscoveryInfo layer encoder: one record per Cisco Discovery
// Protocol packet, with its TLVs decoded as gopacket decodes them.
#ifndef NETCAP_ENCODERS_CISCODISCOVERYINFO_HPP_
#define NETCAP_ENCODERS_CISCODISCOVERYINFO_HPP_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include <tins/ip_address.h>
#include <tins/ipv6_address.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/layers/cdp.hpp"
#include "proto/ciscodiscoveryinfo.pb.h"

namespace netcap::encoders {

struct ciscodiscoveryinfo {
  static constexpr std::string_view name = "CiscoDiscoveryInfo";
  using record_type = CiscoDiscoveryInfo;
  using layer_type = layers::cdp;

  void encode(const layers::cdp& cdp, const frame& f, CiscoDiscoveryInfo& r) const {
    using C = layers::cdp;
    r.set_timestamp(f.timestamp_ns);
    // Which single-valued TLVs were already seen; types above 0x3f share the
    // last slot and go to `unknown` anyway.
    bool seen[64] = {};
    // The layer checked every fixed-size TLV's length and every address list.
    layers::for_each_cdp_tlv(cdp.tlvs(), [&](const layers::cdp_tlv& t) {
      const std::string_view v = t.value;
      const bool first = !seen[t.type < 64 ? t.type : 63];
      seen[t.type < 64 ? t.type : 63] = true;
      switch (t.type) {
        case C::device_id_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_device_id());
          break;
        case C::addresses_tlv:
          add_addresses(v, r.mutable_addresses());
          break;
        case C::port_id_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_port_id());
          break;
        case C::capabilities_tlv:
          if (first) set_capabilities(be32(v, 0), *r.mutable_capabilities());
          break;
        case C::version_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_version());
          break;
        case C::platform_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_platform());
          break;
        case C::ip_prefixes_tlv:
          for (std::size_t at = 0; at + 5 <= v.size(); at += 5) {
            auto* net = r.add_ip_prefixes();
            net->set_ip(ipv4_text(v.substr(at, 4)));
            net->set_ip_mask(mask_text(u8(v, at + 4)));
          }
          break;
        case C::vtp_domain_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_vtp_domain());
          break;
        case C::native_vlan_tlv:
          if (first) r.set_native_vlan(be16(v, 0));
          break;
        case C::full_duplex_tlv:
          if (first) r.set_full_duplex(u8(v, 0) == 1);
          break;
        case C::vlan_reply_tlv:
        case C::vlan_query_tlv:
          if (first) {
            auto* d = t.type == C::vlan_reply_tlv ? r.mutable_vlan_reply() : r.mutable_vlan_query();
            d->set_id(u8(v, 0));
            d->set_vlan(be16(v, 1));
          }
          break;
        case C::power_consumption_tlv:
          if (first) r.set_power_consumption(be16(v, 0));
          break;
        case C::mtu_tlv:
          if (first) r.set_mtu(be32(v, 0));
          break;
        case C::extended_trust_tlv:
          if (first) r.set_extended_trust(u8(v, 0));
          break;
        case C::untrusted_cos_tlv:
          if (first) r.set_untrusted_cos(u8(v, 0));
          break;
        case C::sys_name_tlv:
          if (first) detail::assign_utf8(v, *r.mutable_sys_name());
          break;
        case C::sys_oid_tlv:
          if (first) r.set_sys_oid(v.data(), v.size());
          break;
        case C::mgmt_addresses_tlv:
          add_addresses(v, r.mutable_mgmt_addresses());
          break;
        case C::location_tlv:
          if (first) {
            r.mutable_location()->set_type(u8(v, 0));
            detail::assign_utf8(v.substr(1), *r.mutable_location()->mutable_location());
          }
          break;
        case C::power_request_tlv:
        case C::power_available_tlv:
          if (first) {
            auto* d = t.type == C::power_request_tlv ? r.mutable_power_request()
                                                     : r.mutable_power_available();
            d->set_id(be16(v, 0));
            d->set_mgmt_id(be16(v, 2));
            for (std::size_t at = 4; at + 4 <= v.size(); at += 4) d->add_values(be32(v, at));
          }
          break;
        case C::spare_pair_poe_tlv:
          if (first) {
            auto* p = r.mutable_spare_pair_poe();
            p->set_pse_four_wire(u8(v, 0) & 0x01);
            p->set_pd_arch_shared(u8(v, 0) & 0x02);
            p->set_pd_request_on(u8(v, 0) & 0x04);
            p->set_pse_on(u8(v, 0) & 0x08);
          }
          break;
        default: {
          auto* u = r.add_unknown();
          u->set_type(t.type);
          u->set_length(t.length);
          u->set_value(v.data(), v.size());
        }
      }
    });
  }

 private:
  static std::uint8_t u8(std::string_view v, std::size_t at) {
    return static_cast<std::uint8_t>(v[at]);
  }
  static std::uint16_t be16(std::string_view v, std::size_t at) {
    return static_cast<std::uint16_t>(u8(v, at) << 8 | u8(v, at + 1));
  }
  static std::uint32_t be32(std::string_view v, std::size_t at) {
    return static_cast<std::uint32_t>(be16(v, at)) << 16 | be16(v, at + 2);
  }

  static std::string ipv4_text(std::string_view a) {
    char text[16];
    std::snprintf(text, sizeof(text), "%u.%u.%u.%u", u8(a, 0), u8(a, 1), u8(a, 2), u8(a, 3));
    return text;
  }

  // A prefix length as Go prints net.CIDRMask(n, 32); Go's mask is nil, and
  // prints "<nil>", for a length over 32.
  static std::string mask_text(unsigned bits) {
    if (bits > 32) return "<nil>";
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    char text[9];
    std::snprintf(text, sizeof(text), "%08x", mask);
    return text;
  }

  // Addresses as text: IPv4 and IPv6 as usual, anything else in hex.
  template <class Field>
  static void add_addresses(std::string_view v, Field* out) {
    layers::for_each_cdp_address(v, [&](int, std::string_view, std::string_view address) {
      if (address.size() == 4) {
        out->Add(ipv4_text(address));
      } else if (address.size() == 16) {
        out->Add(Tins::IPv6Address(reinterpret_cast<const std::uint8_t*>(address.data()))
                     .to_string());
      } else {
        std::string hex;
        for (char c : address) {
          char two[3];
          std::snprintf(two, sizeof(two), "%02x", static_cast<std::uint8_t>(c));
          hex += two;
        }
        out->Add(std::move(hex));
      }
    });
  }

  // Cisco's capability bits, as gopacket names them.
  static void set_capabilities(std::uint32_t bits, CiscoDiscoveryInfo::Capabilities& c) {
    c.set_l3_router(bits & 0x001);
    c.set_tb_bridge(bits & 0x002);
    c.set_sp_bridge(bits & 0x004);
    c.set_l2_switch(bits & 0x008);
    c.set_is_host(bits & 0x010);
    c.set_igmp_filter(bits & 0x020);
    c.set_l1_repeater(bits & 0x040);
    c.set_is_phone(bits & 0x080);
    c.set_remotely_managed(bits & 0x100);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_CISCODISCOVERYINFO_HPP_
