#include "netcap/encoders/ethernetctp.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> ctp_frame(const std::vector<std::uint8_t>& ctp) {
  std::vector<std::uint8_t> bytes = {0xcf, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x90, 0x00};
  bytes.insert(bytes.end(), ctp.begin(), ctp.end());
  return bytes;
}

TEST(EthernetCtpEncoder, FillsSkipCount) {
  // Skip count 8 (little endian): a forward data function to
  // 00:11:22:33:44:55, then a reply with receipt number 0x0102.
  auto records = encode_bytes<ethernetctp>(ctp_frame(
      {0x08, 0x00, 0x02, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01, 0x00, 0x02, 0x01}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].skip_count(), 8);
}

TEST(EthernetCtpEncoder, OddSkipCountOrUnknownFunctionIsMalformed) {
  EXPECT_TRUE(encode_bytes<ethernetctp>(ctp_frame({0x01, 0x00, 0x01, 0x00, 0, 0})).empty());
  EXPECT_TRUE(encode_bytes<ethernetctp>(ctp_frame({0x00, 0x00, 0x07, 0x00, 0, 0})).empty());
}

TEST(EthernetCtpEncoder, TruncatedFunctionIsMalformed) {
  EXPECT_TRUE(encode_bytes<ethernetctp>(ctp_frame({0x00})).empty());
  // A forward data function cut inside its address.
  std::vector<std::uint8_t> bytes = ctp_frame({0x00, 0x00, 0x02, 0x00, 0x00, 0x11});
  EXPECT_TRUE(encode_bytes<ethernetctp>(bytes).empty());
  pipeline<ethernetctp>::register_layers();
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "EthernetCTP: malformed header");
}

}  // namespace
}  // namespace netcap::encoders
