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

}  // namespace
}  // namespace netcap
