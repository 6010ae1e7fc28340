#include "netcap/encoders/icmpv6routersolicitation.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

TEST(Icmpv6RouterSolicitationEncoder, FillsOptions) {
  Tins::ICMPv6 rs(Tins::ICMPv6::ROUTER_SOLICIT);
  rs.source_link_layer_addr("02:00:00:00:00:01");
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::2", "fe80::10") / rs;
  auto records = encode_packet<icmpv6routersolicitation>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  ASSERT_EQ(records[0].options_size(), 1);
  EXPECT_EQ(records[0].options(0).type(), 1);
  EXPECT_EQ(records[0].options(0).data(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
}

TEST(Icmpv6RouterSolicitationEncoder, IgnoresOtherMessages) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::2", "fe80::10") /
                            Tins::ICMPv6(Tins::ICMPv6::ECHO_REQUEST);
  EXPECT_TRUE(encode_packet<icmpv6routersolicitation>(packet).empty());
}

}  // namespace
}  // namespace netcap::encoders
