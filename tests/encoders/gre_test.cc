#include "netcap/encoders/gre.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/arp.hpp"
#include "netcap/encoders/ethernet.hpp"
#include "netcap/encoders/ipv4.hpp"
#include "netcap/encoders/ipv6.hpp"
#include "netcap/encoders/udp.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::ipv4_bytes;

// An Ethernet frame with an IPv4 header whose protocol is GRE and `gre` as
// its payload.
std::vector<std::uint8_t> in_ipv4(const std::string& gre) {
  Tins::IP ip("10.0.0.1", "10.0.0.2");
  ip.protocol(47);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(gre);
  return packet.serialize();
}

std::string bytes_of(Tins::PDU& pdu) {
  const std::vector<std::uint8_t> b = pdu.serialize();
  return std::string(b.begin(), b.end());
}

using tunnel_pipeline = pipeline<ethernet, arp, ipv4, ipv6, gre, udp>;

struct run_result {
  testing::memory_sink sink;
  std::string_view error;
  packet_result packet;
};

run_result run(const std::vector<std::uint8_t>& bytes) {
  tunnel_pipeline::register_layers();
  frame f;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.original_length = f.captured_length;
  f.link_type = DLT_EN10MB;
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  tunnel_pipeline p;
  run_result r;
  r.error = d.error;
  r.packet = p.process(d.root.get(), f, r.sink);
  return r;
}

TEST(GreEncoder, DecodesKeyAndSequenceAndHandsOnIpv4) {
  Tins::IP inner("192.168.1.1", "192.168.1.2");  // destination first
  inner.ttl(7);
  Tins::IP packet = inner / Tins::UDP(5000, 53) / Tins::RawPDU("x");
  // RFC 2890: key and sequence number bits, protocol 0x0800.
  std::string gre("\x30\x00\x08\x00\x00\x00\x04\xd2\x00\x00\x00\x09", 12);
  gre += bytes_of(packet);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  EXPECT_FALSE(r.packet.unknown);
  auto records = r.sink.of<GRE>(4);
  ASSERT_EQ(records.size(), 1u);
  const GRE& g = records[0];
  EXPECT_TRUE(g.key_present());
  EXPECT_TRUE(g.seq_present());
  EXPECT_FALSE(g.checksum_present());
  EXPECT_EQ(g.version(), 0);
  EXPECT_EQ(g.protocol(), 0x0800);
  EXPECT_EQ(g.key(), 1234u);
  EXPECT_EQ(g.seq(), 9u);
  EXPECT_EQ(g.timestamp(), 0);
  // Both IPv4 headers, outer first, and the UDP inside the tunnel.
  auto ips = r.sink.of<IPv4>(2);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[0].protocol(), 47);
  EXPECT_EQ(ips[1].ttl(), 7);
  EXPECT_EQ(ips[1].dst_ip(), ipv4_bytes("192.168.1.1"));
  auto udps = r.sink.of<UDP>(5);
  ASSERT_EQ(udps.size(), 1u);
  EXPECT_EQ(udps[0].dst_port(), 5000);
  // The records come in the order of the layers.
  ASSERT_EQ(r.sink.records.size(), 5u);
  EXPECT_EQ(r.sink.records[0].first, 0u);
  EXPECT_EQ(r.sink.records[1].first, 2u);
  EXPECT_EQ(r.sink.records[2].first, 4u);
  EXPECT_EQ(r.sink.records[3].first, 2u);
  EXPECT_EQ(r.sink.records[4].first, 5u);
}

TEST(GreEncoder, DecodesChecksumAndHandsOnIpv6) {
  Tins::IPv6 inner("2001:db8::1", "2001:db8::2");
  Tins::IPv6 packet = inner / Tins::UDP(1, 2);
  std::string gre("\x80\x00\x86\xdd\xbe\xef\x00\x00", 8);
  gre += bytes_of(packet);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  auto records = r.sink.of<GRE>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].checksum_present());
  EXPECT_EQ(records[0].checksum(), 0xbeef);
  EXPECT_EQ(records[0].protocol(), 0x86dd);
  EXPECT_EQ(r.sink.of<IPv6>(3).size(), 1u);
  EXPECT_EQ(r.sink.of<UDP>(5).size(), 1u);
}

