#include "netcap/encoders/networkflow.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_capture;
using netcap::testing::timed_packet;

constexpr std::int64_t t0 = netcap::testing::test_timestamp_ns;
constexpr std::int64_t s = 1'000'000'000;

TEST(NetworkFlowEncoder, OneRecordPerAddressPairAcrossPorts) {
  Tins::EthernetII a = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(53, 1);
  Tins::EthernetII b = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::TCP(2, 80);
  Tins::EthernetII c = Tins::EthernetII() / Tins::IP("10.0.0.3", "10.0.0.1") / Tins::UDP(53, 1);
  const auto out = encode_capture<networkflow>(
      {{a.serialize(), t0}, {b.serialize(), t0 + s}, {c.serialize(), t0 + 2 * s}});
  ASSERT_EQ(out.records.size(), 2u);
  const NetworkFlow& r = out.records[0].dst_ip() == netcap::testing::ipv4_bytes("10.0.0.2")
                             ? out.records[0]
                             : out.records[1];
  EXPECT_EQ(r.proto(), "IPv4");
  EXPECT_EQ(r.src_ip(), netcap::testing::ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(r.num_packets(), 2);
  EXPECT_EQ(r.src_packets(), 1);
  EXPECT_EQ(r.dst_packets(), 1);
  EXPECT_EQ(r.src_bytes(), static_cast<std::int64_t>(a.serialize().size()));
  EXPECT_EQ(r.dst_bytes(), static_cast<std::int64_t>(b.serialize().size()));
}

TEST(NetworkFlowEncoder, Ipv6AndTimeouts) {
  Tins::EthernetII p = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                       Tins::UDP(53, 1);
  encode_options options;
  options.flow_timeout_ns = 5 * s;
  const auto out = encode_capture<networkflow>(
      {{p.serialize(), t0}, {p.serialize(), t0 + 4 * s}, {p.serialize(), t0 + 10 * s}},
      options);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].proto(), "IPv6");
  EXPECT_EQ(out.records[0].src_ip(), netcap::testing::ipv6_bytes("2001:db8::1"));
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[1].num_packets(), 1);
}

}  // namespace
}  // namespace netcap::encoders
