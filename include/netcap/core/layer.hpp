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
//   |                                 | the payload of `transport`, a        |
//   |                                 | `Tins::UDP` or `Tins::TCP` (usually  |
//   |                                 | by port); cheap and never throws.    |
//   | `l.decode(data, size, transport)` | decodes the payload into `l`,      |
//   |                                 | reusing its storage; returns an      |
//   |                                 | empty string_view on success or a    |
//   |                                 | stable error name. Reads only within |
//   |                                 | `[data, data + size)`.               |
//
// Once `decode` succeeded, every accessor of the layer is safe to call.
//
// A payload layer that carries other layers (a tunnel such as VXLAN) also
// has `l.inner()`, returning the `const Tins::PDU*` it dissected from its
// payload after `decode`, or null; the pipeline walks those layers next.
//
// A libtins layer netcap adds itself, for a protocol libtins lacks, is a
// `Tins::PDU` subclass with a `pdu_flag` at or above
// `Tins::PDU::USER_DEFINED_PDU`, and one or both of
//
//   | `L::ether_types`   | EtherTypes that announce it, a std::array       |
//   | `L::ip_protocols`  | IP protocol numbers that announce it, likewise  |
//
// libtins then allocates it itself wherever one of those numbers names the
// next layer, once `register_layers` (pipeline.hpp) has told libtins so, and
// it is a layer like any other: it may parse layers inside it in turn.
#ifndef NETCAP_CORE_LAYER_HPP_
#define NETCAP_CORE_LAYER_HPP_

#include <cstdint>
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
struct has_ether_types : std::false_type {};
template <class L>
struct has_ether_types<L, std::void_t<decltype(L::ether_types)>> : std::true_type {};

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
  if constexpr (detail::has_ether_types<L>::value) {
    for (std::uint16_t type : L::ether_types) {
      Tins::Allocators::register_allocator<Tins::EthernetII, L>(type);
      Tins::Allocators::register_allocator<Tins::Dot1Q, L>(type);
      Tins::Allocators::register_allocator<Tins::SLL, L>(type);
      Tins::Allocators::register_allocator<Tins::SNAP, L>(type);
    }
  }
  if constexpr (detail::has_ip_protocols<L>::value) {
    for (std::uint8_t protocol : L::ip_protocols) {
      Tins::Allocators::register_allocator<Tins::IP, L>(protocol);
      Tins::Allocators::register_allocator<Tins::IPv6, L>(protocol);
    }
  }
}

}  // namespace netcap

#endif  // NETCAP_CORE_LAYER_HPP_
