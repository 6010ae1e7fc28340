#include "netcap/core/dissect.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <utility>
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

TEST(Dissect, TakesEtherTypesFrom0x600OnForTypesNotLengths) {
  // IEEE 802.3 3.2.6: below 0x600 the field is a length, from 0x600 on a
  // type. libtins' own test draws the line at 0x800.
  for (const std::uint16_t type : {0x0600, 0x0707, 0x07ff}) {
    std::vector<std::uint8_t> bytes(14 + 26, 0x45);
    bytes[12] = type >> 8;
    bytes[13] = type & 0xff;
    dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
    ASSERT_NE(d.root, nullptr) << type;
    EXPECT_EQ(d.root->pdu_type(), P::ETHERNET_II) << type;
    EXPECT_EQ(static_cast<const Tins::EthernetII&>(*d.root).payload_type(), type);
  }
  for (const std::uint16_t length : {0x0026, 0x05dc, 0x05ff}) {
    // A spanning tree BPDU's LLC header (SAPs 0x42, UI), then zeros.
    std::vector<std::uint8_t> bytes(14 + length, 0);
    bytes[12] = length >> 8;
    bytes[13] = length & 0xff;
    bytes[14] = bytes[15] = 0x42;
    bytes[16] = 0x03;
    dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
    ASSERT_NE(d.root, nullptr) << length;
    EXPECT_EQ(d.root->pdu_type(), P::IEEE802_3) << length;
  }
}

// ndpi-tests_fuzz-2006-06-26-2594.pcap frame 607: type/length 0x0000, then
// an IPv4 header; libtins read an LLC header (DSAP 0x45) from it.
TEST(Dissect, ReadsNoLlcHeaderPastAnIeee8023Length) {
  for (const std::uint8_t length : {0, 2}) {
    std::vector<std::uint8_t> bytes(14 + 46, 0);
    bytes[13] = length;
    bytes[14] = 0x45;
    dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
    EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::IEEE802_3})) << int{length};
  }
  // libpcap-tests-filter_llc.pcap frame 3: Novell raw 802.3, an IPX header
  // (checksum 0xffff) right after the length.
  std::vector<std::uint8_t> ipx(14 + 46, 0);
  ipx[13] = 46;
  ipx[14] = ipx[15] = 0xff;
  dissection raw = dissect(DLT_EN10MB, ipx.data(), ipx.size());
  EXPECT_EQ(layers(raw), (std::vector<P::PDUType>{P::IEEE802_3}));
  std::vector<std::uint8_t> bytes(14 + 46, 0);
  bytes[13] = 3;  // room for a one-byte-control LLC header
  bytes[14] = bytes[15] = 0x42;
  bytes[16] = 0x03;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  ASSERT_GE(layers(d).size(), 2u);
  EXPECT_EQ(layers(d)[1], P::LLC);
}

// tcpdump-tests_MSTP_Intra-Region_BPDUs.pcap's frames behind a VLAN tag:
// the tag's type field, 0x0027, is a length, and an LLC frame follows.
TEST(Dissect, ParsesTheLlcFrameBehindAVlanTagWithALength) {
  std::vector<std::uint8_t> bytes(14 + 4 + 39 + 7, 0);  // then padding
  bytes[12] = 0x81;  // 802.1Q, VLAN 5
  bytes[15] = 0x05;
  bytes[16] = 0x00;
  bytes[17] = 39;                  // LLC and a 36-byte RST BPDU
  bytes[18] = bytes[19] = 0x42;    // SAPs: spanning tree
  bytes[20] = 0x03;                // UI
  bytes[23] = 0x02;                // version 2 (RSTP)
  bytes[24] = 0x02;                // BPDU type: RST
  bytes[25] = 0x7c;                // flags
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::DOT1Q, P::LLC, P::STP}));
  const auto& stp = d.root->rfind_pdu<Tins::STP>();
  EXPECT_EQ(stp.proto_version(), 2);
  EXPECT_EQ(stp.bpdu_type(), 2);
  EXPECT_EQ(stp.bpdu_flags(), 0x7c);
}

