#include "netcap/encoders/dot11proberesponse.hpp"

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

TEST(Dot11ProbeResponseEncoder, FillsFixedFieldsAndElements) {
  Tins::Dot11ProbeResponse response("02:00:00:00:00:01", "02:00:00:00:00:aa");
  response.timestamp(42);
  response.interval(200);
  response.capabilities().ess(1);
  response.ssid("netcap");
  response.ds_parameter_set(11);
  auto records = encode_bytes<dot11proberesponse>(response.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].tsf(), 42u);
  EXPECT_EQ(records[0].interval(), 200);
  EXPECT_EQ(records[0].capabilities(), 1);
  EXPECT_EQ(records[0].ssid(), "netcap");
  EXPECT_EQ(records[0].channel(), 11);
}

TEST(Dot11ProbeResponseEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11ProbeResponse().serialize();
  bytes.resize(24 + 8);
  EXPECT_TRUE(encode_bytes<dot11proberesponse>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
