#include "netcap/encoders/connection.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/core/dissect.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_capture;
using netcap::testing::timed_packet;
using Tins::TCP;

constexpr std::int64_t t0 = netcap::testing::test_timestamp_ns;
constexpr std::int64_t ms = 1'000'000;
constexpr std::int64_t s = 1'000'000'000;

const char* client = "128.232.110.120";
const char* server = "66.35.250.204";

// The crafted hosts' link addresses: the client's, and every other's.
Tins::EthernetII link(const char* src) {
  const bool up = std::string(src) == client;
  return up ? Tins::EthernetII("02:00:00:00:00:02", "02:00:00:00:00:01")
            : Tins::EthernetII("02:00:00:00:00:01", "02:00:00:00:00:02");
}

std::vector<std::uint8_t> tcp_packet(const char* src, const char* dst, std::uint16_t sport,
                                     std::uint16_t dport, std::uint16_t flags,
                                     const std::string& payload = "") {
  Tins::TCP tcp(dport, sport);
  tcp.flags(flags);
  Tins::EthernetII p = link(src) / Tins::IP(dst, src) / tcp;
  if (!payload.empty()) p /= Tins::RawPDU(payload);
  return p.serialize();
}

std::vector<std::uint8_t> udp_packet(const char* src, const char* dst, std::uint16_t sport,
                                     std::uint16_t dport, const std::string& payload = "x") {
  Tins::EthernetII p =
      link(src) / Tins::IP(dst, src) / Tins::UDP(dport, sport) / Tins::RawPDU(payload);
  return p.serialize();
}

// The handshake, 100 bytes up, 300 down, FIN both ways and the last ACK.
std::vector<timed_packet> whole_connection(std::int64_t start) {
  return {
      {tcp_packet(client, server, 34855, 80, TCP::SYN), start},
      {tcp_packet(server, client, 80, 34855, TCP::SYN | TCP::ACK), start + 10 * ms},
      {tcp_packet(client, server, 34855, 80, TCP::ACK), start + 11 * ms},
      {tcp_packet(client, server, 34855, 80, TCP::ACK | TCP::PSH, std::string(100, 'a')),
       start + 12 * ms},
      {tcp_packet(server, client, 80, 34855, TCP::ACK | TCP::PSH, std::string(300, 'b')),
       start + 30 * ms},
      {tcp_packet(client, server, 34855, 80, TCP::FIN | TCP::ACK), start + 40 * ms},
      {tcp_packet(server, client, 80, 34855, TCP::FIN | TCP::ACK), start + 50 * ms},
      {tcp_packet(client, server, 34855, 80, TCP::ACK), start + 51 * ms},
  };
}

std::int64_t bytes_of(const std::vector<timed_packet>& packets, std::size_t first,
                      std::size_t last) {
  std::int64_t sum = 0;
  for (std::size_t i = first; i <= last; ++i) sum += packets[i].bytes.size();
  return sum;
}

TEST(ConnectionEncoder, CountsEveryPacketInEachDirection) {
  const std::vector<timed_packet> packets = whole_connection(t0);
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 1u);
  const Connection& c = out.records[0];
  EXPECT_EQ(c.num_packets(), 8);
  EXPECT_EQ(c.src_packets(), 5);
  EXPECT_EQ(c.dst_packets(), 3);
  std::int64_t up = 0, down = 0;
  for (std::size_t i : {0, 2, 3, 5, 7}) up += packets[i].bytes.size();
  for (std::size_t i : {1, 4, 6}) down += packets[i].bytes.size();
  EXPECT_EQ(c.src_bytes(), up);
  EXPECT_EQ(c.dst_bytes(), down);
  EXPECT_EQ(c.total_size(), bytes_of(packets, 0, 7));
  EXPECT_EQ(c.src_app_payload_size(), 100);
  EXPECT_EQ(c.dst_app_payload_size(), 300);
  EXPECT_EQ(c.app_payload_size(), 400);
  EXPECT_EQ(c.application_proto(), "Payload");
  EXPECT_EQ(c.timestamp(), t0);
  EXPECT_EQ(c.timestamp_last(), t0 + 51 * ms);
  EXPECT_EQ(c.duration(), 51 * ms);
  EXPECT_EQ(c.src_ip(), netcap::testing::ipv4_bytes(client));
  EXPECT_EQ(c.dst_ip(), netcap::testing::ipv4_bytes(server));
  EXPECT_EQ(c.src_port(), 34855);
  EXPECT_EQ(c.dst_port(), 80);
  EXPECT_EQ(c.src_mac(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(c.dst_mac(), netcap::testing::mac_bytes("02:00:00:00:00:02"));
  EXPECT_EQ(c.link_proto(), "Ethernet");
  EXPECT_EQ(c.network_proto(), "IPv4");
  EXPECT_EQ(c.transport_proto(), "TCP");
  EXPECT_EQ(c.src_tcp_flags(), TCP::SYN | TCP::ACK | TCP::PSH | TCP::FIN);
  EXPECT_TRUE(c.closed());
  EXPECT_EQ(c.uid().size(), 16u);
  // Published test vector of the Community ID spec (and Elasticsearch's).
  EXPECT_EQ(c.community_id(), "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
}

TEST(ConnectionEncoder, CountsASinglePacket) {
  const std::vector<timed_packet> packets = {{udp_packet(client, server, 1, 2, "abc"), t0}};
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].num_packets(), 1);
  EXPECT_EQ(out.records[0].total_size(), static_cast<std::int64_t>(packets[0].bytes.size()));
  EXPECT_EQ(out.records[0].app_payload_size(), 3);
  EXPECT_EQ(out.records[0].duration(), 0);
  EXPECT_EQ(out.before_end, 0u) << "held until the end of input";
}

