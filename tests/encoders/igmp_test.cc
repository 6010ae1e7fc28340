#include "netcap/encoders/igmp.hpp"

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
using netcap::testing::ipv4_bytes;

std::vector<std::uint8_t> in_ipv4(const std::string& message) {
  Tins::IP ip("224.0.0.1", "10.0.0.1");
  ip.protocol(2);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  return packet.serialize();
}

TEST(IgmpEncoder, DecodesAVersionTwoQuery) {
  auto records = encode_bytes<igmp>(in_ipv4(std::string("\x11\x64\xee\x9b\x00\x00\x00\x00", 8)));
  ASSERT_EQ(records.size(), 1u);
  const IGMP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.type(), 0x11);
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.max_response_time(), 100u);
  EXPECT_EQ(r.checksum(), 0xee9b);
  EXPECT_EQ(r.group_address(), ipv4_bytes("0.0.0.0"));
  EXPECT_EQ(r.number_of_sources(), 0);
}

TEST(IgmpEncoder, TellsVersionOneFromAZeroResponseTime) {
  auto query = encode_bytes<igmp>(in_ipv4(std::string("\x11\x00\xee\xff\x00\x00\x00\x00", 8)));
  ASSERT_EQ(query.size(), 1u);
  EXPECT_EQ(query[0].version(), 1);
  auto report = encode_bytes<igmp>(in_ipv4(std::string("\x12\x00\x00\x00\xe0\x01\x02\x03", 8)));
  ASSERT_EQ(report.size(), 1u);
  EXPECT_EQ(report[0].version(), 1);
  EXPECT_EQ(report[0].group_address(), ipv4_bytes("224.1.2.3"));
  auto leave = encode_bytes<igmp>(in_ipv4(std::string("\x17\x00\x00\x00\xe0\x01\x02\x03", 8)));
  ASSERT_EQ(leave.size(), 1u);
  EXPECT_EQ(leave[0].version(), 2);
}

TEST(IgmpEncoder, DecodesAVersionThreeQuery) {
  // RFC 3376 4.1: code 0x8a is (0xa | 0x10) << (0 + 3) = 208 tenths;
  // S flag, QRV 2, QQIC 125 seconds, two sources.
  std::string query("\x11\x8a\x00\x00\xe0\x00\x00\xfb\x0a\x7d\x00\x02", 12);
  query += ipv4_bytes("10.1.1.1") + ipv4_bytes("10.1.1.2");
  auto records = encode_bytes<igmp>(in_ipv4(query));
  ASSERT_EQ(records.size(), 1u);
  const IGMP& r = records[0];
  EXPECT_EQ(r.version(), 3);
  EXPECT_EQ(r.max_response_time(), 208u);
  EXPECT_EQ(r.group_address(), ipv4_bytes("224.0.0.251"));
  EXPECT_TRUE(r.supress_router_processing());
  EXPECT_EQ(r.robustness_value(), 2);
  EXPECT_EQ(r.interval_time(), 125u);
  EXPECT_EQ(r.number_of_sources(), 2);
  ASSERT_EQ(r.source_addresses_size(), 2);
  EXPECT_EQ(r.source_addresses(1), ipv4_bytes("10.1.1.2"));
}

TEST(IgmpEncoder, DecodesAVersionThreeReport) {
  std::string report("\x22\x00\x12\x34\x00\x00\x00\x02", 8);
  // MODE_IS_EXCLUDE with no sources; ALLOW_NEW_SOURCES with one source and
  // one word of auxiliary data.
  report += std::string("\x02\x00\x00\x00", 4) + ipv4_bytes("239.1.1.1");
  report += std::string("\x05\x01\x00\x01", 4) + ipv4_bytes("239.2.2.2") +
            ipv4_bytes("192.0.2.7") + std::string(4, '\0');
  auto records = encode_bytes<igmp>(in_ipv4(report));
  ASSERT_EQ(records.size(), 1u);
  const IGMP& r = records[0];
  EXPECT_EQ(r.version(), 3);
  EXPECT_EQ(r.type(), 0x22);
  EXPECT_TRUE(r.group_address().empty());
  EXPECT_EQ(r.number_of_group_records(), 2);
  ASSERT_EQ(r.group_records_size(), 2);
  EXPECT_EQ(r.group_records(0).type(), 2);
  EXPECT_EQ(r.group_records(0).multicast_address(), ipv4_bytes("239.1.1.1"));
  EXPECT_EQ(r.group_records(1).type(), 5);
  EXPECT_EQ(r.group_records(1).aux_data_len(), 1);
  EXPECT_EQ(r.group_records(1).number_of_sources(), 1);
  ASSERT_EQ(r.group_records(1).source_addresses_size(), 1);
  EXPECT_EQ(r.group_records(1).source_addresses(0), ipv4_bytes("192.0.2.7"));
}

std::string_view error_of(const std::vector<std::uint8_t>& bytes) {
  pipeline<igmp>::register_layers();
  return dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size())).error;
}

TEST(IgmpEncoder, ReportsTruncatedMessages) {
  const auto short_message = in_ipv4(std::string("\x11\x64\xee\x9b", 4));
  EXPECT_EQ(error_of(short_message), "IGMP: truncated message");
  EXPECT_TRUE(encode_bytes<igmp>(short_message).empty());
  // The IPv4 layer before it is still recorded.
  EXPECT_EQ(encode_bytes<ipv4>(short_message).size(), 1u);

  const auto sources = in_ipv4(std::string("\x11\x64\x00\x00\xe0\x00\x00\xfb\x02\x7d\x00\x03", 12) +
                               ipv4_bytes("10.1.1.1"));
  EXPECT_EQ(error_of(sources), "IGMP: truncated source list");
  EXPECT_TRUE(encode_bytes<igmp>(sources).empty());

  const auto group = in_ipv4(std::string("\x22\x00\x00\x00\x00\x00\x00\x01\x01\x00\x00\x02", 12) +
                             ipv4_bytes("239.1.1.1") + ipv4_bytes("10.0.0.9"));
  EXPECT_EQ(error_of(group), "IGMP: truncated group record");
  EXPECT_TRUE(encode_bytes<igmp>(group).empty());
}

}  // namespace
}  // namespace netcap::encoders
