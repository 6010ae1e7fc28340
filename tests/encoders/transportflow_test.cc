#include "netcap/encoders/transportflow.hpp"

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

// The Go netcap keyed TransportFlow on the ports alone; so does netcap.
TEST(TransportFlowEncoder, OneRecordPerPortPairWhateverTheAddresses) {
  Tins::EthernetII a = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(53, 999);
  Tins::EthernetII b = Tins::EthernetII() / Tins::IP("10.0.0.9", "10.0.0.8") / Tins::UDP(999, 53);
  Tins::EthernetII c = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(53, 999);
  const auto out = encode_capture<transportflow>(
      {{a.serialize(), t0}, {b.serialize(), t0 + s}, {c.serialize(), t0 + 2 * s}});
  ASSERT_EQ(out.records.size(), 2u);
  const TransportFlow& udp = out.records[0].proto() == "UDP" ? out.records[0] : out.records[1];
  EXPECT_EQ(udp.src_port(), 999);
  EXPECT_EQ(udp.dst_port(), 53);
  EXPECT_EQ(udp.num_packets(), 2);
  EXPECT_EQ(udp.src_packets(), 1);
  EXPECT_EQ(udp.dst_packets(), 1);
  EXPECT_EQ(udp.duration(), s);
}

TEST(TransportFlowEncoder, IgnoresPacketsWithoutPorts) {
  Tins::EthernetII p = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                       Tins::ICMP(Tins::ICMP::ECHO_REQUEST);
  EXPECT_TRUE(encode_capture<transportflow>({{p.serialize(), t0}}).records.empty());
}

TEST(TransportFlowEncoder, TimeoutSplits) {
  Tins::EthernetII p = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(53, 999);
  const auto out =
      encode_capture<transportflow>({{p.serialize(), t0}, {p.serialize(), t0 + 31 * s}});
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.before_end, 1u);
}

}  // namespace
}  // namespace netcap::encoders
