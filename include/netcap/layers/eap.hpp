// The Extensible Authentication Protocol (RFC 3748) inside IEEE 802.1X
// EAPOL frames of type EAP-Packet (0), as a payload layer (core/layer.hpp).
//
// libtins parses EAPOL key frames only; for every other EAPOL frame it
// returns no layer, and netcap's dissection hands the bytes on raw behind
// the layer that announced EtherType 0x888e (core/dissect.hpp). This layer
// claims those bytes, reads the 4-byte EAPOL header (IEEE 802.1X-2010,
// 11.3: version, packet type, body length) and, for an EAP packet, the EAP
// header and type data it carries. It does not depend on libtins' EAPOL
// layer nor on an EAPOL encoder.
#ifndef NETCAP_LAYERS_EAP_HPP_
#define NETCAP_LAYERS_EAP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/dot1q.h>
#include <tins/ethernetII.h>
#include <tins/pdu.h>
#include <tins/sll.h>
#include <tins/snap.h>

namespace netcap::layers {

class eap {
 public:
  static constexpr std::string_view name = "EAP";
  static constexpr std::uint16_t eapol_ether_type = 0x888e;
  static constexpr std::uint8_t eap_packet = 0;

  // Claims what follows a layer that announces EtherType 0x888e.
  static bool claims(const Tins::PDU& layer) {
    switch (layer.pdu_type()) {
      case Tins::PDU::ETHERNET_II:
        return static_cast<const Tins::EthernetII&>(layer).payload_type() == eapol_ether_type;
      case Tins::PDU::DOT1Q:
        return static_cast<const Tins::Dot1Q&>(layer).payload_type() == eapol_ether_type;
      case Tins::PDU::SLL:
        return static_cast<const Tins::SLL&>(layer).protocol() == eapol_ether_type;
      case Tins::PDU::SNAP:
        return static_cast<const Tins::SNAP&>(layer).eth_type() == eapol_ether_type;
      default:
        return false;
    }
  }

  // Decodes an EAPOL frame. A frame of another EAPOL type (EAPOL-Start,
  // -Logoff) decodes to no EAP packet (`present()` false). The EAP packet
  // is bounded by the EAPOL body length and by its own length field
  // (RFC 3748, 4: "octets outside the range of the Length field should be
  // treated as Data Link Layer padding").
  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    present_ = false;
    if (size < 4) return "EAP: truncated EAPOL header";
    if (data[1] != eap_packet) return {};
    std::uint32_t body = static_cast<std::uint32_t>(data[2] << 8 | data[3]);
    if (body > size - 4) return "EAP: EAPOL body beyond the packet";
    data += 4;
    if (body < 4) return "EAP: truncated header";
    code_ = data[0];
    id_ = data[1];
    length_ = static_cast<std::uint16_t>(data[2] << 8 | data[3]);
    if (length_ < 4) return "EAP: invalid length";
    if (length_ > body) return "EAP: length beyond the packet";
    // RFC 3748, 4.2: Success and Failure are the header alone.
    type_ = length_ > 4 ? data[4] : 0;
    type_data_ = length_ > 5 ? std::string_view(reinterpret_cast<const char*>(data + 5),
                                                 length_ - 5u)
                             : std::string_view();
    present_ = true;
    return {};
  }

  bool present() const { return present_; }
  std::uint8_t code() const { return code_; }
  std::uint8_t id() const { return id_; }
  std::uint16_t length() const { return length_; }
  std::uint8_t type() const { return type_; }
  // Valid until the next decode; points into the packet.
  std::string_view type_data() const { return type_data_; }

 private:
  bool present_ = false;
  std::uint8_t code_ = 0;
  std::uint8_t id_ = 0;
  std::uint16_t length_ = 0;
  std::uint8_t type_ = 0;
  std::string_view type_data_;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_EAP_HPP_
