#include "netcap/io/pcapng_reader.hpp"

#include <pcap/pcap.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tests/shared_pcaps.hpp"
#include "tests/testing.hpp"

namespace netcap::io {
namespace {

using testing::pcapng_bytes;

std::vector<std::uint8_t> payload(std::size_t n, std::uint8_t first) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(first + i);
  return out;
}

struct packet_copy {
  std::int64_t timestamp_ns;
  std::uint32_t original_length;
  int link_type;
  std::vector<std::uint8_t> data;
};

struct read_all_result {
  std::vector<packet_copy> packets;
  absl::Status status;  // ok when the reader reached the end
};

read_all_result read_all(pcapng_reader& reader) {
  read_all_result out;
  raw_packet p;
  while (true) {
    absl::StatusOr<read_result> r = reader.read(p);
    if (!r.ok()) {
      out.status = r.status();
      return out;
    }
    if (*r == read_result::end) return out;
    EXPECT_EQ(*r, read_result::packet);
    out.packets.push_back(
        {p.timestamp_ns, p.original_length, p.link_type, {p.data, p.data + p.captured_length}});
  }
}

read_all_result read_bytes(const std::vector<std::uint8_t>& bytes) {
  absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(bytes.data(), bytes.size(), "t.pcapng");
  if (!reader.ok()) return {{}, reader.status()};
  return read_all(*reader);
}

TEST(PcapngReader, ReadsSectionsOfBothByteOrdersAndEveryPacketBlock) {
  pcapng_bytes f;
  f.section(/*big=*/false);
  f.interface(1, 65535);  // EN10MB, microseconds
  f.enhanced_packet(0, 1'600'000'000'123'456, payload(60, 1));
  f.block(0x00000bad, payload(9, 7));  // a custom block: skipped
  f.block(4, payload(16, 0));          // name resolution: skipped
  f.section(/*big=*/true);
  f.interface(0, 128, /*resolution=*/9);                        // NULL, nanoseconds
  f.interface(101, 0, /*resolution=*/0x80 | 20, /*offset=*/10);  // RAW, 2^-20 s
  f.enhanced_packet(1, (std::uint64_t{5} << 20) + (1 << 19), payload(40, 2));
  f.enhanced_packet(0, 1'700'000'000'000'000'001, payload(100, 3), 1500);
  f.simple_packet(payload(200, 4), 300);  // cut to interface 0's 128 bytes
  f.packet(1, std::uint64_t{1} << 20, payload(20, 5));
  f.section(/*big=*/false, 1, 2);  // version 1.2 is read too
  f.interface(113, 0, /*resolution=*/3);  // LINUX_SLL, milliseconds
  f.simple_packet(payload(30, 6), 30);

  absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(f.bytes.data(), f.bytes.size(), "t");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->first_link_type(), DLT_EN10MB);
  const read_all_result r = read_all(*reader);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.packets.size(), 6u);
  EXPECT_EQ(reader->packets(), 6u);
  EXPECT_EQ(reader->offset(), f.bytes.size());

  EXPECT_EQ(r.packets[0].link_type, DLT_EN10MB);
  EXPECT_EQ(r.packets[0].timestamp_ns, 1'600'000'000'123'456'000);
  EXPECT_EQ(r.packets[0].data, payload(60, 1));
  EXPECT_EQ(r.packets[0].original_length, 60u);

  EXPECT_EQ(r.packets[1].link_type, DLT_RAW);  // LINKTYPE_RAW (101) is DLT_RAW
  EXPECT_EQ(r.packets[1].timestamp_ns, 15'500'000'000);  // 5.5 s + 10 s offset
  EXPECT_EQ(r.packets[1].data, payload(40, 2));

  EXPECT_EQ(r.packets[2].link_type, DLT_NULL);
  EXPECT_EQ(r.packets[2].timestamp_ns, 1'700'000'000'000'000'001);
  EXPECT_EQ(r.packets[2].original_length, 1500u);
  EXPECT_EQ(r.packets[2].data, payload(100, 3));

  EXPECT_EQ(r.packets[3].link_type, DLT_NULL);
  EXPECT_EQ(r.packets[3].timestamp_ns, 0);  // a simple packet has none
  EXPECT_EQ(r.packets[3].original_length, 300u);
  EXPECT_EQ(r.packets[3].data, payload(128, 4));

  EXPECT_EQ(r.packets[4].link_type, DLT_RAW);
  EXPECT_EQ(r.packets[4].timestamp_ns, 11'000'000'000);
  EXPECT_EQ(r.packets[4].data, payload(20, 5));

  EXPECT_EQ(r.packets[5].link_type, DLT_LINUX_SLL);
  EXPECT_EQ(r.packets[5].data, payload(30, 6));

  // After the end, still the end.
  raw_packet p;
  absl::StatusOr<read_result> again = reader->read(p);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, read_result::end);
}

TEST(PcapngReader, HoldsTimestampsAtTheLimitsOf64Bits) {
  pcapng_bytes f;
  f.section(true);
  f.interface(1, 0, /*resolution=*/0);  // seconds
  f.interface(1, 0, /*resolution=*/0x80 | 127);
  f.interface(1, 0, /*resolution=*/60);
  f.enhanced_packet(0, ~std::uint64_t{0}, payload(14, 0));
  f.enhanced_packet(1, ~std::uint64_t{0}, payload(14, 0));
  f.enhanced_packet(2, ~std::uint64_t{0}, payload(14, 0));
  const read_all_result r = read_bytes(f.bytes);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.packets.size(), 3u);
  EXPECT_EQ(r.packets[0].timestamp_ns, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(r.packets[1].timestamp_ns, 0);
  EXPECT_EQ(r.packets[2].timestamp_ns, 0);
}

TEST(PcapngReader, ReadsAFileWithoutInterfacesAsNoPackets) {
  pcapng_bytes f;
  f.section(false);
  f.block(0x00000bad, payload(12, 0));
  absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(f.bytes.data(), f.bytes.size(), "t");
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ(reader->first_link_type(), -1);
  const read_all_result r = read_all(*reader);
  EXPECT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.packets.empty());
}

