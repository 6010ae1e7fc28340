#include "netcap/encoders/dot11assocrequest.hpp"

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

TEST(Dot11AssocRequestEncoder, FillsFixedFieldsAndElements) {
  Tins::Dot11AssocRequest request("02:00:00:00:00:aa", "02:00:00:00:00:01");
  request.capabilities().ess(1);
  request.capabilities().short_preamble(1);
  request.listen_interval(10);
  request.ssid("netcap");
  request.supported_rates({6.0f});
  auto records = encode_bytes<dot11assocrequest>(request.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].capabilities(), 0x21);
  EXPECT_EQ(records[0].listen_interval(), 10);
  EXPECT_EQ(records[0].ssid(), "netcap");
  // libtins marks only the 802.11b rates (1, 2, 5.5, 11 Mb/s) basic.
  EXPECT_EQ(records[0].supported_rates(), std::string("\x0c"));
  EXPECT_EQ(records[0].current_ap(), "");
}

TEST(Dot11AssocRequestEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11AssocRequest().serialize();
  bytes.resize(24 + 3);
  EXPECT_TRUE(encode_bytes<dot11assocrequest>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