TEST(ConnectionEncoder, FirstSynAckMakesItsReceiverTheOriginator) {
  const std::vector<timed_packet> packets = {
      {tcp_packet(server, client, 80, 34855, TCP::SYN | TCP::ACK), t0},
      {tcp_packet(client, server, 34855, 80, TCP::ACK), t0 + ms},
  };
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].src_ip(), netcap::testing::ipv4_bytes(client));
  EXPECT_EQ(out.records[0].src_port(), 34855);
  EXPECT_EQ(out.records[0].src_packets(), 1);
  EXPECT_EQ(out.records[0].dst_packets(), 1);
  EXPECT_EQ(out.records[0].src_mac(), netcap::testing::mac_bytes("02:00:00:00:00:01"));
}

TEST(ConnectionEncoder, IdleTimeoutSplitsAConnection) {
  std::vector<timed_packet> packets = {
      {udp_packet(client, server, 5000, 53), t0},
      {udp_packet(server, client, 53, 5000), t0 + s},
      {udp_packet(client, server, 5000, 53), t0 + 62 * s},
  };
  auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.before_end, 1u) << "the first ends when the late packet comes";
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[0].timestamp_last(), t0 + s);
  EXPECT_EQ(out.records[1].num_packets(), 1);
  EXPECT_EQ(out.records[1].timestamp(), t0 + 62 * s);

  // -conn-timeout reaches the encoder through the frame's options.
  encode_options options;
  options.conn_timeout_ns = 100 * s;
  out = encode_capture<connection>(packets, options);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].num_packets(), 3);
  options.conn_timeout_ns = s / 2;
  out = encode_capture<connection>(packets, options);
  EXPECT_EQ(out.records.size(), 3u);
}

// Another connection's packets move packet time on: an idle connection ends
// then, not only when a packet of its own comes.
TEST(ConnectionEncoder, PacketTimeOfOtherConnectionsEndsIdleOnes) {
  const std::vector<timed_packet> packets = {
      {udp_packet(client, server, 5000, 53), t0},
      {udp_packet(client, server, 5001, 53), t0 + 30 * s},
      {udp_packet(client, server, 5002, 53), t0 + 61 * s},
  };
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 3u);
  ASSERT_EQ(out.before_end, 1u);
  EXPECT_EQ(out.after_packets[0], 3u);
  EXPECT_EQ(out.records[0].src_port(), 5000);
}

TEST(ConnectionEncoder, FinBothWaysClosesTheConnection) {
  std::vector<timed_packet> packets = whole_connection(t0);
  // Another connection's packet 6 s later: the closed one has ended by then
  // (its stray packets may come for 5 s), long before -conn-timeout.
  packets.push_back({udp_packet(client, server, 5000, 53), t0 + 6 * s});
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  ASSERT_EQ(out.before_end, 1u);
  EXPECT_EQ(out.records[0].transport_proto(), "TCP");
  EXPECT_EQ(out.records[0].num_packets(), 8) << "the last ACK belongs to it";
  EXPECT_TRUE(out.records[0].closed());
}

TEST(ConnectionEncoder, FinOneWayKeepsTheConnectionOpen) {
  std::vector<timed_packet> packets = whole_connection(t0);
  packets.erase(packets.begin() + 6);  // the server's FIN
  packets.push_back({udp_packet(client, server, 5000, 53), t0 + 6 * s});
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.before_end, 0u);
  EXPECT_FALSE(out.records[0].closed());
}

