#include "netcap/encoders/dhcpv6.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::ipv6_bytes;

struct outcome {
  std::vector<DHCPv6> records;
  std::string error;
};

outcome run(Tins::PDU& packet) {
  const std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  f.timestamp_ns = netcap::testing::test_timestamp_ns;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.original_length = f.captured_length;
  f.link_type = DLT_EN10MB;
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  pipeline<dhcpv6> p;
  netcap::testing::memory_sink sink;
  outcome out;
  out.error = std::string(p.process(d.root.get(), f, sink).error);
  out.records = sink.of<DHCPv6>(0);
  return out;
}

outcome run_udp(const std::string& payload, std::uint16_t dport = 547,
                std::uint16_t sport = 546) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::1:2", "fe80::1") /
                            Tins::UDP(dport, sport) / Tins::RawPDU(payload);
  return run(packet);
}

TEST(Dhcpv6Encoder, FillsClientMessage) {
  // A SOLICIT as libtins writes it, with a client id and an elapsed time.
  Tins::DHCPv6 dhcp;
  dhcp.msg_type(Tins::DHCPv6::SOLICIT);
  dhcp.transaction_id(0x123456);
  dhcp.client_id(Tins::DHCPv6::duid_type(Tins::DHCPv6::duid_ll(
      1, std::vector<std::uint8_t>{2, 0, 0, 0, 0, 1})));
  dhcp.elapsed_time(7);
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("ff02::1:2", "fe80::1") /
                            Tins::UDP(547, 546) / dhcp;
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DHCPv6& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.msg_type(), 1);
  EXPECT_EQ(r.transaction_id(), std::string("\x12\x34\x56", 3));
  EXPECT_EQ(r.hop_count(), 0);
  EXPECT_EQ(r.link_addr(), "");
  EXPECT_EQ(r.peer_addr(), "");
  ASSERT_EQ(r.options_size(), 2);
  EXPECT_EQ(r.options(0).code(), 1);  // client identifier
  // DUID-LL: type 3, hardware type 1, the address.
  EXPECT_EQ(r.options(0).length(), 10);
  EXPECT_EQ(r.options(0).data(), std::string("\x00\x03\x00\x01\x02\x00\x00\x00\x00\x01", 10));
  EXPECT_EQ(r.options(1).code(), 8);  // elapsed time
  EXPECT_EQ(r.options(1).data(), std::string("\x00\x07", 2));
}

TEST(Dhcpv6Encoder, FillsRelayMessage) {
  std::string relay("\x0c\x02", 2);  // RELAY-FORW, hop count 2
  relay += ipv6_bytes("2001:db8::1") + ipv6_bytes("fe80::2");
  // A Relay Message option holding a 4-byte SOLICIT header.
  relay += std::string("\x00\x09\x00\x04\x01\xaa\xbb\xcc", 8);
  const outcome out = run_udp(relay, 547, 547);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DHCPv6& r = out.records[0];
  EXPECT_EQ(r.msg_type(), 12);
  EXPECT_EQ(r.hop_count(), 2);
  EXPECT_EQ(r.link_addr(), ipv6_bytes("2001:db8::1"));
  EXPECT_EQ(r.peer_addr(), ipv6_bytes("fe80::2"));
  EXPECT_EQ(r.transaction_id(), "");
  ASSERT_EQ(r.options_size(), 1);
  EXPECT_EQ(r.options(0).code(), 9);
  EXPECT_EQ(r.options(0).data(), std::string("\x01\xaa\xbb\xcc", 4));
}

TEST(Dhcpv6Encoder, ClaimsBothPortsAndNoOther) {
  const std::string message("\x07\x00\x00\x01", 4);  // REPLY without options
  EXPECT_EQ(run_udp(message, 546, 547).records.size(), 1u);
  EXPECT_EQ(run_udp(message, 547, 40000).records.size(), 1u);
  EXPECT_EQ(run_udp(message, 40001, 40000).records.size(), 0u);
}

// SNMP sent to the client port (tcpdump's ip6-snmp-oid-unsigned.pcap): a BER
// SEQUENCE (0x30) is no DHCPv6 message type, so the payload is not claimed,
// recorded or logged. Types 0 and 38 (unassigned) are refused too; 37 is
// the last IANA assigned.
TEST(Dhcpv6Encoder, ClaimsOnlyAssignedMessageTypes) {
  for (const char type : {'\x30', '\x00', '\x26'}) {
    const outcome out = run_udp(std::string(1, type) + std::string("\x02\x01\x00", 3), 546, 161);
    EXPECT_TRUE(out.records.empty()) << int(type);
    EXPECT_EQ(out.error, "") << int(type);
  }
  const outcome last = run_udp(std::string("\x25\x00\x00\x01", 4));
  EXPECT_EQ(last.records.size(), 1u);
  EXPECT_EQ(last.records[0].msg_type(), 37);
}

TEST(Dhcpv6Encoder, TruncatedHeadersGiveErrorsAndNoRecord) {
  for (const std::string& header :
       {std::string("\x01\x00\x00", 3), std::string("\x0c", 1),
        std::string("\x0d", 1) + std::string(32, '\0')}) {
    const outcome out = run_udp(header);
    EXPECT_EQ(out.error, "DHCPv6: truncated header") << header.size();
    EXPECT_TRUE(out.records.empty());
  }
}

TEST(Dhcpv6Encoder, KeepsTheWholeOptionsBeforeOneThatRunsPastTheEnd) {
  // A Rebind (6) whose first option, an Elapsed Time (8) of 2 bytes, is
  // whole, and whose second is cut short in one of the ways it can be: part
  // of its code, part of its length, or data shorter than its length (as
  // in tcpdump-tests_ip6-snmp-oid-unsigned.pcap, whose third option claims
  // 0x47c1 bytes of 81). The message is recorded with the whole option;
  // the rest is logged.
  const std::string start("\x06\x60\x33\x01\x00\x08\x00\x02\x00\x07", 10);
  for (const std::string& cut :
       {std::string("\x00", 1), std::string("\x00\x08\x00", 3),
        std::string("\x00\x03\x47\xc1\x00\x01\x02", 7)}) {
    const outcome out = run_udp(start + cut);
    EXPECT_EQ(out.error, "DHCPv6: truncated options") << cut.size();
    ASSERT_EQ(out.records.size(), 1u) << cut.size();
    const DHCPv6& r = out.records[0];
    EXPECT_EQ(r.msg_type(), 6);
    EXPECT_EQ(r.transaction_id(), std::string("\x60\x33\x01", 3));
    EXPECT_TRUE(r.truncated());
    ASSERT_EQ(r.options_size(), 1);
    EXPECT_EQ(r.options(0).code(), 8);
    EXPECT_EQ(r.options(0).data(), std::string("\x00\x07", 2));
  }
  // Cut before any whole option: the fixed part alone.
  const outcome out = run_udp(std::string("\x01\x00\x00\x01\x00\x08\x00\x02\x00", 9));
  EXPECT_EQ(out.error, "DHCPv6: truncated options");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_TRUE(out.records[0].truncated());
  EXPECT_EQ(out.records[0].options_size(), 0);
  // A whole message is not truncated.
  const outcome whole = run_udp(start);
  EXPECT_EQ(whole.error, "");
  ASSERT_EQ(whole.records.size(), 1u);
  EXPECT_FALSE(whole.records[0].truncated());
}

}  // namespace
}  // namespace netcap::encoders
