// Payload helpers shared by the layer encoders: where a layer's payload is,
// and its Shannon entropy.
#ifndef NETCAP_ENCODERS_DETAIL_PAYLOAD_HPP_
#define NETCAP_ENCODERS_DETAIL_PAYLOAD_HPP_

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>
#include <tins/rawpdu.h>

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
