#include "netcap/encoders/linkflow.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_capture;
using netcap::testing::timed_packet;

constexpr std::int64_t t0 = netcap::testing::test_timestamp_ns;
constexpr std::int64_t s = 1'000'000'000;

const char* mac_a = "02:00:00:00:00:0a";
const char* mac_b = "02:00:00:00:00:0b";

// ARP has no IP header: LinkFlow counts what Connection cannot.
std::vector<std::uint8_t> arp(const char* dst, const char* src) {
  Tins::EthernetII p = Tins::EthernetII(Tins::HWAddress<6>(dst), Tins::HWAddress<6>(src)) /
                       Tins::ARP("10.0.0.2", "10.0.0.1", Tins::HWAddress<6>(dst),
                                 Tins::HWAddress<6>(src));
  return p.serialize();
}

TEST(LinkFlowEncoder, CountsNonIpPacketsBothWays) {
  const std::vector<timed_packet> packets = {
      {arp(mac_b, mac_a), t0}, {arp(mac_a, mac_b), t0 + s}, {arp(mac_b, mac_a), t0 + 2 * s}};
  const auto out = encode_capture<linkflow>(packets);
  ASSERT_EQ(out.records.size(), 1u);
  const LinkFlow& r = out.records[0];
  EXPECT_EQ(r.proto(), "Ethernet");
  EXPECT_EQ(r.src_mac(), netcap::testing::mac_bytes(mac_a));
  EXPECT_EQ(r.dst_mac(), netcap::testing::mac_bytes(mac_b));
  EXPECT_EQ(r.num_packets(), 3);
  EXPECT_EQ(r.src_packets(), 2);
  EXPECT_EQ(r.dst_packets(), 1);
  EXPECT_EQ(r.total_size(), static_cast<std::int64_t>(3 * packets[0].bytes.size()));
  EXPECT_EQ(r.timestamp(), t0);
  EXPECT_EQ(r.timestamp_last(), t0 + 2 * s);
  EXPECT_EQ(r.duration(), 2 * s);
  EXPECT_NE(r.uid(), 0u);
}

TEST(LinkFlowEncoder, TimeoutSplitsAndFlushEnds) {
  const std::vector<timed_packet> packets = {{arp(mac_b, mac_a), t0},
                                             {arp(mac_a, mac_b), t0 + 31 * s}};
  const auto out = encode_capture<linkflow>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.before_end, 1u);
  EXPECT_EQ(out.records[1].src_mac(), netcap::testing::mac_bytes(mac_b));
}

TEST(LinkFlowEncoder, LinuxCookedCaptureHasTheSenderOnly) {
  Tins::SLL sll;
  sll.address("02:00:00:00:00:0a");
  sll.lladdr_len(6);
  sll.protocol(0x0800);
  Tins::SLL p = sll / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2);
  const auto out = encode_capture<linkflow>({{p.serialize(), t0}}, {}, DLT_LINUX_SLL);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].proto(), "SLL");
  EXPECT_EQ(out.records[0].src_mac(), netcap::testing::mac_bytes(mac_a));
}

TEST(LinkFlowEncoder, NothingForRawIp) {
  Tins::IP p = Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(1, 2);
  const auto out = encode_capture<linkflow>({{p.serialize(), t0}}, {}, DLT_RAW);
  EXPECT_TRUE(out.records.empty());
}

}  // namespace
}  // namespace netcap::encoders