TEST(ConnectionEncoder, ResetFromEitherSideClosesTheConnection) {
  for (bool from_server : {false, true}) {
    std::vector<timed_packet> packets = {
        {tcp_packet(client, server, 34855, 80, TCP::SYN), t0},
        from_server ? timed_packet{tcp_packet(server, client, 80, 34855, TCP::RST | TCP::ACK),
                                   t0 + ms}
                    : timed_packet{tcp_packet(client, server, 34855, 80, TCP::RST), t0 + ms},
        {udp_packet(client, server, 5000, 53), t0 + 6 * s},
    };
    const auto out = encode_capture<connection>(packets);
    ASSERT_EQ(out.records.size(), 2u) << from_server;
    EXPECT_EQ(out.before_end, 1u) << from_server;
    EXPECT_TRUE(out.records[0].closed());
    EXPECT_EQ(out.records[0].num_packets(), 2);
    EXPECT_EQ(out.records[0].dst_packets(), from_server ? 1 : 0);
  }
}

TEST(ConnectionEncoder, SynOnTheSamePortsAfterACloseStartsANewConnection) {
  std::vector<timed_packet> packets = whole_connection(t0);
  const std::vector<timed_packet> again = whole_connection(t0 + s);
  packets.insert(packets.end(), again.begin(), again.end());
  const auto out = encode_capture<connection>(packets);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].num_packets(), 8);
  EXPECT_EQ(out.records[1].num_packets(), 8);
  EXPECT_EQ(out.records[1].timestamp(), t0 + s);
  EXPECT_NE(out.records[0].uid(), out.records[1].uid());
  EXPECT_EQ(out.records[0].community_id(), out.records[1].community_id());
}

TEST(ConnectionEncoder, MaxFlowsEmitsTheOldestEntries) {
  // Three connections fill the table; the first sees a packet again, so the
  // second is the one idle the longest when a fourth comes, then the third.
  const std::vector<timed_packet> packets = {
      {udp_packet(client, server, 1000, 53), t0},
      {udp_packet(client, server, 1001, 53), t0 + ms},
      {udp_packet(client, server, 1002, 53), t0 + 2 * ms},
      {udp_packet(server, client, 53, 1000), t0 + 3 * ms},
      {udp_packet(client, server, 1003, 53), t0 + 4 * ms},
      {udp_packet(client, server, 1004, 53), t0 + 5 * ms},
  };
  encode_options options;
  options.max_flows = 3;
  const auto out = encode_capture<connection>(packets, options);
  ASSERT_EQ(out.records.size(), 5u) << "nothing is dropped";
  ASSERT_EQ(out.before_end, 2u);
  EXPECT_EQ(out.records[0].src_port(), 1001);
  EXPECT_EQ(out.after_packets[0], 5u);
  EXPECT_EQ(out.records[1].src_port(), 1002);
  EXPECT_EQ(out.after_packets[1], 6u);
  std::int64_t total = 0;
  for (const Connection& c : out.records) total += c.num_packets();
  EXPECT_EQ(total, 6);
}

TEST(ConnectionEncoder, Ipv6) {
  const char* a = "2001:470:e5bf:dead:4957:2174:e82c:4887";
  const char* b = "2607:f8b0:400c:c03::1a";
  Tins::EthernetII p = Tins::EthernetII() / Tins::IPv6(b, a) / Tins::TCP(25, 63943);
  Tins::EthernetII q = Tins::EthernetII() / Tins::IPv6(a, b) / Tins::TCP(63943, 25);
  const auto out = encode_capture<connection>({{p.serialize(), t0}, {q.serialize(), t0 + ms}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].network_proto(), "IPv6");
  EXPECT_EQ(out.records[0].src_ip(), netcap::testing::ipv6_bytes(a));
  EXPECT_EQ(out.records[0].src_packets(), 1);
  EXPECT_EQ(out.records[0].dst_packets(), 1);
  EXPECT_EQ(out.records[0].community_id(), "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
}

TEST(ConnectionEncoder, IcmpEchoAndReplyAreOneConnection) {
  Tins::EthernetII request = Tins::EthernetII() / Tins::IP("192.168.0.1", "192.168.0.89") /
                             Tins::ICMP(Tins::ICMP::ECHO_REQUEST);
  Tins::EthernetII reply = Tins::EthernetII() / Tins::IP("192.168.0.89", "192.168.0.1") /
                           Tins::ICMP(Tins::ICMP::ECHO_REPLY);
  const auto out =
      encode_capture<connection>({{request.serialize(), t0}, {reply.serialize(), t0 + ms}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].transport_proto(), "ICMPv4");
  EXPECT_EQ(out.records[0].num_packets(), 2);
  EXPECT_EQ(out.records[0].src_port(), 8) << "the first packet's type";
  EXPECT_EQ(out.records[0].dst_port(), 0) << "and code";
  EXPECT_EQ(out.records[0].community_id(), "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=");
}

TEST(ConnectionEncoder, Icmpv6RouterAdvertisement) {
  Tins::EthernetII p = Tins::EthernetII() / Tins::IPv6("ff02::1", "fe80::260:97ff:fe07:69ea") /
                       Tins::ICMPv6(Tins::ICMPv6::ROUTER_ADVERT);
  const auto out = encode_capture<connection>({{p.serialize(), t0}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].transport_proto(), "ICMPv6");
  EXPECT_EQ(out.records[0].community_id(), "1:pkvHqCL88/tg1k4cPigmZXUtL00=");
}

TEST(ConnectionEncoder, UdpAndSctpCommunityIds) {
  auto out = encode_capture<connection>({{udp_packet("192.168.1.52", "8.8.8.8", 54585, 53), t0}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].application_proto(), "DNS");
  EXPECT_EQ(out.records[0].community_id(), "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");

  // SCTP (RFC 4960): source port 7, destination port 7, tag and checksum.
  Tins::IP ip("192.168.170.56", "192.168.170.8");
  ip.protocol(132);
  const std::uint8_t sctp[12] = {0, 7, 0, 7, 0, 0, 0, 1, 0, 0, 0, 0};
  Tins::EthernetII p = Tins::EthernetII() / ip / Tins::RawPDU(sctp, sizeof sctp);
  out = encode_capture<connection>({{p.serialize(), t0}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].transport_proto(), "SCTP");
  EXPECT_EQ(out.records[0].community_id(), "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=");
}

TEST(ConnectionEncoder, LeavesOutPacketsWithoutIp) {
  Tins::EthernetII arp = Tins::ARP::make_arp_request("10.0.0.1", "10.0.0.2");
  const auto out = encode_capture<connection>({{arp.serialize(), t0}});
  EXPECT_TRUE(out.records.empty());
}

TEST(ConnectionEncoder, FragmentsAreAConnectionWithoutPorts) {
  Tins::IP ip(server, client);
  ip.flags(Tins::IP::MORE_FRAGMENTS);
  Tins::EthernetII p = Tins::EthernetII() / ip / Tins::UDP(53, 5000) / Tins::RawPDU("frag");
  const auto out = encode_capture<connection>({{p.serialize(), t0}});
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].src_port(), 0);
  EXPECT_EQ(out.records[0].transport_proto(), "UDP");
  EXPECT_EQ(out.records[0].app_payload_size(), 0);
}

