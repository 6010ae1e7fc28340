#include "netcap/encoders/eap.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/encoders/eapol.hpp"
#include "netcap/encoders/eapolkey.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// An Ethernet frame with EAPOL version 1 of `type` and `body`, padded to
// the Ethernet minimum of 60 bytes.
std::vector<std::uint8_t> eapol_frame(std::uint8_t type, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> bytes = {0x01, 0x80, 0xc2, 0x00, 0x00, 0x03, 0x00, 0x11,
                                     0x22, 0x33, 0x44, 0x55, 0x88, 0x8e, 0x01, type,
                                     static_cast<std::uint8_t>(body.size() >> 8),
                                     static_cast<std::uint8_t>(body.size())};
  bytes.insert(bytes.end(), body.begin(), body.end());
  if (bytes.size() < 60) bytes.resize(60, 0);
  return bytes;
}

TEST(EapEncoder, FillsRequestIdentity) {
  // Code 1 (request), id 7, length 9, type 1 (identity), "user".
  auto records = encode_bytes<eap>(eapol_frame(0, {0x01, 0x07, 0x00, 0x09, 0x01, 'u', 's',
                                                   'e', 'r'}));
  ASSERT_EQ(records.size(), 1u);
  const EAP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.code(), 1);
  EXPECT_EQ(r.id(), 7);
  EXPECT_EQ(r.length(), 9);
  EXPECT_EQ(r.type(), 1);
  // The Ethernet padding after the EAP packet is not type data.
  EXPECT_EQ(r.type_data(), "user");
}

// Radiotap without fields, then an 802.11 data frame to the DS (frame
// control 0x08 0x01) with three addresses and sequence control, LLC/SNAP
// for 0x888e, and EAPOL version 1, EAP-Packet, carrying `eap`.
std::vector<std::uint8_t> eap_in_80211(const std::vector<std::uint8_t>& eap) {
  std::vector<std::uint8_t> bytes = {0, 0, 8, 0, 0, 0, 0, 0, 0x08, 0x01, 0x00, 0x00};
  for (int i = 0; i < 3 * 6 + 2; ++i) bytes.push_back(0x02);
  const std::vector<std::uint8_t> snap = {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e,
                                          0x01, 0x00, static_cast<std::uint8_t>(eap.size() >> 8),
                                          static_cast<std::uint8_t>(eap.size())};
  bytes.insert(bytes.end(), snap.begin(), snap.end());
  bytes.insert(bytes.end(), eap.begin(), eap.end());
  return bytes;
}

// Behind 802.11, libtins read an EAP-Packet frame as a key too: netcap
// wrote an EAPOLKey record, or nothing, and no EAP (docs/link-layers.md).
// Code 1 (request) is no key descriptor type libtins knows; code 2
// (response) is RSN's, and a long enough packet became an RSN key.
TEST(EapEncoder, FindsEapInAn80211DataFrame) {
  std::vector<std::uint8_t> response = {0x02, 0x07, 0x00, 0x00, 0x19};  // type 25, PEAP
  response.resize(120, 0x5a);
  response[3] = static_cast<std::uint8_t>(response.size());
  for (const std::vector<std::uint8_t>& packet :
       {std::vector<std::uint8_t>{0x01, 0x07, 0x00, 0x05, 0x01}, response}) {
    const std::vector<std::uint8_t> bytes = eap_in_80211(packet);
    auto records = encode_bytes<eap>(bytes, DLT_IEEE802_11_RADIO);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].code(), packet[0]);
    EXPECT_EQ(records[0].id(), 7);
    EXPECT_EQ(records[0].length(), static_cast<int>(packet.size()));
    EXPECT_TRUE(encode_bytes<eapolkey>(bytes, DLT_IEEE802_11_RADIO).empty());
    auto eapol_records = encode_bytes<eapol>(bytes, DLT_IEEE802_11_RADIO);
    ASSERT_EQ(eapol_records.size(), 1u);
    EXPECT_EQ(eapol_records[0].type(), 0);
  }
}

TEST(EapEncoder, SuccessHasNoType) {
  auto records = encode_bytes<eap>(eapol_frame(0, {0x03, 0x07, 0x00, 0x04}));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].code(), 3);
  EXPECT_EQ(records[0].type(), 0);
  EXPECT_EQ(records[0].type_data(), "");
}

TEST(EapEncoder, OtherEapolTypesGiveNoRecord) {
  // EAPOL-Start (type 1) has no body.
  EXPECT_TRUE(encode_bytes<eap>(eapol_frame(1, {})).empty());
}

TEST(EapEncoder, TruncatedOrInconsistentLengthsAreErrors) {
  for (const std::vector<std::uint8_t>& body :
       {std::vector<std::uint8_t>{0x01, 0x07},                    // header cut short
        std::vector<std::uint8_t>{0x01, 0x07, 0x00, 0x02},        // length under 4
        std::vector<std::uint8_t>{0x01, 0x07, 0x00, 0x20, 0x01}}) {  // length past body
    std::vector<std::uint8_t> bytes = eapol_frame(0, body);
    EXPECT_TRUE(encode_bytes<eap>(bytes).empty());
  }
  // The EAPOL body length runs past the frame.
  std::vector<std::uint8_t> bytes = eapol_frame(0, {0x01, 0x07, 0x00, 0x05, 0x01});
  bytes[16] = 0x01;
  EXPECT_TRUE(encode_bytes<eap>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
