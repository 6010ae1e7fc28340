#include "netcap/encoders/ieee802_3.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::mac_bytes;

TEST(Ieee8023Encoder, FillsHeaderFields) {
  // 802.3 with LLC (DSAP/SSAP 0x42, UI) and 4 bytes of data.
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00,
                                     0x00, 0x00, 0x00, 0x07, 0x00, 0x07, 0x42, 0x42,
                                     0x03, 0xde, 0xad, 0xbe, 0xef};
  auto records = encode_bytes<ieee802_3>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const IEEE802_3& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.dst_mac(), mac_bytes("01:80:c2:00:00:00"));
  EXPECT_EQ(r.src_mac(), mac_bytes("02:00:00:00:00:07"));
  EXPECT_EQ(r.length(), 7);
}

TEST(Ieee8023Encoder, EthernetIIFramesAreNotIeee8023) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2");
  EXPECT_TRUE(netcap::testing::encode_packet<ieee802_3>(packet).empty());
}

TEST(Ieee8023Encoder, TruncatedHeaderYieldsNoRecord) {
  EXPECT_TRUE(encode_bytes<ieee802_3>({0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
                                       0x00, 0x00, 0x07, 0x00})
                  .empty());
}

}  // namespace
}  // namespace netcap::encoders
