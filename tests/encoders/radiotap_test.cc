#include "netcap/encoders/radiotap.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// A radiotap header with TSFT, flags, rate, channel, antenna signal and
// noise and antenna (present 0x0000086f), then an 802.11 ACK.
std::vector<std::uint8_t> radiotap_ack() {
  std::vector<std::uint8_t> bytes = {
      0x00, 0x00, 0x1a, 0x00, 0x6f, 0x08, 0x00, 0x00,
      // TSFT, 8-aligned at 8.
      0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
      // Flags, rate (24 Mb/s), channel 2437 MHz with flags 0x00a0.
      0x00, 0x30, 0x85, 0x09, 0xa0, 0x00,
      // Signal -40 dBm, noise -95 dBm, antenna 1.
      0xd8, 0xa1, 0x01, 0x00};
  const std::vector<std::uint8_t> ack = Tins::Dot11Ack("02:00:00:00:00:01").serialize();
  bytes.insert(bytes.end(), ack.begin(), ack.end());
  return bytes;
}

TEST(RadiotapEncoder, ReadsTheFields) {
  auto records = encode_bytes<radiotap>(radiotap_ack(), DLT_IEEE802_11_RADIO);
  ASSERT_EQ(records.size(), 1u);
  const Radiotap& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 0);
  EXPECT_EQ(r.length(), 26);
  EXPECT_EQ(r.present(), 0x86fu);
  EXPECT_EQ(r.tsft(), 0x0102030405060708u);
  EXPECT_EQ(r.flags(), 0);
  EXPECT_EQ(r.rate(), 0x30);
  EXPECT_EQ(r.channel_frequency(), 2437);
  EXPECT_EQ(r.channel_flags(), 0xa0);
  EXPECT_EQ(r.dbm_antenna_signal(), -40);
  EXPECT_EQ(r.dbm_antenna_noise(), -95);
  EXPECT_EQ(r.antenna(), 1);
  EXPECT_EQ(r.extra_present_words(), 0);
}

TEST(RadiotapEncoder, StopsAtAFieldThatDoesNotFit) {
  // The header claims a channel field but ends before it: the fields
  // before it are still read.
  std::vector<std::uint8_t> bytes = {0x00, 0x00, 0x0b, 0x00, 0x0e, 0x00, 0x00, 0x00,
                                     0x00, 0x02, 0x85};
  const std::vector<std::uint8_t> ack = Tins::Dot11Ack("02:00:00:00:00:01").serialize();
  bytes.insert(bytes.end(), ack.begin(), ack.end());
  auto records = encode_bytes<radiotap>(bytes, DLT_IEEE802_11_RADIO);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags(), 0);
  EXPECT_EQ(records[0].rate(), 2);
  EXPECT_EQ(records[0].channel_frequency(), 0);
}

TEST(RadiotapEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = radiotap_ack();
  bytes.resize(20);
  EXPECT_TRUE(encode_bytes<radiotap>(bytes, DLT_IEEE802_11_RADIO).empty());
}

}  // namespace
}  // namespace netcap::encoders