// Two good packets, then whatever `damage` appends; the reader must return
// both packets, then fail with `expected` in its message, and keep failing.
void expect_damage(const std::function<void(pcapng_bytes&)>& damage, const std::string& expected) {
  pcapng_bytes f;
  f.section(true);
  f.interface(1, 65535);
  f.enhanced_packet(0, 1, payload(60, 1));
  f.enhanced_packet(0, 2, payload(60, 2));
  damage(f);
  absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(f.bytes.data(), f.bytes.size(), "t.pcapng");
  ASSERT_TRUE(reader.ok()) << reader.status();
  const read_all_result r = read_all(*reader);
  EXPECT_EQ(r.packets.size(), 2u) << expected;
  ASSERT_FALSE(r.status.ok()) << expected;
  EXPECT_EQ(r.status.code(), absl::StatusCode::kDataLoss);
  const std::string message(r.status.message());
  EXPECT_TRUE(absl::StrContains(message, expected)) << message;
  EXPECT_TRUE(absl::StrContains(message, "t.pcapng")) << message;
  EXPECT_TRUE(absl::StrContains(message, "after 2 packets")) << message;
  raw_packet p;
  EXPECT_FALSE(reader->read(p).ok());
}

TEST(PcapngReader, ReportsDamageAfterThePacketsBeforeIt) {
  // A block cut short by the end of the file.
  expect_damage([](pcapng_bytes& f) {
    f.enhanced_packet(0, 3, payload(60, 3));
    f.bytes.resize(f.bytes.size() - 30);
  }, "runs past the end of the file");
  // A header cut short.
  expect_damage([](pcapng_bytes& f) { f.bytes.insert(f.bytes.end(), {0, 0, 0, 6, 0}); },
                "bytes into a block header");
  // Garbage lengths.
  expect_damage([](pcapng_bytes& f) {
    f.put32(f.bytes, 6);
    f.put32(f.bytes, 0xfffffff0);
    f.put32(f.bytes, 0);
  }, "runs past the end of the file");
  expect_damage([](pcapng_bytes& f) {
    f.put32(f.bytes, 6);
    f.put32(f.bytes, 4);
    f.put32(f.bytes, 4);
  }, "block length 4 is less than 12");
  expect_damage([](pcapng_bytes& f) {
    f.put32(f.bytes, 6);
    f.put32(f.bytes, 14);
    f.put32(f.bytes, 0);
    f.put32(f.bytes, 14);
  }, "block length 14 is not a multiple of 4");
  // A trailer that contradicts the header.
  expect_damage([](pcapng_bytes& f) {
    f.enhanced_packet(0, 3, payload(60, 3));
    f.bytes[f.bytes.size() - 1] ^= 4;
  }, "in its trailer");
  // A packet of an interface the section lacks.
  expect_damage([](pcapng_bytes& f) { f.enhanced_packet(1, 3, payload(60, 3)); },
                "a packet of interface 1 in a section with 1 interfaces");
  // A captured length larger than its block.
  expect_damage([](pcapng_bytes& f) {
    f.enhanced_packet(0, 3, payload(60, 3));
    const std::size_t caplen = f.bytes.size() - 60 - 4 - 8;
    f.bytes[caplen + 2] = 1;  // 60 + 256 bytes (big-endian)
  }, "captured bytes in a block with room for 60");
  // A second section of a version netcap does not read.
  expect_damage([](pcapng_bytes& f) { f.section(false, 2, 0); }, "pcapng version 2.0");
  // A section header whose byte-order magic is neither order's.
  expect_damage([](pcapng_bytes& f) {
    f.section(false);
    f.bytes[f.bytes.size() - 28 + 8] = 0x99;
  }, "byte-order magic");
  // An interface option longer than its block.
  expect_damage([](pcapng_bytes& f) {
    std::vector<std::uint8_t> body;
    f.put16(body, 1);
    f.put16(body, 0);
    f.put32(body, 0);
    f.put16(body, 2);
    f.put16(body, 400);
    f.block(1, body);
  }, "runs past the end of its block");
  // A simple packet in a section without interfaces.
  expect_damage([](pcapng_bytes& f) {
    f.section(true);
    f.simple_packet(payload(4, 0), 4);
  }, "a simple packet block in a section without interfaces");
}

