#include "netcap/encoders/fddi.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ipv4.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An FDDI LLC frame (frame control 0x50 plus `priority`) carrying IPv4 and
// TCP behind LLC/SNAP.
std::vector<std::uint8_t> fddi_frame(std::uint8_t priority = 0) {
  std::vector<std::uint8_t> bytes = {static_cast<std::uint8_t>(0x50 | priority),
                                     0xaa, 0x00, 0x04, 0x00, 0x82, 0xa7,  // destination
                                     0xaa, 0x00, 0x04, 0x00, 0x83, 0xa7,  // source
                                     0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00};
  Tins::IP ip = Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(80, 1024);
  std::vector<std::uint8_t> inner = ip.serialize();
  bytes.insert(bytes.end(), inner.begin(), inner.end());
  return bytes;
}

TEST(FddiEncoder, FillsMacHeader) {
  auto records = encode_bytes<fddi>(fddi_frame(3), DLT_FDDI);
  ASSERT_EQ(records.size(), 1u);
  const FDDI& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.frame_control(), 0x50);
  EXPECT_EQ(r.priority(), 3);
  EXPECT_EQ(r.dst_mac(), "aa:00:04:00:82:a7");
  EXPECT_EQ(r.src_mac(), "aa:00:04:00:83:a7");
}

// What the FDDI frame carries is dissected too: the link type is no longer
// sent whole to unknown.pcap.
TEST(FddiEncoder, HandsOnTheLayersInside) {
  std::vector<std::uint8_t> bytes = fddi_frame();
  pipeline<fddi, ipv4>::register_layers();
  dissection d = dissect(DLT_FDDI, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_TRUE(d.error.empty());
  ASSERT_NE(d.root, nullptr);
  ASSERT_NE(d.root->find_pdu<Tins::SNAP>(), nullptr);
  ASSERT_NE(d.root->find_pdu<Tins::IP>(), nullptr);
  EXPECT_EQ(d.root->find_pdu<Tins::IP>()->src_addr(), "10.0.0.1");
  auto ips = encode_bytes<ipv4>(bytes, DLT_FDDI);
  ASSERT_EQ(ips.size(), 1u);
}

TEST(FddiEncoder, TruncatedHeaderIsMalformed) {
  std::vector<std::uint8_t> bytes = fddi_frame();
  bytes.resize(12);
  EXPECT_TRUE(encode_bytes<fddi>(bytes, DLT_FDDI).empty());
  pipeline<fddi>::register_layers();
  dissection d = dissect(DLT_FDDI, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "FDDI: malformed header");
  EXPECT_EQ(d.root, nullptr);
}

TEST(FddiEncoder, KeepsTheHeaderWhenWhatFollowsIsCutShort) {
  // The MAC header and two bytes of LLC.
  std::vector<std::uint8_t> bytes = fddi_frame();
  bytes.resize(15);
  auto records = encode_bytes<fddi>(bytes, DLT_FDDI);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].src_mac(), "aa:00:04:00:83:a7");
  dissection d = dissect(DLT_FDDI, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "LLC: malformed header");
}

}  // namespace
}  // namespace netcap::encoders
