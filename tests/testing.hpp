// Helpers for netcap's tests: run encoders over packets crafted with libtins
// and look at the records they wrote.
#ifndef NETCAP_TESTS_TESTING_HPP_
#define NETCAP_TESTS_TESTING_HPP_

#include <pcap/dlt.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <tins/tins.h>

#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/pipeline.hpp"

namespace netcap::testing {

// Keeps a serialised copy of every record written to it, with the index of
// the encoder that wrote it.
struct memory_sink {
  std::vector<std::pair<std::size_t, std::string>> records;

  template <class Record>
  void write(std::size_t index, const Record& record) {
    records.emplace_back(index, record.SerializeAsString());
  }

  // The records of encoder `index`, parsed back.
  template <class Record>
  std::vector<Record> of(std::size_t index) const {
    std::vector<Record> out;
    for (const auto& [i, bytes] : records) {
      if (i != index) continue;
      out.emplace_back();
      out.back().ParseFromString(bytes);
    }
    return out;
  }
};

// The timestamp every crafted packet gets: 2021-01-02T03:04:05.123456789Z.
inline constexpr std::int64_t test_timestamp_ns = 1609556645123456789;

// A frame over `bytes`, captured whole: what a capture source would hand
// the pipeline. It points into `bytes`, which must outlive it.
inline frame frame_of(const std::vector<std::uint8_t>& bytes,
                      std::int64_t timestamp_ns = test_timestamp_ns,
                      int link_type = DLT_EN10MB, encode_options options = {}) {
  frame f;
  f.timestamp_ns = timestamp_ns;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.original_length = f.captured_length;
  f.link_type = link_type;
  f.options = options;
  return f;
}

// Runs `pipeline<Encoder>` over bytes of the given link type and returns
// the encoder's records.
template <class Encoder>
std::vector<typename Encoder::record_type> encode_bytes(
    const std::vector<std::uint8_t>& bytes, int link_type = DLT_EN10MB,
    encode_options options = {}) {
  const frame f = frame_of(bytes, test_timestamp_ns, link_type, options);
  pipeline<Encoder>::register_layers();
  dissection d = dissect(link_type, f.data, f.captured_length);
  pipeline<Encoder> p;
  memory_sink sink;
  p.process(d.root.get(), f, sink);
  p.flush(sink);
  return sink.of<typename Encoder::record_type>(0);
}

// Runs `pipeline<Encoder>` over a packet crafted with libtins, serialised
// as it would be captured on Ethernet.
template <class Encoder>
std::vector<typename Encoder::record_type> encode_packet(Tins::PDU& packet,
                                                         encode_options options = {}) {
  return encode_bytes<Encoder>(packet.serialize(), DLT_EN10MB, options);
}

// What `pipeline<Encoder>` made of crafted packets: the records it wrote
// and the error it reported for the last packet ("" when there was none).
template <class Record>
struct packet_outcome {
  std::vector<Record> records;
  std::string error;
};

// Runs `pipeline<Encoder>` over Ethernet frames in order, the first
// stamped `test_timestamp_ns` and each next one `spacing_ns` later, then
// flushes it when `flush` is set. Unit tests of one packet leave both at
// their defaults; tests of TCP streams space the packets and flush, as the
// end of a capture would.
template <class Encoder>
packet_outcome<typename Encoder::record_type> run_frames(
    const std::vector<std::vector<std::uint8_t>>& packets, std::int64_t spacing_ns = 0,
    bool flush = false) {
  pipeline<Encoder>::register_layers();
  pipeline<Encoder> p;
  memory_sink sink;
  packet_outcome<typename Encoder::record_type> out;
  std::int64_t timestamp_ns = test_timestamp_ns;
  for (const std::vector<std::uint8_t>& bytes : packets) {
    const frame f = frame_of(bytes, timestamp_ns);
    timestamp_ns += spacing_ns;
    dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
    out.error = std::string(p.process(d.root.get(), f, sink).error);
  }
  if (flush) p.flush(sink);
  out.records = sink.of<typename Encoder::record_type>(0);
  return out;
}

// Runs `pipeline<Encoder>` over one packet crafted with libtins.
template <class Encoder>
packet_outcome<typename Encoder::record_type> run_packet(Tins::PDU& packet) {
  return run_frames<Encoder>({packet.serialize()});
}

// Runs `pipeline<Encoder>` over `payload` in one Ethernet/IPv4 packet from
// `src`:`sport` to `dst`:`dport`, carried by `Transport` (Tins::UDP or
// Tins::TCP): how the tests of protocols found by port reach their decoder.
template <class Encoder, class Transport = Tins::UDP>
packet_outcome<typename Encoder::record_type> run_payload(
    const std::string& payload, std::uint16_t dport, std::uint16_t sport,
    const std::string& dst = "10.0.0.2", const std::string& src = "10.0.0.1") {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP(dst, src) / Transport(dport, sport) / Tins::RawPDU(payload);
  return run_packet<Encoder>(packet);
}

// One packet of a crafted capture: its bytes and capture time.
struct timed_packet {
  std::vector<std::uint8_t> bytes;
  std::int64_t timestamp_ns;
};

template <class Record>
struct capture_records {
  // Every record, in the order written.
  std::vector<Record> records;
  // How many of them were written before the end of input, while packets
  // were still coming (the rest came from flush()).
  std::size_t before_end = 0;
  // For each record written before the end, the number of packets encoded
  // when it was written.
  std::vector<std::size_t> after_packets;
};

// Runs `pipeline<Encoder>` over packets in order, then flushes it: what a
// stateful encoder makes of a whole crafted capture.
template <class Encoder>
capture_records<typename Encoder::record_type> encode_capture(
    const std::vector<timed_packet>& packets, encode_options options = {},
    int link_type = DLT_EN10MB) {
  using Record = typename Encoder::record_type;
  pipeline<Encoder>::register_layers();
  pipeline<Encoder> p;
  memory_sink sink;
  capture_records<Record> out;
  std::size_t count = 0;
  for (const timed_packet& packet : packets) {
    const frame f = frame_of(packet.bytes, packet.timestamp_ns, link_type, options);
    dissection d = dissect(link_type, f.data, f.captured_length);
    const std::size_t before = sink.records.size();
    p.process(d.root.get(), f, sink);
    ++count;
    for (std::size_t i = before; i < sink.records.size(); ++i) out.after_packets.push_back(count);
  }
  out.before_end = sink.records.size();
  p.flush(sink);
  out.records = sink.of<Record>(0);
  return out;
}

// The bytes of an IPv4 address, as records store it.
inline std::string ipv4_bytes(const std::string& text) {
  const std::uint32_t a = Tins::IPv4Address(text);  // network byte order
  return std::string(reinterpret_cast<const char*>(&a), 4);
}

inline std::string ipv6_bytes(const std::string& text) {
  const Tins::IPv6Address a(text);
  return std::string(reinterpret_cast<const char*>(a.begin()), 16);
}

inline std::string mac_bytes(const std::string& text) {
  const Tins::HWAddress<6> a(text);
  return std::string(reinterpret_cast<const char*>(a.begin()), 6);
}

// A usbmon packet (netcap/layers/usb.hpp): a 48-byte header, or 64 bytes
// for DLT_USB_LINUX_MMAPPED, in host byte order as libpcap hands it on, then
// `data`. Its fields: a control transfer's submission on bus 3, device 7,
// endpoint 0x80 (IN), with the setup packet GET_DESCRIPTOR (request type
// 0x80, request 6, value 0x0100, index 0, length 18).
struct usbmon_packet {
  std::uint64_t id = 0xffff88810a2b3c00u;
  std::uint8_t event_type = 'S';
  std::uint8_t transfer_type = 2;
  std::uint8_t endpoint = 0x80;
  std::uint8_t device = 7;
  std::uint16_t bus = 3;
  std::uint8_t setup_flag = 0;
  std::uint8_t data_flag = '<';
  std::int64_t seconds = 1609556645;
  std::int32_t microseconds = 123456;
  std::int32_t status = -115;
  std::uint32_t length = 18;
  std::uint32_t captured = 0;
  std::uint8_t setup[8] = {0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00};
  std::int32_t interval = 0;
  std::int32_t start_frame = 0;
  std::uint32_t transfer_flags = 0x200;
  std::uint32_t iso_descriptors = 0;
  std::vector<std::uint8_t> data;

