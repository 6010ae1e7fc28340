// The encoder concept: what a type must provide to turn dissected packets
// into records, and the traits that check it at compile time.
//
// An encoder is a plain default-constructible struct, with no base class and
// no virtual functions. Every encoder has
//
//   | expression                  | meaning                                  |
//   |-----------------------------|------------------------------------------|
//   | `E::name`                   | `static constexpr std::string_view`: the |
//   |                             | record type's name ("TCP", "IPv4"). It   |
//   |                             | names the output file (TCP.ncap.gz), the |
//   |                             | protobuf message (netcap.TCP) and the    |
//   |                             | -include/-exclude word.                  |
//   | `typename E::record_type`   | the protobuf message it fills.           |
//
// and is one of two kinds.
//
// A layer encoder works on one layer type and is called once for every layer
// of that type in a packet, outermost first:
//
//   | `typename E::layer_type`    | a libtins PDU (`Tins::TCP`) or a payload |
//   |                             | layer from netcap/layers (`layers::dns`) |
//   | `e.encode(layer, frame, r)` | fills record `r`, which the pipeline has |
//   |                             | cleared and reuses, and returns nothing  |
//   |                             | or a bool: false writes no record (for   |
//   |                             | encoders of some of a layer's messages). |
//   | `E::layer_types` (optional) | a std::array of the libtins types it     |
//   |                             | works on, when that is a family of       |
//   |                             | subclasses of `layer_type` rather than   |
//   |                             | `layer_type::pdu_flag` alone: every      |
//   |                             | 802.11 frame is a `Tins::Dot11`, but     |
//   |                             | libtins gives each subtype its own flag. |
//
// A custom encoder sees every packet whole and may emit any number of
// records, for protocols and views that span layers or packets:
//
//   | `e.encode(root, frame, s)`  | `root` is the outermost `Tins::PDU`; the |
//   |                             | encoder calls `s.emit(record)` for each  |
//   |                             | record it produces.                      |
//
// A tuple encoder needs no dissection: it sees only what the packet's raw
// bytes say of its addresses and ports (core/flow_tuple.hpp), for state
// that spans connections (LinkFlow, NetworkFlow, TransportFlow):
//
//   | `e.encode(t, frame, s)`     | `t` is the packet's `packet_tuple`; the  |
//   |                             | encoder calls `s.emit(record)` for each  |
//   |                             | record it produces.                      |
//
// Any kind may add `e.flush(s)`, called once at the end of input, to emit
// records still held (flows, streams). Layer and custom encoders run on the
// collector's worker threads (netcap/collector.hpp), which dissect packets
// in parallel; such a stateful encoder may declare
//
//   | `E::scope`                  | a `dispatch_scope` (core/flow_tuple.hpp):|
//   |                             | which packets must reach the same worker |
//   |                             | thread for its state to be whole;        |
//   |                             | `connection` when not declared.          |
//
// The collector sends the packets of one connection (or the coarser group
// the scope names) to one worker, in capture order, so a stateful encoder
// sees every packet of each connection it tracks, in order, whatever
// -workers says. A scope coarser than `connection` makes the workers share
// the load less evenly (`single` puts every packet on one), so state that
// spans connections belongs in a tuple encoder: the collector runs those
// on its reading thread, over every packet in capture order, which keeps
// their records the same for any number of workers at no cost to the
// workers' parallelism. They declare no scope.
//
// For example, the UDP layer encoder:
//
//   struct udp {
//     static constexpr std::string_view name = "UDP";
//     using record_type = UDP;
//     using layer_type = Tins::UDP;
//     void encode(const Tins::UDP& udp, const frame& f, UDP& r) const;
//   };
//
// No exception may leave `encode`: malformed packets are caught where frames
// are dissected, before any encoder runs.
#ifndef NETCAP_CORE_ENCODER_HPP_
#define NETCAP_CORE_ENCODER_HPP_

#include <string_view>
#include <type_traits>
#include <utility>

#include <tins/pdu.h>

#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"

