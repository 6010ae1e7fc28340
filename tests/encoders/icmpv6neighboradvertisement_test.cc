#include "netcap/encoders/icmpv6neighboradvertisement.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

TEST(Icmpv6NeighborAdvertisementEncoder, FillsFlagsTargetAndOptions) {
  Tins::ICMPv6 na(Tins::ICMPv6::NEIGHBOUR_ADVERT);
  na.target_addr("2001:db8::53");
  na.solicited(1);
  na.override(1);
  na.target_link_layer_addr("02:00:00:00:00:fe");
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IPv6("2001:db8::10", "2001:db8::53") / na;
  auto records = encode_packet<icmpv6neighboradvertisement>(packet);
  ASSERT_EQ(records.size(), 1u);
  const ICMPv6NeighborAdvertisement& r = records[0];
  EXPECT_EQ(r.flags(), 0x60);  // solicited and override (RFC 4861, 4.4)
  EXPECT_FALSE(r.router());
  EXPECT_TRUE(r.solicited());
  EXPECT_TRUE(r.override());
  EXPECT_EQ(r.target_address(), netcap::testing::ipv6_bytes("2001:db8::53"));
  ASSERT_EQ(r.options_size(), 1);
  EXPECT_EQ(r.options(0).type(), 2);  // target link-layer address
  EXPECT_EQ(r.options(0).data(), netcap::testing::mac_bytes("02:00:00:00:00:fe"));
}

TEST(Icmpv6NeighborAdvertisementEncoder, SetsTheRouterFlag) {
  Tins::ICMPv6 na(Tins::ICMPv6::NEIGHBOUR_ADVERT);
  na.router(1);
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::1", "fe80::1") / na;
  auto records = encode_packet<icmpv6neighboradvertisement>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].flags(), 0x80);
  EXPECT_TRUE(records[0].router());
}

}  // namespace
}  // namespace netcap::encoders
