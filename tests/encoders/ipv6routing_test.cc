#include "netcap/encoders/ipv6routing.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;
using netcap::testing::ipv6_bytes;

// The records of a UDP datagram in IPv6 behind a routing header whose bytes
// after the next-header and length fields are `data`.
std::vector<IPv6Routing> encode_routing(const std::string& data) {
  Tins::IPv6 ip("2001:db8::53", "2001:db8::10");
  ip.add_header(Tins::IPv6::ext_header(43, static_cast<std::uint16_t>(data.size()),
                                       reinterpret_cast<const std::uint8_t*>(data.data())));
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::UDP(9, 1000);
  return encode_packet<ipv6routing>(packet);
}

TEST(Ipv6RoutingEncoder, DecodesATypeTwoHeader) {
  // RFC 6275, 6.4: type 2, one segment left, 4 reserved bytes, the home
  // address.
  std::string data("\x02\x01\x00\x00\x00\x00", 6);
  data += ipv6_bytes("2001:db8::1:10");
  auto records = encode_routing(data);
  ASSERT_EQ(records.size(), 1u);
  const IPv6Routing& r = records[0];
  EXPECT_EQ(r.next_header(), 17);
  EXPECT_EQ(r.routing_type(), 2);
  EXPECT_EQ(r.segments_left(), 1);
  EXPECT_EQ(r.data(), data.substr(2));
  ASSERT_EQ(r.addresses_size(), 1);
  EXPECT_EQ(r.addresses(0), ipv6_bytes("2001:db8::1:10"));
}

TEST(Ipv6RoutingEncoder, ListsASegmentRoutingHeadersSegmentsNotItsTlvs) {
  // RFC 8754, 2: type 4, one segment left, last entry 0 (one segment),
  // flags, tag, the segment, then an 8-byte TLV area (tcpdump's
  // ipv6-srh-tlv-hmac.pcap has an HMAC TLV there).
  std::string data("\x04\x01\x00\x00\x00\x00", 6);
  data += ipv6_bytes("cafe:1::2");
  data += std::string("\x05\x06\x00\x00\x00\x00\x00\x01", 8);
  data += std::string(16, '\x7f');
  auto records = encode_routing(data);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].addresses_size(), 1);
  EXPECT_EQ(records[0].addresses(0), ipv6_bytes("cafe:1::2"));
}

TEST(Ipv6RoutingEncoder, ListsNoAddressesForRpl) {
  // RFC 6554's compressed addresses are not 16-byte addresses.
  std::string data("\x03\x01\x00\x00\x00\x00", 6);
  auto records = encode_routing(data);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].routing_type(), 3);
  EXPECT_EQ(records[0].addresses_size(), 0);
}

}  // namespace
}  // namespace netcap::encoders
