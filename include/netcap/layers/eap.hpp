// The Extensible Authentication Protocol (RFC 3748) inside IEEE 802.1X
// EAPOL frames of type EAP-Packet (0), as a payload layer (core/layer.hpp).
//
// libtins parses EAPOL key frames only; every other EAPOL frame becomes
// netcap's EAPOL layer (layers/eapol.hpp), which hands its body on raw.
// This layer claims the body of an EAP-Packet frame and reads the EAP
// header and type data it carries.
#ifndef NETCAP_LAYERS_EAP_HPP_
#define NETCAP_LAYERS_EAP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/layers/eapol.hpp"

namespace netcap::layers {

class eap {
 public:
  static constexpr std::string_view name = "EAP";
  static constexpr std::uint8_t eap_packet = 0;

  // Claims the body of an EAPOL frame of type EAP-Packet.
  static bool claims(const Tins::PDU& layer) {
    return layer.pdu_type() == eapol_frame::pdu_flag &&
           static_cast<const eapol_frame&>(layer).packet_type() == eap_packet;
  }

  // Decodes the EAP packet, bounded by the EAPOL body length and by its
  // own length field (RFC 3748, 4: "octets outside the range of the Length
  // field should be treated as Data Link Layer padding").
  std::string_view decode(const std::uint8_t* data, std::uint32_t size,
                          const Tins::PDU& layer) {
    present_ = false;
    const std::uint32_t body = static_cast<const eapol_frame&>(layer).length();
    if (body > size) return "EAP: EAPOL body beyond the packet";
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
