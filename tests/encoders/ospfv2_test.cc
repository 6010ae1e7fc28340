#include "netcap/encoders/ospfv2.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ipv4.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> in_ipv4(const std::string& message) {
  Tins::IP ip("224.0.0.5", "10.0.0.1");
  ip.protocol(89);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  return packet.serialize();
}

// An OSPFv2 header (RFC 2328 A.3.1) for a body of `body` bytes: router
// 1.1.1.1, area 0.0.0.1, checksum 0xabcd, simple password "secret12".
std::string header(std::uint8_t type, std::size_t body) {
  const std::size_t length = 24 + body;
  std::string h("\x02", 1);
  h += static_cast<char>(type);
  h += static_cast<char>(length >> 8);
  h += static_cast<char>(length & 0xff);
  h += std::string("\x01\x01\x01\x01\x00\x00\x00\x01\xab\xcd\x00\x01", 12);
  h += "secret12";
  return h;
}

TEST(Ospfv2Encoder, DecodesAHello) {
  // Mask 255.255.255.0, interval 10, options 0x02, priority 1, dead 40,
  // DR 10.0.0.1, BDR 0, one neighbor 2.2.2.2.
  std::string body("\xff\xff\xff\x00\x00\x0a\x02\x01\x00\x00\x00\x28", 12);
  body += std::string("\x0a\x00\x00\x01\x00\x00\x00\x00\x02\x02\x02\x02", 12);
  auto records = encode_bytes<ospfv2>(in_ipv4(header(1, body.size()) + body));
  ASSERT_EQ(records.size(), 1u);
  const OSPFv2& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.packet_length(), 48);
  EXPECT_EQ(r.router_id(), 0x01010101u);
  EXPECT_EQ(r.area_id(), 1u);
  EXPECT_EQ(r.checksum(), 0xabcd);
  EXPECT_EQ(r.au_type(), 1);
  EXPECT_EQ(r.authentication(), 0x7365637265743132);  // "secret12"
  const HelloPkgV2& hello = r.hello_v2();
  EXPECT_EQ(hello.network_mask(), 0xffffff00u);
  EXPECT_EQ(hello.hello_interval(), 10);
  EXPECT_EQ(hello.options(), 2u);
  EXPECT_EQ(hello.rtr_priority(), 1);
  EXPECT_EQ(hello.router_dead_interval(), 40u);
  EXPECT_EQ(hello.designated_router_id(), 0x0a000001u);
  ASSERT_EQ(hello.neighbor_id_size(), 1);
  EXPECT_EQ(hello.neighbor_id(0), 0x02020202u);
  EXPECT_FALSE(r.has_db_desc());
}

// An LSA header: age 1, options 0x22, type 1, ID and router 3.3.3.3,
// sequence 0x80000001, checksum 0x1234, length `length`.
std::string lsa_header(std::uint16_t length) {
  std::string h("\x00\x01\x22\x01\x03\x03\x03\x03\x03\x03\x03\x03\x80\x00\x00\x01\x12\x34", 18);
  h += static_cast<char>(length >> 8);
  h += static_cast<char>(length & 0xff);
  return h;
}

TEST(Ospfv2Encoder, DecodesADatabaseDescription) {
  std::string body("\x05\xdc\x02\x07\x00\x00\x10\x00", 8);
  body += lsa_header(36) + lsa_header(48);
  auto records = encode_bytes<ospfv2>(in_ipv4(header(2, body.size()) + body));
  ASSERT_EQ(records.size(), 1u);
  const DbDescPkg& dd = records[0].db_desc();
  EXPECT_EQ(dd.interface_mtu(), 1500);
  EXPECT_EQ(dd.options(), 2u);
  EXPECT_EQ(dd.flags(), 7);
  EXPECT_EQ(dd.dd_seq_number(), 0x1000u);
  ASSERT_EQ(dd.lsa_info_size(), 2);
  EXPECT_EQ(dd.lsa_info(0).ls_type(), 1);
  EXPECT_EQ(dd.lsa_info(0).ls_options(), 0x22);
  EXPECT_EQ(dd.lsa_info(0).link_state_id(), 0x03030303u);
  EXPECT_EQ(dd.lsa_info(0).ls_seq_number(), 0x80000001u);
  EXPECT_EQ(dd.lsa_info(1).length(), 48);
}