struct totals_sink {
  std::int64_t records = 0;
  std::int64_t packets = 0;
  void emit(const Connection& c) {
    ++records;
    packets += c.num_packets();
  }
};

struct table_peak {
  std::size_t entries = 0;
  std::size_t bytes = 0;
  totals_sink totals;
};

// Feeds `connections` concurrent UDP connections, two packets each, round
// robin, and keeps the table's peak size.
table_peak run_many(std::uint32_t connections, std::uint32_t max_flows) {
  std::vector<std::uint8_t> bytes = udp_packet(client, server, 1, 53);
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  frame f;
  f.link_type = DLT_EN10MB;
  f.data = bytes.data();
  f.captured_length = f.original_length = static_cast<std::uint32_t>(bytes.size());
  f.options.max_flows = max_flows;
  connection encoder;
  table_peak peak;
  for (int round = 0; round < 2; ++round) {
    for (std::uint32_t c = 0; c < connections; ++c) {
      bytes[29] = static_cast<std::uint8_t>(c >> 16);  // the source address's last byte
      bytes[34] = static_cast<std::uint8_t>(c >> 8);   // the source port
      bytes[35] = static_cast<std::uint8_t>(c);
      f.timestamp_ns = t0 + (round * connections + c) * 1000;
      encoder.encode(*d.root, f, peak.totals);
      peak.entries = std::max(peak.entries, encoder.connections().table().size());
      peak.bytes = std::max(peak.bytes, encoder.connections().table().memory_bytes());
    }
  }
  encoder.flush(peak.totals);
  return peak;
}

TEST(ConnectionEncoder, MemoryStaysBoundedByMaxFlows) {
  const table_peak few = run_many(5'000, 1'000);
  const table_peak many = run_many(50'000, 1'000);
  const table_peak unbounded = run_many(50'000, 100'000);
  EXPECT_EQ(few.entries, 1'000u);
  EXPECT_EQ(many.entries, 1'000u);
  EXPECT_EQ(unbounded.entries, 50'000u);
  // Ten times the connections, the same memory: the bound holds it.
  EXPECT_EQ(many.bytes, few.bytes);
  EXPECT_LT(many.bytes, 1'000u * 1024);
  EXPECT_GT(unbounded.bytes, 20 * many.bytes);
  // Every packet is counted: each connection's entry was pushed out before
  // its second packet, so it makes two records.
  EXPECT_EQ(many.totals.packets, 100'000);
  EXPECT_EQ(many.totals.records, 100'000);
  EXPECT_EQ(unbounded.totals.records, 50'000);
  std::printf("peak table bytes: %zu with -max-flows 1000, %zu with 100000 (50000 connections)\n",
              many.bytes, unbounded.bytes);
}

}  // namespace
}  // namespace netcap::encoders
