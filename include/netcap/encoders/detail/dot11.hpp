// Helpers shared by the 802.11 encoders: the capability field as a number,
// the information elements management frames carry, and the libtins layer
// types of each kind of frame.
#ifndef NETCAP_ENCODERS_DETAIL_DOT11_HPP_
#define NETCAP_ENCODERS_DETAIL_DOT11_HPP_

#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include <tins/dot11.h>
#include <tins/pdu.h>

namespace netcap::detail {

// The capability information field (IEEE 802.11-2016, 9.4.1.4) as on the
// wire. libtins keeps it only as its bits.
inline int dot11_capabilities(const Tins::Dot11ManagementFrame::capability_information& c) {
  const bool bits[16] = {c.ess(),           c.ibss(),         c.cf_poll(),
                         c.cf_poll_req(),   c.privacy(),      c.short_preamble(),
                         c.pbcc(),          c.channel_agility(), c.spectrum_mgmt(),
                         c.qos(),           c.sst(),          c.apsd(),
                         c.radio_measurement(), c.dsss_ofdm(), c.delayed_block_ack(),
                         c.immediate_block_ack()};
  int value = 0;
  for (int i = 0; i < 16; ++i) value |= bits[i] ? 1 << i : 0;
  return value;
}

// Element IDs (IEEE 802.11-2016, 9.4.2.1).
inline constexpr std::uint8_t element_ssid = 0;
inline constexpr std::uint8_t element_supported_rates = 1;
inline constexpr std::uint8_t element_dsss_parameter_set = 3;
inline constexpr std::uint8_t element_extended_supported_rates = 50;

// Which of the element fields a record has.
template <class R, class = void>
struct has_ssid : std::false_type {};
template <class R>
struct has_ssid<R, std::void_t<decltype(std::declval<R&>().set_ssid(""))>> : std::true_type {};
template <class R, class = void>
struct has_supported_rates : std::false_type {};
template <class R>
struct has_supported_rates<R, std::void_t<decltype(std::declval<R&>().mutable_supported_rates())>>
    : std::true_type {};
template <class R, class = void>
struct has_channel : std::false_type {};
template <class R>
struct has_channel<R, std::void_t<decltype(std::declval<R&>().set_channel(0))>> : std::true_type {};

// Fills the element fields a record has (`ssid`, `supported_rates`,
// `channel`, `element_ids`, each optional) from a management frame's
// elements. libtins has checked each element's length against the frame
// while parsing, and the getters that would throw on a malformed element are
// not used: every element is read from its stored bytes.
template <class Record>
void set_elements(const Tins::Dot11ManagementFrame& frame, Record& r) {
  for (const Tins::Dot11::option& element : frame.options()) {
    const std::uint8_t id = element.option();
    r.add_element_ids(id);
    const char* data = reinterpret_cast<const char*>(element.data_ptr());
    const std::size_t size = element.data_size();
    if constexpr (has_ssid<Record>::value) {
      if (id == element_ssid && r.ssid().empty()) r.set_ssid(data, size);
    }
    if constexpr (has_supported_rates<Record>::value) {
      if (id == element_supported_rates || id == element_extended_supported_rates) {
        r.mutable_supported_rates()->append(data, size);
      }
    }
    if constexpr (has_channel<Record>::value) {
      if (id == element_dsss_parameter_set && size == 1) {
        r.set_channel(static_cast<std::uint8_t>(data[0]));
      }
    }
  }
}

// The libtins layer types of 802.11 frames, by kind.
inline constexpr std::array<Tins::PDU::PDUType, 22> dot11_layer_types = {
    Tins::PDU::DOT11,             Tins::PDU::DOT11_ACK,
    Tins::PDU::DOT11_ASSOC_REQ,   Tins::PDU::DOT11_ASSOC_RESP,
    Tins::PDU::DOT11_AUTH,        Tins::PDU::DOT11_BEACON,
    Tins::PDU::DOT11_BLOCK_ACK,   Tins::PDU::DOT11_BLOCK_ACK_REQ,
    Tins::PDU::DOT11_CF_END,      Tins::PDU::DOT11_DATA,
    Tins::PDU::DOT11_CONTROL,     Tins::PDU::DOT11_DEAUTH,
    Tins::PDU::DOT11_DIASSOC,     Tins::PDU::DOT11_END_CF_ACK,
    Tins::PDU::DOT11_MANAGEMENT,  Tins::PDU::DOT11_PROBE_REQ,
    Tins::PDU::DOT11_PROBE_RESP,  Tins::PDU::DOT11_PS_POLL,
    Tins::PDU::DOT11_REASSOC_REQ, Tins::PDU::DOT11_REASSOC_RESP,
    Tins::PDU::DOT11_RTS,         Tins::PDU::DOT11_QOS_DATA};

inline constexpr std::array<Tins::PDU::PDUType, 8> dot11_control_layer_types = {
    Tins::PDU::DOT11_CONTROL,   Tins::PDU::DOT11_RTS,          Tins::PDU::DOT11_PS_POLL,
    Tins::PDU::DOT11_CF_END,    Tins::PDU::DOT11_END_CF_ACK,   Tins::PDU::DOT11_ACK,
    Tins::PDU::DOT11_BLOCK_ACK_REQ, Tins::PDU::DOT11_BLOCK_ACK};

// The control frame types and libtins' plain Tins::Dot11, which is what it
// makes of a CTS frame (and of any subtype it has no class for).
inline constexpr std::array<Tins::PDU::PDUType, 9> dot11_control_and_plain_layer_types = {
    Tins::PDU::DOT11,           Tins::PDU::DOT11_CONTROL,      Tins::PDU::DOT11_RTS,
    Tins::PDU::DOT11_PS_POLL,   Tins::PDU::DOT11_CF_END,       Tins::PDU::DOT11_END_CF_ACK,
    Tins::PDU::DOT11_ACK,       Tins::PDU::DOT11_BLOCK_ACK_REQ, Tins::PDU::DOT11_BLOCK_ACK};

inline bool is_dot11_control(Tins::PDU::PDUType type) {
  for (Tins::PDU::PDUType t : dot11_control_layer_types) {
    if (t == type) return true;
  }
  return false;
}

inline bool is_dot11_data(Tins::PDU::PDUType type) {
  return type == Tins::PDU::DOT11_DATA || type == Tins::PDU::DOT11_QOS_DATA;
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_DOT11_HPP_
