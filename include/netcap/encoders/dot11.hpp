// The Dot11 layer encoder: one record per IEEE 802.11 frame, with the header
// fields every frame shares. The body of each kind of frame has encoders of
// its own (dot11beacon.hpp, dot11data.hpp, dot11control.hpp, ...).
#ifndef NETCAP_ENCODERS_DOT11_HPP_
#define NETCAP_ENCODERS_DOT11_HPP_

#include <cstdint>
#include <string_view>

#include <tins/dot11.h>
#include <tins/ppi.h>
#include <tins/radiotap.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/dot11.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/dot11.pb.h"

namespace netcap::encoders {

struct dot11 {
  static constexpr std::string_view name = "Dot11";
  using record_type = Dot11;
  using layer_type = Tins::Dot11;
  static constexpr auto layer_types = detail::dot11_layer_types;

  void encode(const Tins::Dot11& frame_header, const frame& f, Dot11& r) const {
    using A = Tins::Dot11::address_type;
    const Tins::Dot11& d = frame_header;
    r.set_timestamp(f.timestamp_ns);
    r.set_type(d.type());
    r.set_subtype(d.subtype());
    r.set_proto(d.protocol());
    r.set_flags(d.to_ds() | d.from_ds() << 1 | d.more_frag() << 2 | d.retry() << 3 |
                d.power_mgmt() << 4 | d.more_data() << 5 | d.wep() << 6 | d.order() << 7);
    r.set_duration_id(d.duration_id());
    r.set_address1(d.addr1().begin(), A::address_size);
    const Tins::PDU::PDUType type = d.pdu_type();
    // Which addresses a frame has depends on its kind, and libtins keeps
    // them in the subclass of each kind.
    std::uint32_t header = 0;
    if (detail::is_dot11_data(type)) {
      const auto& data = static_cast<const Tins::Dot11Data&>(d);
      fill_addresses(data.addr2(), data.addr3(), data.addr4(), d, r);
      r.set_sequence_number(data.seq_num());
      r.set_fragment_number(data.frag_num());
      header = d.to_ds() && d.from_ds() ? 30 : 24;
      if (type == Tins::PDU::DOT11_QOS_DATA) {
        // IEEE 802.11-2016, 9.2.4.5.1: TID in bits 0-3, EOSP bit 4, ack
        // policy bits 5-6, TXOP limit or queue size in the high byte.
        const std::uint16_t qos = static_cast<const Tins::Dot11QoSData&>(d).qos_control();
        Dot11QOS* q = r.mutable_qos();
        q->set_tid(qos & 0x0f);
        q->set_eosp((qos & 0x10) != 0);
        q->set_ack_policy((qos >> 5) & 0x03);
        q->set_txop(qos >> 8);
        header += 2;
      } else {
        header = 0;  // 9.2.4.6: only QoS data frames carry HT control
      }
    } else if (detail::is_dot11_control(type)) {
      if (type != Tins::PDU::DOT11_CONTROL && type != Tins::PDU::DOT11_ACK) {
        r.set_address2(static_cast<const Tins::Dot11ControlTA&>(d).target_addr().begin(),
                       A::address_size);
      }
    } else if (type == Tins::PDU::DOT11 && d.type() == Tins::Dot11::MANAGEMENT) {
      // A protected management frame, which dissection hands libtins as
      // its header alone (core/dissect.hpp): addresses 2 and 3 and the
      // sequence control field (9.2.4.4) from the captured bytes.
      const std::string_view rest = detail::frame_bytes(f, detail::layer_offset(d) + 10, 14);
      if (rest.size() == 14) {
        r.set_address2(rest.data(), A::address_size);
        r.set_address3(rest.data() + 6, A::address_size);
        const int control = static_cast<std::uint8_t>(rest[12]) |
                            static_cast<std::uint8_t>(rest[13]) << 8;
        r.set_sequence_number(control >> 4);
        r.set_fragment_number(control & 0x0f);
        header = 24;
      }
    } else if (type != Tins::PDU::DOT11) {
      const auto& management = static_cast<const Tins::Dot11ManagementFrame&>(d);
      fill_addresses(management.addr2(), management.addr3(), management.addr4(), d, r);
      r.set_sequence_number(management.seq_num());
      r.set_fragment_number(management.frag_num());
      header = 24;
    }
    // 9.2.4.6: the HT control field follows the QoS control field, or the
    // sequence control field of a management frame, when +HTC is set.
    if (header != 0 && d.order()) {
      const std::string_view htc = detail::frame_bytes(f, detail::layer_offset(d) + header, 4);
      if (htc.size() == 4) r.set_ht_control(le32(htc.data()));
    }
    r.set_checksum(checksum(d, f));
  }

