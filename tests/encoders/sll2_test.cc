#include "netcap/encoders/sll2.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/arp.hpp"
#include "netcap/encoders/ipv6.hpp"
#include "netcap/encoders/tcp.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

constexpr int linux_sll2 = 276;

// A Linux cooked v2 header (protocol, reserved, interface 3, ARPHRD 1,
// packet type 4 "sent by us", address length 6, 8 address bytes), then
// `inner`.
std::vector<std::uint8_t> cooked(std::uint16_t protocol, const std::vector<std::uint8_t>& inner) {
  std::vector<std::uint8_t> bytes = {
      static_cast<std::uint8_t>(protocol >> 8), static_cast<std::uint8_t>(protocol),
      0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x01, 0x04, 0x06,
      0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
  bytes.insert(bytes.end(), inner.begin(), inner.end());
  return bytes;
}

std::vector<std::uint8_t> tcp_segment() {
  Tins::TCP tcp(80, 40000);
  tcp.flags(Tins::TCP::SYN);
  return (Tins::IP("10.0.0.2", "10.0.0.1") / tcp).serialize();
}

TEST(Sll2Encoder, FillsHeaderFields) {
  auto records = encode_bytes<sll2>(cooked(0x0800, tcp_segment()), linux_sll2);
  ASSERT_EQ(records.size(), 1u);
  const SLL2& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.protocol(), 0x0800);
  EXPECT_EQ(r.interface_index(), 3u);
  EXPECT_EQ(r.address_type(), 1);
  EXPECT_EQ(r.packet_type(), 4);
  EXPECT_EQ(r.address_length(), 6);
  EXPECT_EQ(r.address(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
}

TEST(Sll2Encoder, KeepsAtMostEightAddressBytes) {
  std::vector<std::uint8_t> bytes = cooked(0x0800, tcp_segment());
  bytes[11] = 20;  // more than the field holds
  auto records = encode_bytes<sll2>(bytes, linux_sll2);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].address_length(), 20);
  EXPECT_EQ(records[0].address().size(), 8u);
}

// The link type is decoded, not sent whole to unknown.pcap: what the
// header carries is dissected by its protocol, as behind Ethernet.
TEST(Sll2Encoder, HandsOnTheLayersInside) {
  auto segments = encode_bytes<tcp>(cooked(0x0800, tcp_segment()), linux_sll2);
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].dst_port(), 80);

  Tins::EthernetII request =
      Tins::ARP::make_arp_request("10.0.0.2", "10.0.0.1", "02:00:00:00:00:01");
  auto requests = encode_bytes<arp>(cooked(0x0806, request.rfind_pdu<Tins::ARP>().serialize()),
                                    linux_sll2);
  EXPECT_EQ(requests.size(), 1u);

  const std::vector<std::uint8_t> v6 =
      (Tins::IPv6("2001:db8::2", "2001:db8::1") / Tins::UDP(53, 40000)).serialize();
  EXPECT_EQ(encode_bytes<ipv6>(cooked(0x86dd, v6), linux_sll2).size(), 1u);
}

TEST(Sll2Encoder, TruncatedHeaderIsMalformed) {
  std::vector<std::uint8_t> bytes = cooked(0x0800, {});
  bytes.resize(19);
  EXPECT_TRUE(encode_bytes<sll2>(bytes, linux_sll2).empty());
  pipeline<sll2>::register_layers();
  dissection d = dissect(linux_sll2, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "SLL2: malformed header");
  EXPECT_EQ(d.root, nullptr);
}

TEST(Sll2Encoder, KeepsTheHeaderAndIpWhenTcpIsCutShort) {
  std::vector<std::uint8_t> bytes = cooked(0x0800, tcp_segment());
  bytes.resize(20 + 20 + 10);  // IPv4 and half a TCP header
  auto records = encode_bytes<sll2>(bytes, linux_sll2);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].interface_index(), 3u);
  pipeline<sll2>::register_layers();
  dissection d = dissect(linux_sll2, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "TCP: malformed header");
  ASSERT_NE(d.root, nullptr);
  EXPECT_NE(d.root->find_pdu<Tins::IP>(), nullptr);
}

TEST(Sll2Encoder, HeaderAloneHasNoInnerLayer) {
  auto records = encode_bytes<sll2>(cooked(0x0800, {}), linux_sll2);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].protocol(), 0x0800);
}

}  // namespace
}  // namespace netcap::encoders
