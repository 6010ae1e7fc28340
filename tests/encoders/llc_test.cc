#include "netcap/encoders/llc.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An 802.3 header whose length covers `llc`, then `llc`.
std::vector<std::uint8_t> dot3(const std::vector<std::uint8_t>& llc) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00,
                                     0x00, 0x00, 0x00, 0x07, 0x00,
                                     static_cast<std::uint8_t>(llc.size())};
  bytes.insert(bytes.end(), llc.begin(), llc.end());
  return bytes;
}

TEST(LlcEncoder, ReadsAnUnnumberedFrame) {
  auto records = encode_bytes<llc>(dot3({0x42, 0x42, 0x03, 1, 2, 3}));
  ASSERT_EQ(records.size(), 1u);
  const LLC& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.dsap(), 0x42);
  EXPECT_FALSE(r.ig());
  EXPECT_EQ(r.ssap(), 0x42);
  EXPECT_FALSE(r.cr());
  EXPECT_EQ(r.control(), 0x03);
}

TEST(LlcEncoder, ReadsTheGroupAndResponseBitsAndATwoByteControl) {
  // An information frame (low control bit 0): N(S)=2, N(R)=5.
  auto records = encode_bytes<llc>(dot3({0xf1, 0xf1, 0x04, 0x0a, 9, 9}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].dsap(), 0xf1);
  EXPECT_TRUE(records[0].ig());
  EXPECT_EQ(records[0].ssap(), 0xf1);
  EXPECT_TRUE(records[0].cr());
  EXPECT_EQ(records[0].control(), 0x0a04);
}

TEST(LlcEncoder, TruncatedHeaderYieldsNoRecord) {
  EXPECT_TRUE(encode_bytes<llc>(dot3({0x42, 0x42})).empty());
}

}  // namespace
}  // namespace netcap::encoders
