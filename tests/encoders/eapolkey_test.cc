#include "netcap/encoders/eapolkey.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
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

TEST(EapolKeyEncoder, ReadsHandshakeMessageOne) {
  auto records = encode_bytes<eapolkey>(handshake_message_1());
  ASSERT_EQ(records.size(), 1u);
  const EAPOLKey& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.key_descriptor_type(), 2);
  EXPECT_EQ(r.key_descriptor_version(), 2);
  EXPECT_EQ(r.key_type(), 1);
  EXPECT_TRUE(r.key_ack());
  EXPECT_FALSE(r.key_mic());
  EXPECT_FALSE(r.install());
  EXPECT_FALSE(r.secure());
  EXPECT_FALSE(r.smk_message());
  EXPECT_EQ(r.key_length(), 16);
  EXPECT_EQ(r.replay_counter(), 1u);
  EXPECT_EQ(r.nonce(), std::string(32, '\x11'));
  EXPECT_EQ(r.iv(), std::string(16, '\0'));
  EXPECT_EQ(r.rsc(), 5u);
  EXPECT_EQ(r.id(), 0u);
  EXPECT_EQ(r.mic(), std::string(16, '\x22'));
  EXPECT_EQ(r.key_data_length(), 0);
  EXPECT_EQ(r.encrypted_key_data(), "");
}

TEST(EapolKeyEncoder, ReadsKeyData) {
  std::vector<std::uint8_t> bytes = handshake_message_1();
  // Message 3: install, ACK, MIC, secure, encrypted key data (0x13ca).
  bytes[19] = 0x13;
  bytes[20] = 0xca;
  bytes.back() = 4;
  for (std::uint8_t b : {0xde, 0xad, 0xbe, 0xef}) bytes.push_back(b);
  bytes[17] = 95 + 4;
  auto records = encode_bytes<eapolkey>(bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].install());
  EXPECT_TRUE(records[0].key_mic());
  EXPECT_TRUE(records[0].secure());
  EXPECT_TRUE(records[0].has_encrypted_key_data());
  EXPECT_EQ(records[0].key_data_length(), 4);
  EXPECT_EQ(records[0].encrypted_key_data(), std::string("\xde\xad\xbe\xef"));
}

TEST(EapolKeyEncoder, TruncatedKeyFrameYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = handshake_message_1();
  bytes.resize(bytes.size() - 20);
  EXPECT_TRUE(encode_bytes<eapolkey>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