  std::vector<std::uint8_t> bytes(int link_type = DLT_USB_LINUX) const {
    std::vector<std::uint8_t> out(link_type == DLT_USB_LINUX_MMAPPED ? 64 : 48);
    auto put = [&](std::size_t at, const auto& value) {
      std::memcpy(out.data() + at, &value, sizeof(value));
    };
    put(0, id);
    out[8] = event_type;
    out[9] = transfer_type;
    out[10] = endpoint;
    out[11] = device;
    put(12, bus);
    out[14] = setup_flag;
    out[15] = data_flag;
    put(16, seconds);
    put(24, microseconds);
    put(28, status);
    put(32, length);
    put(36, captured);
    std::memcpy(out.data() + 40, setup, sizeof(setup));
    if (out.size() == 64) {
      put(48, interval);
      put(52, start_frame);
      put(56, transfer_flags);
      put(60, iso_descriptors);
    }
    out.insert(out.end(), data.begin(), data.end());
    return out;
  }
};

// Builds the bytes of a pcapng file, block by block, each section in the
// byte order given when it starts, for tests of netcap's pcapng reader:
//
//   testing::pcapng_bytes f;
//   f.section(/*big_endian=*/true);
//   f.interface(DLT_EN10MB, 65535);
//   f.enhanced_packet(0, 1'600'000'000'000'000, frame_bytes);
//   std::vector<std::uint8_t> bytes = f.bytes;
struct pcapng_bytes {
  std::vector<std::uint8_t> bytes;
  bool big_endian = false;

