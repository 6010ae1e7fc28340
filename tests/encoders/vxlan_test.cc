#include "netcap/encoders/vxlan.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/arp.hpp"
#include "netcap/encoders/ethernet.hpp"
#include "netcap/encoders/ipv4.hpp"
#include "netcap/encoders/udp.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::mac_bytes;

std::string bytes_of(Tins::PDU& pdu) {
  const std::vector<std::uint8_t> b = pdu.serialize();
  return std::string(b.begin(), b.end());
}

std::vector<std::uint8_t> in_udp(const std::string& payload, std::uint16_t port = 4789) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(port, 50000) / Tins::RawPDU(payload);
  return packet.serialize();
}

std::string inner_arp() {
  Tins::EthernetII frame("00:11:22:33:44:55", "66:77:88:99:aa:bb");
  Tins::EthernetII packet =
      frame / Tins::ARP("10.1.1.2", "10.1.1.1", "00:00:00:00:00:00", "66:77:88:99:aa:bb");
  return bytes_of(packet);
}

using tunnel_pipeline = pipeline<ethernet, arp, ipv4, udp, vxlan>;

struct run_result {
  testing::memory_sink sink;
  packet_result packet;
};

run_result run(const std::vector<std::uint8_t>& bytes) {
  frame f;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.link_type = DLT_EN10MB;
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  tunnel_pipeline p;
  run_result r;
  r.packet = p.process(d.root.get(), f, r.sink);
  return r;
}

TEST(VxlanEncoder, DecodesTheHeaderAndHandsOnTheFrame) {
  // I flag, VNI 0x123456.
  run_result r = run(in_udp(std::string("\x08\x00\x00\x00\x12\x34\x56\x00", 8) + inner_arp()));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  EXPECT_FALSE(r.packet.unknown);
  auto records = r.sink.of<VXLAN>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].valid_id_flag());
  EXPECT_EQ(records[0].vni(), 0x123456u);
  EXPECT_FALSE(records[0].gbp_extension());
  // The outer and the inner Ethernet header, in that order, and the ARP
  // message inside the tunnel after the VXLAN record.
  auto ethernet = r.sink.of<Ethernet>(0);
  ASSERT_EQ(ethernet.size(), 2u);
  EXPECT_EQ(ethernet[1].src_mac(), mac_bytes("66:77:88:99:aa:bb"));
  ASSERT_EQ(r.sink.of<ARP>(1).size(), 1u);
  ASSERT_EQ(r.sink.records.size(), 6u);
  EXPECT_EQ(r.sink.records[3].first, 4u);
  EXPECT_EQ(r.sink.records[4].first, 0u);
  EXPECT_EQ(r.sink.records[5].first, 1u);
}

TEST(VxlanEncoder, DecodesGroupPolicy) {
  auto records =
      encode_bytes<vxlan>(in_udp(std::string("\x88\x48\x01\x02\x00\x00\x07\x00", 8)));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_TRUE(records[0].gbp_extension());
  EXPECT_TRUE(records[0].gbp_dont_learn());
  EXPECT_TRUE(records[0].gbp_applied());
  EXPECT_EQ(records[0].gbp_group_policy_id(), 0x0102);
  EXPECT_EQ(records[0].vni(), 7u);
}

TEST(VxlanEncoder, ClaimsOnlyItsPort) {
  EXPECT_TRUE(encode_bytes<vxlan>(in_udp(std::string(8, '\0'), 4790)).empty());
}

TEST(VxlanEncoder, ReportsATruncatedHeader) {
  run_result r = run(in_udp(std::string("\x08\x00\x00", 3)));
  EXPECT_EQ(r.packet.error, "VXLAN: truncated header");
  EXPECT_TRUE(r.sink.of<VXLAN>(4).empty());
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 1u);
}

TEST(VxlanEncoder, ReportsAMalformedInnerLayerAndKeepsTheOuterOnes) {
  // The inner frame's ARP message is cut short.
  const std::string frame = inner_arp().substr(0, 14 + 10);
  run_result r = run(in_udp(std::string("\x08\x00\x00\x00\x00\x00\x01\x00", 8) + frame));
  EXPECT_EQ(r.packet.error, "ARP: malformed header");
  EXPECT_EQ(r.sink.of<VXLAN>(4).size(), 1u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 2u);
  EXPECT_TRUE(r.sink.of<ARP>(1).empty());
}

// A VXLAN header with the I flag and the given VNI.
std::string vxlan_header(std::uint32_t vni) {
  return std::string("\x08\x00\x00\x00", 4) + static_cast<char>(vni >> 16) +
         static_cast<char>(vni >> 8) + static_cast<char>(vni) + '\0';
}

// `levels` VXLAN headers, VNI 1 outermost, each but the innermost followed
// by an Ethernet frame carrying the next in UDP, the innermost by `frame`.
std::string nested_vxlan(int levels, const std::string& frame) {
  std::string payload = vxlan_header(levels) + frame;
  for (int vni = levels - 1; vni >= 1; --vni) {
    Tins::EthernetII carrier = Tins::EthernetII() / Tins::IP("10.2.0.2", "10.2.0.1") /
                               Tins::UDP(4789, 50001) / Tins::RawPDU(payload);
    payload = vxlan_header(vni) + bytes_of(carrier);
  }
  return payload;
}

TEST(VxlanEncoder, DecodesAVxlanInsideVxlanInsideVxlan) {
  // zeek-traces_tunnels_vxlan-triple-v2.pcap has this nesting. Each depth
  // decodes into storage of its own: with one storage per type, decoding
  // the inner header freed the layers the walk was in (ASan: heap use
  // after free).
  run_result r = run(in_udp(nested_vxlan(3, inner_arp())));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  EXPECT_FALSE(r.packet.unknown);
  auto records = r.sink.of<VXLAN>(4);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].vni(), 1u);
  EXPECT_EQ(records[1].vni(), 2u);
  EXPECT_EQ(records[2].vni(), 3u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 4u);
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 3u);
  ASSERT_EQ(r.sink.of<ARP>(1).size(), 1u);
  // The records follow the nesting: Ethernet, IPv4, UDP, VXLAN at each
  // depth, then the innermost frame's Ethernet and ARP.
  std::vector<std::size_t> order;
  for (const auto& record : r.sink.records) order.push_back(record.first);
  EXPECT_EQ(order, (std::vector<std::size_t>{0, 2, 3, 4, 0, 2, 3, 4, 0, 2, 3, 4, 0, 1}));
}

TEST(VxlanEncoder, DecodesNestedTunnelsToABoundedDepth) {
  // Twelve levels: the tunnels at depths 0 to max_tunnel_depth (8) are
  // recorded, the frame the deepest carries is not walked, and nothing
  // inside it is decoded.
  run_result r = run(in_udp(nested_vxlan(12, inner_arp())));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  auto records = r.sink.of<VXLAN>(4);
  ASSERT_EQ(records.size(), 9u);
  for (std::uint32_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].vni(), i + 1);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 9u);
  EXPECT_TRUE(r.sink.of<ARP>(1).empty());
}

}  // namespace
}  // namespace netcap::encoders
