// The PPI layer encoder: one record per Per-Packet Information header, read
// from the captured bytes with a bounds check on every read (libtins keeps
// only the fixed part).
#ifndef NETCAP_ENCODERS_PPI_HPP_
#define NETCAP_ENCODERS_PPI_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ppi.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ppi.pb.h"

namespace netcap::encoders {

struct ppi {
  static constexpr std::string_view name = "PPI";
  using record_type = PPI;
  using layer_type = Tins::PPI;

  void encode(const Tins::PPI& header, const frame& f, PPI& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(header.version());
    r.set_flags(header.flags());
    r.set_length(header.length());
    r.set_dlt(static_cast<std::int32_t>(header.dlt()));
    const std::string_view all =
        detail::frame_bytes(f, detail::layer_offset(header), header.length());
    if (all.size() < 8 || all.size() != header.length()) return;
    const auto* data = reinterpret_cast<const std::uint8_t*>(all.data());
    const std::uint32_t length = header.length();
    auto le = [data](std::uint32_t at, int size) {
      std::uint64_t value = 0;
      for (int i = size - 1; i >= 0; --i) value = value << 8 | data[at + i];
      return value;
    };
    // PPI 1.0.10, 3.1: after the 8-byte header, fields of a 2-byte type and
    // 2-byte length each, little-endian, until the header's length. Each
    // step advances by at least 4 bytes, so the loop ends.
    for (std::uint32_t at = 8; at + 4 <= length;) {
      const int type = static_cast<int>(le(at, 2));
      const std::uint32_t size = static_cast<std::uint32_t>(le(at + 2, 2));
      at += 4;
      if (size > length - at) return;
      r.add_field_types(type);
      // 3.2: the 802.11-Common field is 20 bytes.
      if (type == 2 && size >= 20) {
        r.set_tsft(le(at, 8));
        r.set_common_flags(static_cast<std::int32_t>(le(at + 8, 2)));
        r.set_rate(static_cast<std::int32_t>(le(at + 10, 2)));
        r.set_channel_frequency(static_cast<std::int32_t>(le(at + 12, 2)));
        r.set_channel_flags(static_cast<std::int32_t>(le(at + 14, 2)));
        r.set_dbm_antenna_signal(static_cast<std::int8_t>(data[at + 18]));
        r.set_dbm_antenna_noise(static_cast<std::int8_t>(data[at + 19]));
      }
      at += size;
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_PPI_HPP_
