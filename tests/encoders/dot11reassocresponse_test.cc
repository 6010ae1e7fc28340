#include "netcap/encoders/dot11reassocresponse.hpp"

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

TEST(Dot11ReassocResponseEncoder, FillsFixedFields) {
  Tins::Dot11ReAssocResponse response("02:00:00:00:00:01", "02:00:00:00:00:aa");
  response.status_code(1);
  response.aid(0xc00a);
  auto records = encode_bytes<dot11reassocresponse>(response.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].status_code(), 1);
  EXPECT_EQ(records[0].aid(), 10);
}

TEST(Dot11ReassocResponseEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11ReAssocResponse().serialize();
  bytes.resize(24 + 4);
  EXPECT_TRUE(encode_bytes<dot11reassocresponse>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
