#include "netcap/encoders/flow.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_capture;
using netcap::testing::timed_packet;
using Tins::TCP;

constexpr std::int64_t t0 = netcap::testing::test_timestamp_ns;
constexpr std::int64_t ms = 1'000'000;
constexpr std::int64_t s = 1'000'000'000;

std::vector<std::uint8_t> tcp_packet(const char* src, const char* dst, std::uint16_t sport,
                                     std::uint16_t dport, std::uint16_t flags,
                                     std::size_t payload = 0) {
  Tins::TCP tcp(dport, sport);
  tcp.flags(flags);
  Tins::EthernetII p = Tins::EthernetII() / Tins::IP(dst, src) / tcp;
  if (payload > 0) p /= Tins::RawPDU(std::string(payload, 'p'));
  return p.serialize();
}

TEST(FlowEncoder, KeepsEachDirectionApart) {
  const std::vector<timed_packet> packets = {
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::SYN), t0},
      {tcp_packet("10.0.0.2", "10.0.0.1", 80, 4000, TCP::SYN | TCP::ACK), t0 + ms},
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::ACK, 10), t0 + 2 * ms},
      {tcp_packet("10.0.0.2", "10.0.0.1", 80, 4000, TCP::ACK, 20), t0 + 3 * ms},
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::ACK, 30), t0 + 4 * ms},
  };
  const auto out = encode_capture<flow>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  for (const Flow& f : out.records) {
    const bool up = f.src_port() == 4000;
    EXPECT_EQ(f.num_packets(), up ? 3 : 2);
    EXPECT_EQ(f.app_payload_size(), up ? 40 : 20);
    EXPECT_EQ(f.total_size(), up ? static_cast<std::int64_t>(packets[0].bytes.size() +
                                                             packets[2].bytes.size() +
                                                             packets[4].bytes.size())
                                 : static_cast<std::int64_t>(packets[1].bytes.size() +
                                                             packets[3].bytes.size()));
    EXPECT_EQ(f.timestamp(), up ? t0 : t0 + ms);
    EXPECT_EQ(f.timestamp_last(), up ? t0 + 4 * ms : t0 + 3 * ms);
    EXPECT_EQ(f.src_ip(), netcap::testing::ipv4_bytes(up ? "10.0.0.1" : "10.0.0.2"));
    // Both directions share the connection's Community ID.
    EXPECT_EQ(f.community_id(), out.records[0].community_id());
  }
}

TEST(FlowEncoder, FinOfItsSenderClosesAFlow) {
  const std::vector<timed_packet> packets = {
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::ACK, 10), t0},
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::FIN | TCP::ACK), t0 + ms},
      {tcp_packet("10.0.0.2", "10.0.0.1", 80, 4000, TCP::ACK), t0 + 2 * ms},
      {tcp_packet("10.0.0.9", "10.0.0.2", 4001, 80, TCP::SYN), t0 + 6 * s},
  };
  const auto out = encode_capture<flow>(packets);
  ASSERT_EQ(out.records.size(), 3u);
  ASSERT_EQ(out.before_end, 1u) << "the closed flow ends; the other direction does not";
  EXPECT_EQ(out.records[0].src_port(), 4000);
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[0].tcp_flags(), TCP::FIN | TCP::ACK);
}

TEST(FlowEncoder, FlowTimeoutSplitsAFlow) {
  std::vector<timed_packet> packets = {
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::ACK), t0},
      {tcp_packet("10.0.0.1", "10.0.0.2", 4000, 80, TCP::ACK), t0 + 31 * s},
  };
  auto out = encode_capture<flow>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.before_end, 1u);
  encode_options options;
  options.flow_timeout_ns = 40 * s;
  out = encode_capture<flow>(packets, options);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[0].duration(), 31 * s);
}

TEST(FlowEncoder, Ipv6AndIcmpv6) {
  Tins::EthernetII p = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                       Tins::ICMPv6(Tins::ICMPv6::ECHO_REQUEST);
  const auto out = encode_capture<flow>({{p.serialize(), t0}, {p.serialize(), t0 + s}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].network_proto(), "IPv6");
  EXPECT_EQ(out.records[0].transport_proto(), "ICMPv6");
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[0].src_port(), 128);
}

TEST(FlowEncoder, MaxFlowsEmitsTheOldest) {
  std::vector<timed_packet> packets;
  for (std::uint16_t port = 1; port <= 10; ++port) {
    packets.push_back({tcp_packet("10.0.0.1", "10.0.0.2", port, 80, TCP::ACK), t0 + port * ms});
  }
  encode_options options;
  options.max_flows = 4;
  const auto out = encode_capture<flow>(packets, options);
  ASSERT_EQ(out.records.size(), 10u);
  ASSERT_EQ(out.before_end, 6u);
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(out.records[i].src_port(), i + 1);
}

}  // namespace
}  // namespace netcap::encoders
