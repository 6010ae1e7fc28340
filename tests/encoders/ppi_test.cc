#include "netcap/encoders/ppi.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// A PPI header (version 0, flags 0, length 32, DLT 105) with one
// 802.11-Common field, then an 802.11 ACK.
std::vector<std::uint8_t> ppi_ack() {
  std::vector<std::uint8_t> bytes = {
      0x00, 0x00, 0x20, 0x00, 0x69, 0x00, 0x00, 0x00,
      // Field type 2, length 20.
      0x02, 0x00, 0x14, 0x00,
      // TSF timer 0x0102030405060708.
      0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
      // Flags 0 (no FCS), rate 0x0c, channel 2412 MHz, channel flags 0x00c0,
      // FHSS hopset and pattern, signal -50 dBm, noise -90 dBm.
      0x00, 0x00, 0x0c, 0x00, 0x6c, 0x09, 0xc0, 0x00, 0x00, 0x00, 0xce, 0xa6};
  const std::vector<std::uint8_t> ack = Tins::Dot11Ack("02:00:00:00:00:01").serialize();
  bytes.insert(bytes.end(), ack.begin(), ack.end());
  return bytes;
}

TEST(PpiEncoder, ReadsTheHeaderAndTheCommonField) {
  auto records = encode_bytes<ppi>(ppi_ack(), DLT_PPI);
  ASSERT_EQ(records.size(), 1u);
  const PPI& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 0);
  EXPECT_EQ(r.length(), 32);
  EXPECT_EQ(r.dlt(), 105);
  ASSERT_EQ(r.field_types_size(), 1);
  EXPECT_EQ(r.field_types(0), 2);
  EXPECT_EQ(r.tsft(), 0x0102030405060708u);
  EXPECT_EQ(r.common_flags(), 0);
  EXPECT_EQ(r.rate(), 12);
  EXPECT_EQ(r.channel_frequency(), 2412);
  EXPECT_EQ(r.channel_flags(), 0xc0);
  EXPECT_EQ(r.dbm_antenna_signal(), -50);
  EXPECT_EQ(r.dbm_antenna_noise(), -90);
}

TEST(PpiEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = ppi_ack();
  bytes.resize(20);
  EXPECT_TRUE(encode_bytes<ppi>(bytes, DLT_PPI).empty());
}

}  // namespace
}  // namespace netcap::encoders