TEST(GreEncoder, HandsOnBridgedEthernet) {
  Tins::EthernetII frame("00:11:22:33:44:55", "66:77:88:99:aa:bb");
  Tins::EthernetII packet =
      frame / Tins::ARP("10.1.1.2", "10.1.1.1", "00:00:00:00:00:00", "66:77:88:99:aa:bb");
  std::string gre("\x00\x00\x65\x58", 4);
  gre += bytes_of(packet);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.sink.of<GRE>(4).size(), 1u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 2u);
  ASSERT_EQ(r.sink.of<ARP>(1).size(), 1u);
  EXPECT_FALSE(r.packet.unknown);
}

TEST(GreEncoder, StepsOverAnErspanTypeTwoHeader) {
  Tins::EthernetII frame("00:11:22:33:44:55", "66:77:88:99:aa:bb");
  Tins::EthernetII packet =
      frame / Tins::ARP("10.1.1.2", "10.1.1.1", "00:00:00:00:00:00", "66:77:88:99:aa:bb");
  // Sequence number 0x0702, then ERSPAN type II's 8-byte header (version
  // 1, session 100).
  std::string gre("\x10\x00\x88\xbe\x00\x00\x07\x02", 8);
  gre += std::string("\x10\x17\x08\x64\x00\x00\x00\x00", 8) + bytes_of(packet);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  auto records = r.sink.of<GRE>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].seq(), 0x0702u);
  auto ethernet = r.sink.of<Ethernet>(0);
  ASSERT_EQ(ethernet.size(), 2u);
  EXPECT_EQ(ethernet[1].dst_mac(), netcap::testing::mac_bytes("00:11:22:33:44:55"));
  EXPECT_EQ(r.sink.of<ARP>(1).size(), 1u);
  // The GRE layer's header counts ERSPAN's, so encoders that read the
  // captured bytes find the layers inside where they are (LLC's control
  // field and STP's timers inside tcpdump-tests_erspan-type-ii-3.pcap were
  // read 8 bytes early).
  const std::vector<std::uint8_t> bytes = in_ipv4(gre);
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  ASSERT_NE(d.root, nullptr);
  EXPECT_EQ(detail::layer_offset(d.root->rfind_pdu<Tins::ARP>()), 14u + 20 + 16 + 14);
}

// tcpdump-tests_erspan-type-iii-ft-7.pcap: ERSPAN type III with frame type
// 7, which is no Ethernet frame; frame type 0 is one.
TEST(GreEncoder, ReadsAnErspanTypeThreeFrameOnlyOfFrameTypeZero) {
  Tins::EthernetII frame("00:11:22:33:44:55", "66:77:88:99:aa:bb");
  Tins::EthernetII packet =
      frame / Tins::ARP("10.1.1.2", "10.1.1.1", "00:00:00:00:00:00", "66:77:88:99:aa:bb");
  for (const int frame_type : {0, 7}) {
    // Sequence number, then the 12-byte ERSPAN III header: version 2,
    // frame type in bits 6-2 of its eleventh byte, no platform data.
    std::string gre("\x10\x00\x22\xeb\x00\x00\xba\xde", 8);
    std::string erspan("\x20\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x20", 12);
    erspan[10] = static_cast<char>(frame_type << 2);
    run_result r = run(in_ipv4(gre + erspan + bytes_of(packet)));
    EXPECT_TRUE(r.error.empty()) << r.error;
    ASSERT_EQ(r.sink.of<GRE>(4).size(), 1u);
    EXPECT_EQ(r.sink.of<Ethernet>(0).size(), frame_type == 0 ? 2u : 1u) << frame_type;
    EXPECT_EQ(r.sink.of<ARP>(1).size(), frame_type == 0 ? 1u : 0u) << frame_type;
  }
}

