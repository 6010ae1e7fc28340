#include "netcap/encoders/sll.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// A Linux cooked header (packet type, ARPHRD type, address length, 8
// address bytes, protocol) and an IPv4/UDP packet.
std::vector<std::uint8_t> cooked_udp() {
  std::vector<std::uint8_t> bytes = {
      0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
      0x08, 0x00};
  const std::vector<std::uint8_t> ip = {
      0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 1,
      10,   0,    0,    2,    0x00, 0x35, 0x9c, 0x40, 0x00, 0x08, 0x00, 0x00};
  bytes.insert(bytes.end(), ip.begin(), ip.end());
  return bytes;
}

TEST(SllEncoder, FillsHeaderFields) {
  auto records = encode_bytes<sll>(cooked_udp(), DLT_LINUX_SLL);
  ASSERT_EQ(records.size(), 1u);
  const SLL& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.packet_type(), 4);
  EXPECT_EQ(r.address_type(), 1);
  EXPECT_EQ(r.address_length(), 6);
  EXPECT_EQ(r.address(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(r.protocol(), 0x0800);
}

TEST(SllEncoder, KeepsAtMostEightAddressBytes) {
  std::vector<std::uint8_t> bytes = cooked_udp();
  bytes[5] = 20;  // more than the field holds
  auto records = encode_bytes<sll>(bytes, DLT_LINUX_SLL);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].address_length(), 20);
  EXPECT_EQ(records[0].address().size(), 8u);
}

TEST(SllEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = cooked_udp();
  bytes.resize(15);
  EXPECT_TRUE(encode_bytes<sll>(bytes, DLT_LINUX_SLL).empty());
}

}  // namespace
}  // namespace netcap::encoders
