// The Radiotap layer encoder: one record per radiotap header, the fields a
// capturing radio adds in front of each 802.11 frame.
//
// libtins 4.0's radiotap parser reads out of bounds on crafted presence
// bitmaps, so dissection gives libtins a rebuilt header (core/dissect.hpp)
// and this encoder reads the fields itself, from the captured bytes, with a
// bounds check on every read.
#ifndef NETCAP_ENCODERS_RADIOTAP_HPP_
#define NETCAP_ENCODERS_RADIOTAP_HPP_

#include <cstdint>
#include <string_view>

#include <tins/radiotap.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/radiotap.pb.h"

namespace netcap::encoders {

struct radiotap {
  static constexpr std::string_view name = "Radiotap";
  using record_type = Radiotap;
  using layer_type = Tins::RadioTap;

  void encode(const Tins::RadioTap& header, const frame& f, Radiotap& r) const {
    r.set_timestamp(f.timestamp_ns);
    const std::uint64_t offset = detail::layer_offset(header);
    const std::string_view fixed = detail::frame_bytes(f, offset, 8);
    if (fixed.size() != 8) return;
    // Dissection only makes a radiotap layer of a header of 8 bytes or more.
    const auto* b = reinterpret_cast<const std::uint8_t*>(fixed.data());
    const std::uint32_t length = b[2] | b[3] << 8;
    r.set_version(b[0]);
    r.set_length(static_cast<std::int32_t>(length));
    const std::string_view all = detail::frame_bytes(f, offset, length);
    if (length < 8 || all.size() != length) return;
    read_fields(reinterpret_cast<const std::uint8_t*>(all.data()), length, r);
  }

  // Reads the fields of the first presence bitmap from a whole header of
  // `length` bytes.
  static void read_fields(const std::uint8_t* data, std::uint32_t length, Radiotap& r) {
    auto le = [data](std::uint32_t at, int size) {
      std::uint64_t value = 0;
      for (int i = size - 1; i >= 0; --i) value = value << 8 | data[at + i];
      return value;
    };
    const std::uint32_t present = static_cast<std::uint32_t>(le(4, 4));
    r.set_present(present);
    // Presence bitmaps follow one another while bit 31 is set.
    std::uint32_t at = 4;
    int extra = 0;
    while ((le(at, 4) & 0x80000000u) != 0) {
      at += 4;
      ++extra;
      if (at + 4 > length) return;
    }
    r.set_extra_present_words(extra);
    at += 4;
    // The size and alignment of each field, by bit; fields come in bit
    // order, each aligned to its alignment from the header's start.
    struct field {
      std::uint8_t size, align;
    };
    static constexpr field fields[] = {
        {8, 8}, {1, 1}, {1, 1}, {4, 2}, {2, 1}, {1, 1}, {1, 1}, {2, 2}, {2, 2}, {2, 2},
        {1, 1}, {1, 1}, {1, 1}, {1, 1}, {2, 2}, {2, 2}, {1, 1}, {1, 1}, {8, 4}, {3, 1},
        {8, 4}, {12, 2}, {12, 8}, {12, 2}, {12, 2}, {6, 2}, {1, 1}, {4, 2}};
    constexpr int known = sizeof(fields) / sizeof(fields[0]);
    for (int bit = 0; bit < 29; ++bit) {
      if ((present & (1u << bit)) == 0) continue;
      if (bit >= known) return;  // a field of unknown size: stop here
      const field fd = fields[bit];
      at = (at + fd.align - 1) / fd.align * fd.align;
      if (at + fd.size > length) return;
      switch (bit) {
        case 0: r.set_tsft(le(at, 8)); break;
        case 1: r.set_flags(data[at]); break;
        case 2: r.set_rate(data[at]); break;
        case 3:
          r.set_channel_frequency(static_cast<std::int32_t>(le(at, 2)));
          r.set_channel_flags(static_cast<std::int32_t>(le(at + 2, 2)));
          break;
        case 5: r.set_dbm_antenna_signal(static_cast<std::int8_t>(data[at])); break;
        case 6: r.set_dbm_antenna_noise(static_cast<std::int8_t>(data[at])); break;
        case 7: r.set_lock_quality(static_cast<std::int32_t>(le(at, 2))); break;
        case 11: r.set_antenna(data[at]); break;
        case 12: r.set_db_antenna_signal(data[at]); break;
        case 13: r.set_db_antenna_noise(data[at]); break;
        case 14: r.set_rx_flags(static_cast<std::int32_t>(le(at, 2))); break;
        case 19:
          r.set_mcs_known(data[at]);
          r.set_mcs_flags(data[at + 1]);
          r.set_mcs(data[at + 2]);
          break;
        default: break;
      }
      at += fd.size;
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_RADIOTAP_HPP_
