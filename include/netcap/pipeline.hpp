// The static pipeline: `pipeline<Encoders...>` runs a fixed set of encoders
// over dissected packets. Each step is a fold over the encoder pack, so the
// compiler sees every call and no virtual dispatch or allocation of ours
// happens per packet; records are cleared and reused.
//
// A packet's layers are walked from the outside in. For each layer, the
// encoders whose `layer_type` it is run, so a tunnelled packet yields one
// IPv4 record per IPv4 layer. An encoder can be switched off in two ways:
// `enabled` leaves it out but keeps walking, while `stops` also ends the
// walk at its layer, so the layers it encapsulates are not decoded (the
// seed's rule for -exclude). When the walk reaches the payload of a UDP or
// TCP layer, payload layers (netcap/core/layer.hpp) that claim it are
// decoded and their encoders run. Custom encoders then see the packet whole,
// and tuple encoders its addresses and ports (core/flow_tuple.hpp).
//
//   netcap::pipeline<encoders::ipv4, encoders::udp> p;
//   auto result = p.process(dissected.root.get(), frame, sink);
//
// process() does all of it. The collector splits it in two: its workers
// call process_dissected(), everything but the tuple encoders, on the
// packets of the connections they were given, and its reading thread calls
// process_tuple() on every packet in capture order (collector.hpp).
//
// The sink receives `sink.write(index, record)` with the index of the
// encoder in the pack; io::block_sink is the one netcap writes files with.
#ifndef NETCAP_PIPELINE_HPP_
#define NETCAP_PIPELINE_HPP_

#include <pcap/pcap.h>

#include <array>
#include <bitset>
#include <cstddef>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include <tins/dot1q.h>
#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/llc.h>
#include <tins/loopback.h>
#include <tins/pdu.h>
#include <tins/rawpdu.h>
#include <tins/sll.h>
#include <tins/snap.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "netcap/core/absl_compat.hpp"
#include "netcap/core/dissect.hpp"
#include "netcap/core/encoder.hpp"
#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/core/layer.hpp"
#include "netcap/core/type_list.hpp"
#include "netcap/encoders/detail/payload.hpp"

namespace netcap {

// The part of a packet no decoder in netcap understands: why the packet
// goes to unknown.pcap. A packet is unknown when its dissection ends in
//
// - bytes libtins left undecoded inside a layer that announces a protocol
//   (an EtherType, an IP protocol) which nothing decoded: `payload`, with
//   the layer that carried them and the number it announced. A fragment's
//   payload is not unknown: it is part of a datagram, not a protocol. The
//   payload of UDP and TCP is application data and not unknown either:
//   payload layers decode what they claim, and the rest is data.
// - a layer libtins decoded but no encoder records, with nothing inside it
//   that one does (an STP frame, for a sensor without the STP encoder):
//   `layer`. The pipeline knows its own encoders;
//   collect_options::records_layer widens that to all of netcap's, so that
//   a trimmed sensor finds what `netcap -include` finds.
// - a link type netcap cannot dissect at all: `link_type` (collector.hpp).
//
// Layers without an encoder that carry layers with one (a Linux cooked
// header, an MPLS label) are not unknown: what they carry is recorded. A
// walk that -exclude ends early finds nothing unknown, since the user
// chose not to decode what lies beyond.
struct unknown_layer {
  enum class kind : unsigned char { none, payload, layer, link_type };
  kind what = kind::none;
  // The layer's name as netcap users know it ("Ethernet"); empty for a link
  // type.
  std::string_view layer;
  // What `layer` announced inside it ("EtherType", 0x88b5), or the link
  // type ("link type", 189); -1 when nothing.
  std::string_view number_name;
  int number = -1;
  // For `layer`: the libtins type of the layer no encoder records.
  Tins::PDU::PDUType pdu_type = Tins::PDU::UNKNOWN;