  void put16(std::vector<std::uint8_t>& out, std::uint16_t v) const {
    for (int i = 0; i < 2; ++i) {
      out.push_back(static_cast<std::uint8_t>(big_endian ? v >> (8 * (1 - i)) : v >> (8 * i)));
    }
  }
  void put32(std::vector<std::uint8_t>& out, std::uint32_t v) const {
    for (int i = 0; i < 4; ++i) {
      out.push_back(static_cast<std::uint8_t>(big_endian ? v >> (8 * (3 - i)) : v >> (8 * i)));
    }
  }
  void put64(std::vector<std::uint8_t>& out, std::uint64_t v) const {
    if (big_endian) {
      put32(out, static_cast<std::uint32_t>(v >> 32));
      put32(out, static_cast<std::uint32_t>(v));
    } else {
      put32(out, static_cast<std::uint32_t>(v));
      put32(out, static_cast<std::uint32_t>(v >> 32));
    }
  }

  // Appends a block of `type` around `body`, padded to 32 bits.
  void block(std::uint32_t type, std::vector<std::uint8_t> body) {
    while (body.size() % 4 != 0) body.push_back(0);
    const auto length = static_cast<std::uint32_t>(body.size() + 12);
    put32(bytes, type);
    put32(bytes, length);
    bytes.insert(bytes.end(), body.begin(), body.end());
    put32(bytes, length);
  }

  // A Section Header Block; the blocks after it use its byte order.
  void section(bool big, std::uint16_t major = 1, std::uint16_t minor = 0) {
    big_endian = big;
    std::vector<std::uint8_t> body;
    put32(body, 0x1a2b3c4d);
    put16(body, major);
    put16(body, minor);
    put64(body, ~std::uint64_t{0});  // section length unknown
    block(0x0a0d0d0a, body);
  }

  // An Interface Description Block of LINKTYPE `link_type`, with the
  // options if_tsresol (when `resolution` >= 0) and if_tsoffset (when not
  // 0).
  void interface(std::uint16_t link_type, std::uint32_t snapshot_length, int resolution = -1,
                 std::int64_t offset_seconds = 0) {
    std::vector<std::uint8_t> body;
    put16(body, link_type);
    put16(body, 0);
    put32(body, snapshot_length);
    if (resolution >= 0) {
      put16(body, 9);
      put16(body, 1);
      body.insert(body.end(), {static_cast<std::uint8_t>(resolution), 0, 0, 0});
    }
    if (offset_seconds != 0) {
      put16(body, 14);
      put16(body, 8);
      put64(body, static_cast<std::uint64_t>(offset_seconds));
    }
    put32(body, 0);  // opt_endofopt
    block(1, body);
  }

  // An Enhanced Packet Block; `original` 0 means the data's length.
  void enhanced_packet(std::uint32_t interface_id, std::uint64_t units,
                       const std::vector<std::uint8_t>& data, std::uint32_t original = 0) {
    std::vector<std::uint8_t> body;
    put32(body, interface_id);
    put32(body, static_cast<std::uint32_t>(units >> 32));
    put32(body, static_cast<std::uint32_t>(units));
    put32(body, static_cast<std::uint32_t>(data.size()));
    put32(body, original != 0 ? original : static_cast<std::uint32_t>(data.size()));
    body.insert(body.end(), data.begin(), data.end());
    block(6, body);
  }

  // An obsolete Packet Block.
  void packet(std::uint16_t interface_id, std::uint64_t units,
              const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> body;
    put16(body, interface_id);
    put16(body, 0);  // drops
    put32(body, static_cast<std::uint32_t>(units >> 32));
    put32(body, static_cast<std::uint32_t>(units));
    put32(body, static_cast<std::uint32_t>(data.size()));
    put32(body, static_cast<std::uint32_t>(data.size()));
    body.insert(body.end(), data.begin(), data.end());
    block(2, body);
  }

  // A Simple Packet Block of the packet `original` bytes long whose
  // first bytes are `data`.
  void simple_packet(const std::vector<std::uint8_t>& data, std::uint32_t original) {
    std::vector<std::uint8_t> body;
    put32(body, original);
    body.insert(body.end(), data.begin(), data.end());
    block(3, body);
  }
};

}  // namespace netcap::testing

#endif  // NETCAP_TESTS_TESTING_HPP_
