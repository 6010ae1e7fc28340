#include "netcap/encoders/dot11beacon.hpp"

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

Tins::Dot11Beacon beacon() {
  Tins::Dot11Beacon b("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:aa");
  b.timestamp(0x0102030405060708ULL);
  b.interval(100);
  b.capabilities().ess(1);
  b.capabilities().privacy(1);
  b.ssid("netcap");
  b.supported_rates({1.0f, 2.0f, 5.5f, 11.0f});
  b.ds_parameter_set(6);
  return b;
}

TEST(Dot11BeaconEncoder, FillsFixedFieldsAndElements) {
  auto records = encode_bytes<dot11beacon>(beacon().serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  const Dot11Beacon& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.tsf(), 0x0102030405060708ULL);
  EXPECT_EQ(r.interval(), 100);
  EXPECT_EQ(r.capabilities(), 0x0011);
  EXPECT_EQ(r.ssid(), "netcap");
  // libtins marks the rates it writes as basic (bit 7).
  EXPECT_EQ(r.supported_rates(), std::string("\x82\x84\x8b\x96"));
  EXPECT_EQ(r.channel(), 6);
  ASSERT_EQ(r.element_ids_size(), 3);
  EXPECT_EQ(r.element_ids(0), 0);
  EXPECT_EQ(r.element_ids(1), 1);
  EXPECT_EQ(r.element_ids(2), 3);
}

TEST(Dot11BeaconEncoder, OtherFramesYieldNoRecord) {
  Tins::Dot11ProbeRequest probe;
  EXPECT_TRUE(encode_bytes<dot11beacon>(probe.serialize(), DLT_IEEE802_11).empty());
}

TEST(Dot11BeaconEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = beacon().serialize();
  bytes.resize(24 + 10);
  EXPECT_TRUE(encode_bytes<dot11beacon>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