  explicit operator bool() const { return what != kind::none; }
  friend bool operator==(const unknown_layer& a, const unknown_layer& b) {
    return a.what == b.what && a.layer == b.layer && a.number_name == b.number_name &&
           a.number == b.number && a.pdu_type == b.pdu_type;
  }
  friend bool operator!=(const unknown_layer& a, const unknown_layer& b) { return !(a == b); }
  template <class H>
  friend H AbslHashValue(H h, const unknown_layer& u) {
    return H::combine(std::move(h), u.what, u.layer, u.number_name, u.number, u.pdu_type);
  }
};

// The words of the summary that say why packets went to unknown.pcap; they
// follow "N packets ":
//
//   with an undecoded layer inside Ethernet (EtherType 0x88b5)
//   with an undecoded layer inside IPv4 (protocol 47)
//   ending in a layer no encoder records: STP
//   of link type USB_LINUX (189), which netcap cannot dissect
inline std::string describe(const unknown_layer& u) {
  using kind = unknown_layer::kind;
  const absl::string_view layer = netcap::detail::to_absl(u.layer);
  switch (u.what) {
    case kind::payload: {
      std::string out = absl::StrCat("with an undecoded layer inside ", layer);
      if (u.number >= 0) {
        absl::StrAppend(&out, " (", netcap::detail::to_absl(u.number_name), " ",
                        u.number_name == "EtherType" ? absl::StrFormat("0x%04x", u.number)
                        : u.number_name == "DSAP"    ? absl::StrFormat("0x%02x", u.number)
                                                     : absl::StrCat(u.number),
                        ")");
      }
      return out;
    }
    case kind::layer:
      return absl::StrCat("ending in a layer no encoder records: ", layer);
    case kind::link_type: {
      const char* name = pcap_datalink_val_to_name(u.number);
      return absl::StrCat("of link type ", name != nullptr ? name : "unnamed", " (", u.number,
                          "), which netcap cannot dissect");
    }
    case kind::none:
      break;
  }
  return {};
}

// Whether an encoder of `List` (a type_list) records layers of this libtins
// type.
template <class List>
struct recorded_layers;
template <class... Encoders>
struct recorded_layers<type_list<Encoders...>> {
  static bool contain(Tins::PDU::PDUType type) {
    bool found = false;
    (
        [&] {
          if constexpr (is_layer_encoder_v<Encoders>) {
            if constexpr (is_tins_layer_v<typename Encoders::layer_type>) {
              found = found || encodes_layer_type<Encoders>(type);
            }
          }
        }(),
        ...);
    return found;
  }
};
template <class List>
bool records_layer(Tins::PDU::PDUType type) {
  return recorded_layers<List>::contain(type);
}

// What the pipeline learnt about a packet besides its records.
struct packet_result {
  // A stable error name when a payload layer was malformed, else empty.
  std::string_view error;
  // What no decoder understood, if anything.
  unknown_layer unknown;
};

namespace detail {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

// Whether any two names are equal, ignoring case, as -include matches them.
template <std::size_t N>
constexpr bool has_duplicate_name(const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t j = i + 1; j < N; ++j) {
      if (iequals(names[i], names[j])) return true;
    }
  }
  return false;
}

// Payload layers can carry layers (tunnels), which are walked in turn, up
// to this depth: deeper nesting is left undecoded rather than risk a
// crafted packet making the walk arbitrarily deep.
inline constexpr int max_tunnel_depth = 8;

// Storage a payload-layer encoder decodes into; nothing for other encoders.
// A tunnel has one per tunnel depth (0 to max_tunnel_depth): while the walk
// is inside the layers a tunnel carries, a tunnel of the same type inside
// it (VXLAN in VXLAN) is decoded into the next depth's storage, leaving the
// layers being walked alone.
struct no_layer {};
template <class E, class = void>
struct layer_storage {
  using type = no_layer;
};
template <class E>
struct layer_storage<E, std::enable_if_t<is_layer_encoder_v<E> &&
                                         is_payload_layer_v<typename E::layer_type>>> {
  using L = typename E::layer_type;
  using type = std::conditional_t<has_inner<L>::value, std::array<L, max_tunnel_depth + 1>, L>;
};

// Forwards a custom encoder's records to the sink under the encoder's index.
template <class Sink, std::size_t I>
struct indexed_sink {
  Sink& sink;
  template <class Record>
  void emit(const Record& record) {
    sink.write(I, record);
  }
};

// Layers whose payload, when libtins leaves it raw, is a protocol no decoder
// understood rather than application data.
inline bool carries_protocols(Tins::PDU::PDUType type) {
  using P = Tins::PDU;
  switch (type) {
    case P::ETHERNET_II: case P::IEEE802_3: case P::SLL: case P::LOOPBACK:
    case P::DOT1Q: case P::PPPOE: case P::MPLS: case P::LLC: case P::SNAP:
    case P::IP: case P::IPv6:
      return true;
    default:
      return false;
  }
}

