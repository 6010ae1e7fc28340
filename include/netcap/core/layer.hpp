// The two kinds of layer a layer encoder can work on.
//
// A libtins layer is any `Tins::PDU` subclass; libtins finds it while
// dissecting and the pipeline matches it by `T::pdu_flag`.
//
// A payload layer is a protocol netcap decodes itself from the payload of a
// transport layer, because libtins has no dissector for it or libtins' own is
// unsafe on hostile input (its DNS name decompression loops forever on a
// pointer loop). It is a default-constructible type with
//
//   | expression                      | meaning                              |
//   |---------------------------------|--------------------------------------|
//   | `L::name`                       | the protocol's name, for error names |
//   | `L::claims(transport)`          | whether this protocol is expected in |
//   |                                 | the payload of `transport`, usually  |
//   |                                 | a `Tins::UDP` or `Tins::TCP` (by     |
//   |                                 | port), but it is asked about the raw |
//   |                                 | payload of any layer (EAP claims     |
//   |                                 | what follows EtherType 0x888e), so   |
//   |                                 | it checks the layer's type first;    |
//   |                                 | cheap and never throws.              |
//   | `l.decode(data, size, transport)` | decodes the payload into `l`,      |
//   |                                 | reusing its storage; returns an      |
//   |                                 | empty string_view on success or a    |
//   |                                 | stable error name. Reads only within |
//   |                                 | `[data, data + size)`.               |
//
// Once `decode` succeeded, every accessor of the layer is safe to call.
//
// A payload layer that decodes a message in part (the options that fit of
// a DHCPv6 message whose last option runs past the end) may also have
// `l.partial_error()`: empty when the whole message was decoded, otherwise
// the stable error name of what was left out. The record is still written,
// and the error becomes the packet's, as for a malformed layer.
//
// A payload layer that carries other layers (a tunnel such as VXLAN) also
// has `l.inner()`, returning the `const Tins::PDU*` it dissected from its
// payload after `decode`, or null; the pipeline walks those layers next.
// It may also have `l.inner_error()`, the error met while dissecting them
// (empty when none), which becomes the packet's error, as for a malformed
// layer outside a tunnel.
//
// A libtins layer netcap adds itself, for a protocol libtins lacks, is a
// `Tins::PDU` subclass with a `pdu_flag` from `Tins::PDU::USER_DEFINED_PDU`
// (1000) to 1023, its own (libtins' PDUType enum holds no value above 1023,
// so a larger flag would be undefined behaviour, which UBSan reports). Taken:
//
//   | 1001 LLDP  | 1002 CDP  | 1003 EthernetCTP | 1004 FDDI  |
//   | 1005 GRE   | 1006 IGMP | 1007 VRRP        | 1008 OSPF  |
//   | 1009 SCTP  | 1010 SLL2 | 1011 EAPOL       | 1012 SONMP |
//   | 1013 USB   |           |                  |            |
//
// (EAPOL: frames other than keys; SONMP: Nortel discovery.)
// `register_layer` checks the bound at compile time. And one or more of
//
//   | `L::ether_types`   | EtherTypes that announce it, a std::array       |
//   | `L::ip_protocols`  | IP protocol numbers that announce it, likewise  |
//
//   | `L::snap_protocols`| SNAP protocol IDs that announce it behind LLC   |
//   |                    | (IEEE 802 SNAP, as CDP's 0x2000), likewise      |
//   | `L::link_types`    | pcap link types (DLT_*) whose packets start     |
//   |                    | with it, a std::array<int, N>                   |
//
// libtins then allocates it itself wherever one of those numbers names the
// next layer, once `register_layers` (pipeline.hpp) has told libtins so, and
// it is a layer like any other: it may parse layers inside it in turn.
// libtins keys SNAP protocol IDs and EtherTypes in one table, so a SNAP
// protocol is found behind that EtherType too, as gopacket decodes them.
// A link type netcap registers is dissected with this layer instead of
// being sent whole to unknown.pcap (core/dissect.hpp); its packets must
// start with it, so `L(data, size)` parses from the first captured byte.
// A layer whose header differs between its link types (USB: 48 bytes for
// DLT_USB_LINUX, 64 for DLT_USB_LINUX_MMAPPED) also has a constructor
// `L(data, size, link_type)`, which dissection then uses for those link
// types, without the layer-by-layer salvage (nothing inside it to keep).
//
// Optional members of such a layer:
//
//   | `L::name`                      | its name in error messages and in  |
//   |                                | unknown.pcap's summary ("LLDP"),   |
//   |                                | a std::string_view                 |
//   | `L::header_length(data, size)` | its header's length, 0 when it     |
//   |                                | does not fit; with                 |
//   | `L::payload_type`              | the libtins type of what follows   |
//   |                                | the header (a link layer's LLC),   |
//   |                                | these let dissection keep the      |
//   |                                | layer when what it carries is      |
//   |                                | malformed, as it keeps Ethernet    |
//   | `L::next_layer_type(l)`        | instead of `payload_type`, for a   |
//   |                                | header that names what follows it  |
//   |                                | (SLL2's protocol): the libtins     |
//   |                                | type it names                      |
//
// A malformed layer makes its constructor throw: `Tins::malformed_packet`
// makes the packet's error "<name>: malformed header", `layer_error`
// (core/dissect.hpp) names a more precise one ("GRE: truncated header");
// either way the layers around it are kept as for libtins' own. A layer
// that carries other layers (GRE) hands the bytes it carries on with
// `dissect_inner` (core/dissect.hpp), which never throws: a malformed layer
// inside it becomes the packet's error while the tunnel and the layers
// before the broken one are kept.
#ifndef NETCAP_CORE_LAYER_HPP_
#define NETCAP_CORE_LAYER_HPP_

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tins/dot1q.h>
#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/pdu.h>
#include <tins/pdu_allocator.h>
#include <tins/sll.h>
#include <tins/snap.h>

