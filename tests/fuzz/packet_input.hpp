// The packet fuzzer's input format, shared with the program that makes its
// corpus: one byte choosing the link type, one byte of run options, then
// the packet's bytes.
#ifndef NETCAP_TESTS_FUZZ_PACKET_INPUT_HPP_
#define NETCAP_TESTS_FUZZ_PACKET_INPUT_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace netcap::fuzz {

// The link types netcap dissects, in the order the first byte picks them
// (modulo their number). DLT_USB_LINUX was here as one netcap could not
// dissect; it now can (layers/usb.hpp).
inline constexpr std::array<int, 12> link_types = {
    DLT_EN10MB, DLT_LINUX_SLL, DLT_NULL, DLT_LOOP, DLT_RAW, DLT_IPV4,
    DLT_IPV6, DLT_IEEE802_11, DLT_IEEE802_11_RADIO, DLT_PPI, DLT_USB_LINUX,
    // Appended, so that the inputs kept in regressions/ keep their link type.
    DLT_FDDI};

struct packet_input {
  int link_type = DLT_EN10MB;
  bool payloads = false;
  bool entropy = false;
  // Which encoder to exclude, as a value from 0 to 30 spread over the
  // encoders (exclude_index() below); 31 excludes none.
  std::size_t exclude = 31;
  // How many bytes the packet had on the wire beyond those captured.
  std::uint32_t cut = 0;
  const std::uint8_t* packet = nullptr;
  std::uint32_t packet_size = 0;
};

// Option byte: bit 0 -payload, bit 1 -entropy, bits 2-6 the encoder to
// exclude (31 for none), bit 7 whether the capture cut 100 bytes off.
inline packet_input parse_packet_input(const std::uint8_t* data, std::size_t size) {
  packet_input in;
  if (size > 0) in.link_type = link_types[data[0] % link_types.size()];
  if (size > 1) {
    const std::uint8_t options = data[1];
    in.payloads = (options & 1) != 0;
    in.entropy = (options & 2) != 0;
    in.exclude = (options >> 2) & 0x1f;
    in.cut = (options & 0x80) != 0 ? 100 : 0;
  }
  if (size > 2) {
    in.packet = data + 2;
    in.packet_size = static_cast<std::uint32_t>(size - 2);
  }
  return in;
}

// The index of the encoder `in` excludes among `encoders`, or `encoders`
// when it excludes none. Five bits cannot name each of more than 31
// encoders, so their 31 values are spread evenly over the list.
inline std::size_t exclude_index(const packet_input& in, std::size_t encoders) {
  if (in.exclude >= 31) return encoders;
  return in.exclude * encoders / 31;
}

// The input that feeds `packet` of `link_type` to the fuzzer with every
// encoder and default options; empty when the fuzzer has no such link type.
inline std::string make_packet_input(int link_type, const std::uint8_t* packet,
                                     std::size_t size) {
  for (std::size_t i = 0; i < link_types.size(); ++i) {
    if (link_types[i] != link_type) continue;
    std::string out;
    out += static_cast<char>(i);
    out += static_cast<char>(0x1f << 2);  // no encoder excluded
    out.append(reinterpret_cast<const char*>(packet), size);
    return out;
  }
  return {};
}

}  // namespace netcap::fuzz

#endif  // NETCAP_TESTS_FUZZ_PACKET_INPUT_HPP_