TEST(PcapngReader, RefusesAFileWhoseFirstSectionIsUnreadable) {
  for (const std::uint16_t minor : {1, 3}) {
    pcapng_bytes f;
    f.section(false, 1, minor);
    f.interface(1, 0);
    absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(f.bytes.data(), f.bytes.size(), "t");
    ASSERT_FALSE(reader.ok());
    EXPECT_TRUE(absl::StrContains(reader.status().message(), "pcapng version 1.")) << reader.status();
  }
  const std::vector<std::uint8_t> classic = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0};
  EXPECT_FALSE(pcapng_reader::open(classic.data(), classic.size(), "t").ok());
  const std::vector<std::uint8_t> stub = {0x0a, 0x0d, 0x0d, 0x0a, 28, 0};
  EXPECT_FALSE(pcapng_reader::open(stub.data(), stub.size(), "t").ok());
}

// Every block length a damaged file might claim, at every position of a
// small file: the reader never reads outside the bytes (ASan would say),
// never loops, and ends in the end or an error.
TEST(PcapngReader, SurvivesEveryLengthAtEveryBlock) {
  pcapng_bytes f;
  f.section(false);
  f.interface(1, 65535);
  f.enhanced_packet(0, 1, payload(33, 1));
  f.simple_packet(payload(7, 1), 7);
  for (std::size_t at = 0; at + 8 <= f.bytes.size(); at += 4) {
    for (const std::uint32_t length : {0u, 8u, 12u, 13u, 16u, 28u, 1u << 31, 0xffffffffu}) {
      std::vector<std::uint8_t> bytes = f.bytes;
      std::memcpy(bytes.data() + at, &length, 4);
      absl::StatusOr<pcapng_reader> reader = pcapng_reader::open(bytes.data(), bytes.size(), "t");
      if (!reader.ok()) continue;
      raw_packet p;
      for (int i = 0; i < 10; ++i) {
        absl::StatusOr<read_result> r = reader->read(p);
        if (!r.ok() || *r == read_result::end) break;
        ASSERT_LE(p.data + p.captured_length, bytes.data() + bytes.size());
      }
    }
  }
}

// Over every pcapng capture of shared/pcaps that libpcap reads whole, the
// reader returns what libpcap returns, packet for packet.
TEST(PcapngReader, AgreesWithLibpcapOnSharedCaptures) {
  std::string why;
  const std::string folder = testing::shared_pcaps_folder(&why);
  ASSERT_FALSE(folder.empty()) << why;
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string path = entry.path().string();
    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
    if (!starts_as_pcapng(bytes.data(), bytes.size())) continue;
    char error[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* handle =
        pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
    if (handle == nullptr) continue;
    std::vector<packet_copy> expected;
    pcap_pkthdr* header;
    const u_char* data;
    int rc;
    while ((rc = pcap_next_ex(handle, &header, &data)) == 1) {
      expected.push_back({static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000'000 +
                              header->ts.tv_usec,
                          header->len, pcap_datalink(handle), {data, data + header->caplen}});
    }
    pcap_close(handle);
    if (rc != PCAP_ERROR_BREAK) continue;  // libpcap stops part-way
    ++compared;
    const read_all_result r = read_bytes(bytes);
    EXPECT_TRUE(r.status.ok()) << path << ": " << r.status;
    ASSERT_EQ(r.packets.size(), expected.size()) << path;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(r.packets[i].timestamp_ns, expected[i].timestamp_ns) << path << " packet " << i;
      EXPECT_EQ(r.packets[i].original_length, expected[i].original_length) << path << " " << i;
      EXPECT_EQ(r.packets[i].link_type, expected[i].link_type) << path << " packet " << i;
      EXPECT_EQ(r.packets[i].data, expected[i].data) << path << " packet " << i;
    }
  }
  EXPECT_GT(compared, 150);
}

}  // namespace
}  // namespace netcap::io
