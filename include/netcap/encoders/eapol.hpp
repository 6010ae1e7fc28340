// The EAPOL layer encoder: one record per IEEE 802.1X EAPOL frame, of any
// packet type. What the frame carries has encoders of its own: EAPOLKey for
// key frames, EAP for EAP packets.
#ifndef NETCAP_ENCODERS_EAPOL_HPP_
#define NETCAP_ENCODERS_EAPOL_HPP_

#include <array>
#include <string_view>

#include <tins/eapol.h>

#include "netcap/core/frame.hpp"
#include "netcap/layers/eapol.hpp"
#include "proto/eapol.pb.h"

namespace netcap::encoders {

struct eapol {
  static constexpr std::string_view name = "EAPOL";
  using record_type = EAPOL;
  using layer_type = Tins::EAPOL;
  // libtins makes a subclass of Tins::EAPOL for each kind of key frame;
  // netcap's eapol_frame is the one for every other frame.
  static constexpr std::array<Tins::PDU::PDUType, 4> layer_types = {
      Tins::PDU::EAPOL, Tins::PDU::RC4EAPOL, Tins::PDU::RSNEAPOL, layers::eapol_frame::pdu_flag};

  void encode(const Tins::EAPOL& header, const frame& f, EAPOL& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(header.version());
    r.set_type(header.packet_type());
    r.set_length(header.length());
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_EAPOL_HPP_
