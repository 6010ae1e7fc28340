#include "netcap/encoders/ipv6hopbyhop.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

Tins::IPv6::ext_header extension(std::uint8_t type, const std::string& data) {
  return Tins::IPv6::ext_header(type, static_cast<std::uint16_t>(data.size()),
                                reinterpret_cast<const std::uint8_t*>(data.data()));
}

Tins::EthernetII with_hop_by_hop(const std::string& data) {
  Tins::IPv6 ip("ff02::16", "fe80::10");
  ip.add_header(extension(0, data));
  return Tins::EthernetII() / ip / Tins::ICMPv6(Tins::ICMPv6::MLD2_REPORT);
}

TEST(Ipv6HopByHopEncoder, DecodesItsOptions) {
  // RFC 2711's router alert (type 5, value 0), then two Pad1 bytes filling
  // the header's 8 bytes.
  Tins::EthernetII packet = with_hop_by_hop(std::string("\x05\x02\x00\x00\x00\x00", 6));
  auto records = encode_packet<ipv6hopbyhop>(packet);
  ASSERT_EQ(records.size(), 1u);
  const IPv6HopByHop& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.next_header(), 58);  // ICMPv6
  ASSERT_EQ(r.options_size(), 3);
  EXPECT_EQ(r.options(0).option_type(), 5);
  EXPECT_EQ(r.options(0).option_length(), 2);
  EXPECT_EQ(r.options(0).actual_length(), 2);
  EXPECT_EQ(r.options(0).option_data(), std::string("\x00\x00", 2));
  for (int i : {1, 2}) {
    EXPECT_EQ(r.options(i).option_type(), 0);  // Pad1
    EXPECT_EQ(r.options(i).option_length(), 0);
    EXPECT_TRUE(r.options(i).option_data().empty());
  }
}

TEST(Ipv6HopByHopEncoder, KeepsWhatIsThereOfAnOptionTooLongForItsHeader) {
  // A PadN that claims 9 bytes where 4 remain.
  Tins::EthernetII packet = with_hop_by_hop(std::string("\x01\x09\x00\x00\x00\x00", 6));
  auto records = encode_packet<ipv6hopbyhop>(packet);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].options_size(), 1);
  EXPECT_EQ(records[0].options(0).option_length(), 9);
  EXPECT_EQ(records[0].options(0).actual_length(), 4);
}

TEST(Ipv6HopByHopEncoder, WritesNothingWithoutTheHeader) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::16", "fe80::10") /
                            Tins::ICMPv6(Tins::ICMPv6::MLD2_REPORT);
  EXPECT_TRUE(encode_packet<ipv6hopbyhop>(packet).empty());
}

}  // namespace
}  // namespace netcap::encoders
