// The Link Layer Discovery Protocol (IEEE 802.1AB), EtherType 0x88cc, as a
// layer netcap adds to libtins, which has no dissector for it.
//
// An LLDPDU is a list of TLVs, each a 7-bit type, a 9-bit length and that
// many bytes, ending with an End TLV (type 0). The first three are
// mandatory: chassis ID, port ID and time to live. The layer keeps the
// TLVs' bytes and checks every length when it is made, so its accessors
// read only within them.
#ifndef NETCAP_LAYERS_LLDP_HPP_
#define NETCAP_LAYERS_LLDP_HPP_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/exceptions.h>
#include <tins/pdu.h>

namespace netcap::layers {

// One TLV of an LLDPDU.
struct lldp_tlv {
  int type = 0;
  int length = 0;
  std::string_view value;
};

// Calls `visit(tlv)` for each TLV in `bytes`, up to and excluding the End
// TLV; returns false when a TLV's length runs past the bytes.
template <class Visit>
bool for_each_lldp_tlv(std::string_view bytes, Visit&& visit) {
  std::size_t at = 0;
  // Each TLV takes at least its two-byte header, so this ends.
  while (at + 2 <= bytes.size()) {
    const auto b0 = static_cast<std::uint8_t>(bytes[at]);
    const auto b1 = static_cast<std::uint8_t>(bytes[at + 1]);
    lldp_tlv tlv;
    tlv.type = b0 >> 1;
    tlv.length = (b0 & 1) << 8 | b1;
    if (tlv.type == 0) return true;
    if (bytes.size() - at - 2 < static_cast<std::size_t>(tlv.length)) return false;
    tlv.value = bytes.substr(at + 2, tlv.length);
    visit(tlv);
    at += 2 + tlv.length;
  }
  return true;
}

class lldp : public Tins::PDU {
 public:
  // Flags of the layers netcap adds are taken from the table in
  // core/layer.hpp, so that layers added apart do not collide.
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 1);
  static constexpr std::array<std::uint16_t, 1> ether_types = {0x88cc};
  static constexpr std::string_view name = "LLDP";

  // IEEE 802.1AB-2016, 8.4: the TLV types.
  static constexpr int end_tlv = 0;
  static constexpr int chassis_id_tlv = 1;
  static constexpr int port_id_tlv = 2;
  static constexpr int ttl_tlv = 3;
  static constexpr int port_description_tlv = 4;
  static constexpr int system_name_tlv = 5;
  static constexpr int system_description_tlv = 6;
  static constexpr int system_capabilities_tlv = 7;
  static constexpr int management_address_tlv = 8;
  static constexpr int org_specific_tlv = 127;

  // Parses an LLDPDU; throws Tins::malformed_packet when a TLV runs past the
  // bytes, when a mandatory TLV is missing or too short (a chassis or port ID
  // needs its subtype and one byte, TTL two bytes), or when an optional TLV
  // is shorter than its fixed part (system capabilities 4 bytes, management
  // address 9, organizationally specific 4), as gopacket rejects them.
  lldp(const std::uint8_t* data, std::uint32_t size) : bytes_(data, data + size) {
    // The first TLV of each mandatory type is the one the accessors read.
    int chassis = 0, port = 0, ttl = 0;  // 0 none, 1 valid, -1 too short
    auto first = [](int& seen, bool ok) {
      if (seen == 0) seen = ok ? 1 : -1;
    };
    bool valid = for_each_lldp_tlv(view(), [&](const lldp_tlv& t) {
      switch (t.type) {
        case chassis_id_tlv: first(chassis, t.length >= 2); break;
        case port_id_tlv: first(port, t.length >= 2); break;
        case ttl_tlv: first(ttl, t.length >= 2); break;
        case system_capabilities_tlv: valid_optional(t.length >= 4); break;
        case management_address_tlv: valid_optional(management_address_fits(t.value)); break;
        case org_specific_tlv: valid_optional(t.length >= 4); break;
        default: break;
      }
    });
    if (!valid || !optional_valid_ || chassis != 1 || port != 1 || ttl != 1) {
      throw Tins::malformed_packet();
    }
    // What follows the End TLV is padding, not part of the LLDPDU.
    std::size_t length = 0;
    for_each_lldp_tlv(view(), [&](const lldp_tlv& t) {
      length = static_cast<std::size_t>(t.value.data() - view().data()) + t.length;
    });
    length_ = static_cast<std::uint32_t>(length + (length + 2 <= bytes_.size() ? 2 : 0));
  }

  // The TLVs, End excluded, as captured.
  std::string_view tlvs() const { return view(); }

  // The first TLV of a type; its type is 0 when there is none.
  lldp_tlv find(int type) const {
    lldp_tlv found;
    for_each_lldp_tlv(view(), [&](const lldp_tlv& t) {
      if (t.type == type && found.type == 0) found = t;
    });
    return found;
  }

  std::uint16_t ttl() const {
    const lldp_tlv t = find(ttl_tlv);
    return static_cast<std::uint16_t>(static_cast<std::uint8_t>(t.value[0]) << 8 |
                                      static_cast<std::uint8_t>(t.value[1]));
  }

  // IEEE 802.1AB-2016, 8.5.9: the management address TLV is an address
  // string length (counting the subtype byte), the address subtype and
  // address, the interface numbering subtype, a 4-byte interface number, an
  // OID string length and the OID.
  static bool management_address_fits(std::string_view v) {
    if (v.size() < 9) return false;
    const std::size_t address_length = static_cast<std::uint8_t>(v[0]);
    if (address_length < 1 || 1 + address_length + 5 + 1 > v.size()) return false;
    const std::size_t oid_length = static_cast<std::uint8_t>(v[1 + address_length + 5]);
    return 1 + address_length + 5 + 1 + oid_length <= v.size();
  }

  std::uint32_t header_size() const override { return length_; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  lldp* clone() const override { return new lldp(*this); }
  void write_serialization(std::uint8_t* buffer, std::uint32_t total_size) override {
    for (std::uint32_t i = 0; i < total_size && i < bytes_.size(); ++i) buffer[i] = bytes_[i];
  }

 private:
  std::string_view view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }
  void valid_optional(bool ok) { optional_valid_ = optional_valid_ && ok; }

  std::vector<std::uint8_t> bytes_;
  std::uint32_t length_ = 0;
  bool optional_valid_ = true;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_LLDP_HPP_
