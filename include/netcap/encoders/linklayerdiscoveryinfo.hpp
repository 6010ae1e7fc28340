// The LinkLayerDiscoveryInfo layer encoder: one record per LLDP data unit,
// with its optional TLVs decoded (IEEE 802.1AB-2016, 8.5.4 to 8.6).
#ifndef NETCAP_ENCODERS_LINKLAYERDISCOVERYINFO_HPP_
#define NETCAP_ENCODERS_LINKLAYERDISCOVERYINFO_HPP_

#include <cstdint>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/layers/lldp.hpp"
#include "proto/linklayerdiscoveryinfo.pb.h"

namespace netcap::encoders {

struct linklayerdiscoveryinfo {
  static constexpr std::string_view name = "LinkLayerDiscoveryInfo";
  using record_type = LinkLayerDiscoveryInfo;
  using layer_type = layers::lldp;

  void encode(const layers::lldp& lldp, const frame& f, LinkLayerDiscoveryInfo& r) const {
    using L = layers::lldp;
    r.set_timestamp(f.timestamp_ns);
    bool seen[128] = {};
    layers::for_each_lldp_tlv(lldp.tlvs(), [&](const layers::lldp_tlv& t) {
      const bool first = !seen[t.type];
      seen[t.type] = true;
      switch (t.type) {
        case L::chassis_id_tlv: case L::port_id_tlv: case L::ttl_tlv:
          break;
        case L::port_description_tlv:
          if (first) detail::assign_utf8(t.value, *r.mutable_port_description());
          break;
        case L::system_name_tlv:
          if (first) detail::assign_utf8(t.value, *r.mutable_sys_name());
          break;
        case L::system_description_tlv:
          if (first) detail::assign_utf8(t.value, *r.mutable_sys_description());
          break;
        case L::system_capabilities_tlv:
          // The layer checked the two 16-bit fields are there.
          if (first) {
            set_capabilities(be16(t.value, 0), r.mutable_sys_capabilities()->mutable_system_cap());
            set_capabilities(be16(t.value, 2), r.mutable_sys_capabilities()->mutable_enabled_cap());
          }
          break;
        case L::management_address_tlv:
          if (first) set_management_address(t.value, *r.mutable_mgmt_address());
          break;
        case L::org_specific_tlv: {
          auto* org = r.add_org_tlvs();
          org->set_oui(static_cast<std::uint32_t>(byte(t.value, 0)) << 16 |
                       static_cast<std::uint32_t>(byte(t.value, 1)) << 8 | byte(t.value, 2));
          org->set_sub_type(byte(t.value, 3));
          org->set_info(t.value.data() + 4, t.value.size() - 4);
          break;
        }
        default: {
          auto* v = r.add_unknown();
          v->set_type(t.type);
          v->set_length(t.length);
          v->set_value(t.value.data(), t.value.size());
        }
      }
    });
  }

 private:
  static std::uint8_t byte(std::string_view v, std::size_t at) {
    return static_cast<std::uint8_t>(v[at]);
  }
  static std::uint16_t be16(std::string_view v, std::size_t at) {
    return static_cast<std::uint16_t>(byte(v, at) << 8 | byte(v, at + 1));
  }

  // IEEE 802.1AB-2016, Table 8-4: bit 0 is "other", bit 10 "two-port MAC
  // relay".
  static void set_capabilities(std::uint16_t bits, LinkLayerDiscoveryInfo::Capabilities* c) {
    c->set_other(bits & 0x0001);
    c->set_repeater(bits & 0x0002);
    c->set_bridge(bits & 0x0004);
    c->set_wlanap(bits & 0x0008);
    c->set_router(bits & 0x0010);
    c->set_phone(bits & 0x0020);
    c->set_docsis(bits & 0x0040);
    c->set_station_only(bits & 0x0080);
    c->set_cvlan(bits & 0x0100);
    c->set_svlan(bits & 0x0200);
    c->set_tmpr(bits & 0x0400);
  }

  // The layer checked that every part fits (lldp::management_address_fits).
  // gopacket reads the OID from the wrong offset; this follows the standard.
  static void set_management_address(std::string_view v, LinkLayerDiscoveryInfo::MgmtAddress& m) {
    const std::size_t address_length = byte(v, 0);  // counts the subtype
    m.set_subtype(byte(v, 1));
    m.set_address(v.data() + 2, address_length - 1);
    const std::size_t at = 1 + address_length;
    m.set_interface_subtype(byte(v, at));
    m.set_interface_number(static_cast<std::uint32_t>(be16(v, at + 1)) << 16 | be16(v, at + 3));
    const std::size_t oid_length = byte(v, at + 5);
    m.set_oid(v.data() + at + 6, oid_length);
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_LINKLAYERDISCOVERYINFO_HPP_
