// A frame is one captured packet as the encoders see it: its bytes, its
// timestamp and how it was captured. Encoders read it; nothing changes it
// once the worker has made it.
#ifndef NETCAP_CORE_FRAME_HPP_
#define NETCAP_CORE_FRAME_HPP_

#include <cstddef>
#include <cstdint>

namespace netcap {

// Run-wide choices that change what encoders put into records.
struct encode_options {
  // Keeps payload bytes in records that have a payload field (-payload).
  bool payloads = false;
  // Computes the Shannon entropy of payloads (-entropy). Off by default: it
  // costs microseconds per packet, more than the rest of the encoding.
  bool entropy = false;
  // Idle time, by packet timestamps, after which a flow ends: Flow,
  // LinkFlow, NetworkFlow and TransportFlow (-flow-timeout), and Connection
  // (-conn-timeout). The next packet of the same addresses starts a new one.
  std::int64_t flow_timeout_ns = 30'000'000'000;
  std::int64_t conn_timeout_ns = 60'000'000'000;
  // How long a flow or connection TCP has closed (FIN both ways, or RST)
  // waits for stray packets, such as the last ACK or a retransmitted FIN,
  // before it is written (-close-timeout); a SYN on its ports ends it at
  // once. Zeek's tcp_close_delay is the same 5 s.
  std::int64_t close_timeout_ns = 5'000'000'000;
  // The most entries each flow encoder holds on one worker (-max-flows); a
  // new one beyond it first ends the entry idle the longest.
  std::uint32_t max_flows = 100'000;
  // Bounds of TCP stream reassembly (netcap/streams/reassembly.hpp), for
  // each stream encoder of each worker: out-of-order bytes buffered per
  // direction of a connection (-max-stream-buffer) and over all its
  // connections (-max-buffer-total), and connections tracked at once
  // (-max-streams).
  std::size_t max_stream_buffer = std::size_t{1} << 20;
  std::size_t max_buffer_total = std::size_t{256} << 20;
  std::size_t max_streams = 65536;
};

struct frame {
  // Capture time, in nanoseconds since the Unix epoch.
  std::int64_t timestamp_ns = 0;
  // The captured bytes, starting at the link layer named by `link_type`.
  const std::uint8_t* data = nullptr;
  std::uint32_t captured_length = 0;
  // The length on the wire, which exceeds `captured_length` when the capture
  // was cut short by its snapshot length.
  std::uint32_t original_length = 0;
  // The libpcap link type (DLT_EN10MB, DLT_LINUX_SLL, ...).
  int link_type = 0;
  encode_options options;
};

}  // namespace netcap

#endif  // NETCAP_CORE_FRAME_HPP_
