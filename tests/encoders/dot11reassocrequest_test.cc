#include "netcap/encoders/dot11reassocrequest.hpp"

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

TEST(Dot11ReassocRequestEncoder, ReadsTheCurrentAccessPoint) {
  Tins::Dot11ReAssocRequest request("02:00:00:00:00:aa", "02:00:00:00:00:01");
  request.listen_interval(3);
  request.current_ap("02:00:00:00:00:bb");
  request.ssid("netcap");
  auto records = encode_bytes<dot11reassocrequest>(request.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].listen_interval(), 3);
  EXPECT_EQ(records[0].current_ap(), mac_bytes("02:00:00:00:00:bb"));
  EXPECT_EQ(records[0].ssid(), "netcap");
}

TEST(Dot11ReassocRequestEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11ReAssocRequest().serialize();
  bytes.resize(24 + 6);
  EXPECT_TRUE(encode_bytes<dot11reassocrequest>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
