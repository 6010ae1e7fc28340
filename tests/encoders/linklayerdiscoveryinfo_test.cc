#include "netcap/encoders/linklayerdiscoveryinfo.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> lldp_frame(const std::vector<std::uint8_t>& optional) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e, 0x00, 0x11,
                                     0x22, 0x33, 0x44, 0x55, 0x88, 0xcc,
                                     0x02, 0x02, 0x07, 'c',   // chassis ID
                                     0x04, 0x02, 0x07, 'p',   // port ID
                                     0x06, 0x02, 0x00, 0x78};  // TTL
  bytes.insert(bytes.end(), optional.begin(), optional.end());
  bytes.insert(bytes.end(), {0x00, 0x00});
  return bytes;
}

TEST(LinkLayerDiscoveryInfoEncoder, DecodesOptionalTlvs) {
  const std::vector<std::uint8_t> optional = {
      0x08, 0x03, 'e', 't', '0',                      // port description
      0x0a, 0x02, 's', 'w',                           // system name
      0x0c, 0x02, 'o', 's',                           // system description
      0x0e, 0x04, 0x00, 0x14, 0x00, 0x04,             // capabilities: bridge+router, bridge
      // Management address: IPv4 10.0.0.1, ifIndex 7, OID 1 byte.
      0x10, 0x0d, 0x05, 0x01, 10, 0, 0, 1, 0x02, 0x00, 0x00, 0x00, 0x07, 0x01, 0x2b,
      // Organizationally specific: IEEE 802.1 (00-80-c2), subtype 1, PVID 1.
      0xfe, 0x06, 0x00, 0x80, 0xc2, 0x01, 0x00, 0x01,
      0x12, 0x01, 0x42};                              // reserved type 9
  auto records = encode_bytes<linklayerdiscoveryinfo>(lldp_frame(optional));
  ASSERT_EQ(records.size(), 1u);
  const LinkLayerDiscoveryInfo& r = records[0];
  EXPECT_EQ(r.port_description(), "et0");
  EXPECT_EQ(r.sys_name(), "sw");
  EXPECT_EQ(r.sys_description(), "os");
  EXPECT_TRUE(r.sys_capabilities().system_cap().bridge());
  EXPECT_TRUE(r.sys_capabilities().system_cap().router());
  EXPECT_FALSE(r.sys_capabilities().system_cap().other());
  EXPECT_TRUE(r.sys_capabilities().enabled_cap().bridge());
  EXPECT_FALSE(r.sys_capabilities().enabled_cap().router());
  EXPECT_EQ(r.mgmt_address().subtype(), 1);
  EXPECT_EQ(r.mgmt_address().address(), std::string("\x0a\x00\x00\x01", 4));
  EXPECT_EQ(r.mgmt_address().interface_subtype(), 2);
  EXPECT_EQ(r.mgmt_address().interface_number(), 7u);
  EXPECT_EQ(r.mgmt_address().oid(), "\x2b");
  ASSERT_EQ(r.org_tlvs_size(), 1);
  EXPECT_EQ(r.org_tlvs(0).oui(), 0x0080c2u);
  EXPECT_EQ(r.org_tlvs(0).sub_type(), 1);
  EXPECT_EQ(r.org_tlvs(0).info(), std::string("\x00\x01", 2));
  ASSERT_EQ(r.unknown_size(), 1);
  EXPECT_EQ(r.unknown(0).type(), 9);
  EXPECT_EQ(r.unknown(0).value(), "\x42");
}

TEST(LinkLayerDiscoveryInfoEncoder, ReplacesTextThatIsNotUtf8) {
  auto records = encode_bytes<linklayerdiscoveryinfo>(lldp_frame({0x0a, 0x02, 'a', 0xff}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].sys_name(), "a\xef\xbf\xbd");
}

TEST(LinkLayerDiscoveryInfoEncoder, ShortFixedTlvsAreMalformed) {
  // Capabilities with 3 bytes, a management address whose OID runs past
  // the TLV, an organizationally specific TLV without its subtype.
  for (const std::vector<std::uint8_t>& bad :
       {std::vector<std::uint8_t>{0x0e, 0x03, 0x00, 0x14, 0x00},
        std::vector<std::uint8_t>{0x10, 0x0c, 0x05, 0x01, 10, 0, 0, 1, 0x02, 0, 0, 0, 7, 0x05},
        std::vector<std::uint8_t>{0xfe, 0x03, 0x00, 0x80, 0xc2}}) {
    EXPECT_TRUE(encode_bytes<linklayerdiscoveryinfo>(lldp_frame(bad)).empty());
  }
}

}  // namespace
}  // namespace netcap::encoders
