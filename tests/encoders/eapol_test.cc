#include "netcap/encoders/eapol.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/encoders/eap.hpp"
#include "netcap/encoders/eapolkey.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An EAPOL-Key frame over Ethernet: message 1 of a WPA2 4-way handshake
// (IEEE 802.11-2016, 12.7.6.2), key information 0x008a (version 2,
// pairwise, ACK), key length 16, replay counter 1, a nonce of 0x11 bytes,
// RSC 5 and no key data.
std::vector<std::uint8_t> handshake_message_1() {
  std::vector<std::uint8_t> bytes = {0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x88, 0x8e,
                                     0x02, 0x03, 0x00, 0x5f, 0x02, 0x00, 0x8a, 0x00, 0x10};
  bytes.insert(bytes.end(), 7, 0);
  bytes.push_back(1);                   // replay counter
  bytes.insert(bytes.end(), 32, 0x11);  // nonce
  bytes.insert(bytes.end(), 16, 0);     // IV
  bytes.insert(bytes.end(), 7, 0);
  bytes.push_back(5);                   // RSC
  bytes.insert(bytes.end(), 8, 0);      // ID
  bytes.insert(bytes.end(), 16, 0x22);  // MIC
  bytes.push_back(0);
  bytes.push_back(0);                   // key data length
  return bytes;
}

TEST(EapolEncoder, FillsHeaderFields) {
  auto records = encode_bytes<eapol>(handshake_message_1());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(records[0].version(), 2);
  EXPECT_EQ(records[0].type(), 3);
  EXPECT_EQ(records[0].length(), 95);
}

TEST(EapolEncoder, TruncatedKeyFrameYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = handshake_message_1();
  bytes.resize(14 + 40);
  EXPECT_TRUE(encode_bytes<eapol>(bytes).empty());
}

// An EAPOL frame of another packet type over Ethernet: version 2, `type`,
// `body`, padded to the Ethernet minimum.
std::vector<std::uint8_t> eapol_frame(std::uint8_t type, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0, 0, 3, 0x02, 0, 0, 0, 0, 2, 0x88, 0x8e,
                                     0x02, type, 0, static_cast<std::uint8_t>(body.size())};
  bytes.insert(bytes.end(), body.begin(), body.end());
  if (bytes.size() < 60) bytes.resize(60, 0);
  return bytes;
}

// As the Go netcap: every EAPOL frame has an EAPOL record; a key frame also
// an EAPOLKey record, an EAP packet an EAP record, and nothing else is
// recorded twice.
TEST(EapolEncoder, RecordsFramesOfEveryType) {
  // EAPOL-Start: no body.
  auto start = encode_bytes<eapol>(eapol_frame(1, {}));
  ASSERT_EQ(start.size(), 1u);
  EXPECT_EQ(start[0].version(), 2);
  EXPECT_EQ(start[0].type(), 1);
  EXPECT_EQ(start[0].length(), 0);

  // An EAP Request/Identity: code 1, which libtins would read as an RC4 key
  // descriptor.
  const std::vector<std::uint8_t> identity = eapol_frame(0, {0x01, 0x01, 0x00, 0x05, 0x01});
  auto packets = encode_bytes<eapol>(identity);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].type(), 0);
  EXPECT_EQ(packets[0].length(), 5);
  EXPECT_TRUE(encode_bytes<eapolkey>(identity).empty());
  EXPECT_EQ(encode_bytes<eap>(identity).size(), 1u);

  EXPECT_EQ(encode_bytes<eapolkey>(handshake_message_1()).size(), 1u);
  EXPECT_TRUE(encode_bytes<eap>(handshake_message_1()).empty());
}

TEST(EapolEncoder, TruncatedHeaderIsMalformed) {
  std::vector<std::uint8_t> bytes = eapol_frame(1, {});
  bytes.resize(14 + 3);
  EXPECT_TRUE(encode_bytes<eapol>(bytes).empty());
  pipeline<eapol>::register_layers();
  dissection d = dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.error, "EAPOL: malformed header");
  ASSERT_NE(d.root, nullptr);
}

}  // namespace
}  // namespace netcap::encoders
