#include "netcap/encoders/ipv4.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/detail/payload.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;
using netcap::testing::ipv4_bytes;

// The big-endian 16-bit number at `offset`.
int be16(const std::vector<std::uint8_t>& bytes, std::size_t offset) {
  return bytes[offset] << 8 | bytes[offset + 1];
}

// Inserts `options` after the 20-byte IPv4 header that follows an Ethernet
// header and fixes the header and total lengths. libtins 4.0 cannot craft
// them: it counts a multi-byte option one byte short and writes past the
// header it sized.
std::vector<std::uint8_t> with_options(std::vector<std::uint8_t> bytes,
                                       const std::vector<std::uint8_t>& options) {
  const std::size_t total = (bytes[16] << 8 | bytes[17]) + options.size();
  bytes.insert(bytes.begin() + 14 + 20, options.begin(), options.end());
  bytes[14] = static_cast<std::uint8_t>(0x40 | (20 + options.size()) / 4);
  bytes[16] = static_cast<std::uint8_t>(total >> 8);
  bytes[17] = static_cast<std::uint8_t>(total);
  return bytes;
}

TEST(Ipv4Encoder, FillsHeaderFields) {
  Tins::IP ip("192.168.1.2", "10.0.0.1");
  ip.tos(0x28);
  ip.id(0x1234);
  ip.ttl(42);
  ip.flags(Tins::IP::DONT_FRAGMENT);
  Tins::EthernetII packet =
      Tins::EthernetII() / ip / Tins::UDP(53, 40000) / Tins::RawPDU("hello");
  const std::vector<std::uint8_t> bytes = packet.serialize();
  auto records = encode_bytes<ipv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const IPv4& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 4);
  EXPECT_EQ(r.ihl(), 5);
  EXPECT_EQ(r.tos(), 0x28);
  EXPECT_EQ(r.length(), 20 + 8 + 5);
  EXPECT_EQ(r.id(), 0x1234);
  EXPECT_EQ(r.flags(), 0x2);
  EXPECT_EQ(r.frag_offset(), 0);
  EXPECT_EQ(r.ttl(), 42);
  EXPECT_EQ(r.protocol(), 17);
  EXPECT_EQ(r.checksum(), be16(bytes, 14 + 10));
  EXPECT_NE(r.checksum(), 0);
  EXPECT_EQ(r.src_ip(), ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(r.dst_ip(), ipv4_bytes("192.168.1.2"));
  EXPECT_TRUE(r.padding().empty());
  EXPECT_EQ(r.options_size(), 0);
  EXPECT_EQ(r.payload_size(), 8 + 5);
  EXPECT_EQ(r.payload_entropy(), 0);
}

TEST(Ipv4Encoder, FillsFragmentFields) {
  // The second fragment of a 3000-byte datagram cut at 1480 bytes.
  Tins::IP ip("192.168.1.2", "10.0.0.1");
  ip.flags(Tins::IP::MORE_FRAGMENTS);
  ip.fragment_offset(1480 / 8);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(std::string(100, 'z'));
  auto records = encode_packet<ipv4>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags(), 0x1);
  EXPECT_EQ(records[0].frag_offset(), 185);
  EXPECT_EQ(records[0].length(), 120);
  EXPECT_EQ(records[0].payload_size(), 100);
}

TEST(Ipv4Encoder, ListsOptionsUpToEndOfList) {
  // RFC 791: no operation, record route with room for one address and the
  // pointer at it, three more no operations, end of option list.
  const std::vector<std::uint8_t> options = {
      1, 7, 7, 4, 10, 9, 8, 7, 1, 1, 1, 0,
  };
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("192.168.1.2", "10.0.0.1") / Tins::UDP(1, 2);
  auto records = encode_bytes<ipv4>(with_options(packet.serialize(), options));
  ASSERT_EQ(records.size(), 1u);
  const IPv4& r = records[0];
  EXPECT_EQ(r.ihl(), 8);
  EXPECT_EQ(r.length(), 32 + 8);
  EXPECT_EQ(r.payload_size(), 8);
  ASSERT_EQ(r.options_size(), 6);
  EXPECT_EQ(r.options(0).option_type(), 1);
  EXPECT_EQ(r.options(0).option_length(), 1);
  EXPECT_EQ(r.options(0).option_data(), "");
  EXPECT_EQ(r.options(1).option_type(), 7);
  EXPECT_EQ(r.options(1).option_length(), 7);
  EXPECT_EQ(r.options(1).option_data(), std::string("\x04\x0a\x09\x08\x07", 5));
  for (int i = 2; i < 5; ++i) {
    EXPECT_EQ(r.options(i).option_type(), 1);
    EXPECT_EQ(r.options(i).option_length(), 1);
  }
  EXPECT_EQ(r.options(5).option_type(), 0);
  EXPECT_EQ(r.options(5).option_length(), 1);
  EXPECT_EQ(r.options(5).option_data(), "");
  EXPECT_TRUE(r.padding().empty());
}

TEST(Ipv4Encoder, KeepsTheWholeOptionType) {
  // RFC 2113's router alert: copied flag set, class 0, number 20.
  const std::vector<std::uint8_t> options = {0x94, 4, 0, 0};
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("192.168.1.2", "10.0.0.1") / Tins::UDP(1, 2);
  auto records = encode_bytes<ipv4>(with_options(packet.serialize(), options));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].options_size(), 1);
  EXPECT_EQ(records[0].options(0).option_type(), 0x94);
  EXPECT_EQ(records[0].options(0).option_length(), 4);
  EXPECT_EQ(records[0].options(0).option_data(), std::string(2, '\0'));
}

