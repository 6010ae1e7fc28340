// The Dot11Control layer encoder: one record per 802.11 control frame (RTS,
// CTS, ACK, PS-Poll, CF-End, block ack request, block ack). libtins has a
// class for most of these subtypes, but they share nearly every field and
// carry no body, so they are one record type told apart by `subtype`,
// rather than seven with two fields each.
#ifndef NETCAP_ENCODERS_DOT11CONTROL_HPP_
#define NETCAP_ENCODERS_DOT11CONTROL_HPP_

#include <string_view>

#include <tins/dot11/dot11_control.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "proto/dot11control.pb.h"

namespace netcap::encoders {

struct dot11control {
  static constexpr std::string_view name = "Dot11Control";
  using record_type = Dot11Control;
  // libtins has no class for CTS (and other control subtypes it does not
  // know) and makes such a frame a plain Tins::Dot11, so the encoder sees
  // those too and keeps the control frames among them.
  using layer_type = Tins::Dot11;
  static constexpr auto layer_types = detail::dot11_control_and_plain_layer_types;

  bool encode(const Tins::Dot11& control, const frame& f, Dot11Control& r) const {
    if (control.type() != Tins::Dot11::CONTROL) return false;
    constexpr std::size_t size = Tins::Dot11::address_type::address_size;
    r.set_timestamp(f.timestamp_ns);
    r.set_subtype(control.subtype());
    r.set_receiver(control.addr1().begin(), size);
    const Tins::PDU::PDUType type = control.pdu_type();
    // Every libtins control class but the generic ones (Tins::Dot11Control,
    // and Tins::Dot11 for CTS) and ACK has a transmitter address.
    if (type != Tins::PDU::DOT11 && type != Tins::PDU::DOT11_CONTROL &&
        type != Tins::PDU::DOT11_ACK) {
      r.set_transmitter(static_cast<const Tins::Dot11ControlTA&>(control).target_addr().begin(),
                        size);
    }
    if (type == Tins::PDU::DOT11_PS_POLL) {
      // IEEE 802.11-2016, 9.3.1.5: the AID, its two high bits set.
      r.set_aid(control.duration_id() & 0x3fff);
    } else if (type == Tins::PDU::DOT11_BLOCK_ACK_REQ) {
      const auto& request = static_cast<const Tins::Dot11BlockAckRequest&>(control);
      r.set_tid(request.bar_control());
      r.set_start_sequence(request.start_sequence());
      r.set_fragment_number(request.fragment_number());
    } else if (type == Tins::PDU::DOT11_BLOCK_ACK) {
      const auto& ack = static_cast<const Tins::Dot11BlockAck&>(control);
      r.set_tid(ack.bar_control());
      r.set_start_sequence(ack.start_sequence());
      r.set_fragment_number(ack.fragment_number());
      r.set_bitmap(ack.bitmap(), Tins::Dot11BlockAck::bitmap_size);
    }
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11CONTROL_HPP_
