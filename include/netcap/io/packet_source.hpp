// The packet source concept: what collect() (netcap/collector.hpp) reads
// packets from, and the trait that checks it at compile time.
//
// A source `s` of type S offers
//
//   | expression            | meaning                                        |
//   |-----------------------|------------------------------------------------|
//   | `s.read(packet)`      | `absl::StatusOr<read_result>`: fills the       |
//   |                       | `raw_packet&`, its link type included, and     |
//   |                       | returns packet; or returns idle (a live source |
//   |                       | waited and nothing came) or end; or fails      |
//   |                       | (damaged file, interface gone). The packet's   |
//   |                       | bytes stay valid until the next read.          |
//   | `s.link_type()`       | `int`: the capture's DLT_*: that of every      |
//   |                       | packet, or, where packets differ (a pcapng     |
//   |                       | file whose interfaces do), that of the first   |
//   |                       | interface; side outputs are written in it      |
//   | `s.snapshot_length()` | `int`: the most bytes kept of a packet         |
//   | `s.is_live()`         | `bool`: whether packets arrive in real time    |
//   |                       | (collect() then hands partly filled batches to |
//   |                       | the workers instead of waiting to fill them)   |
//   | `s.stats()`           | `std::optional<capture_stats>`: drop counts of |
//   |                       | a live capture; nullopt where there are none   |
//
// io::pcap_source (netcap/io/pcap_source.hpp) reads files and interfaces
// through libpcap, and pcapng files with netcap's own reader
// (netcap/io/pcapng_reader.hpp); tests drive collect() with scripted sources. The source
// is a template parameter of collect(), so reading a packet is never a
// virtual call.
#ifndef NETCAP_IO_PACKET_SOURCE_HPP_
#define NETCAP_IO_PACKET_SOURCE_HPP_

#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"

namespace netcap::io {

// One packet as read; `data` stays valid until the next read.
struct raw_packet {
  std::int64_t timestamp_ns = 0;
  std::uint32_t captured_length = 0;
  std::uint32_t original_length = 0;
  const std::uint8_t* data = nullptr;
  // The DLT_* the packet starts with: the source's link_type(), but for a
  // pcapng file each packet's own interface's. Every source sets it.
  int link_type = -1;
};

// What a read found.
enum class read_result {
  packet,  // the packet given to read() holds the next packet
  idle,    // a live source waited its timeout and no packet came
  end,     // the input is exhausted; a live source never ends by itself
};

// The counters of a live capture since it started (libpcap's pcap_stats).
struct capture_stats {
  // Packets the kernel handed to the capture (on Linux, those that passed
  // the BPF filter).
  std::uint64_t received = 0;
  // Packets the kernel dropped because the capture buffer was full: netcap
  // did not keep up.
  std::uint64_t dropped_by_kernel = 0;
  // Packets the network interface or its driver dropped, as the system
  // reports them (not every system and interface does).
  std::uint64_t dropped_by_interface = 0;
};

namespace detail {

template <class S, class = void>
struct is_packet_source : std::false_type {};
template <class S>
struct is_packet_source<
    S, std::void_t<decltype(std::declval<S&>().read(std::declval<raw_packet&>())),
                   decltype(std::declval<const S&>().link_type()),
                   decltype(std::declval<const S&>().snapshot_length()),
                   decltype(std::declval<const S&>().is_live()),
                   decltype(std::declval<const S&>().stats())>>
    : std::bool_constant<
          std::is_same_v<decltype(std::declval<S&>().read(std::declval<raw_packet&>())),
                         absl::StatusOr<read_result>> &&
          std::is_convertible_v<decltype(std::declval<const S&>().link_type()), int> &&
          std::is_convertible_v<decltype(std::declval<const S&>().snapshot_length()), int> &&
          std::is_convertible_v<decltype(std::declval<const S&>().is_live()), bool> &&
          std::is_convertible_v<decltype(std::declval<const S&>().stats()),
                                std::optional<capture_stats>>> {};

}  // namespace detail

// Whether S meets the packet source concept above.
template <class S>
inline constexpr bool is_packet_source_v = detail::is_packet_source<S>::value;

}  // namespace netcap::io

#endif  // NETCAP_IO_PACKET_SOURCE_HPP_
