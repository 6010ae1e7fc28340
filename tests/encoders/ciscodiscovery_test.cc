#include "netcap/encoders/ciscodiscovery.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An IEEE 802.3 frame with LLC/SNAP (OUI 00:00:0c, protocol 0x2000) and
// `cdp`, followed by `padding` bytes the 802.3 length does not count.
std::vector<std::uint8_t> cdp_frame(const std::vector<std::uint8_t>& cdp, int padding = 0) {
  const auto length = static_cast<std::uint16_t>(8 + cdp.size());
  std::vector<std::uint8_t> bytes = {0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, 0x00, 0x19, 0x06,
                                     0xea, 0xb8, 0x85, static_cast<std::uint8_t>(length >> 8),
                                     static_cast<std::uint8_t>(length), 0xaa, 0xaa, 0x03,
                                     0x00, 0x00, 0x0c, 0x20, 0x00};
  bytes.insert(bytes.end(), cdp.begin(), cdp.end());
  bytes.insert(bytes.end(), padding, 0);
  return bytes;
}

// Version 2, TTL 180, checksum 0xb0bd, device ID "sw1", platform "c3560".
const std::vector<std::uint8_t> basic = {0x02, 0xb4, 0xb0, 0xbd,
                                         0x00, 0x01, 0x00, 0x07, 's', 'w', '1',
                                         0x00, 0x06, 0x00, 0x09, 'c', '3', '5', '6', '0'};

TEST(CiscoDiscoveryEncoder, FillsHeaderAndTlvsBehindSnap) {
  auto records = encode_bytes<ciscodiscovery>(cdp_frame(basic, 10));
  ASSERT_EQ(records.size(), 1u);
  const CiscoDiscovery& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.ttl(), 180);
  EXPECT_EQ(r.checksum(), 0xb0bd);
  ASSERT_EQ(r.values_size(), 2);
  EXPECT_EQ(r.values(0).type(), 1);
  EXPECT_EQ(r.values(0).length(), 7);
  EXPECT_EQ(r.values(0).value(), "sw1");
  EXPECT_EQ(r.values(1).type(), 6);
  EXPECT_EQ(r.values(1).value(), "c3560");
}

TEST(CiscoDiscoveryEncoder, OtherSnapProtocolsAreNotCdp) {
  std::vector<std::uint8_t> bytes = cdp_frame(basic);
  bytes[21] = 0x04;  // protocol 0x2004, DTP
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(bytes).empty());
}

TEST(CiscoDiscoveryEncoder, TruncatedOrInvalidPacketsAreMalformed) {
  // The header cut short.
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(cdp_frame({0x02, 0xb4})).empty());
  // Version 3.
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(cdp_frame({0x03, 0xb4, 0, 0})).empty());
  // A TLV whose length runs past the packet, one shorter than its header.
  std::vector<std::uint8_t> cut(basic.begin(), basic.end() - 2);
  std::vector<std::uint8_t> bytes = cdp_frame(cut);
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(bytes).empty());
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(cdp_frame({0x02, 0xb4, 0, 0, 0, 1, 0, 3})).empty());
  pipeline<ciscodiscovery>::register_layers();
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "CDP: malformed header");
  // The 802.3 layer is kept; the LLC layer stays, with the bytes raw.
  ASSERT_NE(d.root, nullptr);
  EXPECT_EQ(d.root->pdu_type(), Tins::PDU::IEEE802_3);
}

}  // namespace
}  // namespace netcap::encoders