// The next header after an IPv6 layer's extension headers: the protocol of
// its payload. libtins keeps it private, so it is read from the captured
// bytes, where each extension header starts with the next one's type
// (RFC 8200, section 4); -1 when the bytes are not where the layer says.
inline int ipv6_last_next_header(const Tins::IPv6& ip, const frame& f) {
  if (ip.headers().empty()) return ip.next_header();
  std::uint64_t offset = layer_offset(ip);
  const std::string_view fixed = frame_bytes(f, offset, 40);
  if (fixed.size() != 40 || (static_cast<std::uint8_t>(fixed[0]) >> 4) != 6 ||
      static_cast<std::uint8_t>(fixed[6]) != ip.next_header()) {
    return -1;
  }
  offset += 40;
  const auto& headers = ip.headers();
  for (std::size_t i = 0; i + 1 < headers.size(); ++i) {
    // libtins keeps each header's bytes after its two-byte start.
    offset += 2 + headers[i].data_size();
  }
  const std::string_view last = frame_bytes(f, offset, 1);
  return last.empty() ? -1 : static_cast<std::uint8_t>(last[0]);
}

// Whether an IP layer's payload is a fragment of a datagram: every IPv4
// fragment, the first included, since libtins decodes none of them
// (RFC 791: more fragments flag or offset), and every IPv6 packet with a
// fragment header (RFC 8200, section 4.5).
inline bool carries_fragment(const Tins::PDU& layer) {
  if (layer.pdu_type() == Tins::PDU::IP) {
    return static_cast<const Tins::IP&>(layer).is_fragmented();
  }
  if (layer.pdu_type() == Tins::PDU::IPv6) {
    for (const auto& header : static_cast<const Tins::IPv6&>(layer).headers()) {
      if (header.option() == Tins::IPv6::FRAGMENT) return true;
    }
  }
  return false;
}

// What a layer says its undecoded payload is: an EtherType, an IP protocol,
// an address family; a number of -1 for layers that say nothing.
struct announced {
  std::string_view name;
  int number = -1;
};
inline announced announced_protocol(const Tins::PDU& layer, const frame& f) {
  using P = Tins::PDU;
  switch (layer.pdu_type()) {
    case P::ETHERNET_II:
      return {"EtherType", static_cast<const Tins::EthernetII&>(layer).payload_type()};
    case P::SLL: return {"EtherType", static_cast<const Tins::SLL&>(layer).protocol()};
    case P::DOT1Q: return {"EtherType", static_cast<const Tins::Dot1Q&>(layer).payload_type()};
    case P::SNAP: return {"EtherType", static_cast<const Tins::SNAP&>(layer).eth_type()};
    // libtins 4.0 declares LLC's getter without const, though it only reads;
    // every layer libtins dissects was made non-const, so this is safe.
    case P::LLC: return {"DSAP", const_cast<Tins::LLC&>(static_cast<const Tins::LLC&>(layer)).dsap()};
    case P::LOOPBACK:
      return {"family", static_cast<int>(static_cast<const Tins::Loopback&>(layer).family())};
    case P::IP: return {"protocol", static_cast<const Tins::IP&>(layer).protocol()};
    case P::IPv6: {
      const int next = ipv6_last_next_header(static_cast<const Tins::IPv6&>(layer), f);
      return {next < 0 ? "" : "next header", next};
    }
    default: return {};
  }
}

}  // namespace detail

template <class... Encoders>
class pipeline {
 public:
  using encoder_list = type_list<Encoders...>;
  static constexpr std::size_t size = sizeof...(Encoders);
  using mask = std::bitset<size>;

  // The encoders' names, in pack order.
  static constexpr std::array<std::string_view, size> names = {Encoders::name...};

  static_assert((check_encoder<Encoders>() && ...));
  static_assert(!detail::has_duplicate_name(names),
                "two encoders share a name (compared without regard to case)");

  // Runs every encoder.
  pipeline() { enabled_.set(); }

  // Runs the encoders set in `enabled`; an encoder set in `stops` does not
  // run and ends the walk at its layer.
  pipeline(mask enabled, mask stops) : enabled_(enabled & ~stops), stops_(stops) {}

  const mask& enabled() const { return enabled_; }

  // The coarsest dispatch scope among the enabled stateful encoders: how
  // the collector must group packets on workers for all of them.
  dispatch_scope scope() const {
    dispatch_scope widest = dispatch_scope::none;
    std::size_t i = 0;
    ((enabled_[i++] && scope_v<Encoders> > widest ? widest = scope_v<Encoders> : widest), ...);
    return widest;
  }

