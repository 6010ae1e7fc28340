#include "netcap/encoders/icmpv6routeradvertisement.hpp"

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

TEST(Icmpv6RouterAdvertisementEncoder, FillsEveryField) {
  Tins::ICMPv6 ra(Tins::ICMPv6::ROUTER_ADVERT);
  ra.hop_limit(64);
  ra.managed(1);
  ra.router_pref(3);
  ra.router_lifetime(1800);
  ra.reachable_time(30000);
  ra.retransmit_timer(1000);
  ra.source_link_layer_addr("02:00:00:00:00:fe");
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::1", "fe80::1") / ra;
  auto records = encode_packet<icmpv6routeradvertisement>(packet);
  ASSERT_EQ(records.size(), 1u);
  const ICMPv6RouterAdvertisement& r = records[0];
  EXPECT_EQ(r.hop_limit(), 64);
  EXPECT_TRUE(r.managed());
  EXPECT_FALSE(r.other());
  EXPECT_FALSE(r.home_agent());
  EXPECT_EQ(r.router_preference(), 3);
  EXPECT_EQ(r.flags(), 0x80 | 3 << 3);
  EXPECT_EQ(r.router_lifetime(), 1800);
  EXPECT_EQ(r.reachable_time(), 30000u);
  EXPECT_EQ(r.retrans_timer(), 1000u);
  ASSERT_EQ(r.options_size(), 1);
  EXPECT_EQ(r.options(0).type(), 1);
}

TEST(Icmpv6RouterAdvertisementEncoder, IgnoresOtherMessages) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::1", "fe80::1") /
                            Tins::ICMPv6(Tins::ICMPv6::ROUTER_SOLICIT);
  EXPECT_TRUE(encode_packet<icmpv6routeradvertisement>(packet).empty());
}

}  // namespace
}  // namespace netcap::encoders