// tcpdump-tests_rpvstp-trunk-native-vid5.pcap: Rapid PVST+ sends a BPDU per
// VLAN behind SNAP (OUI 00000c, protocol 0x010b) to 01:00:0c:cc:cc:cd.
TEST(Dissect, ParsesAPvstBpduBehindSnap) {
  std::vector<std::uint8_t> bytes(14 + 8 + 36 + 6, 0);
  bytes[0] = 0x01;
  bytes[2] = 0x0c;
  bytes[13] = 8 + 36 + 6;          // IEEE 802.3 length
  bytes[14] = bytes[15] = 0xaa;    // SNAP
  bytes[16] = 0x03;
  bytes[19] = 0x0c;                // OUI 00000c
  bytes[20] = 0x01;                // protocol 0x010b
  bytes[21] = 0x0b;
  bytes[24] = 0x02;                // RSTP
  bytes[25] = 0x02;                // RST BPDU
  bytes[26] = 0x3c;                // flags
  bytes[22 + 33] = 0x0f;           // forward delay 15 s, in 1/256 s
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::IEEE802_3, P::SNAP, P::STP}));
  const auto& stp = d.root->rfind_pdu<Tins::STP>();
  EXPECT_EQ(stp.bpdu_type(), 2);
  EXPECT_EQ(stp.bpdu_flags(), 0x3c);
}

TEST(Dissect, KeepsTheMplsLabelsOfACutIpv6Packet) {
  // zeek-traces_trunc_mpls-6in6-6in6-4in6-trunc.pcap's shape: two labels,
  // the second at the bottom of the stack, then an IPv6 header cut short.
  std::vector<std::uint8_t> bytes = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0x47,
                                     0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40};
  Tins::IPv6 v6 = Tins::IPv6("2001:db8::1", "2001:db8::2") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> ip = v6.serialize();
  bytes.insert(bytes.end(), ip.begin(), ip.begin() + 30);
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::MPLS, P::MPLS}));
  EXPECT_EQ(d.error, "IPv6: malformed header");
  // Whole, the same packet is read through: IPv6 and UDP behind the labels.
  bytes.resize(22);
  bytes.insert(bytes.end(), ip.begin(), ip.end());
  d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(layers(d),
            (std::vector<P::PDUType>{P::ETHERNET_II, P::MPLS, P::MPLS, P::IPv6, P::UDP}));
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
  dissection d = dissect(DLT_BLUETOOTH_HCI_H4, bytes.data(), bytes.size());
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

// An IPv4 header (IHL 7) whose second option claims more bytes than the
// header has (as in tcpdump's ip_ts_opts_asan.pcap): libtins rejects it;
// the header is kept with its wire IHL and total length, the options before
// the broken one, and what it carries is decoded up to its total length.
TEST(Dissect, KeepsAnIpv4HeaderWhoseOptionsAreBroken) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(53, 1234) / Tins::RawPDU("query");
  std::vector<std::uint8_t> bytes = packet.serialize();
  const std::vector<std::uint8_t> options = {0x01, 0x44, 0x20, 0x05, 0x00, 0x00, 0x00, 0x00};
  bytes.insert(bytes.begin() + 14 + 20, options.begin(), options.end());
  bytes[14] = 0x47;
  const std::uint16_t total = 20 + 8 + 8 + 5;
  bytes[14 + 2] = total >> 8;
  bytes[14 + 3] = total & 0xff;
  bytes.insert(bytes.end(), 6, 0);  // link-layer padding
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "IPv4: malformed header");
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IP, P::UDP, P::RAW}));
  const auto* ip = d.root->find_pdu<Tins::IP>();
  EXPECT_EQ(ip->head_len(), 7);
  EXPECT_EQ(ip->tot_len(), total);
  EXPECT_EQ(ip->src_addr(), "10.0.0.2");
  EXPECT_EQ(d.root->find_pdu<Tins::UDP>()->dport(), 53);
  EXPECT_EQ(d.root->find_pdu<Tins::RawPDU>()->payload().size(), 5u);
}

