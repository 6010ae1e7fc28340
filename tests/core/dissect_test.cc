#include "netcap/core/dissect.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"

namespace netcap {
namespace {

std::vector<Tins::PDU::PDUType> layers(const dissection& d) {
  std::vector<Tins::PDU::PDUType> out;
  for (const Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) {
    out.push_back(p->pdu_type());
  }
  return out;
}

using P = Tins::PDU;

TEST(Dissect, ParsesAWellFormedPacketWhole) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::TCP(80, 1234) / Tins::RawPDU("data");
  std::vector<std::uint8_t> bytes = packet.serialize();
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty());
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IP, P::TCP, P::RAW}));
}

TEST(Dissect, KeepsTheOuterLayersOfACutTcpHeader) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::TCP(80, 1234);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 20 + 10);
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "TCP: malformed header");
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IP}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::IP>().dst_addr(), "10.0.0.1");
}

TEST(Dissect, KeepsTheVlanTagOfACutIpv6Header) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::Dot1Q(7) /
                            Tins::IPv6("2001:db8::1", "2001:db8::2") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 4 + 30);
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "IPv6: malformed header");
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::DOT1Q}));
}

TEST(Dissect, StartsRawIpCapturesAtTheRightVersion) {
  Tins::IPv6 v6 = Tins::IPv6("2001:db8::1", "2001:db8::2") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = v6.serialize();
  dissection d = dissect(DLT_RAW, bytes.data(), bytes.size());
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::IPv6, P::UDP}));

  Tins::IP v4 = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2);
  bytes = v4.serialize();
  d = dissect(DLT_RAW, bytes.data(), bytes.size());
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::IP, P::UDP}));
}

TEST(Dissect, ParsesLinuxCookedCaptures) {
  Tins::SLL sll;
  sll.protocol(0x0800);
  Tins::SLL packet = sll / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  dissection d = dissect(DLT_LINUX_SLL, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty());
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::SLL, P::IP, P::UDP}));
}

TEST(Dissect, GivesNothingForALinkTypeLibtinsCannotDissect) {
  std::vector<std::uint8_t> bytes(40, 0xab);
  dissection d = dissect(DLT_USB_LINUX, bytes.data(), bytes.size());
  EXPECT_EQ(d.root, nullptr);
  EXPECT_TRUE(d.error.empty());
}

TEST(Dissect, NeverThrowsOnAnyPrefixOfAPacket) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::Dot1Q(1) /
                            Tins::IP("10.0.0.1", "10.0.0.2") / Tins::TCP(80, 1234) /
                            Tins::RawPDU("payload");
  std::vector<std::uint8_t> bytes = packet.serialize();
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(n));
    if (n >= 14) {
      ASSERT_NE(d.root, nullptr) << n;
      EXPECT_EQ(d.root->pdu_type(), P::ETHERNET_II) << n;
    }
  }
}

TEST(Dissect, KeepsATcpHeaderWhoseOptionsAreBroken) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::TCP(80, 1234) / Tins::RawPDU("data");
  packet.rfind_pdu<Tins::TCP>().mss(1460);
  std::vector<std::uint8_t> bytes = packet.serialize();
  // The MSS option's length claims 9 bytes where 4 are left.
  bytes[14 + 20 + 21] = 9;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "TCP: malformed header");
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IP, P::TCP, P::RAW}));
  const Tins::TCP& tcp = d.root->rfind_pdu<Tins::TCP>();
  EXPECT_EQ(tcp.dport(), 80);
  EXPECT_EQ(tcp.data_offset(), 6);  // as on the wire
  EXPECT_TRUE(tcp.options().empty());
}

TEST(Dissect, KeepsTheFixedPartOfATcpHeaderCutInItsOptions) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::TCP(80, 1234);
  packet.rfind_pdu<Tins::TCP>().mss(1460);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 20 + 20);  // the MSS option was not captured
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "TCP: malformed header");
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IP, P::TCP}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::TCP>().data_offset(), 6);
}

TEST(Dissect, KeepsTheFixedFieldsOfAnIcmpv6MessageCutShort) {
  Tins::ICMPv6 na(Tins::ICMPv6::NEIGHBOUR_ADVERT);
  na.target_addr("2001:db8::1");
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("fe80::2", "fe80::1") / na;
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 40 + 16);  // 8 bytes short of the target address
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "ICMPv6: malformed header");
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::ICMPv6}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::ICMPv6>().type(), Tins::ICMPv6::NEIGHBOUR_ADVERT);
}

TEST(Dissect, DecodesIpv6OnBsdLoopback) {
  Tins::IPv6 ip = Tins::IPv6("::1", "::1") / Tins::UDP(443, 50000);
  std::vector<std::uint8_t> inner = ip.serialize();
  for (std::uint32_t family : {24u, 28u, 30u}) {
    // DLT_NULL in the capturing host's order (little-endian here), DLT_LOOP
    // in network order.
    for (int link : {DLT_NULL, DLT_LOOP}) {
      std::vector<std::uint8_t> bytes = {0, 0, 0, 0};
      if (link == DLT_NULL) {
        bytes[0] = static_cast<std::uint8_t>(family);
      } else {
        bytes[3] = static_cast<std::uint8_t>(family);
      }
      bytes.insert(bytes.end(), inner.begin(), inner.end());
      dissection d = dissect(link, bytes.data(), bytes.size());
      EXPECT_TRUE(d.error.empty());
      EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::LOOPBACK, P::IPv6, P::UDP}))
          << family << " " << link;
    }
  }
}

TEST(Dissect, RejectsAnIpv4HeaderOfAnotherVersion) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes[14] = 0x55;  // version 5, header length 5
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "IPv4: malformed header");
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II}));
}

}  // namespace
}  // namespace netcap
