#include "netcap/encoders/ospfv3.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ospfv2.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> in_ipv6(const std::string& message) {
  Tins::IPv6 ip("ff02::5", "fe80::1");
  ip.next_header(89);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  return packet.serialize();
}

// RFC 5340 A.3.1 and A.3.2: a hello from router 1.1.1.1 in area 0,
// instance 0, interface 5, priority 1, options 0x000013, intervals 10 and
// 40, DR 1.1.1.1, no BDR, neighbor 2.2.2.2; then 8 bytes that are not
// OSPF's (beyond the packet length).
const std::string hello(
    "\x03\x01\x00\x28\x01\x01\x01\x01\x00\x00\x00\x00\xfb\x86\x00\x00"
    "\x00\x00\x00\x05\x01\x00\x00\x13\x00\x0a\x00\x28\x01\x01\x01\x01"
    "\x00\x00\x00\x00\x02\x02\x02\x02"
    "trailing",
    48);

TEST(Ospfv3Encoder, DecodesAHello) {
  auto records = encode_bytes<ospfv3>(in_ipv6(hello));
  ASSERT_EQ(records.size(), 1u);
  const OSPFv3& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 3);
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.packet_length(), 40);
  EXPECT_EQ(r.router_id(), 0x01010101u);
  EXPECT_EQ(r.checksum(), 0xfb86);
  EXPECT_EQ(r.instance(), 0);
  EXPECT_EQ(r.hello().interface_id(), 5u);
  EXPECT_EQ(r.hello().rtr_priority(), 1);
  EXPECT_EQ(r.hello().options(), 0x13u);
  EXPECT_EQ(r.hello().hello_interval(), 10);
  EXPECT_EQ(r.hello().router_dead_interval(), 40u);
  EXPECT_EQ(r.hello().designated_router_id(), 0x01010101u);
  // The bytes after the packet length are not read as neighbors.
  ASSERT_EQ(r.hello().neighbor_id_size(), 1);
  EXPECT_EQ(r.hello().neighbor_id(0), 0x02020202u);
}

// tcpdump-tests_OSPFv3_with_AH.pcap: OSPFv3 behind an IPv6 authentication
// header (RFC 4552), which libtins' AH layer left as bytes.
TEST(Ospfv3Encoder, DecodesAHelloBehindAnAuthenticationHeader) {
  Tins::IPv6 ip("ff02::5", "fe80::1");
  ip.next_header(51);
  // AH: next header 89, length 4 (24 bytes), SPI 0x100, sequence 1, ICV.
  std::string ah("\x59\x04\x00\x00\x00\x00\x01\x00\x00\x00\x00\x01", 12);
  ah += std::string(12, '\x5a');
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(ah + hello);
  auto records = encode_bytes<ospfv3>(packet.serialize());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].router_id(), 0x01010101u);
  EXPECT_EQ(records[0].hello().neighbor_id_size(), 1);
}

TEST(Ospfv3Encoder, RecordsTheHeaderOfAPacketCutShort) {
  // As tcpdump-tests_ospf6_decode_v3_asan.pcap frame 1: the packet length
  // says 40, but the capture ends one byte into the hello. The header is
  // recorded, marked truncated, without hello fields.
  auto records = encode_bytes<ospfv3>(in_ipv6(hello.substr(0, 17)));
  ASSERT_EQ(records.size(), 1u);
  const OSPFv3& r = records[0];
  EXPECT_TRUE(r.truncated());
  EXPECT_EQ(r.version(), 3);
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.packet_length(), 40);
  EXPECT_EQ(r.router_id(), 0x01010101u);
  EXPECT_EQ(r.checksum(), 0xfb86);
  EXPECT_FALSE(r.has_hello());
  EXPECT_FALSE(encode_bytes<ospfv3>(in_ipv6(hello))[0].truncated());
}

TEST(Ospfv3Encoder, LeavesVersionTwoToOspfv2AndTheOtherWayRound) {
  EXPECT_TRUE(encode_bytes<ospfv2>(in_ipv6(hello)).empty());
}

TEST(Ospfv3Encoder, DecodesADatabaseDescription) {
  // Reserved, options 0x000013, MTU 1500, reserved, flags 7, sequence 9,
  // one LSA header of type 0x2001.
  std::string body("\x00\x00\x00\x13\x05\xdc\x00\x07\x00\x00\x00\x09", 12);
  body += std::string("\x00\x01\x20\x01\x00\x00\x00\x00\x01\x01\x01\x01"
                      "\x80\x00\x00\x02\x43\x21\x00\x28",
                      20);
  std::string packet("\x03\x02\x00\x30\x01\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00", 16);
  auto records = encode_bytes<ospfv3>(in_ipv6(packet + body));
  ASSERT_EQ(records.size(), 1u);
  const DbDescPkg& dd = records[0].db_desc();
  EXPECT_EQ(dd.options(), 0x13u);
  EXPECT_EQ(dd.interface_mtu(), 1500);
  EXPECT_EQ(dd.flags(), 7);
  EXPECT_EQ(dd.dd_seq_number(), 9u);
  ASSERT_EQ(dd.lsa_info_size(), 1);
  EXPECT_EQ(dd.lsa_info(0).ls_type(), 0x2001);
  EXPECT_EQ(dd.lsa_info(0).ls_options(), 0);
  EXPECT_EQ(dd.lsa_info(0).length(), 40);
}

}  // namespace
}  // namespace netcap::encoders
