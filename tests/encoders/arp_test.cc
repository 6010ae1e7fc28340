#include "netcap/encoders/arp.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;
using netcap::testing::ipv4_bytes;
using netcap::testing::mac_bytes;

TEST(ArpEncoder, FillsRequestFields) {
  Tins::EthernetII packet =
      Tins::ARP::make_arp_request("10.0.0.2", "10.0.0.1", "00:11:22:33:44:55");
  auto records = encode_packet<arp>(packet);
  ASSERT_EQ(records.size(), 1u);
  const ARP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.addr_type(), 1);
  EXPECT_EQ(r.protocol(), 0x0800);
  EXPECT_EQ(r.hw_address_size(), 6);
  EXPECT_EQ(r.prot_address_size(), 4);
  EXPECT_EQ(r.operation(), 1);
  EXPECT_EQ(r.src_hw_address(), mac_bytes("00:11:22:33:44:55"));
  EXPECT_EQ(r.src_prot_address(), ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(r.dst_hw_address(), mac_bytes("00:00:00:00:00:00"));
  EXPECT_EQ(r.dst_prot_address(), ipv4_bytes("10.0.0.2"));
}

TEST(ArpEncoder, FillsReplyFields) {
  Tins::EthernetII packet = Tins::ARP::make_arp_reply(
      "10.0.0.1", "10.0.0.2", "00:11:22:33:44:55", "66:77:88:99:aa:bb");
  auto records = encode_packet<arp>(packet);
  ASSERT_EQ(records.size(), 1u);
  const ARP& r = records[0];
  EXPECT_EQ(r.operation(), 2);
  EXPECT_EQ(r.src_hw_address(), mac_bytes("66:77:88:99:aa:bb"));
  EXPECT_EQ(r.src_prot_address(), ipv4_bytes("10.0.0.2"));
  EXPECT_EQ(r.dst_hw_address(), mac_bytes("00:11:22:33:44:55"));
  EXPECT_EQ(r.dst_prot_address(), ipv4_bytes("10.0.0.1"));
}

TEST(ArpEncoder, ReadsAddressesOfOtherSizesFromTheFrame) {
  // An ARP packet with 8-byte hardware addresses (hardware type 27, EUI-64),
  // which libtins' fixed Ethernet layout cannot hold.
  std::vector<std::uint8_t> bytes = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 1, 2, 3, 4, 5, 0x08, 0x06,  // Ethernet
      0x00, 27, 0x08, 0x00, 8, 4, 0x00, 0x01,                            // ARP
      1, 2, 3, 4, 5, 6, 7, 8, 10, 0, 0, 1,                               // sender
      0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 2,                               // target
  };
  auto records = encode_bytes<arp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const ARP& r = records[0];
  EXPECT_EQ(r.addr_type(), 27);
  EXPECT_EQ(r.hw_address_size(), 8);
  EXPECT_EQ(r.prot_address_size(), 4);
  EXPECT_EQ(r.operation(), 1);
  EXPECT_EQ(r.src_hw_address(), std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  EXPECT_EQ(r.src_prot_address(), ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(r.dst_hw_address(), std::string(8, '\0'));
  EXPECT_EQ(r.dst_prot_address(), ipv4_bytes("10.0.0.2"));
}

TEST(ArpEncoder, TruncatedPacketYieldsNoRecord) {
  Tins::EthernetII packet =
      Tins::ARP::make_arp_request("10.0.0.2", "10.0.0.1", "00:11:22:33:44:55");
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 27);  // one byte short of the target address
  EXPECT_TRUE(encode_bytes<arp>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
