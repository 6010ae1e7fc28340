#include "netcap/encoders/dhcpv4.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::ipv4_bytes;
using netcap::testing::mac_bytes;

// What `pipeline<dhcpv4>` made of one packet.
struct outcome {
  std::vector<DHCPv4> records;
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
  pipeline<dhcpv4> p;
  netcap::testing::memory_sink sink;
  outcome out;
  out.error = std::string(p.process(d.root.get(), f, sink).error);
  out.records = sink.of<DHCPv4>(0);
  return out;
}

outcome run_udp(const std::string& payload, std::uint16_t dport = 67,
                std::uint16_t sport = 68) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("255.255.255.255", "0.0.0.0") /
                            Tins::UDP(dport, sport) / Tins::RawPDU(payload);
  return run(packet);
}

std::string serialized(Tins::DHCP& dhcp) {
  const std::vector<std::uint8_t> bytes = dhcp.serialize();
  return std::string(bytes.begin(), bytes.end());
}

// A DHCPREQUEST as libtins writes it, an independent encoder of RFC 2131.
Tins::DHCP request() {
  Tins::DHCP dhcp;
  dhcp.opcode(Tins::BootP::BOOTREQUEST);
  dhcp.htype(1);
  dhcp.hlen(6);
  dhcp.hops(1);
  dhcp.xid(0xdeadbeef);
  dhcp.secs(3);
  dhcp.padding(0x8000);
  dhcp.ciaddr("10.0.0.5");
  dhcp.yiaddr("10.0.0.6");
  dhcp.siaddr("10.0.0.7");
  dhcp.giaddr("10.0.0.8");
  dhcp.chaddr(Tins::HWAddress<6>("02:00:00:00:00:01"));
  dhcp.type(Tins::DHCP::REQUEST);
  dhcp.requested_ip("10.0.0.6");
  dhcp.hostname("host-a");
  dhcp.end();
  return dhcp;
}

TEST(Dhcpv4Encoder, FillsHeaderAndOptions) {
  Tins::DHCP dhcp = request();
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("255.255.255.255", "0.0.0.0") /
                            Tins::UDP(67, 68) / dhcp;
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DHCPv4& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.operation(), 1);
  EXPECT_EQ(r.hardware_type(), 1);
  EXPECT_EQ(r.hardware_len(), 6);
  EXPECT_EQ(r.hardware_opts(), 1);
  EXPECT_EQ(r.xid(), 0xdeadbeefu);
  EXPECT_EQ(r.secs(), 3);
  EXPECT_EQ(r.flags(), 0x8000);
  EXPECT_EQ(r.client_ip(), ipv4_bytes("10.0.0.5"));
  EXPECT_EQ(r.your_client_ip(), ipv4_bytes("10.0.0.6"));
  EXPECT_EQ(r.next_server_ip(), ipv4_bytes("10.0.0.7"));
  EXPECT_EQ(r.relay_agent_ip(), ipv4_bytes("10.0.0.8"));
  EXPECT_EQ(r.client_hw_addr(), mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(r.server_name(), "");
  EXPECT_EQ(r.file(), "");
  EXPECT_TRUE(r.magic_cookie());
  EXPECT_EQ(r.message_type(), 3);
  ASSERT_EQ(r.options_size(), 3);  // End is left out
  EXPECT_EQ(r.options(0).type(), 53);
  EXPECT_EQ(r.options(0).length(), 1);
  EXPECT_EQ(r.options(0).data(), "\x03");
  EXPECT_EQ(r.options(1).type(), 50);
  EXPECT_EQ(r.options(1).data(), ipv4_bytes("10.0.0.6"));
  EXPECT_EQ(r.options(2).type(), 12);
  EXPECT_EQ(r.options(2).length(), 6);
  EXPECT_EQ(r.options(2).data(), "host-a");
}

TEST(Dhcpv4Encoder, ClaimsBothPortsAndNoOther) {
  Tins::DHCP dhcp = request();
  const std::string bytes = serialized(dhcp);
  EXPECT_EQ(run_udp(bytes, 68, 67).records.size(), 1u);
  EXPECT_EQ(run_udp(bytes, 67, 40000).records.size(), 1u);
  EXPECT_EQ(run_udp(bytes, 40001, 40000).records.size(), 0u);
}

TEST(Dhcpv4Encoder, SkipsPadAndStopsAtEnd) {
  Tins::DHCP dhcp;
  std::string bytes = serialized(dhcp);  // header and cookie, no options
  // Pad, Pad, option 53 = 1, End, then junk that must not be read as options.
  bytes += std::string("\x00\x00\x35\x01\x01\xff\x0c\x40", 8);
  const outcome out = run_udp(bytes);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  ASSERT_EQ(out.records[0].options_size(), 1);
  EXPECT_EQ(out.records[0].options(0).type(), 53);
  EXPECT_EQ(out.records[0].message_type(), 1);
}

TEST(Dhcpv4Encoder, AcceptsOptionsWithoutEnd) {
  Tins::DHCP dhcp;
  std::string bytes = serialized(dhcp) + std::string("\x35\x01\x05", 3);
  const outcome out = run_udp(bytes);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].message_type(), 5);
}

TEST(Dhcpv4Encoder, BootpWithoutCookieHasNoOptions) {
  std::string bytes(236 + 64, '\0');
  bytes[0] = 2;  // BOOTREPLY
  bytes[236] = 0x35;  // not the cookie: a vendor area
  const outcome out = run_udp(bytes, 68, 67);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].operation(), 2);
  EXPECT_FALSE(out.records[0].magic_cookie());
  EXPECT_EQ(out.records[0].options_size(), 0);
}

TEST(Dhcpv4Encoder, TruncatedMessagesGiveErrorsAndNoRecord) {
  Tins::DHCP dhcp = request();
  const std::string whole = serialized(dhcp);
  // Every cut inside the header.
  for (std::size_t size : {1u, 100u, 235u}) {
    const outcome out = run_udp(whole.substr(0, size));
    EXPECT_EQ(out.error, "DHCPv4: truncated header") << size;
    EXPECT_TRUE(out.records.empty()) << size;
  }
  // Cuts inside an option: after the type, and inside the data.
  const std::size_t options = 240;
  for (std::size_t size : {options + 1, options + 4, options + 7}) {
    const outcome out = run_udp(whole.substr(0, size));
    EXPECT_EQ(out.error, "DHCPv4: truncated options") << size;
    EXPECT_TRUE(out.records.empty()) << size;
  }
  // A length that runs past the end.
  const outcome out = run_udp(serialized(dhcp).substr(0, 240) + "\x0c\x10" + "short");
  EXPECT_EQ(out.error, "DHCPv4: truncated options");
}

TEST(Dhcpv4Encoder, ServerNameAndFileEndAtTheirFirstZero) {
  Tins::DHCP dhcp;
  std::string bytes = serialized(dhcp);
  bytes.replace(44, 8, std::string("tftp-1\0x", 8));
  bytes.replace(108, 128, std::string(128, 'f'));  // no zero: the whole field
  const outcome out = run_udp(bytes);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].server_name(), "tftp-1");
  EXPECT_EQ(out.records[0].file(), std::string(128, 'f'));
}

TEST(Dhcpv4Encoder, ChaddrIsCutToItsLengthAtMostSixteen) {
  Tins::DHCP dhcp;
  std::string bytes = serialized(dhcp);
  bytes[2] = 40;  // hlen beyond the 16-byte field
  const outcome out = run_udp(bytes);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].hardware_len(), 40);
  EXPECT_EQ(out.records[0].client_hw_addr().size(), 16u);
}

}  // namespace
}  // namespace netcap::encoders
