#include "netcap/encoders/stp.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::mac_bytes;

// A configuration BPDU in 802.3 and LLC, as bridges send it.
std::vector<std::uint8_t> bpdu() {
  std::vector<std::uint8_t> bytes = {
      0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80, 0x00, 0x26,
      0x42, 0x42, 0x03,
      // Protocol ID, version, type, flags.
      0x00, 0x00, 0x00, 0x00, 0x01,
      // Root: priority 32768 + system ID extension 1, MAC.
      0x80, 0x01, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x80,
      // Root path cost 4.
      0x00, 0x00, 0x00, 0x04,
      // Bridge: priority 4096 + extension 5, MAC.
      0x10, 0x05, 0x00, 0x19, 0x06, 0xea, 0xb8, 0x81,
      // Port 0x8005, message age 1 s, max age 20 s, hello 2.5 s, forward
      // delay 15 s, in 1/256 s.
      0x80, 0x05, 0x01, 0x00, 0x14, 0x00, 0x02, 0x80, 0x0f, 0x00};
  return bytes;
}

TEST(StpEncoder, FillsConfigurationBpduFields) {
  auto records = encode_bytes<stp>(bpdu());
  ASSERT_EQ(records.size(), 1u);
  const STP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.protocol_id(), 0);
  EXPECT_EQ(r.version(), 0);
  EXPECT_EQ(r.bpdu_type(), 0);
  EXPECT_EQ(r.flags(), 1);
  EXPECT_EQ(r.root_priority(), 32768);
  EXPECT_EQ(r.root_system_id_extension(), 1);
  EXPECT_EQ(r.root_mac(), mac_bytes("00:19:06:ea:b8:80"));
  EXPECT_EQ(r.root_path_cost(), 4);
  EXPECT_EQ(r.bridge_priority(), 4096);
  EXPECT_EQ(r.bridge_system_id_extension(), 5);
  EXPECT_EQ(r.bridge_mac(), mac_bytes("00:19:06:ea:b8:81"));
  EXPECT_EQ(r.port_id(), 0x8005);
  EXPECT_DOUBLE_EQ(r.message_age(), 1);
  EXPECT_DOUBLE_EQ(r.max_age(), 20);
  EXPECT_DOUBLE_EQ(r.hello_time(), 2.5);
  EXPECT_DOUBLE_EQ(r.forward_delay(), 15);
}

TEST(StpEncoder, TruncatedBpduYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = bpdu();
  bytes.resize(bytes.size() - 4);
  EXPECT_TRUE(encode_bytes<stp>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