 private:
  static std::uint32_t le32(const char* p) {
    const auto* b = reinterpret_cast<const std::uint8_t*>(p);
    return b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24;
  }

  static void fill_addresses(const Tins::Dot11::address_type& a2,
                             const Tins::Dot11::address_type& a3,
                             const Tins::Dot11::address_type& a4, const Tins::Dot11& d,
                             Dot11& r) {
    constexpr std::size_t size = Tins::Dot11::address_type::address_size;
    r.set_address2(a2.begin(), size);
    r.set_address3(a3.begin(), size);
    // 9.2.4.1.4: only a frame both to and from the DS has a fourth address.
    if (d.to_ds() && d.from_ds()) r.set_address4(a4.begin(), size);
  }

  // The frame check sequence ends the captured frame when radiotap's Flags
  // field says so (https://www.radiotap.org/fields/Flags), or PPI's
  // 802.11-Common field (PPI 1.0.10, 4.1.2: flag 0x0001). Dissection keeps
  // radiotap's field in the radiotap layer (core/dissect.hpp); PPI's is read
  // from the captured bytes. A capture cut short lost it.
  static std::uint32_t checksum(const Tins::Dot11& d, const frame& f) {
    const Tins::PDU* parent = d.parent_pdu();
    if (parent == nullptr) return 0;
    if (parent->pdu_type() == Tins::PDU::RADIOTAP) {
      const auto& radiotap = static_cast<const Tins::RadioTap&>(*parent);
      if ((radiotap.present() & Tins::RadioTap::FLAGS) == 0) return 0;
      if ((radiotap.flags() & Tins::RadioTap::FCS) == 0) return 0;
    } else if (parent->pdu_type() != Tins::PDU::PPI ||
               (ppi_common_flags(static_cast<const Tins::PPI&>(*parent), f) & 1) == 0) {
      return 0;
    }
    if (f.captured_length != f.original_length || f.captured_length < 4) return 0;
    return le32(reinterpret_cast<const char*>(f.data + f.captured_length - 4));
  }

  // The flags of a PPI header's 802.11-Common field (type 2), or 0 without
  // one. Fields follow the 8-byte header, each a 2-byte type and 2-byte
  // length, little-endian (PPI 1.0.10, 3.1).
  static int ppi_common_flags(const Tins::PPI& ppi, const frame& f) {
    const std::string_view all =
        detail::frame_bytes(f, detail::layer_offset(ppi), ppi.length());
    if (all.size() < 8 || all.size() != ppi.length()) return 0;
    const auto* b = reinterpret_cast<const std::uint8_t*>(all.data());
    const std::uint32_t length = ppi.length();
    for (std::uint32_t at = 8; at + 4 <= length;) {
      const int type = b[at] | b[at + 1] << 8;
      const std::uint32_t size = b[at + 2] | b[at + 3] << 8;
      at += 4;
      if (size > length - at) return 0;
      if (type == 2 && size >= 20) return b[at + 8] | b[at + 9] << 8;
      at += size;
    }
    return 0;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DOT11_HPP_
