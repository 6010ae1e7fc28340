#include "netcap/encoders/icmpv6echo.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

Tins::EthernetII echo(Tins::ICMPv6::Types type) {
  Tins::ICMPv6 icmp(type);
  icmp.identifier(0x1234);
  icmp.sequence(7);
  return Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") / icmp;
}

TEST(Icmpv6EchoEncoder, RecordsRequestsAndReplies) {
  Tins::EthernetII request = echo(Tins::ICMPv6::ECHO_REQUEST);
  auto records = encode_packet<icmpv6echo>(request);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].identifier(), 0x1234);
  EXPECT_EQ(records[0].seq_number(), 7);
  EXPECT_FALSE(records[0].reply());

  Tins::EthernetII reply = echo(Tins::ICMPv6::ECHO_REPLY);
  records = encode_packet<icmpv6echo>(reply);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].reply());
}

TEST(Icmpv6EchoEncoder, IgnoresOtherMessages) {
  Tins::EthernetII other = echo(Tins::ICMPv6::ROUTER_SOLICIT);
  EXPECT_TRUE(encode_packet<icmpv6echo>(other).empty());
}

TEST(Icmpv6EchoEncoder, TruncatedMessageYieldsNoRecord) {
  Tins::EthernetII packet = echo(Tins::ICMPv6::ECHO_REQUEST);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 40 + 3);
  EXPECT_TRUE(netcap::testing::encode_bytes<icmpv6echo>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
