#include "netcap/encoders/ethernet.hpp"

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
using netcap::testing::mac_bytes;

TEST(EthernetEncoder, FillsHeaderFields) {
  Tins::EthernetII packet =
      Tins::EthernetII("00:11:22:33:44:55", "66:77:88:99:aa:bb") /
      Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(80, 1234) / Tins::RawPDU("hello");
  auto records = encode_packet<ethernet>(packet);
  ASSERT_EQ(records.size(), 1u);
  const Ethernet& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.dst_mac(), mac_bytes("00:11:22:33:44:55"));
  EXPECT_EQ(r.src_mac(), mac_bytes("66:77:88:99:aa:bb"));
  EXPECT_EQ(r.ethernet_type(), 0x0800);
  // 20 bytes of IPv4, 20 of TCP and 5 of data; libtins pads the 59-byte
  // frame to 60 bytes, and the padding byte is not counted.
  ASSERT_EQ(packet.serialize().size(), 60u);
  EXPECT_EQ(r.payload_size(), 45);
  // Entropy is opt-in.
  EXPECT_EQ(r.payload_entropy(), 0);
}

TEST(EthernetEncoder, LeavesOutPaddingAfterArp) {
  // An ARP packet is 28 bytes, so the frame carries 18 bytes of padding.
  Tins::EthernetII packet =
      Tins::ARP::make_arp_request("10.0.0.2", "10.0.0.1", "00:11:22:33:44:55");
  ASSERT_EQ(packet.serialize().size(), 60u);
  auto records = encode_packet<ethernet>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ethernet_type(), 0x0806);
  EXPECT_EQ(records[0].dst_mac(), mac_bytes("ff:ff:ff:ff:ff:ff"));
  EXPECT_EQ(records[0].src_mac(), mac_bytes("00:11:22:33:44:55"));
  EXPECT_EQ(records[0].payload_size(), 28);
}

TEST(EthernetEncoder, LeavesOutPaddingAfterTaggedArp) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::Dot1Q(7) /
                            Tins::ARP("10.0.0.2", "10.0.0.1");
  ASSERT_GT(packet.serialize().size(), 14u + 4 + 28);
  auto records = encode_packet<ethernet>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ethernet_type(), 0x8100);
  EXPECT_EQ(records[0].payload_size(), 4 + 28);
}

TEST(EthernetEncoder, ComputesEntropyOfRawPayload) {
  // 64 bytes alternating two values: one bit per byte. EtherType 0x88b5 is
  // the IEEE 802 local experimental one, which libtins leaves raw.
  Tins::EthernetII packet = Tins::EthernetII() / Tins::RawPDU(std::string(32, 'a') +
                                                              std::string(32, 'b'));
  packet.payload_type(0x88b5);
  encode_options options;
  options.entropy = true;
  auto records = encode_packet<ethernet>(packet, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ethernet_type(), 0x88b5);
  EXPECT_EQ(records[0].payload_size(), 64);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), 1.0);
}

TEST(EthernetEncoder, ComputesEntropyOverDissectedLayers) {
  // The payload is the IPv4 packet, whose bytes libtins does not keep; the
  // entropy is that of the captured bytes after the Ethernet header.
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(53, 40000) / Tins::RawPDU(std::string(40, 'x'));
  const std::vector<std::uint8_t> bytes = packet.serialize();
  const std::string ip(bytes.begin() + 14, bytes.end());
  ASSERT_EQ(ip.size(), 20u + 8 + 40);
  encode_options options;
  options.entropy = true;
  auto records = encode_bytes<ethernet>(bytes, DLT_EN10MB, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload_size(), 68);
  EXPECT_GT(records[0].payload_entropy(), 0);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), detail::entropy(ip));
}

TEST(EthernetEncoder, TruncatedHeaderYieldsNoRecord) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1");
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(13);
  EXPECT_TRUE(encode_bytes<ethernet>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
