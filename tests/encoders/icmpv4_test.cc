#include "netcap/encoders/icmpv4.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// The ICMP checksum as sent, from the crafted bytes.
int checksum_of(const std::vector<std::uint8_t>& bytes) {
  return bytes[14 + 20 + 2] << 8 | bytes[14 + 20 + 3];
}

std::vector<std::uint8_t> serialize(Tins::ICMP icmp) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / icmp;
  return packet.serialize();
}

TEST(Icmpv4Encoder, FillsEchoFields) {
  Tins::ICMP icmp(Tins::ICMP::ECHO_REQUEST);
  icmp.id(0x1234);
  icmp.sequence(7);
  const std::vector<std::uint8_t> bytes = serialize(icmp);
  auto records = encode_bytes<icmpv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const ICMPv4& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.type(), 8);
  EXPECT_EQ(r.code(), 0);
  EXPECT_EQ(r.type_code(), 0x0800);
  EXPECT_EQ(r.checksum(), checksum_of(bytes));
  EXPECT_NE(r.checksum(), 0);
  EXPECT_EQ(r.id(), 0x1234);
  EXPECT_EQ(r.seq(), 7);
}

TEST(Icmpv4Encoder, FillsEchoReplyFields) {
  Tins::ICMP icmp(Tins::ICMP::ECHO_REPLY);
  icmp.id(9);
  icmp.sequence(0x0102);
  auto records = encode_bytes<icmpv4>(serialize(icmp));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].type(), 0);
  EXPECT_EQ(records[0].type_code(), 0x0000);
  EXPECT_EQ(records[0].id(), 9);
  EXPECT_EQ(records[0].seq(), 0x0102);
}

TEST(Icmpv4Encoder, FillsTimestampFields) {
  Tins::ICMP icmp(Tins::ICMP::TIMESTAMP_REQUEST);
  icmp.id(0x4242);
  icmp.sequence(3);
  auto records = encode_bytes<icmpv4>(serialize(icmp));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].type(), 13);
  EXPECT_EQ(records[0].type_code(), 13 << 8);
  EXPECT_EQ(records[0].id(), 0x4242);
  EXPECT_EQ(records[0].seq(), 3);
}

TEST(Icmpv4Encoder, LeavesIdAndSeqOutOfOtherMessages) {
  // RFC 1191: a "fragmentation needed" message carries the next hop's MTU
  // where an echo carries its sequence number.
  Tins::ICMP icmp(Tins::ICMP::DEST_UNREACHABLE);
  icmp.code(4);
  icmp.mtu(1400);
  const std::vector<std::uint8_t> bytes = serialize(icmp);
  ASSERT_EQ(bytes[14 + 20 + 6] << 8 | bytes[14 + 20 + 7], 1400);
  auto records = encode_bytes<icmpv4>(bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].type(), 3);
  EXPECT_EQ(records[0].code(), 4);
  EXPECT_EQ(records[0].type_code(), 0x0304);
  EXPECT_EQ(records[0].checksum(), checksum_of(bytes));
  EXPECT_EQ(records[0].id(), 0);
  EXPECT_EQ(records[0].seq(), 0);
}

TEST(Icmpv4Encoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = serialize(Tins::ICMP(Tins::ICMP::ECHO_REQUEST));
  bytes.resize(14 + 20 + 3);
  EXPECT_TRUE(encode_bytes<icmpv4>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