TEST(Ospfv2Encoder, DecodesAnUpdateAndAnAcknowledgment) {
  // Two LSAs announced; one of 24 bytes is there, the second is cut.
  std::string body("\x00\x00\x00\x02", 4);
  body += lsa_header(24) + "body" + lsa_header(40);
  auto update = encode_bytes<ospfv2>(in_ipv4(header(4, body.size()) + body));
  ASSERT_EQ(update.size(), 1u);
  EXPECT_EQ(update[0].lsu().num_of_lsas(), 2u);
  ASSERT_EQ(update[0].lsu().lsas_size(), 1);
  EXPECT_EQ(update[0].lsu().lsas(0).header().length(), 24);

  const std::string ack_body = lsa_header(36);
  auto ack = encode_bytes<ospfv2>(in_ipv4(header(5, ack_body.size()) + ack_body));
  ASSERT_EQ(ack.size(), 1u);
  ASSERT_EQ(ack[0].lsas_size(), 1);
  EXPECT_EQ(ack[0].lsas(0).adv_router(), 0x03030303u);
}

TEST(Ospfv2Encoder, DecodesRequests) {
  std::string body("\x00\x00\x00\x01\x04\x04\x04\x04\x05\x05\x05\x05", 12);
  auto records = encode_bytes<ospfv2>(in_ipv4(header(3, body.size()) + body));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].lsr_size(), 1);
  EXPECT_EQ(records[0].lsr(0).ls_type(), 1);
  EXPECT_EQ(records[0].lsr(0).lsid(), 0x04040404u);
  EXPECT_EQ(records[0].lsr(0).adv_router(), 0x05050505u);
}

TEST(Ospfv2Encoder, ReportsMalformedPackets) {
  pipeline<ospfv2>::register_layers();
  auto error_of = [](const std::vector<std::uint8_t>& bytes) {
    return dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size())).error;
  };
  const auto short_header = in_ipv4(header(1, 0).substr(0, 20));
  EXPECT_EQ(error_of(short_header), "OSPF: truncated header");
  EXPECT_TRUE(encode_bytes<ospfv2>(short_header).empty());
  EXPECT_EQ(encode_bytes<ipv4>(short_header).size(), 1u);
  std::string version = header(1, 0);
  version[0] = 4;
  EXPECT_EQ(error_of(in_ipv4(version)), "OSPF: unknown version");
}

TEST(Ospfv2Encoder, RecordsTheHeaderOfATruncatedPacket) {
  // A hello without its 20-byte fixed part (8 of them there): the header is
  // recorded, marked truncated, without hello fields; the error is logged.
  pipeline<ospfv2>::register_layers();
  const auto bytes = in_ipv4(header(1, 8) + std::string(8, '\x11'));
  EXPECT_EQ(dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size())).error,
            "OSPF: truncated packet");
  auto records = encode_bytes<ospfv2>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const OSPFv2& r = records[0];
  EXPECT_TRUE(r.truncated());
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.packet_length(), 32);
  EXPECT_EQ(r.router_id(), 0x01010101u);
  EXPECT_EQ(r.area_id(), 1u);
  EXPECT_EQ(r.checksum(), 0xabcd);
  EXPECT_EQ(r.au_type(), 1);
  EXPECT_FALSE(r.has_hello_v2());
  // The whole packet is not truncated.
  auto whole = encode_bytes<ospfv2>(in_ipv4(header(1, 20) + std::string(20, '\0')));
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_FALSE(whole[0].truncated());
  EXPECT_TRUE(whole[0].has_hello_v2());
}

}  // namespace
}  // namespace netcap::encoders
