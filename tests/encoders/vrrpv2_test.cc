#include "netcap/encoders/vrrpv2.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::ipv4_bytes;
using netcap::testing::ipv6_bytes;

std::vector<std::uint8_t> in_ipv4(const std::string& message) {
  Tins::IP ip("224.0.0.18", "10.0.0.1");
  ip.protocol(112);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  return packet.serialize();
}

TEST(Vrrpv2Encoder, DecodesAVersionTwoAdvertisement) {
  // RFC 3768 5.1: version 2 type 1, VRID 7, priority 100, two addresses,
  // no authentication, one second, then 8 bytes of authentication data.
  std::string message("\x21\x07\x64\x02\x00\x01\xab\xcd", 8);
  message += ipv4_bytes("10.0.0.254") + ipv4_bytes("10.0.1.254") + std::string(8, '\0');
  auto records = encode_bytes<vrrpv2>(in_ipv4(message));
  ASSERT_EQ(records.size(), 1u);
  const VRRPv2& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.type(), 1);
  EXPECT_EQ(r.virtual_rtr_id(), 7);
  EXPECT_EQ(r.priority(), 100);
  EXPECT_EQ(r.count_ip_addr(), 2);
  EXPECT_EQ(r.auth_type(), 0);
  EXPECT_EQ(r.adver_int(), 1);
  EXPECT_EQ(r.checksum(), 0xabcd);
  ASSERT_EQ(r.ip_address_size(), 2);
  EXPECT_EQ(r.ip_address(1), ipv4_bytes("10.0.1.254"));
}

TEST(Vrrpv2Encoder, DecodesAVersionThreeAdvertisementOverIpv6) {
  // RFC 5798 5.1: 100 centiseconds, one IPv6 address.
  std::string message("\x31\x01\xff\x01\x00\x64\x00\x00", 8);
  message += ipv6_bytes("fe80::1");
  Tins::IPv6 ip("ff02::12", "fe80::2");
  ip.next_header(112);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  auto records = encode_bytes<vrrpv2>(packet.serialize());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version(), 3);
  EXPECT_EQ(records[0].adver_int(), 100);
  ASSERT_EQ(records[0].ip_address_size(), 1);
  EXPECT_EQ(records[0].ip_address(0), ipv6_bytes("fe80::1"));
}

TEST(Vrrpv2Encoder, ReadsAnUnassignedVersionWithTheVersionTwoLayout) {
  // Version 7 (a fuzzed frame of ndpi-tests_fuzz-2020-02-16-11740.pcap):
  // authentication type 2 and advertisement interval 179 seconds, as tshark
  // reads them, not the 12-bit version 3 interval 0x2b3.
  std::string message("\x72\x10\x07\x00\x02\xb3\x00\x00", 8);
  auto records = encode_bytes<vrrpv2>(in_ipv4(message));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].version(), 7);
  EXPECT_EQ(records[0].auth_type(), 2);
  EXPECT_EQ(records[0].adver_int(), 179);
}

TEST(Vrrpv2Encoder, ReportsTruncatedAdvertisements) {
  pipeline<vrrpv2>::register_layers();
  auto error_of = [](const std::vector<std::uint8_t>& bytes) {
    return dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size())).error;
  };
  const auto header = in_ipv4(std::string("\x21\x07\x64\x02\x00", 5));
  EXPECT_EQ(error_of(header), "VRRP: truncated header");
  EXPECT_TRUE(encode_bytes<vrrpv2>(header).empty());
  const auto addresses =
      in_ipv4(std::string("\x21\x07\x64\x03\x00\x01\xab\xcd", 8) + ipv4_bytes("10.0.0.254"));
  EXPECT_EQ(error_of(addresses), "VRRP: truncated address list");
  EXPECT_TRUE(encode_bytes<vrrpv2>(addresses).empty());
}

}  // namespace
}  // namespace netcap::encoders
