// Payload helpers shared by the layer encoders: where a layer's payload is,
// how many bytes it has, and its Shannon entropy.
#ifndef NETCAP_ENCODERS_DETAIL_PAYLOAD_HPP_
#define NETCAP_ENCODERS_DETAIL_PAYLOAD_HPP_

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/dot11/dot11_base.h>
#include <tins/ip.h>
#include <tins/pdu.h>
#include <tins/radiotap.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>

#include "netcap/core/frame.hpp"

namespace netcap::detail {

// The bytes a layer carries when libtins left them undissected (a RawPDU
// directly inside it); empty otherwise.
inline std::string_view raw_payload(const Tins::PDU& layer) {
  const Tins::PDU* inner = layer.inner_pdu();
  if (inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) return {};
  const auto& bytes = static_cast<const Tins::RawPDU*>(inner)->payload();
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The number of bytes inside a layer, whatever libtins made of them.
inline std::uint32_t payload_size(const Tins::PDU& layer) {
  const Tins::PDU* inner = layer.inner_pdu();
  return inner == nullptr ? 0 : inner->size();
}

// The length of a dissected layer's header as it was on the wire. libtins
// recomputes `header_size()` from the options it kept, which for IPv4 and TCP
// can differ from the header length field that placed the next layer (a TCP
// option with a length field but no data counts one byte, not two), so those
// two are read from their length fields, as is radiotap's.
inline std::uint32_t wire_header_size(const Tins::PDU& layer) {
  switch (layer.pdu_type()) {
    case Tins::PDU::IP:
      return static_cast<const Tins::IP&>(layer).head_len() * 4u;
    case Tins::PDU::TCP:
      return static_cast<const Tins::TCP&>(layer).data_offset() * 4u;
    // Dissection keeps the length of the header as sent (core/dissect.hpp).
    case Tins::PDU::RADIOTAP:
      return static_cast<const Tins::RadioTap&>(layer).length();
    // libtins is handed a QoS data frame without its HT control field
    // (core/dissect.hpp's drop_ht_control), which the order flag announces.
    case Tins::PDU::DOT11_QOS_DATA:
      return layer.header_size() + (static_cast<const Tins::Dot11&>(layer).order() ? 4 : 0);
    default:
      return layer.header_size();
  }
}

// Where a layer starts in the captured bytes: the headers of the layers
// around it, added up. It assumes what the pipeline guarantees, that the
// outermost layer was dissected from the start of the frame's bytes.
inline std::uint64_t layer_offset(const Tins::PDU& layer) {
  std::uint64_t offset = 0;
  for (const Tins::PDU* p = layer.parent_pdu(); p != nullptr; p = p->parent_pdu()) {
    offset += wire_header_size(*p);
  }
  return offset;
}

// `size` captured bytes from `offset` on; empty when they were not captured.
inline std::string_view frame_bytes(const frame& f, std::uint64_t offset,
                                    std::uint64_t size) {
  if (f.data == nullptr || offset > f.captured_length ||
      size > f.captured_length - offset) {
    return {};
  }
  return {reinterpret_cast<const char*>(f.data + offset), size};
}

// The first `size` bytes after a layer's header, as captured, whatever
// libtins made of them. libtins keeps no bytes of the layers it dissects (an
// IPv4 layer holds a TCP layer, not the bytes it came from), so unless the
// payload is raw they are read from the frame. Empty when they do not fit in
// the captured bytes.
inline std::string_view captured_payload(const Tins::PDU& layer, std::uint32_t size,
                                         const frame& f) {
  const std::string_view raw = raw_payload(layer);
  if (raw.size() == size) return raw;
  return frame_bytes(f, layer_offset(layer) + wire_header_size(layer), size);
}

// Shannon entropy of `bytes` in bits per byte, from 0 (constant) to 8
// (uniform); 0 for no bytes.
inline double entropy(std::string_view bytes) {
  if (bytes.empty()) return 0;
  std::array<std::uint32_t, 256> counts{};
  for (unsigned char c : bytes) ++counts[c];
  const double n = static_cast<double>(bytes.size());
  double bits = 0;
  for (std::uint32_t count : counts) {
    if (count == 0) continue;
    const double p = count / n;
    bits -= p * std::log2(p);
  }
  return bits;
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_PAYLOAD_HPP_
