#include "netcap/encoders/dot11authentication.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::mac_bytes;

TEST(Dot11AuthenticationEncoder, FillsFixedFields) {
  Tins::Dot11Authentication auth("02:00:00:00:00:aa", "02:00:00:00:00:01");
  auth.auth_algorithm(3);
  auth.auth_seq_number(2);
  auth.status_code(17);
  auto records = encode_bytes<dot11authentication>(auth.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].algorithm(), 3);
  EXPECT_EQ(records[0].sequence(), 2);
  EXPECT_EQ(records[0].status_code(), 17);
}

TEST(Dot11AuthenticationEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11Authentication().serialize();
  bytes.resize(24 + 3);
  EXPECT_TRUE(encode_bytes<dot11authentication>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
