#include "netcap/encoders/mpls.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// Ethernet with EtherType 0x8847, then `labels`, then an IPv4/UDP packet.
std::vector<std::uint8_t> labelled(const std::vector<std::uint8_t>& labels) {
  std::vector<std::uint8_t> bytes = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0x47};
  bytes.insert(bytes.end(), labels.begin(), labels.end());
  Tins::IP ip = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2);
  const std::vector<std::uint8_t> inner = ip.serialize();
  bytes.insert(bytes.end(), inner.begin(), inner.end());
  return bytes;
}

TEST(MplsEncoder, GivesOneRecordPerLabelOutermostFirst) {
  // RFC 3032: label (20 bits), traffic class (3), bottom of stack (1), TTL.
  // Label 16, TC 5, TTL 64; then label 1000, TC 0, bottom, TTL 255.
  auto records = encode_bytes<mpls>(labelled({0x00, 0x01, 0x0a, 0x40, 0x00, 0x3e, 0x81, 0xff}));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].label(), 16);
  EXPECT_EQ(records[0].traffic_class(), 5);
  EXPECT_FALSE(records[0].stack_bottom());
  EXPECT_EQ(records[0].ttl(), 64);
  EXPECT_EQ(records[1].label(), 1000);
  EXPECT_EQ(records[1].traffic_class(), 0);
  EXPECT_TRUE(records[1].stack_bottom());
  EXPECT_EQ(records[1].ttl(), 255);
}

TEST(MplsEncoder, TruncatedEntryYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = labelled({0x00, 0x01, 0x0b, 0x40});
  bytes.resize(14 + 3);
  EXPECT_TRUE(encode_bytes<mpls>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
