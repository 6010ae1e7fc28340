#include "netcap/encoders/snap.hpp"

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

TEST(SnapEncoder, ReadsAnEtherTypeOverAnEightOTwoElevenDataFrame) {
  // libtins finds SNAP inside 802.11 data frames.
  Tins::Dot11Data data;
  data.addr1("00:01:02:03:04:05");
  Tins::SNAP snap;
  snap.eth_type(0x0800);
  data /= snap;
  data /= Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2);
  auto records = encode_bytes<netcap::encoders::snap>(data.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].organizational_code(), std::string(3, '\0'));
  EXPECT_EQ(records[0].type(), 0x0800);
}

TEST(SnapEncoder, ReadsTheOrganizationCode) {
  Tins::Dot11Data data;
  Tins::SNAP snap;
  snap.org_code(0x00000c);  // Cisco
  data /= snap;
  data /= Tins::RawPDU("cdp");
  // libtins writes the EtherType of the layer inside, none for raw bytes,
  // so CDP's (0x2000) is set by hand, after the 24-byte 802.11 header.
  std::vector<std::uint8_t> bytes = data.serialize();
  bytes[24 + 6] = 0x20;
  bytes[24 + 7] = 0x00;
  auto records = encode_bytes<netcap::encoders::snap>(bytes, DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].organizational_code(), std::string("\x00\x00\x0c", 3));
  EXPECT_EQ(records[0].type(), 0x2000);
}

TEST(SnapEncoder, TruncatedHeaderYieldsNoRecord) {
  Tins::Dot11Data data;
  data /= Tins::SNAP();
  std::vector<std::uint8_t> bytes = data.serialize();
  bytes.resize(bytes.size() - 3);
  EXPECT_TRUE(encode_bytes<netcap::encoders::snap>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
