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
// It may also have `l.inner_error()`, the error met while dissecting them
// (empty when none), which becomes the packet's error, as for a malformed
// layer outside a tunnel.
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
//
// Such a layer also has `L::name`, the protocol's name as users know it
// ("GRE"), which errors.log and the unknown.pcap summary use. Its
// constructor throws `layer_error` with a stable name ("GRE: truncated
// header") when its own header is malformed; `dissect` (core/dissect.hpp)
// then keeps the layers before it and reports that name. It hands the
// bytes it carries on with `dissect_inner` (core/dissect.hpp), which never
// throws: a malformed layer inside it is reported as the packet's error
// while the tunnel and the layers before the broken one are kept.
#ifndef NETCAP_CORE_LAYER_HPP_
#define NETCAP_CORE_LAYER_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tins/dot1q.h>
#include <tins/exceptions.h>
#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/pdu.h>
#include <tins/pdu_allocator.h>
#include <tins/sll.h>
#include <tins/snap.h>

namespace netcap {

// What a layer netcap adds to libtins throws for a malformed header: a
// `Tins::malformed_packet`, so that code that knows only libtins treats it
// as libtins' own, that carries a stable error name for errors.log.
class layer_error : public Tins::malformed_packet {
 public:
  explicit layer_error(std::string_view name) : name_(name) {}
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

namespace detail {

// The layers netcap added to libtins, so that dissection can name them and
// find them behind a number when it parses a packet one layer at a time.
// Filled by register_layer before packets are dissected, read-only after.
struct added_layer_table {
  static constexpr std::size_t capacity = 64;
  struct entry {
    Tins::PDU::PDUType type = Tins::PDU::UNKNOWN;
    std::string_view name;
  };
  std::array<entry, capacity> layers{};
  std::size_t layer_count = 0;
  std::array<Tins::PDU::PDUType, 256> by_ip_protocol{};
  std::array<std::pair<std::uint16_t, Tins::PDU::PDUType>, capacity> by_ether_type{};
  std::size_t ether_type_count = 0;

  added_layer_table() { by_ip_protocol.fill(Tins::PDU::UNKNOWN); }
};

inline added_layer_table& added_layers() {
  static added_layer_table table;
  return table;
}

// The name of a layer netcap added, or empty.
inline std::string_view added_layer_name(Tins::PDU::PDUType type) {
  const added_layer_table& table = added_layers();
  for (std::size_t i = 0; i < table.layer_count; ++i) {
    if (table.layers[i].type == type) return table.layers[i].name;
  }
  return {};
}

// The added layer an IP protocol number or an EtherType announces, or
// UNKNOWN.
inline Tins::PDU::PDUType added_layer_for_ip_protocol(std::uint8_t protocol) {
  return added_layers().by_ip_protocol[protocol];
}
inline Tins::PDU::PDUType added_layer_for_ether_type(std::uint16_t ether_type) {
  const added_layer_table& table = added_layers();
  for (std::size_t i = 0; i < table.ether_type_count; ++i) {
    if (table.by_ether_type[i].first == ether_type) return table.by_ether_type[i].second;
  }
  return Tins::PDU::UNKNOWN;
}

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
  detail::added_layer_table& table = detail::added_layers();
  if constexpr (detail::has_ether_types<L>::value || detail::has_ip_protocols<L>::value) {
    if (detail::added_layer_name(L::pdu_flag).empty() &&
        table.layer_count < table.layers.size()) {
      table.layers[table.layer_count++] = detail::added_layer_table::entry{L::pdu_flag, L::name};
    }
  }
  if constexpr (detail::has_ether_types<L>::value) {
    for (std::uint16_t type : L::ether_types) {
      if (detail::added_layer_for_ether_type(type) == Tins::PDU::UNKNOWN &&
          table.ether_type_count < table.by_ether_type.size()) {
        table.by_ether_type[table.ether_type_count++] = {type, L::pdu_flag};
      }
      Tins::Allocators::register_allocator<Tins::EthernetII, L>(type);
      Tins::Allocators::register_allocator<Tins::Dot1Q, L>(type);
      Tins::Allocators::register_allocator<Tins::SLL, L>(type);
      Tins::Allocators::register_allocator<Tins::SNAP, L>(type);
    }
  }
  if constexpr (detail::has_ip_protocols<L>::value) {
    for (std::uint8_t protocol : L::ip_protocols) {
      table.by_ip_protocol[protocol] = L::pdu_flag;
      Tins::Allocators::register_allocator<Tins::IP, L>(protocol);
      Tins::Allocators::register_allocator<Tins::IPv6, L>(protocol);
    }
  }
}

}  // namespace netcap

#endif  // NETCAP_CORE_LAYER_HPP_
