// Internal to netcap's payload layers (netcap/layers/): reads of big-endian
// (network byte order) integers. The caller has checked that the bytes are
// there; these helpers only assemble them.
#ifndef NETCAP_LAYERS_DETAIL_BIG_ENDIAN_HPP_
#define NETCAP_LAYERS_DETAIL_BIG_ENDIAN_HPP_

#include <cstdint>

namespace netcap::layers::detail {

inline std::uint16_t read_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] << 8 | p[1]);
}

inline std::uint32_t read_u24(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 16 | static_cast<std::uint32_t>(p[1]) << 8 | p[2];
}

inline std::uint32_t read_u32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

inline std::uint64_t read_u64(const std::uint8_t* p) {
  return static_cast<std::uint64_t>(read_u32(p)) << 32 | read_u32(p + 4);
}

}  // namespace netcap::layers::detail

#endif  // NETCAP_LAYERS_DETAIL_BIG_ENDIAN_HPP_
