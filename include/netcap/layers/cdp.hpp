// The Cisco Discovery Protocol, as a layer netcap adds to libtins: carried
// in IEEE 802 SNAP under Cisco's OUI with protocol ID 0x2000 (registered
// with `snap_protocols`, core/layer.hpp).
//
// A CDP packet is a version, a TTL, a checksum, and TLVs, each a 16-bit
// type, a 16-bit length that counts the 4-byte TLV header, and the value.
// The layer keeps the TLVs' bytes and checks them when it is made, so its
// accessors and the encoders read only within them.
#ifndef NETCAP_LAYERS_CDP_HPP_
#define NETCAP_LAYERS_CDP_HPP_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/exceptions.h>
#include <tins/pdu.h>

namespace netcap::layers {

struct cdp_tlv {
  int type = 0;
  int length = 0;  // counts the 4-byte header, as sent
  std::string_view value;
};

// Calls `visit(tlv)` for each TLV in `bytes`; returns false when one is
// shorter than its header or runs past the bytes.
template <class Visit>
bool for_each_cdp_tlv(std::string_view bytes, Visit&& visit) {
  auto u8 = [&](std::size_t at) { return static_cast<std::uint8_t>(bytes[at]); };
  std::size_t at = 0;
  // Each TLV takes at least its four-byte header, so this ends.
  while (at < bytes.size()) {
    if (bytes.size() - at < 4) return false;
    cdp_tlv tlv;
    tlv.type = u8(at) << 8 | u8(at + 1);
    tlv.length = u8(at + 2) << 8 | u8(at + 3);
    if (tlv.length < 4 || static_cast<std::size_t>(tlv.length) > bytes.size() - at) return false;
    tlv.value = bytes.substr(at + 4, tlv.length - 4);
    visit(tlv);
    at += tlv.length;
  }
  return true;
}

// Calls `visit(protocol_type, protocol, address)` for each address of a CDP
// address TLV (types 0x02 and 0x16): a 32-bit count, then per address a
// protocol type (1 NLPID, 2 802.2), protocol length and protocol, and a
// 16-bit address length and the address. Returns false when an address
// runs past the value. gopacket also rejects a count of zero, which Cisco
// IOS sends on interfaces without an address (and tshark accepts); netcap
// accepts it as no address.
template <class Visit>
bool for_each_cdp_address(std::string_view v, Visit&& visit) {
  auto u8 = [&](std::size_t at) { return static_cast<std::uint8_t>(v[at]); };
  if (v.size() < 4) return false;
  const std::uint32_t count = static_cast<std::uint32_t>(u8(0)) << 24 | u8(1) << 16 |
                              u8(2) << 8 | u8(3);
  std::size_t at = 4;
  // Each address takes at least four bytes, so the loop ends with the value.
  for (std::uint32_t i = 0; i < count; ++i) {
    if (v.size() - at < 2) return false;
    const std::size_t protocol_length = u8(at + 1);
    if (v.size() - at < 4 + protocol_length) return false;
    const std::size_t address_length = u8(at + 2 + protocol_length) << 8 |
                                       u8(at + 3 + protocol_length);
    if (v.size() - at - 4 - protocol_length < address_length) return false;
    visit(u8(at), v.substr(at + 2, protocol_length),
          v.substr(at + 4 + protocol_length, address_length));
    at += 4 + protocol_length + address_length;
  }
  return true;
}

class cdp : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 2);
  static constexpr std::array<std::uint16_t, 1> snap_protocols = {0x2000};
  static constexpr std::string_view name = "CDP";

  // The TLV types (Cisco's CDP documentation, and Wireshark's packet-cdp.c).
  static constexpr int device_id_tlv = 0x01;
  static constexpr int addresses_tlv = 0x02;
  static constexpr int port_id_tlv = 0x03;
  static constexpr int capabilities_tlv = 0x04;
  static constexpr int version_tlv = 0x05;
  static constexpr int platform_tlv = 0x06;
  static constexpr int ip_prefixes_tlv = 0x07;
  static constexpr int vtp_domain_tlv = 0x09;
  static constexpr int native_vlan_tlv = 0x0a;
  static constexpr int full_duplex_tlv = 0x0b;
  static constexpr int vlan_reply_tlv = 0x0e;
  static constexpr int vlan_query_tlv = 0x0f;
  static constexpr int power_consumption_tlv = 0x10;
  static constexpr int mtu_tlv = 0x11;
  static constexpr int extended_trust_tlv = 0x12;
  static constexpr int untrusted_cos_tlv = 0x13;
  static constexpr int sys_name_tlv = 0x14;
  static constexpr int sys_oid_tlv = 0x15;
  static constexpr int mgmt_addresses_tlv = 0x16;
  static constexpr int location_tlv = 0x17;
  static constexpr int power_request_tlv = 0x19;
  static constexpr int power_available_tlv = 0x1a;
  static constexpr int spare_pair_poe_tlv = 0x1c;

  // The shortest value each fixed-size TLV may have, as gopacket checks it;
  // 0 for the rest.
  static constexpr std::size_t min_value_length(int type) {
    switch (type) {
      case capabilities_tlv: case mtu_tlv: return 4;
      case native_vlan_tlv: case power_consumption_tlv: case location_tlv: return 2;
      case full_duplex_tlv: case extended_trust_tlv: case untrusted_cos_tlv:
      case spare_pair_poe_tlv: return 1;
      case vlan_reply_tlv: case vlan_query_tlv: return 3;
      case power_request_tlv: case power_available_tlv: return 4;
      default: return 0;
    }
  }

  // Throws Tins::malformed_packet when the header is cut short, the version
  // is neither 1 nor 2, a TLV is shorter than its header or runs past the
  // packet, a fixed-size TLV is too short, or an address list is broken.
  cdp(const std::uint8_t* data, std::uint32_t size) {
    if (size < 4) throw Tins::malformed_packet();
    version_ = data[0];
    ttl_ = data[1];
    checksum_ = static_cast<std::uint16_t>(data[2] << 8 | data[3]);
    if (version_ != 1 && version_ != 2) throw Tins::malformed_packet();
    bytes_.assign(data + 4, data + size);
    bool valid = true;
    const bool tlvs_valid = for_each_cdp_tlv(tlvs(), [&](const cdp_tlv& t) {
      if (t.value.size() < min_value_length(t.type)) valid = false;
      if (t.type == addresses_tlv || t.type == mgmt_addresses_tlv) {
        valid = valid && for_each_cdp_address(t.value, [](int, std::string_view,
                                                           std::string_view) {});
      }
      if (t.type == ip_prefixes_tlv && t.value.size() % 5 != 0) valid = false;
    });
    if (!tlvs_valid || !valid) throw Tins::malformed_packet();
  }

  std::uint8_t version() const { return version_; }
  std::uint8_t ttl() const { return ttl_; }
  std::uint16_t checksum() const { return checksum_; }
  std::string_view tlvs() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

  std::uint32_t header_size() const override {
    return static_cast<std::uint32_t>(4 + bytes_.size());
  }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  cdp* clone() const override { return new cdp(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  std::uint8_t version_ = 0;
  std::uint8_t ttl_ = 0;
  std::uint16_t checksum_ = 0;
  std::vector<std::uint8_t> bytes_;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_CDP_HPP_
