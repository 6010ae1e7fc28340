#include "netcap/encoders/eap.hpp"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
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
