#include "netcap/encoders/ethernetctpreply.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> ctp_frame(const std::vector<std::uint8_t>& ctp) {
  std::vector<std::uint8_t> bytes = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
                                     0x00, 0x11, 0x22, 0x33, 0x44, 0x56, 0x90, 0x00};
  bytes.insert(bytes.end(), ctp.begin(), ctp.end());
  return bytes;
}

TEST(EthernetCtpReplyEncoder, FillsTheReplyAfterForwards) {
  auto records = encode_bytes<ethernetctpreply>(ctp_frame(
      {0x08, 0x00, 0x02, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x01, 0x00, 0x02, 0x01,
       'h', 'i'}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].function(), 1);
  EXPECT_EQ(records[0].receipt_number(), 0x0102);
  EXPECT_EQ(records[0].data(), "hi");
}

TEST(EthernetCtpReplyEncoder, FrameThatOnlyForwardsHasNoReply) {
  EXPECT_TRUE(encode_bytes<ethernetctpreply>(
                  ctp_frame({0x00, 0x00, 0x02, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55}))
                  .empty());
}

TEST(EthernetCtpReplyEncoder, TruncatedReplyIsMalformed) {
  EXPECT_TRUE(encode_bytes<ethernetctpreply>(ctp_frame({0x00, 0x00, 0x01, 0x00, 0x02})).empty());
}

}  // namespace
}  // namespace netcap::encoders
