#include "netcap/encoders/eapol.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An EAPOL-Key frame over Ethernet: message 1 of a WPA2 4-way handshake
// (IEEE 802.11-2016, 12.7.6.2), key information 0x008a (version 2,
// pairwise, ACK), key length 16, replay counter 1, a nonce of 0x11 bytes,
// RSC 5 and no key data.
std::vector<std::uint8_t> handshake_message_1() {
  std::vector<std::uint8_t> bytes = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0x8e,
                                     0x02, 0x03, 0x00, 0x5f, 0x02, 0x00, 0x8a, 0x00, 0x10};
  bytes.insert(bytes.end(), 7, 0);
  bytes.push_back(1);                   // replay counter
  bytes.insert(bytes.end(), 32, 0x11);  // nonce
  bytes.insert(bytes.end(), 16, 0);     // IV
  bytes.insert(bytes.end(), 7, 0);
  bytes.push_back(5);                   // RSC
  bytes.insert(bytes.end(), 8, 0);      // ID
  bytes.insert(bytes.end(), 16, 0x22);  // MIC
  bytes.push_back(0);
  bytes.push_back(0);                   // key data length
  return bytes;
}

TEST(EapolEncoder, FillsHeaderFields) {
  auto records = encode_bytes<eapol>(handshake_message_1());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].version(), 2);
  EXPECT_EQ(records[0].type(), 3);
  EXPECT_EQ(records[0].length(), 95);
}

TEST(EapolEncoder, TruncatedKeyFrameYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = handshake_message_1();
  bytes.resize(14 + 40);
  EXPECT_TRUE(encode_bytes<eapol>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
