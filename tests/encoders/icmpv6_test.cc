#include "netcap/encoders/icmpv6.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// The ICMPv6 checksum as sent, from the crafted bytes.
int checksum_of(const std::vector<std::uint8_t>& bytes) {
  return bytes[14 + 40 + 2] << 8 | bytes[14 + 40 + 3];
}

std::vector<std::uint8_t> serialize(Tins::ICMPv6 icmp) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") / icmp;
  return packet.serialize();
}

TEST(Icmpv6Encoder, FillsEchoFields) {
  Tins::ICMPv6 icmp(Tins::ICMPv6::ECHO_REQUEST);
  icmp.identifier(0x1234);
  icmp.sequence(7);
  const std::vector<std::uint8_t> bytes = serialize(icmp);
  auto records = encode_bytes<icmpv6>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const ICMPv6& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.type(), 128);
  EXPECT_EQ(r.code(), 0);
  EXPECT_EQ(r.type_code(), 0x8000);
  EXPECT_EQ(r.checksum(), checksum_of(bytes));
  EXPECT_NE(r.checksum(), 0);
}

TEST(Icmpv6Encoder, FillsTypeAndCode) {
  // RFC 4443: destination unreachable, port unreachable.
  Tins::ICMPv6 icmp(Tins::ICMPv6::DEST_UNREACHABLE);
  icmp.code(4);
  const std::vector<std::uint8_t> bytes = serialize(icmp);
  auto records = encode_bytes<icmpv6>(bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].type(), 1);
  EXPECT_EQ(records[0].code(), 4);
  EXPECT_EQ(records[0].type_code(), 0x0104);
  EXPECT_EQ(records[0].checksum(), checksum_of(bytes));
}

TEST(Icmpv6Encoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = serialize(Tins::ICMPv6(Tins::ICMPv6::ECHO_REQUEST));
  bytes.resize(14 + 40 + 3);
  EXPECT_TRUE(encode_bytes<icmpv6>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
