#include "netcap/encoders/dot11disassoc.hpp"

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

TEST(Dot11DisassocEncoder, ReadsTheReason) {
  Tins::Dot11Disassoc disassoc("02:00:00:00:00:01", "02:00:00:00:00:aa");
  disassoc.reason_code(8);
  auto records = encode_bytes<dot11disassoc>(disassoc.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].reason_code(), 8);
}

TEST(Dot11DisassocEncoder, TruncatedBodyYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = Tins::Dot11Disassoc().serialize();
  bytes.resize(24 + 1);
  EXPECT_TRUE(encode_bytes<dot11disassoc>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
