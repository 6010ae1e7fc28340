#include "netcap/encoders/udp.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;

TEST(UdpEncoder, FillsHeaderFields) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(53, 40000) / Tins::RawPDU("hello");
  auto records = encode_packet<udp>(packet);
  ASSERT_EQ(records.size(), 1u);
  const UDP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.src_port(), 40000);
  EXPECT_EQ(r.dst_port(), 53);
  EXPECT_EQ(r.length(), 8 + 5);
  EXPECT_EQ(r.payload_size(), 5);
  EXPECT_NE(r.checksum(), 0);
  // Payload bytes and entropy are opt-in.
  EXPECT_TRUE(r.payload().empty());
  EXPECT_EQ(r.payload_entropy(), 0);
}

TEST(UdpEncoder, KeepsPayloadAndEntropyWhenAsked) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(53, 40000) / Tins::RawPDU("abab");
  encode_options options;
  options.payloads = true;
  options.entropy = true;
  auto records = encode_packet<udp>(packet, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload(), "abab");
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), 1.0);
}

TEST(UdpEncoder, OneRecordPerUdpLayerOfATunnel) {
  // IPv4 in UDP is not a tunnel libtins follows, so only the outer UDP
  // header is a layer; a crafted IP-in-IP packet has two IPv4 layers and one
  // UDP layer.
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::IP("192.168.0.1", "192.168.0.2") / Tins::UDP(1, 2);
  EXPECT_EQ(encode_packet<udp>(packet).size(), 1u);
}

TEST(UdpEncoder, TruncatedHeaderYieldsNoRecord) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(53, 40000);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 20 + 5);  // three bytes short of a UDP header
  EXPECT_TRUE(encode_bytes<udp>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
