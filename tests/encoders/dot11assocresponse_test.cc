#include "netcap/encoders/dot11assocresponse.hpp"

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

TEST(Dot11AssocResponseEncoder, FillsFixedFields) {
  Tins::Dot11AssocResponse response("02:00:00:00:00:01", "02:00:00:00:00:aa");
  response.capabilities().ess(1);
  response.status_code(0);
  response.aid(0xc005);
  response.supported_rates({1.0f});
  auto records = encode_bytes<dot11assocresponse>(response.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].capabilities(), 1);
  EXPECT_EQ(records[0].status_code(), 0);
  EXPECT_EQ(records[0].aid(), 5);
  EXPECT_EQ(records[0].supported_rates(), std::string("\x82"));
}

TEST(Dot11AssocResponseEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11AssocResponse().serialize();
  bytes.resize(24 + 4);
  EXPECT_TRUE(encode_bytes<dot11assocresponse>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