  // Whether an enabled encoder is a tuple encoder: one process_tuple() runs.
  bool has_tuple_encoders() const { return (tuple_encoders_ & enabled_).any(); }

  // Encodes one dissected packet; `root` may be null when nothing could be
  // dissected. Never throws for any packet bytes.
  template <class Sink>
  packet_result process(const Tins::PDU* root, const frame& f, Sink& sink) {
    packet_result result = process_dissected(root, f, sink);
    if (has_tuple_encoders()) {
      process_tuple(read_tuple(f.link_type, f.data, f.captured_length), f, sink);
    }
    return result;
  }

  // process() without the tuple encoders.
  template <class Sink>
  packet_result process_dissected(const Tins::PDU* root, const frame& f, Sink& sink) {
    packet_result result;
    walk(root, f, sink, result, 0);
    encode_custom(root, f, sink, std::index_sequence_for<Encoders...>{});
    return result;
  }

  // Runs the tuple encoders alone on a packet, whose tuple `t` is
  // read_tuple() of f's bytes; the packet need not have been dissected.
  template <class Sink>
  void process_tuple(const packet_tuple& t, const frame& f, Sink& sink) {
    encode_tuple(t, f, sink, std::index_sequence_for<Encoders...>{});
  }

  // Registers with libtins the layers netcap adds to it (core/layer.hpp)
  // that these encoders work on. Call it once before dissecting packets;
  // collect() does.
  static void register_layers() {
    (
        [] {
          if constexpr (is_layer_encoder_v<Encoders>) {
            if constexpr (is_tins_layer_v<typename Encoders::layer_type>) {
              register_layer<typename Encoders::layer_type>();
            }
          }
        }(),
        ...);
  }

  // Lets stateful encoders emit what they still hold; called once at the end.
  template <class Sink>
  void flush(Sink& sink) {
    flush(sink, std::index_sequence_for<Encoders...>{});
  }

 private:
  template <std::size_t I>
  using encoder_at = std::tuple_element_t<I, std::tuple<Encoders...>>;

  template <std::size_t I>
  static constexpr bool is_tins_encoder() {
    using E = encoder_at<I>;
    if constexpr (is_layer_encoder_v<E>) {
      return is_tins_layer_v<typename E::layer_type>;
    } else {
      return false;
    }
  }

  template <std::size_t I>
  static constexpr bool is_payload_encoder() {
    using E = encoder_at<I>;
    if constexpr (is_layer_encoder_v<E>) {
      return is_payload_layer_v<typename E::layer_type>;
    } else {
      return false;
    }
  }

  static constexpr int max_tunnel_depth = detail::max_tunnel_depth;

  template <class Sink>
  void walk(const Tins::PDU* pdu, const frame& f, Sink& sink, packet_result& result,
            int depth) {
    for (; pdu != nullptr; pdu = pdu->inner_pdu()) {
      const Tins::PDU::PDUType type = pdu->pdu_type();
      if (type == Tins::PDU::RAW) {
        encode_payload(static_cast<const Tins::RawPDU&>(*pdu), f, sink, result, depth);
        return;
      }
      if (!encode_layer(*pdu, type, f, sink)) return;
      if (pdu->inner_pdu() == nullptr && !has_encoder(type)) {
        result.unknown = {unknown_layer::kind::layer, detail::pdu_type_name(type), {}, -1, type};
      }
    }
  }

  // Whether an encoder of the pack, enabled or not, records layers of this
  // libtins type.
  static bool has_encoder(Tins::PDU::PDUType type) {
    return records_layer<encoder_list>(type);
  }

  // Runs encoder I on a layer and writes its record. An encoder whose
  // encode() returns bool writes one only when it returns true: a layer
  // encoder for one kind of a layer's messages (ICMPv6 echo) or for a part
  // a layer may lack (an IPv6 extension header).
  template <std::size_t I, class Layer, class Sink>
  void encode_one(const Layer& layer, const frame& f, Sink& sink) {
    auto& record = std::get<I>(records_);
    record.Clear();
    auto& encoder = std::get<I>(encoders_);
    if constexpr (std::is_same_v<decltype(encoder.encode(layer, f, record)), bool>) {
      if (!encoder.encode(layer, f, record)) return;
    } else {
      encoder.encode(layer, f, record);
    }
    sink.write(I, record);
  }

