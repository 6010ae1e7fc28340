#include "netcap/encoders/ciscodiscoveryinfo.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> cdp_frame(const std::vector<std::uint8_t>& tlvs) {
  const auto length = static_cast<std::uint16_t>(8 + 4 + tlvs.size());
  std::vector<std::uint8_t> bytes = {0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc, 0x00, 0x19, 0x06,
                                     0xea, 0xb8, 0x85, static_cast<std::uint8_t>(length >> 8),
                                     static_cast<std::uint8_t>(length), 0xaa, 0xaa, 0x03,
                                     0x00, 0x00, 0x0c, 0x20, 0x00, 0x02, 0xb4, 0x00, 0x00};
  bytes.insert(bytes.end(), tlvs.begin(), tlvs.end());
  return bytes;
}

TEST(CiscoDiscoveryInfoEncoder, DecodesTlvs) {
  const std::vector<std::uint8_t> tlvs = {
      0x00, 0x01, 0x00, 0x07, 's', 'w', '1',                        // device ID
      // Addresses: one, NLPID 0xcc (IP), 4 bytes 192.168.0.1.
      0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04,
      192, 168, 0, 1,
      0x00, 0x03, 0x00, 0x08, 'F', 'a', '0', '1',                   // port ID
      0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28,               // switch, IGMP
      0x00, 0x05, 0x00, 0x06, '1', '2',                             // version
      0x00, 0x06, 0x00, 0x07, 'c', '3', '5',                        // platform
      0x00, 0x07, 0x00, 0x09, 10, 1, 0, 0, 16,                      // prefix 10.1/16
      0x00, 0x0a, 0x00, 0x06, 0x00, 0x0a,                           // native VLAN 10
      0x00, 0x0b, 0x00, 0x05, 0x01,                                 // full duplex
      0x00, 0x0e, 0x00, 0x07, 0x01, 0x00, 0x64,                     // VLAN reply 100
      0x00, 0x10, 0x00, 0x06, 0x1b, 0x58,                           // 7000 mW
      0x00, 0x11, 0x00, 0x08, 0x00, 0x00, 0x05, 0xdc,               // MTU 1500
      0x00, 0x17, 0x00, 0x08, 0x00, 'l', 'a', 'b',                  // location
      0x00, 0x19, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x3a, 0x98,  // power
      0x00, 0x1c, 0x00, 0x05, 0x09,                                 // spare pair
      0x00, 0x08, 0x00, 0x05, 0x42};                                // hello: unknown
  auto records = encode_bytes<ciscodiscoveryinfo>(cdp_frame(tlvs));
  ASSERT_EQ(records.size(), 1u);
  const CiscoDiscoveryInfo& r = records[0];
  EXPECT_EQ(r.device_id(), "sw1");
  ASSERT_EQ(r.addresses_size(), 1);
  EXPECT_EQ(r.addresses(0), "192.168.0.1");
  EXPECT_EQ(r.port_id(), "Fa01");
  EXPECT_TRUE(r.capabilities().l2_switch());
  EXPECT_TRUE(r.capabilities().igmp_filter());
  EXPECT_FALSE(r.capabilities().l3_router());
  EXPECT_EQ(r.version(), "12");
  EXPECT_EQ(r.platform(), "c35");
  ASSERT_EQ(r.ip_prefixes_size(), 1);
  EXPECT_EQ(r.ip_prefixes(0).ip(), "10.1.0.0");
  EXPECT_EQ(r.ip_prefixes(0).ip_mask(), "ffff0000");
  EXPECT_EQ(r.native_vlan(), 10);
  EXPECT_TRUE(r.full_duplex());
  EXPECT_EQ(r.vlan_reply().id(), 1);
  EXPECT_EQ(r.vlan_reply().vlan(), 100);
  EXPECT_EQ(r.power_consumption(), 7000);
  EXPECT_EQ(r.mtu(), 1500u);
  EXPECT_EQ(r.location().type(), 0);
  EXPECT_EQ(r.location().location(), "lab");
  EXPECT_EQ(r.power_request().id(), 1);
  EXPECT_EQ(r.power_request().mgmt_id(), 2);
  ASSERT_EQ(r.power_request().values_size(), 1);
  EXPECT_EQ(r.power_request().values(0), 15000u);
  EXPECT_TRUE(r.spare_pair_poe().pse_four_wire());
  EXPECT_TRUE(r.spare_pair_poe().pse_on());
  EXPECT_FALSE(r.spare_pair_poe().pd_arch_shared());
  ASSERT_EQ(r.unknown_size(), 1);
  EXPECT_EQ(r.unknown(0).type(), 8);
}

TEST(CiscoDiscoveryInfoEncoder, AcceptsAnEmptyAddressList) {
  // Cisco IOS sends a count of zero on an interface without an address.
  auto records = encode_bytes<ciscodiscoveryinfo>(
      cdp_frame({0x00, 0x02, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00,
                 0x00, 0x01, 0x00, 0x07, 's', 'w', '1'}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].addresses_size(), 0);
  EXPECT_EQ(records[0].device_id(), "sw1");
}

TEST(CiscoDiscoveryInfoEncoder, BrokenAddressListsAndShortTlvsAreMalformed) {
  // Two addresses announced, one present.
  EXPECT_TRUE(encode_bytes<ciscodiscoveryinfo>(
                  cdp_frame({0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0xcc,
                             0x00, 0x04, 192, 168, 0, 1}))
                  .empty());
  // Capabilities with 2 bytes; a prefix list that is not a multiple of 5.
  EXPECT_TRUE(encode_bytes<ciscodiscoveryinfo>(cdp_frame({0x00, 0x04, 0x00, 0x06, 0, 1})).empty());
  EXPECT_TRUE(
      encode_bytes<ciscodiscoveryinfo>(cdp_frame({0x00, 0x07, 0x00, 0x07, 10, 1, 0})).empty());
}

}  // namespace
}  // namespace netcap::encoders
