#include "netcap/encoders/dot11deauthentication.hpp"

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

TEST(Dot11DeauthenticationEncoder, ReadsTheReason) {
  Tins::Dot11Deauthentication deauth("02:00:00:00:00:01", "02:00:00:00:00:aa");
  deauth.reason_code(7);
  auto records = encode_bytes<dot11deauthentication>(deauth.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].reason_code(), 7);
}

TEST(Dot11DeauthenticationEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11Deauthentication().serialize();
  bytes.resize(24 + 1);
  EXPECT_TRUE(encode_bytes<dot11deauthentication>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