// RFC 791 pads the options after end of option list with zeros. libtins
// 4.0 takes such a header for malformed; netcap parses it from a repaired
// copy (core/dissect.hpp) and reads the options and padding from the wire,
// with no error, and decodes what the header carries.
TEST(Ipv4Encoder, KeepsPaddingAfterEndOfList) {
  const std::vector<std::uint8_t> options = {1, 0, 0, 0};
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("192.168.1.2", "10.0.0.1") / Tins::UDP(1, 2);
  const std::vector<std::uint8_t> bytes = with_options(packet.serialize(), options);
  auto records = encode_bytes<ipv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const IPv4& r = records[0];
  EXPECT_EQ(r.ihl(), 6);
  ASSERT_EQ(r.options_size(), 2);
  EXPECT_EQ(r.options(0).option_type(), 1);
  EXPECT_EQ(r.options(1).option_type(), 0);
  EXPECT_EQ(r.padding(), std::string(2, '\0'));
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_NE(d.root->find_pdu<Tins::UDP>(), nullptr);
}

// An option whose length runs past the header (tcpdump's
// ip_printroute_asan.pcap and others): the record keeps the header and the
// options before the broken one; the packet is logged as malformed.
TEST(Ipv4Encoder, KeepsAHeaderWithABrokenOption) {
  const std::vector<std::uint8_t> options = {1, 7, 3, 4, 0x44, 9, 0, 0};
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("192.168.1.2", "10.0.0.1") / Tins::UDP(1, 2);
  const std::vector<std::uint8_t> bytes = with_options(packet.serialize(), options);
  auto records = encode_bytes<ipv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const IPv4& r = records[0];
  EXPECT_EQ(r.ihl(), 7);
  EXPECT_EQ(r.src_ip(), std::string("\x0a\x00\x00\x01", 4));
  ASSERT_EQ(r.options_size(), 2);
  EXPECT_EQ(r.options(1).option_type(), 7);
  EXPECT_EQ(r.options(1).option_length(), 3);
  EXPECT_EQ(r.options(1).option_data(), "\x04");
  EXPECT_TRUE(r.padding().empty());
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "IPv4: malformed header");
}

TEST(Ipv4Encoder, GivesOneRecordPerHeaderOfATunnel) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::IP("192.168.0.2", "192.168.0.1") /
                            Tins::UDP(1, 2) / Tins::RawPDU("abcd");
  auto records = encode_packet<ipv4>(packet);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].src_ip(), ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(records[0].dst_ip(), ipv4_bytes("10.0.0.2"));
  EXPECT_EQ(records[0].protocol(), 4);
  EXPECT_EQ(records[0].length(), 20 + 20 + 8 + 4);
  EXPECT_EQ(records[0].payload_size(), 20 + 8 + 4);
  EXPECT_EQ(records[1].src_ip(), ipv4_bytes("192.168.0.1"));
  EXPECT_EQ(records[1].dst_ip(), ipv4_bytes("192.168.0.2"));
  EXPECT_EQ(records[1].protocol(), 17);
  EXPECT_EQ(records[1].length(), 20 + 8 + 4);
  EXPECT_EQ(records[1].payload_size(), 8 + 4);
}

TEST(Ipv4Encoder, ComputesEntropyOfEachHeadersPayload) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::IP("192.168.0.2", "192.168.0.1") /
                            Tins::UDP(1, 2) / Tins::RawPDU("abcd");
  const std::vector<std::uint8_t> bytes = packet.serialize();
  const std::string outer_payload(bytes.begin() + 14 + 20, bytes.end());
  const std::string inner_payload(bytes.begin() + 14 + 40, bytes.end());
  encode_options options;
  options.entropy = true;
  auto records = encode_bytes<ipv4>(bytes, DLT_EN10MB, options);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_GT(records[0].payload_entropy(), 0);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), detail::entropy(outer_payload));
  EXPECT_DOUBLE_EQ(records[1].payload_entropy(), detail::entropy(inner_payload));
  EXPECT_NE(records[0].payload_entropy(), records[1].payload_entropy());
}

TEST(Ipv4Encoder, ComputesEntropyOfRawPayload) {
  Tins::IP ip("192.168.1.2", "10.0.0.1");
  ip.fragment_offset(10);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU("aabbccdd");
  encode_options options;
  options.entropy = true;
  auto records = encode_packet<ipv4>(packet, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), 2.0);
}

TEST(Ipv4Encoder, CutTcpHeaderStillYieldsARecord) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(80, 1234);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 20 + 10);  // half a TCP header
  auto records = encode_bytes<ipv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].protocol(), 6);
  EXPECT_EQ(records[0].length(), 40);
  EXPECT_EQ(records[0].src_ip(), ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(records[0].dst_ip(), ipv4_bytes("10.0.0.2"));
  // The recovered layer keeps none of the cut header's bytes.
  EXPECT_EQ(records[0].payload_size(), 0);
}

TEST(Ipv4Encoder, TruncatedHeaderYieldsNoRecord) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 19);
  EXPECT_TRUE(encode_bytes<ipv4>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
