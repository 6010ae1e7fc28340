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
#ifndef NETCAP_CORE_LAYER_HPP_
#define NETCAP_CORE_LAYER_HPP_

#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tins/pdu.h>

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

}  // namespace detail

template <class L>
inline constexpr bool is_tins_layer_v = detail::is_tins_layer<L>::value;

template <class L>
inline constexpr bool is_payload_layer_v = detail::is_payload_layer<L>::value;

}  // namespace netcap

#endif  // NETCAP_CORE_LAYER_HPP_