namespace netcap {

// A sink that accepts any record; used only to probe encoder signatures.
struct any_record_sink {
  template <class Record>
  void emit(const Record&) {}
};

namespace detail {

template <class E, class = void>
struct has_name : std::false_type {};
template <class E>
struct has_name<E, std::enable_if_t<std::is_convertible_v<
                       decltype(E::name), std::string_view>>>
    : std::true_type {};

template <class E, class = void>
struct has_record_type : std::false_type {};
template <class E>
struct has_record_type<E, std::void_t<typename E::record_type>>
    : std::true_type {};

template <class E, class = void>
struct is_layer_encoder : std::false_type {};
template <class E>
struct is_layer_encoder<
    E, std::void_t<typename E::layer_type,
                   decltype(std::declval<E&>().encode(
                       std::declval<const typename E::layer_type&>(),
                       std::declval<const frame&>(),
                       std::declval<typename E::record_type&>()))>>
    : std::true_type {};

template <class E, class = void>
struct has_layer_types : std::false_type {};
template <class E>
struct has_layer_types<E, std::void_t<decltype(E::layer_types)>> : std::true_type {};

template <class E, class = void>
struct is_custom_encoder : std::false_type {};
template <class E>
struct is_custom_encoder<E, std::void_t<decltype(std::declval<E&>().encode(
                                std::declval<const Tins::PDU&>(),
                                std::declval<const frame&>(),
                                std::declval<any_record_sink&>()))>>
    : std::true_type {};

template <class E, class = void>
struct is_tuple_encoder : std::false_type {};
template <class E>
struct is_tuple_encoder<E, std::void_t<decltype(std::declval<E&>().encode(
                               std::declval<const packet_tuple&>(),
                               std::declval<const frame&>(),
                               std::declval<any_record_sink&>()))>>
    : std::true_type {};

template <class E, class = void>
struct has_flush : std::false_type {};
template <class E>
struct has_flush<E, std::void_t<decltype(std::declval<E&>().flush(
                        std::declval<any_record_sink&>()))>>
    : std::true_type {};

template <class E, class = void>
struct declared_scope {
  static constexpr dispatch_scope value = dispatch_scope::connection;
};
template <class E>
struct declared_scope<E, std::void_t<decltype(E::scope)>> {
  static constexpr dispatch_scope value = E::scope;
};

}  // namespace detail

template <class E>
inline constexpr bool is_layer_encoder_v =
    detail::has_name<E>::value && detail::has_record_type<E>::value &&
    detail::is_layer_encoder<E>::value;

template <class E>
inline constexpr bool is_custom_encoder_v =
    detail::has_name<E>::value && detail::has_record_type<E>::value &&
    !detail::is_layer_encoder<E>::value &&
    detail::is_custom_encoder<E>::value;

template <class E>
inline constexpr bool is_tuple_encoder_v =
    detail::has_name<E>::value && detail::has_record_type<E>::value &&
    !detail::is_layer_encoder<E>::value && !detail::is_custom_encoder<E>::value &&
    detail::is_tuple_encoder<E>::value;

template <class E>
inline constexpr bool is_encoder_v =
    std::is_default_constructible_v<E> &&
    (is_layer_encoder_v<E> || is_custom_encoder_v<E> || is_tuple_encoder_v<E>);

template <class E>
inline constexpr bool has_flush_v = detail::has_flush<E>::value;

// How packets must be dispatched to workers for E: `none` for an encoder
// that keeps no state across packets or runs in capture order anyway (a
// tuple encoder), else what E declares (`connection` by default).
template <class E>
inline constexpr dispatch_scope scope_v =
    has_flush_v<E> && !is_tuple_encoder_v<E> ? detail::declared_scope<E>::value
                                             : dispatch_scope::none;

// Whether layer encoder E works on libtins layers of this type: its
// `layer_types` when it has them, else its `layer_type`'s own flag.
template <class E>
constexpr bool encodes_layer_type(Tins::PDU::PDUType type) {
  if constexpr (detail::has_layer_types<E>::value) {
    for (Tins::PDU::PDUType t : E::layer_types) {
      if (t == type) return true;
    }
    return false;
  } else {
    return type == E::layer_type::pdu_flag;
  }
}

// Fails the build with a message naming this header when E is no encoder.
template <class E>
constexpr bool check_encoder() {
  static_assert(is_encoder_v<E>,
                "not an encoder: see the requirements in "
                "netcap/core/encoder.hpp");
  return true;
}

}  // namespace netcap

#endif  // NETCAP_CORE_ENCODER_HPP_
