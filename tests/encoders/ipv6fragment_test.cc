#include "netcap/encoders/ipv6fragment.hpp"

#include <cstdint>
#include <string>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

Tins::EthernetII fragment(const std::string& data) {
  Tins::IPv6 ip("2001:db8::53", "2001:db8::10");
  ip.add_header(Tins::IPv6::ext_header(
      44, 6, reinterpret_cast<const std::uint8_t*>(data.data())));
  return Tins::EthernetII() / ip / Tins::UDP(9, 1000) / Tins::RawPDU("fragment data");
}

TEST(Ipv6FragmentEncoder, DecodesOffsetFlagAndIdentification) {
  // Offset 185 (1480 bytes), M set, identification 0xc0ffee00.
  Tins::EthernetII packet = fragment(std::string("\x05\xc9\xc0\xff\xee\x00", 6));
  auto records = encode_packet<ipv6fragment>(packet);
  ASSERT_EQ(records.size(), 1u);
  const IPv6Fragment& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.next_header(), 17);
  EXPECT_EQ(r.fragment_offset(), 185);
  EXPECT_TRUE(r.more_fragments());
  EXPECT_EQ(r.reserved1(), 0);
  EXPECT_EQ(r.reserved2(), 0);
  EXPECT_EQ(r.identification(), 0xc0ffee00u);
}

TEST(Ipv6FragmentEncoder, LastFragmentHasNoMoreFlag) {
  Tins::EthernetII packet = fragment(std::string("\x00\x10\x00\x00\x00\x07", 6));
  auto records = encode_packet<ipv6fragment>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fragment_offset(), 2);
  EXPECT_FALSE(records[0].more_fragments());
  EXPECT_EQ(records[0].identification(), 7u);
}

}  // namespace
}  // namespace netcap::encoders
