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

TEST(VxlanEncoder, LeavesAVxlanInsideVxlanUndecoded) {
  // The walk is inside the outer tunnel's layers while it meets the inner
  // one; decoding that into the same storage freed them (the ASan sweep
  // found it on zeek-traces_tunnels_vxlan_triple_v2.pcap).
  Tins::EthernetII inner_frame = Tins::EthernetII() / Tins::IP("10.2.0.2", "10.2.0.1") /
                                 Tins::UDP(4789, 50001) /
                                 Tins::RawPDU(std::string("\x08\x00\x00\x00\x00\x00\x02\x00", 8) +
                                              inner_arp());
  run_result r = run(
      in_udp(std::string("\x08\x00\x00\x00\x00\x00\x01\x00", 8) + bytes_of(inner_frame)));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  auto records = r.sink.of<VXLAN>(4);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].vni(), 1u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 2u);
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 2u);
  EXPECT_TRUE(r.sink.of<ARP>(1).empty());
}

}  // namespace
}  // namespace netcap::encoders