// An IPv6 packet cut short inside its payload (its payload length runs past
// the captured bytes) keeps its extension headers and the layers inside.
TEST(Dissect, KeepsAnIpv6PacketCutShortAndItsExtensionHeaders) {
  Tins::IPv6 ip("2001:db8::1", "2001:db8::2");
  const std::uint8_t pad[6] = {0x01, 0x04, 0, 0, 0, 0};
  ip.add_header(Tins::IPv6::ext_header(Tins::IPv6::HOP_BY_HOP, sizeof(pad), pad));
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::UDP(53, 1234) /
                            Tins::RawPDU(std::string(100, 'x'));
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 40 + 8 + 8 + 10);
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_EQ(d.error, "IPv6: malformed header");
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::UDP, P::RAW}));
  const auto* ipv6 = d.root->find_pdu<Tins::IPv6>();
  EXPECT_EQ(ipv6->payload_length(), 8 + 8 + 100);
  EXPECT_EQ(ipv6->headers().size(), 1u);
  EXPECT_EQ(d.root->find_pdu<Tins::RawPDU>()->payload().size(), 10u);
}

// A jumbogram (RFC 2675): payload length 0 and a Jumbo Payload option,
// which libtins 4.0 reads from the wrong place and then rejects.
TEST(Dissect, KeepsAnIpv6Jumbogram) {
  Tins::IPv6 ip("2001:db8::1", "2001:db8::2");
  const std::uint8_t jumbo[6] = {0xc2, 0x04, 0x00, 0x00, 0x00, 8 + 8 + 4};
  ip.add_header(Tins::IPv6::ext_header(Tins::IPv6::HOP_BY_HOP, sizeof(jumbo), jumbo));
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::UDP(53, 1234) /
                            Tins::RawPDU("data");
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes[14 + 4] = 0;
  bytes[14 + 5] = 0;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::UDP, P::RAW}));
  EXPECT_EQ(d.root->find_pdu<Tins::IPv6>()->payload_length(), 0);
  EXPECT_EQ(d.root->find_pdu<Tins::UDP>()->dport(), 53);
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

// suricata-verify_ipv6-evasion_ipv6-dos-with-ext-headers-5_denial6-5.pcap
// frame 10: IPv6, then a 16-byte AH (length 2: RFC 4302 counts 4-byte words
// less 2), then an ICMPv6 echo request, id 0xface, seq 0xbabe.
std::vector<std::uint8_t> ipv6_ah_echo() {
  return {0x64, 0x00, 0x6a, 0x5b, 0x8f, 0x4a, 0x00, 0x50, 0xb6, 0x19, 0xe6, 0x50,
          0x86, 0xdd,  // Ethernet
          0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x33, 0xff,  // IPv6, next header 51
          0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
          0x00, 0x00, 0x00, 0x02, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00,
          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
          0x3a, 0x02, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78,  // AH: ICMPv6, SPI
          0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00,  // sequence 7, ICV
          0x80, 0x00, 0x6e, 0xb0, 0xfa, 0xce, 0xba, 0xbe,  // echo request
          0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
}

TEST(Dissect, DecodesAnIpv6AuthenticationHeaderAndWhatItCarries) {
  const std::vector<std::uint8_t> bytes = ipv6_ah_echo();
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty());
  // libtins reads AH after IPv6 as an extension header in 8-byte units: it
  // skipped 24 bytes and made an ICMPv6 layer of type 0 from the zeros.
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::IPSEC_AH,
                                                P::ICMPv6, P::RAW}));
  EXPECT_TRUE(d.root->rfind_pdu<Tins::IPv6>().headers().empty());
  const auto& ah = d.root->rfind_pdu<Tins::IPSecAH>();
  EXPECT_EQ(ah.next_header(), 58);
  EXPECT_EQ(ah.spi(), 0x12345678u);
  EXPECT_EQ(ah.seq_number(), 7u);
  const auto& icmp = d.root->rfind_pdu<Tins::ICMPv6>();
  EXPECT_EQ(icmp.type(), Tins::ICMPv6::ECHO_REQUEST);
  EXPECT_EQ(icmp.identifier(), 0xface);
  EXPECT_EQ(icmp.sequence(), 0xbabe);
}