  // Runs the encoders of one libtins layer; false when the walk ends here.
  template <class Sink>
  bool encode_layer(const Tins::PDU& pdu, Tins::PDU::PDUType type,
                    const frame& f, Sink& sink) {
    return encode_layer(pdu, type, f, sink, std::index_sequence_for<Encoders...>{});
  }

  template <class Sink, std::size_t... Is>
  bool encode_layer(const Tins::PDU& pdu, Tins::PDU::PDUType type,
                    const frame& f, Sink& sink, std::index_sequence<Is...>) {
    bool go_on = true;
    (
        [&] {
          if constexpr (is_tins_encoder<Is>()) {
            using E = encoder_at<Is>;
            using L = typename E::layer_type;
            if (!encodes_layer_type<E>(type)) return;
            if (stops_[Is]) {
              go_on = false;
            } else if (enabled_[Is]) {
              encode_one<Is>(static_cast<const L&>(pdu), f, sink);
            }
          }
        }(),
        ...);
    return go_on;
  }

  template <class Sink>
  void encode_payload(const Tins::RawPDU& raw, const frame& f, Sink& sink,
                      packet_result& result, int depth) {
    const Tins::PDU* transport = raw.parent_pdu();
    if (transport == nullptr) return;
    const Tins::PDU::PDUType type = transport->pdu_type();
    // Payload layers may claim the raw payload of any layer: an application
    // protocol behind a UDP or TCP port, or a protocol libtins leaves raw
    // behind an EtherType (EAP inside EAPOL).
    decode_states states{};
    const bool claimed = encode_payload(raw, *transport, f, sink, result, depth, states,
                                        std::index_sequence_for<Encoders...>{});
    if (type == Tins::PDU::UDP || type == Tins::PDU::TCP || claimed) {
      return;
    } else if (detail::carries_protocols(type)) {
      // A fragment's payload is raw by design; anything else is a protocol
      // no decoder understood.
      if (!detail::carries_fragment(*transport)) {
        const detail::announced inside = detail::announced_protocol(*transport, f);
        result.unknown = {unknown_layer::kind::payload, detail::pdu_type_name(type),
                          inside.name, inside.number};
      }
    } else if (!has_encoder(type)) {
      // Bytes inside a layer no encoder of this pipeline records.
      result.unknown = {unknown_layer::kind::layer, detail::pdu_type_name(type), {}, -1, type};
    }
  }

  // The bytes of a transport's payload that belong to it. libtins hands on
  // everything after a UDP header; RFC 768's length field, which counts the
  // header, says where the datagram ends, and what follows is not part of
  // it (link-layer padding, or garbage in a crafted packet).
  static std::uint32_t payload_size(const Tins::RawPDU& raw, const Tins::PDU& transport) {
    const auto size = static_cast<std::uint32_t>(raw.payload().size());
    if (transport.pdu_type() != Tins::PDU::UDP) return size;
    const std::uint32_t length = static_cast<const Tins::UDP&>(transport).length();
    return length >= 8 && length - 8 < size ? length - 8 : size;
  }

  // Where a payload layer type is decoded into: the storage of the first
  // encoder in the pack that works on it, so that encoders sharing a layer
  // type decode it once.
  template <class L, std::size_t... Is>
  static constexpr std::size_t first_index_of_layer(std::index_sequence<Is...>) {
    std::size_t first = size;
    (
        [&] {
          if constexpr (is_payload_encoder<Is>()) {
            if (std::is_same_v<typename encoder_at<Is>::layer_type, L> && first == size) {
              first = Is;
            }
          }
        }(),
        ...);
    return first;
  }
  template <class L>
  static constexpr std::size_t first_index_of_layer() {
    return first_index_of_layer<L>(std::index_sequence_for<Encoders...>{});
  }

  // The storage payload layer I decodes into at a tunnel depth (0 outside
  // any tunnel): a tunnel's own for that depth, the one of its type for any
  // other payload layer, whose record is written before the walk goes on.
  template <std::size_t I>
  auto& layer_at(int depth) {
    auto& storage = std::get<I>(layers_);
    if constexpr (detail::has_inner<typename encoder_at<I>::layer_type>::value) {
      return storage[static_cast<std::size_t>(depth)];
    } else {
      return storage;
    }
  }

