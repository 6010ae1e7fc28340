#include "netcap/encoders/geneve.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ethernet.hpp"
#include "netcap/encoders/ipv4.hpp"
#include "netcap/encoders/tcp.hpp"
#include "netcap/encoders/udp.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::string bytes_of(Tins::PDU& pdu) {
  const std::vector<std::uint8_t> b = pdu.serialize();
  return std::string(b.begin(), b.end());
}

std::vector<std::uint8_t> in_udp(const std::string& payload) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(6081, 50000) / Tins::RawPDU(payload);
  return packet.serialize();
}

using tunnel_pipeline = pipeline<ethernet, ipv4, tcp, udp, geneve>;

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

TEST(GeneveEncoder, DecodesOptionsAndHandsOnAnIpv4Packet) {
  Tins::IP inner("192.168.0.2", "192.168.0.1");
  inner.ttl(3);
  Tins::IP packet = inner / Tins::TCP(80, 1234);
  // Version 0, 3 words of options, C flag, protocol IPv4, VNI 0xabcdef;
  // one option of class 0x0102, type 0x80 (critical), 2 words of data.
  std::string header("\x03\x40\x08\x00\xab\xcd\xef\x00", 8);
  header += std::string("\x01\x02\x80\x02", 4) + "12345678";
  run_result r = run(in_udp(header + bytes_of(packet)));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  auto records = r.sink.of<Geneve>(4);
  ASSERT_EQ(records.size(), 1u);
  const Geneve& g = records[0];
  EXPECT_EQ(g.version(), 0);
  EXPECT_EQ(g.options_length(), 12);
  EXPECT_TRUE(g.critical_option());
  EXPECT_FALSE(g.oam_packet());
  EXPECT_EQ(g.protocol(), 0x0800);
  EXPECT_EQ(g.vni(), 0xabcdefu);
  ASSERT_EQ(g.options_size(), 1);
  EXPECT_EQ(g.options(0).class_(), 0x0102);
  EXPECT_EQ(g.options(0).type(), 0x80);
  EXPECT_EQ(g.options(0).length(), 12);
  EXPECT_EQ(g.options(0).data(), "12345678");
  auto ips = r.sink.of<IPv4>(1);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[1].ttl(), 3);
  auto tcps = r.sink.of<TCP>(2);
  ASSERT_EQ(tcps.size(), 1u);
  EXPECT_EQ(tcps[0].dst_port(), 80);
}

TEST(GeneveEncoder, HandsOnAnEthernetFrame) {
  Tins::EthernetII frame = Tins::EthernetII() / Tins::IP("10.9.9.9", "10.9.9.8") /
                           Tins::UDP(53, 999);
  run_result r =
      run(in_udp(std::string("\x00\x00\x65\x58\x00\x00\x01\x00", 8) + bytes_of(frame)));
  EXPECT_TRUE(r.packet.error.empty()) << r.packet.error;
  EXPECT_EQ(r.sink.of<Geneve>(4).size(), 1u);
  EXPECT_EQ(r.sink.of<Ethernet>(0).size(), 2u);
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 2u);
}

TEST(GeneveEncoder, LeavesOtherProtocolsUndissected) {
  auto records = encode_bytes<geneve>(
      in_udp(std::string("\x00\x80\x89\x4f\x00\x00\x01\x00", 8) + "opaque"));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].oam_packet());
  EXPECT_EQ(records[0].protocol(), 0x894f);
}

TEST(GeneveEncoder, ReportsMalformedHeaders) {
  EXPECT_EQ(run(in_udp(std::string("\x00\x00\x65", 3))).packet.error,
            "Geneve: truncated header");
  // Two words of options announced, one there.
  EXPECT_EQ(run(in_udp(std::string("\x02\x00\x65\x58\x00\x00\x01\x00\x01\x02\x03\x00", 12)))
                .packet.error,
            "Geneve: truncated header");
  // An option whose length runs past the options.
  run_result r =
      run(in_udp(std::string("\x01\x00\x65\x58\x00\x00\x01\x00\x01\x02\x03\x05", 12)));
  EXPECT_EQ(r.packet.error, "Geneve: malformed option");
  EXPECT_TRUE(r.sink.of<Geneve>(4).empty());
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 1u);
}

}  // namespace
}  // namespace netcap::encoders
