#include "netcap/encoders/loopback.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> with_family(std::vector<std::uint8_t> family, Tins::PDU& packet) {
  const std::vector<std::uint8_t> inner = packet.serialize();
  family.insert(family.end(), inner.begin(), inner.end());
  return family;
}

TEST(LoopbackEncoder, ReadsTheFamilyInHostOrder) {
  Tins::IP ip = Tins::IP("127.0.0.1", "127.0.0.1") / Tins::UDP(1, 2);
  auto records = encode_bytes<loopback>(with_family({2, 0, 0, 0}, ip), DLT_NULL);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].family(), 2);
}

TEST(LoopbackEncoder, ReadsTheFamilyInNetworkOrder) {
  // DLT_LOOP stores the family big-endian; 30 is IPv6 on macOS.
  Tins::IPv6 ip = Tins::IPv6("::1", "::1") / Tins::UDP(1, 2);
  auto records = encode_bytes<loopback>(with_family({0, 0, 0, 30}, ip), DLT_LOOP);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].family(), 30);
}

TEST(LoopbackEncoder, TruncatedHeaderYieldsNoRecord) {
  EXPECT_TRUE(encode_bytes<loopback>({2, 0, 0}, DLT_NULL).empty());
}

}  // namespace
}  // namespace netcap::encoders