  // Per payload-layer type, indexed by its first encoder: not tried yet,
  // decoded, or not to be used (unclaimed, malformed or stopped).
  enum class decode_state : unsigned char { untried, decoded, skipped };
  using decode_states = std::array<decode_state, size>;

  // Returns whether a payload layer claimed the payload.
  template <class Sink, std::size_t... Is>
  bool encode_payload(const Tins::RawPDU& raw, const Tins::PDU& transport,
                      const frame& f, Sink& sink, packet_result& result, int depth,
                      decode_states& states, std::index_sequence<Is...>) {
    bool claimed = false;
    (
        [&] {
          if constexpr (is_payload_encoder<Is>()) {
            using L = typename encoder_at<Is>::layer_type;
            constexpr std::size_t first = first_index_of_layer<L>();
            decode_state& state = states[first];
            // A tunnel is decoded even when its encoders are left out, so that
            // the walk reaches the layers inside it.
            if (!enabled_[Is] && !stops_[Is] && !detail::has_inner<L>::value) return;
            L& layer = layer_at<first>(depth);
            if (state == decode_state::untried) {
              state = decode_state::skipped;
              if (!L::claims(transport)) return;
              claimed = true;
              if (stops_[Is]) return;
              const std::string_view error =
                  layer.decode(raw.payload().data(), payload_size(raw, transport), transport);
              if (!error.empty()) {
                result.error = error;
                return;
              }
              if constexpr (detail::has_partial_error<L>::value) {
                if (result.error.empty()) result.error = layer.partial_error();
              }
              state = decode_state::decoded;
            }
            if (state != decode_state::decoded) return;
            if (stops_[Is]) {
              state = decode_state::skipped;
              return;
            }
            if (enabled_[Is]) encode_one<Is>(layer, f, sink);
          }
        }(),
        ...);
    // Tunnels: walk what each decoded payload layer carries.
    (
        [&] {
          if constexpr (is_payload_encoder<Is>()) {
            using L = typename encoder_at<Is>::layer_type;
            if constexpr (detail::has_inner<L>::value && first_index_of_layer<L>() == Is) {
              if (states[Is] == decode_state::decoded && depth < max_tunnel_depth) {
                const L& layer = layer_at<Is>(depth);
                if constexpr (detail::has_inner_error<L>::value) {
                  if (result.error.empty()) result.error = layer.inner_error();
                }
                walk(layer.inner(), f, sink, result, depth + 1);
              }
            }
          }
        }(),
        ...);
    return claimed;
  }

  template <class Sink, std::size_t... Is>
  void encode_custom(const Tins::PDU* root, const frame& f, Sink& sink,
                     std::index_sequence<Is...>) {
    (
        [&] {
          if constexpr (is_custom_encoder_v<encoder_at<Is>>) {
            if (root == nullptr || !enabled_[Is]) return;
            detail::indexed_sink<Sink, Is> out{sink};
            std::get<Is>(encoders_).encode(*root, f, out);
          }
        }(),
        ...);
  }

  template <class Sink, std::size_t... Is>
  void encode_tuple(const packet_tuple& t, const frame& f, Sink& sink,
                    std::index_sequence<Is...>) {
    (
        [&] {
          if constexpr (is_tuple_encoder_v<encoder_at<Is>>) {
            if (!enabled_[Is]) return;
            detail::indexed_sink<Sink, Is> out{sink};
            std::get<Is>(encoders_).encode(t, f, out);
          }
        }(),
        ...);
  }

  static mask tuple_encoder_mask() {
    mask m;
    std::size_t i = 0;
    ((is_tuple_encoder_v<Encoders> ? (m.set(i), ++i) : ++i), ...);
    return m;
  }

  template <class Sink, std::size_t... Is>
  void flush(Sink& sink, std::index_sequence<Is...>) {
    (
        [&] {
          if constexpr (has_flush_v<encoder_at<Is>>) {
            if (!enabled_[Is]) return;
            detail::indexed_sink<Sink, Is> out{sink};
            std::get<Is>(encoders_).flush(out);
          }
        }(),
        ...);
  }

  std::tuple<Encoders...> encoders_;
  std::tuple<typename Encoders::record_type...> records_;
  std::tuple<typename detail::layer_storage<Encoders>::type...> layers_;
  mask enabled_;
  mask stops_;
  mask tuple_encoders_ = tuple_encoder_mask();
};

}  // namespace netcap

#endif  // NETCAP_PIPELINE_HPP_
