// The IEEE 802.1X EAPOL frames libtins does not dissect, as a layer netcap
// adds to libtins: every frame that is not an EAPOL-Key (IEEE 802.1X-2010,
// 11.3.2: EAP-Packet 0, Start 1, Logoff 2, ...).
//
// libtins reads every EAPOL frame as a key: it takes an EAP packet's code
// for a key descriptor type, and then makes a key of the EAP packet's bytes,
// throws, or returns nothing. Dissection (core/dissect.hpp) puts this layer
// in the place of what libtins made of such a frame, so that one encoder,
// EAPOL, records every EAPOL frame, key or not: it is a `Tins::EAPOL` like
// libtins' key layers (RC4EAPOL, RSNEAPOL), with its own flag, 1011. What
// the frame's body holds is handed on raw: an EAP packet for the EAP
// payload layer (layers/eap.hpp) to claim.
//
// The header is version (1), packet type (1) and body length (2, network
// byte order); the body follows.
#ifndef NETCAP_LAYERS_EAPOL_HPP_
#define NETCAP_LAYERS_EAPOL_HPP_

#include <cstdint>
#include <string_view>

#include <tins/eapol.h>
#include <tins/exceptions.h>
#include <tins/memory_helpers.h>
#include <tins/rawpdu.h>

namespace netcap::layers {

class eapol_frame : public Tins::EAPOL {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 11);
  static constexpr std::string_view name = "EAPOL";
  static constexpr std::uint32_t header_bytes = 4;
  static constexpr std::uint8_t key_packet_type = 3;

  // Throws Tins::malformed_packet when the header is cut short. The body,
  // cut at its length when the frame holds more (Ethernet padding), is
  // handed on raw.
  eapol_frame(const std::uint8_t* data, std::uint32_t size)
      : Tins::EAPOL(0, static_cast<EAPOLTYPE>(0)) {
    if (size < header_bytes) throw Tins::malformed_packet();
    version(data[0]);
    packet_type(data[1]);
    length(static_cast<std::uint16_t>(data[2] << 8 | data[3]));
    std::uint32_t body = size - header_bytes;
    if (length() < body) body = length();
    if (body > 0) inner_pdu(new Tins::RawPDU(data + header_bytes, body));
  }

  std::uint32_t header_size() const override { return header_bytes; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  eapol_frame* clone() const override { return new eapol_frame(*this); }

 private:
  // Never serialized: netcap writes captured bytes, not rebuilt ones.
  void write_body(Tins::Memory::OutputMemoryStream&) override {}
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_EAPOL_HPP_
