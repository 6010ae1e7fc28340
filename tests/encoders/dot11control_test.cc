#include "netcap/encoders/dot11control.hpp"

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

TEST(Dot11ControlEncoder, ReadsAnRts) {
  Tins::Dot11RTS rts("02:00:00:00:00:01", "02:00:00:00:00:02");
  auto records = encode_bytes<dot11control>(rts.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].subtype(), 11);
  EXPECT_EQ(records[0].receiver(), mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(records[0].transmitter(), mac_bytes("02:00:00:00:00:02"));
}

TEST(Dot11ControlEncoder, ReadsAnAckWithoutTransmitter) {
  Tins::Dot11Ack ack("02:00:00:00:00:01");
  auto records = encode_bytes<dot11control>(ack.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].subtype(), 13);
  EXPECT_EQ(records[0].transmitter(), "");
}

TEST(Dot11ControlEncoder, ReadsAPsPollAid) {
  Tins::Dot11PSPoll poll("02:00:00:00:00:bb", "02:00:00:00:00:01");
  poll.duration_id(0xc000 | 77);
  auto records = encode_bytes<dot11control>(poll.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].subtype(), 10);
  EXPECT_EQ(records[0].aid(), 77);
}

TEST(Dot11ControlEncoder, ReadsABlockAck) {
  Tins::Dot11BlockAck ack("02:00:00:00:00:01", "02:00:00:00:00:02");
  ack.bar_control(6);
  ack.start_sequence(1000);
  const std::uint8_t bitmap[8] = {0xff, 1, 0, 0, 0, 0, 0, 0x80};
  ack.bitmap(bitmap);
  auto records = encode_bytes<dot11control>(ack.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].subtype(), 9);
  EXPECT_EQ(records[0].tid(), 6);
  EXPECT_EQ(records[0].start_sequence(), 1000);
  EXPECT_EQ(records[0].bitmap(), std::string(reinterpret_cast<const char*>(bitmap), 8));
}

// libtins makes a CTS frame a plain Tins::Dot11 (it has no CTS class), which
// netcap recorded in Dot11 but not here (tshark compared
// libpcap-tests-filter_wpa-Induction.pcap frames 5 and 8).
TEST(Dot11ControlEncoder, ReadsACts) {
  // Frame control 0xc4 0x00 (control, subtype 12), duration 140, RA.
  const std::vector<std::uint8_t> cts = {0xc4, 0x00, 0x8c, 0x00, 0x00, 0x0d,
                                         0x93, 0x82, 0x36, 0x3a};
  auto records = encode_bytes<dot11control>(cts, DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].subtype(), 12);
  EXPECT_EQ(records[0].receiver(), mac_bytes("00:0d:93:82:36:3a"));
  EXPECT_EQ(records[0].transmitter(), "");
}

// Other frames libtins leaves plain (an action frame, management subtype
// 13) are not control frames.
TEST(Dot11ControlEncoder, IgnoresPlainFramesThatAreNotControl) {
  std::vector<std::uint8_t> action = {0xd0, 0x00, 0x00, 0x00};
  for (int i = 0; i < 3 * 6 + 2; ++i) action.push_back(0x02);
  action.push_back(0x7f);  // category: vendor specific
  EXPECT_TRUE(encode_bytes<dot11control>(action, DLT_IEEE802_11).empty());
}

TEST(Dot11ControlEncoder, TruncatedFrameYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11RTS().serialize();
  bytes.resize(12);
  EXPECT_TRUE(encode_bytes<dot11control>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