TEST(Dissect, DecodesAnIpv6AuthenticationHeaderAfterAHopByHopHeader) {
  std::vector<std::uint8_t> bytes = ipv6_ah_echo();
  // A hop-by-hop header (PadN) between IPv6 and AH: it stays one of the
  // IPv6 layer's extension headers.
  bytes[14 + 6] = 0;
  bytes[14 + 5] += 8;
  const std::vector<std::uint8_t> hop_by_hop = {0x33, 0x00, 0x01, 0x04, 0, 0, 0, 0};
  bytes.insert(bytes.begin() + 14 + 40, hop_by_hop.begin(), hop_by_hop.end());
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::IPSEC_AH,
                                                P::ICMPv6, P::RAW}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::IPv6>().headers().size(), 1u);
  EXPECT_EQ(d.root->rfind_pdu<Tins::ICMPv6>().sequence(), 0xbabe);
}

TEST(Dissect, DecodesAnIpv6EspHeader) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("2001:db8::1", "2001:db8::2") /
                            Tins::RawPDU(std::string(40, '\x01'));
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes[14 + 6] = 50;  // next header: ESP, whose SPI libtins reads as lengths
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d),
            (std::vector<P::PDUType>{P::ETHERNET_II, P::IPv6, P::IPSEC_ESP, P::RAW}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::IPSecESP>().spi(), 0x01010101u);
  EXPECT_EQ(d.root->rfind_pdu<Tins::RawPDU>().payload_size(), 32u);
}

// A radiotap header as libtins writes it (TSFT, Flags, channel, signal,
// antenna, RX flags) before an 802.11 data frame carrying IPv4 and UDP.
std::vector<std::uint8_t> radiotap_frame(Tins::RadioTap::FrameFlags flags) {
  Tins::RadioTap radiotap;
  radiotap.flags(flags);
  Tins::Dot11Data data;
  data.addr1("00:01:02:03:04:05");
  Tins::RadioTap packet = radiotap / data / Tins::SNAP() /
                          Tins::IP("10.0.0.1", "10.0.0.2") / Tins::UDP(1, 2) /
                          Tins::RawPDU("payload");
  return packet.serialize();
}

TEST(Dissect, ParsesRadiotapAndTheFrameInside) {
  std::vector<std::uint8_t> bytes = radiotap_frame(Tins::RadioTap::FrameFlags(0));
  const std::uint32_t header = bytes[2] | bytes[3] << 8;
  dissection d = dissect(DLT_IEEE802_11_RADIO, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::RADIOTAP, P::DOT11_DATA, P::SNAP, P::IP,
                                                P::UDP, P::RAW}));
  EXPECT_EQ(static_cast<const Tins::RadioTap&>(*d.root).length(), header);
  EXPECT_EQ(d.root->rfind_pdu<Tins::RawPDU>().payload().size(), 7u);
}

TEST(Dissect, LeavesARadiotapFrameCheckSequenceOut) {
  std::vector<std::uint8_t> bytes = radiotap_frame(Tins::RadioTap::FCS);
  for (std::uint8_t b : {0xde, 0xad, 0xbe, 0xef}) bytes.push_back(b);
  dissection d = dissect(DLT_IEEE802_11_RADIO, bytes.data(), bytes.size());
  EXPECT_TRUE(d.error.empty()) << d.error;
  EXPECT_EQ(d.root->rfind_pdu<Tins::RawPDU>().payload().size(), 7u);
}

