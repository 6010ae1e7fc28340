#include "netcap/encoders/dot11proberequest.hpp"

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

TEST(Dot11ProbeRequestEncoder, ReadsTheElements) {
  Tins::Dot11ProbeRequest probe("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:01");
  probe.ssid("wanted");
  probe.supported_rates({1.0f, 2.0f});
  probe.extended_supported_rates({54.0f});
  auto records = encode_bytes<dot11proberequest>(probe.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].ssid(), "wanted");
  // libtins marks only the 802.11b rates (1, 2, 5.5, 11 Mb/s) basic.
  EXPECT_EQ(records[0].supported_rates(), std::string("\x82\x84\x6c"));
  EXPECT_EQ(records[0].channel(), 0);
  EXPECT_EQ(records[0].element_ids_size(), 3);
}

TEST(Dot11ProbeRequestEncoder, TruncatedElementYieldsNoRecord) {
  Tins::Dot11ProbeRequest probe;
  probe.ssid("wanted");
  std::vector<std::uint8_t> bytes = probe.serialize();
  bytes.resize(bytes.size() - 2);
  EXPECT_TRUE(encode_bytes<dot11proberequest>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
