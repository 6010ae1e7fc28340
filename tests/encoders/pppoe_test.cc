#include "netcap/encoders/pppoe.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> ethernet(std::uint16_t ether_type, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> bytes = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2,
                                     static_cast<std::uint8_t>(ether_type >> 8),
                                     static_cast<std::uint8_t>(ether_type)};
  bytes.insert(bytes.end(), body.begin(), body.end());
  return bytes;
}

TEST(PppoeEncoder, ReadsADiscoveryPacketWithItsTags) {
  // RFC 2516, 5.1: a PADI with a Service-Name tag (empty) and a Host-Uniq
  // tag of 4 bytes.
  auto records = encode_bytes<pppoe>(ethernet(
      0x8863, {0x11, 0x09, 0x00, 0x00, 0x00, 0x0c, 0x01, 0x01, 0x00, 0x00, 0x01, 0x03, 0x00,
               0x04, 0xde, 0xad, 0xbe, 0xef}));
  ASSERT_EQ(records.size(), 1u);
  const PPPoE& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 1);
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.code(), 0x09);
  EXPECT_EQ(r.session_id(), 0);
  EXPECT_EQ(r.length(), 12);
  ASSERT_EQ(r.tags_size(), 2);
  EXPECT_EQ(r.tags(0).type(), 0x0101);
  EXPECT_EQ(r.tags(0).value(), "");
  EXPECT_EQ(r.tags(1).type(), 0x0103);
  EXPECT_EQ(r.tags(1).value(), std::string("\xde\xad\xbe\xef"));
  EXPECT_EQ(r.ppp_protocol(), 0);
}

TEST(PppoeEncoder, ReadsTheProtocolOfSessionData) {
  // Session 0x1234 carrying a PPP frame of protocol 0x0021 (IPv4).
  auto records = encode_bytes<pppoe>(
      ethernet(0x8864, {0x11, 0x00, 0x12, 0x34, 0x00, 0x04, 0x00, 0x21, 0x45, 0x00}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].code(), 0);
  EXPECT_EQ(records[0].session_id(), 0x1234);
  EXPECT_EQ(records[0].length(), 4);
  EXPECT_EQ(records[0].tags_size(), 0);
  EXPECT_EQ(records[0].ppp_protocol(), 0x0021);
}

TEST(PppoeEncoder, TruncatedHeaderYieldsNoRecord) {
  EXPECT_TRUE(encode_bytes<pppoe>(ethernet(0x8863, {0x11, 0x09, 0x00, 0x00})).empty());
}

}  // namespace
}  // namespace netcap::encoders