// A frame cut short by the snapshot length lost its FCS: the last captured
// bytes are the frame's, and libtins must not drop them
// (zeek-traces_arp-who-has-radiotap.pcap frame 1: 110 of 149 bytes).
TEST(Dissect, KeepsTheLastBytesOfARadiotapFrameCutBeforeItsFcs) {
  // libtins ends the frame in the FCS its flag announces; the capture cut
  // the frame right before it.
  std::vector<std::uint8_t> bytes = radiotap_frame(Tins::RadioTap::FCS);
  bytes.resize(bytes.size() - 4);
  const auto size = static_cast<std::uint32_t>(bytes.size());
  dissection d = dissect(DLT_IEEE802_11_RADIO, bytes.data(), size, size + 4);
  EXPECT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(layers(d), (std::vector<P::PDUType>{P::RADIOTAP, P::DOT11_DATA, P::SNAP, P::IP,
                                                P::UDP, P::RAW}));
  EXPECT_EQ(d.root->rfind_pdu<Tins::RawPDU>().payload().size(), 7u);
}

// A QoS data frame with the +HTC/order flag has a 4-byte HT control field
// after its QoS control field, which libtins 4.0 reads as the frame body
// (tcpdump-tests_ieee802.11_htc.pcap lost its IPv4, UDP and DHCP).
TEST(Dissect, StepsOverTheHtControlFieldOfAQosDataFrame) {
  Tins::Dot11QoSData data;
  data.addr1("00:01:02:03:04:05");
  Tins::Dot11QoSData packet = data / Tins::SNAP() / Tins::IP("10.0.0.1", "10.0.0.2") /
                              Tins::UDP(1, 2) / Tins::RawPDU("payload");
  std::vector<std::uint8_t> frame = packet.serialize();
  frame[1] |= 0x80;  // order
  const std::vector<std::uint8_t> htc = {0x0f, 0x00, 0x00, 0x00};
  frame.insert(frame.begin() + 26, htc.begin(), htc.end());
  std::vector<std::uint8_t> bytes = {0, 0, 8, 0, 0, 0, 0, 0};  // radiotap, no fields
  bytes.insert(bytes.end(), frame.begin(), frame.end());
  for (const auto& [link_type, captured] :
       {std::pair{DLT_IEEE802_11, frame}, std::pair{DLT_IEEE802_11_RADIO, bytes}}) {
    dissection d = dissect(link_type, captured.data(), captured.size());
    EXPECT_TRUE(d.error.empty()) << d.error;
    const std::vector<P::PDUType> got = layers(d);
    ASSERT_GE(got.size(), 4u);
    EXPECT_EQ(got[got.size() - 4], P::SNAP);
    EXPECT_EQ(got[got.size() - 3], P::IP);
    EXPECT_EQ(d.root->rfind_pdu<Tins::RawPDU>().payload().size(), 7u);
  }
}

// Present bitmaps that libtins 4.0's own radiotap parser reads out of
// bounds on (found by tests/fuzz/packet_fuzzer).
TEST(Dissect, SurvivesCraftedRadiotapPresentBitmaps) {
  const std::vector<std::uint8_t> bytes = {
      0x00, 0x00, 0x18, 0x00, 0x6c, 0x01, 0x55, 0x9a, 0x53, 0x3f, 0xff, 0xc5, 0x0b, 0x29,
      0x00, 0x39, 0x00, 0x00, 0xfe, 0xaa, 0x65, 0xac, 0xc0, 0x00, 0x3a, 0x0b, 0x29, 0x00};
  dissection d = dissect(DLT_IEEE802_11_RADIO, bytes.data(), bytes.size());
  // Every present bitmap has bit 31 set: the header never ends.
  std::vector<std::uint8_t> endless(64, 0xff);
  endless[0] = 0;
  endless[2] = 64;
  endless[3] = 0;
  d = dissect(DLT_IEEE802_11_RADIO, endless.data(), endless.size());
  EXPECT_EQ(d.root, nullptr);
  EXPECT_EQ(d.error, "Radiotap: malformed header");
  // Cut at every length.
  for (std::size_t n = 0; n <= bytes.size(); ++n) {
    dissect(DLT_IEEE802_11_RADIO, bytes.data(), static_cast<std::uint32_t>(n));
  }
}

}  // namespace
}  // namespace netcap
