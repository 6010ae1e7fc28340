#include "netcap/encoders/norteldiscovery.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ciscodiscovery.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An IEEE 802.3 frame to SONMP's multicast address with LLC/SNAP (OUI
// 00:00:81, protocol 0x01a2) and `hello`, padded to Ethernet's minimum.
std::vector<std::uint8_t> sonmp_frame(const std::vector<std::uint8_t>& hello) {
  const auto length = static_cast<std::uint16_t>(8 + hello.size());
  std::vector<std::uint8_t> bytes = {0x01, 0x00, 0x81, 0x00, 0x01, 0x00, 0x00, 0x04, 0x38,
                                     0x12, 0x34, 0x56, static_cast<std::uint8_t>(length >> 8),
                                     static_cast<std::uint8_t>(length), 0xaa, 0xaa, 0x03,
                                     0x00, 0x00, 0x81, 0x01, 0xa2};
  bytes.insert(bytes.end(), hello.begin(), hello.end());
  if (bytes.size() < 60) bytes.resize(60, 0);
  return bytes;
}

// 192.168.1.20, segment 00:00:03 (slot 0, port 3), chassis 12, backplane
// 12 (Ethernet, fast Ethernet and gigabit), state 1, one link.
const std::vector<std::uint8_t> hello = {0xc0, 0xa8, 0x01, 0x14, 0x00, 0x00,
                                         0x03, 0x0c, 0x0c, 0x01, 0x01};

TEST(NortelDiscoveryEncoder, FillsTheHelloBehindSnap) {
  auto records = encode_bytes<norteldiscovery>(sonmp_frame(hello));
  ASSERT_EQ(records.size(), 1u);
  const NortelDiscovery& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.ip_address(), "192.168.1.20");
  EXPECT_EQ(r.segment_id(), std::string("\x00\x00\x03", 3));
  EXPECT_EQ(r.chassis(), 12);
  EXPECT_EQ(r.backplane(), 12);
  EXPECT_EQ(r.state(), 1);
  EXPECT_EQ(r.num_links(), 1);
}

// The layer sits in the chain after SNAP, and the frame is no CDP.
TEST(NortelDiscoveryEncoder, IsALayerAfterSnap) {
  pipeline<norteldiscovery, ciscodiscovery>::register_layers();
  std::vector<std::uint8_t> bytes = sonmp_frame(hello);
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_NE(d.root, nullptr);
  const Tins::SNAP* snap = d.root->find_pdu<Tins::SNAP>();
  ASSERT_NE(snap, nullptr);
  ASSERT_NE(snap->inner_pdu(), nullptr);
  EXPECT_EQ(snap->inner_pdu()->pdu_type(), layers::sonmp::pdu_flag);
  EXPECT_TRUE(encode_bytes<ciscodiscovery>(bytes).empty());
}

TEST(NortelDiscoveryEncoder, OtherSnapProtocolsAreNotSonmp) {
  std::vector<std::uint8_t> bytes = sonmp_frame(hello);
  bytes[21] = 0xa1;  // protocol 0x01a1
  EXPECT_TRUE(encode_bytes<norteldiscovery>(bytes).empty());
}

// A hello cut short (the 802.3 length counts 10 of its 11 bytes, the rest is
// padding) is malformed; SNAP stays.
TEST(NortelDiscoveryEncoder, TruncatedHelloIsMalformed) {
  std::vector<std::uint8_t> cut(hello.begin(), hello.end() - 1);
  std::vector<std::uint8_t> bytes = sonmp_frame(cut);
  EXPECT_TRUE(encode_bytes<norteldiscovery>(bytes).empty());
  pipeline<norteldiscovery>::register_layers();
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "SONMP: malformed header");
  ASSERT_NE(d.root, nullptr);
  EXPECT_NE(d.root->find_pdu<Tins::SNAP>(), nullptr);
  // Cut inside the SNAP header: no hello either.
  bytes = sonmp_frame(hello);
  bytes.resize(20);
  EXPECT_TRUE(encode_bytes<norteldiscovery>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
