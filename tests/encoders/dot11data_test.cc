#include "netcap/encoders/dot11data.hpp"

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

TEST(Dot11DataEncoder, ReadsAddressesByTheDsBits) {
  // To the DS: address 1 is the BSSID, 2 the source, 3 the destination.
  Tins::Dot11Data data("02:00:00:00:00:bb", "02:00:00:00:00:01");
  data.to_ds(1);
  data.addr3("02:00:00:00:00:02");
  data.inner_pdu(Tins::SNAP() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2));
  auto records = encode_bytes<dot11data>(data.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  const Dot11Data& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.subtype(), 0);
  EXPECT_EQ(r.bssid(), mac_bytes("02:00:00:00:00:bb"));
  EXPECT_EQ(r.source(), mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(r.destination(), mac_bytes("02:00:00:00:00:02"));
  EXPECT_FALSE(r.qos());
  EXPECT_FALSE(r.protected_());
  EXPECT_EQ(r.payload_size(), 8 + 20 + 8);
}

TEST(Dot11DataEncoder, CoversQosDataFrames) {
  Tins::Dot11QoSData data("02:00:00:00:00:01", "02:00:00:00:00:bb");
  data.from_ds(1);
  data.wep(1);
  data.inner_pdu(Tins::RawPDU("sealed"));
  auto records = encode_bytes<dot11data>(data.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].subtype(), 8);
  EXPECT_TRUE(records[0].qos());
  EXPECT_TRUE(records[0].protected_());
  EXPECT_EQ(records[0].payload_size(), 6);
}

TEST(Dot11DataEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11Data().serialize();
  bytes.resize(20);
  EXPECT_TRUE(encode_bytes<dot11data>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