#include "netcap/core/dissect.hpp"

namespace netcap {

namespace detail {

template <class L, class = void>
struct is_tins_layer : std::false_type {};
template <class L>
struct is_tins_layer<L, std::void_t<decltype(L::pdu_flag)>>
    : std::is_base_of<Tins::PDU, L> {};

template <class L, class = void>
struct is_payload_layer : std::false_type {};
template <class L>
struct is_payload_layer<
    L, std::enable_if_t<
           std::is_convertible_v<decltype(L::claims(
                                     std::declval<const Tins::PDU&>())),
                                 bool> &&
           std::is_convertible_v<decltype(std::declval<L&>().decode(
                                     std::declval<const std::uint8_t*>(),
                                     std::uint32_t{},
                                     std::declval<const Tins::PDU&>())),
                                 std::string_view>>> : std::true_type {};

template <class L, class = void>
struct has_inner : std::false_type {};
template <class L>
struct has_inner<L, std::enable_if_t<std::is_convertible_v<
                        decltype(std::declval<const L&>().inner()), const Tins::PDU*>>>
    : std::true_type {};

template <class L, class = void>
struct has_inner_error : std::false_type {};
template <class L>
struct has_inner_error<L, std::enable_if_t<std::is_convertible_v<
                              decltype(std::declval<const L&>().inner_error()),
                              std::string_view>>> : std::true_type {};

template <class L, class = void>
struct has_partial_error : std::false_type {};
template <class L>
struct has_partial_error<L, std::enable_if_t<std::is_convertible_v<
                                decltype(std::declval<const L&>().partial_error()),
                                std::string_view>>> : std::true_type {};

template <class L, class = void>
struct has_ether_types : std::false_type {};
template <class L>
struct has_ether_types<L, std::void_t<decltype(L::ether_types)>> : std::true_type {};

template <class L, class = void>
struct has_snap_protocols : std::false_type {};
template <class L>
struct has_snap_protocols<L, std::void_t<decltype(L::snap_protocols)>> : std::true_type {};

template <class L, class = void>
struct has_link_types : std::false_type {};
template <class L>
struct has_link_types<L, std::void_t<decltype(L::link_types)>> : std::true_type {};

template <class L, class = void>
struct has_layer_name : std::false_type {};
template <class L>
struct has_layer_name<L, std::void_t<decltype(L::name)>> : std::true_type {};

template <class L, class = void>
struct has_header_length : std::false_type {};
template <class L>
struct has_header_length<L, std::void_t<decltype(L::header_length(
                                            std::declval<const std::uint8_t*>(),
                                            std::uint32_t{})),
                                        decltype(L::payload_type)>> : std::true_type {};

template <class L, class = void>
struct has_next_layer_type : std::false_type {};
template <class L>
struct has_next_layer_type<L, std::void_t<decltype(L::next_layer_type(std::declval<const L&>()))>>
    : std::true_type {};

template <class L>
Tins::PDU::PDUType next_netcap_layer_type(const Tins::PDU& pdu) {
  return L::next_layer_type(static_cast<const L&>(pdu));
}

template <class L>
Tins::PDU* parse_netcap_layer(const std::uint8_t* data, std::uint32_t size) {
  return new L(data, size);
}

template <class L>
Tins::PDU* parse_netcap_link_layer(int link_type, const std::uint8_t* data,
                                   std::uint32_t size) {
  return new L(data, size, link_type);
}

template <class L, class = void>
struct has_ip_protocols : std::false_type {};
template <class L>
struct has_ip_protocols<L, std::void_t<decltype(L::ip_protocols)>> : std::true_type {};

}  // namespace detail

template <class L>
inline constexpr bool is_tins_layer_v = detail::is_tins_layer<L>::value;

template <class L>
inline constexpr bool is_payload_layer_v = detail::is_payload_layer<L>::value;

// Tells libtins to allocate layer L wherever the numbers it names appear.
// libtins keeps these in global tables, so this runs before any packet is
// dissected on another thread; doing it twice is harmless.
template <class L>
void register_layer() {
  if constexpr (L::pdu_flag >= Tins::PDU::USER_DEFINED_PDU) {
    static_assert(static_cast<int>(L::pdu_flag) <= 1023,
                  "libtins' PDUType holds no value above 1023: see the table above");
    detail::netcap_layer& entry = detail::registered_layers().by_flag[L::pdu_flag];
    entry.parse = &detail::parse_netcap_layer<L>;
    if constexpr (detail::has_layer_name<L>::value) {
      entry.name = std::string(L::name);
    } else {
      entry.name = "Unknown";
    }
    entry.error = entry.name + ": malformed header";
    if constexpr (detail::has_header_length<L>::value) {
      entry.header_length = &L::header_length;
      entry.payload_type = L::payload_type;
    }
    if constexpr (detail::has_next_layer_type<L>::value) {
      entry.next_type = &detail::next_netcap_layer_type<L>;
    }
  }
  if constexpr (detail::has_snap_protocols<L>::value) {
    for (std::uint16_t protocol : L::snap_protocols) {
      Tins::Allocators::register_allocator<Tins::SNAP, L>(protocol);
      detail::registered_layers().by_ether_type[protocol] = L::pdu_flag;
    }
  }
  if constexpr (detail::has_link_types<L>::value) {
    for (int link_type : L::link_types) {
      detail::netcap_link_layer& entry = detail::registered_layers().by_link_type[link_type];
      entry.type = L::pdu_flag;
      if constexpr (std::is_constructible_v<L, const std::uint8_t*, std::uint32_t, int>) {
        entry.parse = &detail::parse_netcap_link_layer<L>;
      }
    }
  }
  if constexpr (detail::has_ether_types<L>::value) {
    for (std::uint16_t type : L::ether_types) {
      detail::registered_layers().by_ether_type[type] = L::pdu_flag;
      Tins::Allocators::register_allocator<Tins::EthernetII, L>(type);
      Tins::Allocators::register_allocator<Tins::Dot1Q, L>(type);
      Tins::Allocators::register_allocator<Tins::SLL, L>(type);
      Tins::Allocators::register_allocator<Tins::SNAP, L>(type);
    }
  }
  if constexpr (detail::has_ip_protocols<L>::value) {
    for (std::uint8_t protocol : L::ip_protocols) {
      detail::registered_layers().by_ip_protocol[protocol] = L::pdu_flag;
      Tins::Allocators::register_allocator<Tins::IP, L>(protocol);
      Tins::Allocators::register_allocator<Tins::IPv6, L>(protocol);
    }
  }
}

}  // namespace netcap

#endif  // NETCAP_CORE_LAYER_HPP_
