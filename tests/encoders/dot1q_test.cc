#include "netcap/encoders/dot1q.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;

TEST(Dot1qEncoder, FillsTagFields) {
  Tins::Dot1Q tag(100);
  tag.priority(5);
  tag.cfi(1);
  Tins::EthernetII packet =
      Tins::EthernetII() / tag / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2);
  auto records = encode_packet<dot1q>(packet);
  ASSERT_EQ(records.size(), 1u);
  const Dot1Q& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.priority(), 5);
  EXPECT_TRUE(r.drop_eligible());
  EXPECT_EQ(r.vlan_identifier(), 100);
  EXPECT_EQ(r.type(), 0x0800);
}

TEST(Dot1qEncoder, GivesOneRecordPerStackedTagOutermostFirst) {
  // IEEE 802.1ad: an S-tag (EtherType 0x88a8) carrying a C-tag (0x8100).
  // libtins writes the two EtherTypes the other way round, so they are set
  // here by hand.
  Tins::Dot1Q outer(100);
  outer.priority(3);
  Tins::EthernetII packet = Tins::EthernetII() / outer / Tins::Dot1Q(200) /
                            Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes[12] = 0x88;
  bytes[13] = 0xa8;
  bytes[16] = 0x81;
  bytes[17] = 0x00;
  auto records = encode_bytes<dot1q>(bytes);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].vlan_identifier(), 100);
  EXPECT_EQ(records[0].priority(), 3);
  EXPECT_FALSE(records[0].drop_eligible());
  EXPECT_EQ(records[0].type(), 0x8100);
  EXPECT_EQ(records[1].vlan_identifier(), 200);
  EXPECT_EQ(records[1].priority(), 0);
  EXPECT_FALSE(records[1].drop_eligible());
  EXPECT_EQ(records[1].type(), 0x0800);
}

TEST(Dot1qEncoder, TruncatedTagYieldsNoRecord) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::Dot1Q(100) /
                            Tins::IP("10.0.0.2", "10.0.0.1");
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 3);
  EXPECT_TRUE(encode_bytes<dot1q>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
