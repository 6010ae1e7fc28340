#include "netcap/encoders/linklayerdiscovery.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An Ethernet frame to the LLDP multicast address carrying `lldpdu`.
std::vector<std::uint8_t> lldp_frame(const std::vector<std::uint8_t>& lldpdu) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e,
                                     0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x88, 0xcc};
  bytes.insert(bytes.end(), lldpdu.begin(), lldpdu.end());
  return bytes;
}

// Chassis ID (MAC address subtype 4), port ID (interface name, subtype 5,
// "ge1"), TTL 120, system name "sw1", End.
const std::vector<std::uint8_t> basic = {
    0x02, 0x07, 0x04, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,  // chassis ID
    0x04, 0x04, 0x05, 'g', 'e', '1',                       // port ID
    0x06, 0x02, 0x00, 0x78,                                // TTL
    0x0a, 0x03, 's', 'w', '1',                             // system name
    0x00, 0x00};                                           // End

TEST(LinkLayerDiscoveryEncoder, FillsMandatoryTlvsAndKeepsTheOthers) {
  auto records = encode_bytes<linklayerdiscovery>(lldp_frame(basic));
  ASSERT_EQ(records.size(), 1u);
  const LinkLayerDiscovery& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.chassis_id().subtype(), 4);
  EXPECT_EQ(r.chassis_id().id(), std::string("\x00\x11\x22\x33\x44\x55", 6));
  EXPECT_EQ(r.port_id().subtype(), 5);
  EXPECT_EQ(r.port_id().id(), "ge1");
  EXPECT_EQ(r.ttl(), 120);
  ASSERT_EQ(r.values_size(), 1);
  EXPECT_EQ(r.values(0).type(), 5);
  EXPECT_EQ(r.values(0).length(), 3);
  EXPECT_EQ(r.values(0).value(), "sw1");
}

TEST(LinkLayerDiscoveryEncoder, IgnoresPaddingAfterEnd) {
  std::vector<std::uint8_t> padded = basic;
  padded.insert(padded.end(), {0xff, 0xff, 0xff, 0xff});
  auto records = encode_bytes<linklayerdiscovery>(lldp_frame(padded));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].values_size(), 1);
}

TEST(LinkLayerDiscoveryEncoder, TruncatedTlvIsMalformed) {
  // Cut inside the system name TLV: its length runs past the frame.
  std::vector<std::uint8_t> cut(basic.begin(), basic.begin() + 22);
  std::vector<std::uint8_t> bytes = lldp_frame(cut);
  EXPECT_TRUE(encode_bytes<linklayerdiscovery>(bytes).empty());
  pipeline<linklayerdiscovery>::register_layers();
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "LLDP: malformed header");
  // The Ethernet layer before it is kept.
  ASSERT_NE(d.root, nullptr);
  EXPECT_EQ(d.root->pdu_type(), Tins::PDU::ETHERNET_II);
}

TEST(LinkLayerDiscoveryEncoder, MissingMandatoryTlvIsMalformed) {
  // No TTL TLV.
  const std::vector<std::uint8_t> no_ttl = {0x02, 0x02, 0x07, 'c', 0x04, 0x02, 0x07, 'p',
                                            0x00, 0x00};
  EXPECT_TRUE(encode_bytes<linklayerdiscovery>(lldp_frame(no_ttl)).empty());
  // A chassis ID without an ID.
  const std::vector<std::uint8_t> short_chassis = {0x02, 0x01, 0x07, 0x04, 0x02, 0x07, 'p',
                                                   0x06, 0x02, 0x00, 0x01, 0x00, 0x00};
  EXPECT_TRUE(encode_bytes<linklayerdiscovery>(lldp_frame(short_chassis)).empty());
}

TEST(LinkLayerDiscoveryEncoder, HeaderAloneIsMalformed) {
  EXPECT_TRUE(encode_bytes<linklayerdiscovery>(lldp_frame({})).empty());
  EXPECT_TRUE(encode_bytes<linklayerdiscovery>(lldp_frame({0x02})).empty());
}

}  // namespace
}  // namespace netcap::encoders