TEST(GreEncoder, StepsOverAWccpRedirectHeader) {
  Tins::IP inner("192.168.1.1", "192.168.1.2");
  inner.ttl(9);
  Tins::IP packet = inner / Tins::UDP(5000, 53) / Tins::RawPDU("x");
  // Protocol 0x883e, then WCCP version 2's redirect header (as in
  // tcpdump-tests_wccp_redirect_gre.pcap) before the IPv4 packet.
  std::string gre("\x00\x00\x88\x3e", 4);
  gre += std::string("\x05\x59\x00\x48", 4) + bytes_of(packet);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  ASSERT_EQ(r.sink.of<GRE>(4).size(), 1u);
  auto ips = r.sink.of<IPv4>(2);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[1].ttl(), 9);
  EXPECT_EQ(r.sink.of<UDP>(5).size(), 1u);
  // WCCP version 1: the IPv4 packet right after the GRE header.
  run_result v1 = run(in_ipv4(std::string("\x00\x00\x88\x3e", 4) + bytes_of(packet)));
  EXPECT_TRUE(v1.error.empty()) << v1.error;
  auto v1_ips = v1.sink.of<IPv4>(2);
  ASSERT_EQ(v1_ips.size(), 2u);
  EXPECT_EQ(v1_ips[1].ttl(), 9);
}

TEST(GreEncoder, DecodesVersionOne) {
  // RFC 2637 4.1: key (payload length 0, call ID 0x1234) and
  // acknowledgment, protocol PPP, no payload.
  const std::string gre("\x20\x81\x88\x0b\x00\x00\x12\x34\x00\x00\x00\x05", 12);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  auto records = r.sink.of<GRE>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version(), 1);
  EXPECT_TRUE(records[0].ack_present());
  EXPECT_EQ(records[0].key(), 0x1234u);
  EXPECT_EQ(records[0].ack(), 5u);
  EXPECT_EQ(records[0].seq(), 0u);
}

TEST(GreEncoder, ListsSourceRouteEntries) {
  // RFC 1701: routing present, checksum word, then two entries and the
  // final empty one.
  std::string gre("\x40\x00\x08\x00\x00\x00\x00\x04", 8);
  gre += std::string("\x08\x00\x00\x04\x0a\x00\x00\x01", 8);
  gre += std::string("\x08\x00\x04\x04\x0a\x00\x00\x02", 8);
  gre += std::string("\x00\x00\x00\x00", 4);
  run_result r = run(in_ipv4(gre));
  EXPECT_TRUE(r.error.empty()) << r.error;
  auto records = r.sink.of<GRE>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].routing_present());
  EXPECT_EQ(records[0].offset(), 4);
  ASSERT_EQ(records[0].routing_size(), 2);
  EXPECT_EQ(records[0].routing(0).address_family(), 0x0800);
  EXPECT_EQ(records[0].routing(1).sre_offset(), 4);
  EXPECT_EQ(records[0].routing(1).routing_information(), ipv4_bytes("10.0.0.2"));
}

TEST(GreEncoder, ReportsATruncatedHeaderAndKeepsTheLayersBefore) {
  // The key bit announces four bytes that are not there.
  run_result r = run(in_ipv4(std::string("\x20\x00\x08\x00\x00\x00", 6)));
  EXPECT_EQ(r.error, "GRE: truncated header");
  EXPECT_TRUE(r.sink.of<GRE>(4).empty());
  EXPECT_EQ(r.sink.of<IPv4>(2).size(), 1u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 1u);
}

TEST(GreEncoder, ReportsRoutingThatRunsPastThePacket) {
  std::string gre("\x40\x00\x08\x00\x00\x00\x00\x00", 8);
  gre += std::string("\x08\x00\x00\x10\x0a\x00", 6);
  run_result r = run(in_ipv4(gre));
  EXPECT_EQ(r.error, "GRE: malformed routing");
  EXPECT_TRUE(r.sink.of<GRE>(4).empty());
  EXPECT_EQ(r.sink.of<IPv4>(2).size(), 1u);
}

TEST(GreEncoder, KeepsTheTunnelWhenTheLayerInsideIsMalformed) {
  // An inner IPv4 header cut after 10 bytes.
  std::string gre("\x00\x00\x08\x00", 4);
  gre += std::string("\x45\x00\x00\x30\x00\x00\x00\x00\x40\x11", 10);
  run_result r = run(in_ipv4(gre));
  EXPECT_EQ(r.error, "IPv4: malformed header");
  EXPECT_EQ(r.sink.of<GRE>(4).size(), 1u);
  EXPECT_EQ(r.sink.of<IPv4>(2).size(), 1u);
}

TEST(GreEncoder, EncodesAlone) {
  auto records = encode_bytes<gre>(in_ipv4(std::string("\x00\x00\x08\x00", 4)));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].protocol(), 0x0800);
}

}  // namespace
}  // namespace netcap::encoders
