#include "netcap/encoders/dot11.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/dot11authentication.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::mac_bytes;

TEST(Dot11Encoder, FillsTheHeaderOfAManagementFrame) {
  Tins::Dot11Beacon beacon("ff:ff:ff:ff:ff:ff", "02:00:00:00:00:aa");
  beacon.addr3("02:00:00:00:00:bb");
  beacon.seq_num(1234);
  beacon.frag_num(2);
  beacon.retry(1);
  beacon.duration_id(314);
  auto records = encode_bytes<dot11>(beacon.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  const Dot11& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.type(), 0);
  EXPECT_EQ(r.subtype(), 8);
  EXPECT_EQ(r.proto(), 0);
  EXPECT_EQ(r.flags(), 0x08);
  EXPECT_EQ(r.duration_id(), 314);
  EXPECT_EQ(r.address1(), mac_bytes("ff:ff:ff:ff:ff:ff"));
  EXPECT_EQ(r.address2(), mac_bytes("02:00:00:00:00:aa"));
  EXPECT_EQ(r.address3(), mac_bytes("02:00:00:00:00:bb"));
  EXPECT_EQ(r.address4(), "");
  EXPECT_EQ(r.sequence_number(), 1234);
  EXPECT_EQ(r.fragment_number(), 2);
  EXPECT_FALSE(r.has_qos());
  EXPECT_EQ(r.checksum(), 0u);
}

TEST(Dot11Encoder, ReadsQosAndTheFourthAddressOfAQosDataFrame) {
  Tins::Dot11QoSData data("02:00:00:00:00:01", "02:00:00:00:00:02");
  data.to_ds(1);
  data.from_ds(1);
  data.addr3("02:00:00:00:00:03");
  data.addr4("02:00:00:00:00:04");
  // TID 5, EOSP, ack policy 1 (no ack), TXOP 7.
  data.qos_control(0x0735);
  data.inner_pdu(Tins::SNAP() / Tins::RawPDU("x"));
  auto records = encode_bytes<dot11>(data.serialize(), DLT_IEEE802_11);
  ASSERT_EQ(records.size(), 1u);
  const Dot11& r = records[0];
  EXPECT_EQ(r.type(), 2);
  EXPECT_EQ(r.subtype(), 8);
  EXPECT_EQ(r.flags(), 0x03);
  EXPECT_EQ(r.address4(), mac_bytes("02:00:00:00:00:04"));
  ASSERT_TRUE(r.has_qos());
  EXPECT_EQ(r.qos().tid(), 5);
  EXPECT_TRUE(r.qos().eosp());
  EXPECT_EQ(r.qos().ack_policy(), 1);
  EXPECT_EQ(r.qos().txop(), 7);
}

TEST(Dot11Encoder, ReadsTheTransmitterOfAControlFrameAndTheFcs) {
  Tins::Dot11RTS rts("02:00:00:00:00:01", "02:00:00:00:00:02");
  // Radiotap with the flags field saying the frame ends in its FCS.
  std::vector<std::uint8_t> bytes = {0, 0, 9, 0, 0x02, 0, 0, 0, 0x10};
  const std::vector<std::uint8_t> frame = rts.serialize();
  bytes.insert(bytes.end(), frame.begin(), frame.end());
  for (std::uint8_t b : {0x78, 0x56, 0x34, 0x12}) bytes.push_back(b);
  auto records = encode_bytes<dot11>(bytes, DLT_IEEE802_11_RADIO);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].type(), 1);
  EXPECT_EQ(records[0].subtype(), 11);
  EXPECT_EQ(records[0].address1(), mac_bytes("02:00:00:00:00:01"));
  EXPECT_EQ(records[0].address2(), mac_bytes("02:00:00:00:00:02"));
  EXPECT_EQ(records[0].sequence_number(), 0);
  EXPECT_EQ(records[0].checksum(), 0x12345678u);
}

// PPI's 802.11-Common field says whether the frame ends in its FCS (flag
// 0x0001); netcap looked only at radiotap's (tshark compared
// libpcap-tests-filter_http_PPI.pcap).
TEST(Dot11Encoder, ReadsTheFcsPpiAnnounces) {
  const std::vector<std::uint8_t> ack = Tins::Dot11Ack("02:00:00:00:00:01").serialize();
  for (const int flags : {0x0001, 0x0000}) {
    // PPI version 0, length 32, DLT 105; field 2 (length 20): TSF timer,
    // the flags, then rate, channel, FHSS, signal and noise.
    std::vector<std::uint8_t> bytes = {0x00, 0x00, 0x20, 0x00, 0x69, 0x00, 0x00, 0x00,
                                       0x02, 0x00, 0x14, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
                                       static_cast<std::uint8_t>(flags), 0x00};
    bytes.resize(8 + 4 + 20, 0);
    bytes.insert(bytes.end(), ack.begin(), ack.end());
    for (std::uint8_t b : {0x78, 0x56, 0x34, 0x12}) bytes.push_back(b);
    auto records = encode_bytes<dot11>(bytes, DLT_PPI);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].address1(), mac_bytes("02:00:00:00:00:01"));
    EXPECT_EQ(records[0].checksum(), flags != 0 ? 0x12345678u : 0u);
  }
}

// The body of a protected management frame is encrypted: libtins read it
// as the subtype's fields and threw, and netcap wrote neither Radiotap nor
// Dot11 (chrissanders-packets_3e80211_wepauth.pcapng frame 4, the third
// frame of WEP shared key authentication). tshark shows the header.
TEST(Dot11Encoder, ReadsTheHeaderOfAProtectedManagementFrame) {
  // Radiotap without fields; authentication (0xb0) with the protected flag
  // (0x40), duration 314, three addresses, sequence 100 fragment 0; then a
  // WEP IV and encrypted bytes whose "elements" run past the frame.
  std::vector<std::uint8_t> bytes = {0, 0, 8, 0, 0, 0, 0, 0, 0xb0, 0x40, 0x3a, 0x01};
  for (const char* mac : {"28:c6:8e:ab:96:16", "ac:cf:5c:78:6c:9c", "28:c6:8e:ab:96:16"}) {
    const std::string b = mac_bytes(mac);
    bytes.insert(bytes.end(), b.begin(), b.end());
  }
  for (std::uint8_t b : {0x40, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xff, 0xee}) {
    bytes.push_back(b);
  }
  for (const int link_type : {DLT_IEEE802_11_RADIO, DLT_IEEE802_11}) {
    const std::vector<std::uint8_t> captured(
        bytes.begin() + (link_type == DLT_IEEE802_11 ? 8 : 0), bytes.end());
    auto records = encode_bytes<dot11>(captured, link_type);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].type(), 0);
    EXPECT_EQ(records[0].subtype(), 11);
    EXPECT_EQ(records[0].flags(), 0x40);
    EXPECT_EQ(records[0].duration_id(), 314);
    EXPECT_EQ(records[0].address2(), mac_bytes("ac:cf:5c:78:6c:9c"));
    EXPECT_EQ(records[0].address3(), mac_bytes("28:c6:8e:ab:96:16"));
    EXPECT_EQ(records[0].sequence_number(), 100);
    EXPECT_TRUE(encode_bytes<dot11authentication>(captured, link_type).empty());
  }
}

TEST(Dot11Encoder, TruncatedHeaderYieldsNoRecord) {
  Tins::Dot11Beacon beacon;
  std::vector<std::uint8_t> bytes = beacon.serialize();
  bytes.resize(12);
  EXPECT_TRUE(encode_bytes<dot11>(bytes, DLT_IEEE802_11).empty());
}

}  // namespace
}  // namespace netcap::encoders
