#include "netcap/encoders/icmpv6neighborsolicitation.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

TEST(Icmpv6NeighborSolicitationEncoder, FillsTargetAndOptions) {
  Tins::ICMPv6 ns(Tins::ICMPv6::NEIGHBOUR_SOLICIT);
  ns.target_addr("2001:db8::53");
  ns.source_link_layer_addr("02:00:00:00:00:01");
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IPv6("ff02::1:ff00:53", "2001:db8::10") / ns;
  auto records = encode_packet<icmpv6neighborsolicitation>(packet);
  ASSERT_EQ(records.size(), 1u);
  const ICMPv6NeighborSolicitation& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.target_address(), netcap::testing::ipv6_bytes("2001:db8::53"));
  ASSERT_EQ(r.options_size(), 1);
  EXPECT_EQ(r.options(0).type(), 1);  // source link-layer address
  EXPECT_EQ(r.options(0).data(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
}

TEST(Icmpv6NeighborSolicitationEncoder, IgnoresOtherMessages) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                            Tins::ICMPv6(Tins::ICMPv6::NEIGHBOUR_ADVERT);
  EXPECT_TRUE(encode_packet<icmpv6neighborsolicitation>(packet).empty());
}

}  // namespace
}  // namespace netcap::encoders
