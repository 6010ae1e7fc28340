#include "netcap/encoders/ipsecah.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

// Ethernet and IPv4 with protocol 51, then `ah`, then a UDP header.
std::vector<std::uint8_t> with_ah(const std::vector<std::uint8_t>& ah) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2");
  packet.rfind_pdu<Tins::IP>().protocol(51);
  std::vector<std::uint8_t> bytes = packet.serialize();
  // Without the padding libtins adds to short frames, and with the
  // protocol it writes from the layer inside, none here, set by hand.
  bytes.resize(14 + 20);
  bytes[14 + 9] = 51;
  bytes.insert(bytes.end(), ah.begin(), ah.end());
  const std::vector<std::uint8_t> udp = {0, 1, 0, 2, 0, 8, 0, 0};
  bytes.insert(bytes.end(), udp.begin(), udp.end());
  const std::uint16_t total = static_cast<std::uint16_t>(bytes.size() - 14);
  bytes[16] = total >> 8;
  bytes[17] = total & 0xff;
  return bytes;
}

TEST(IpsecAhEncoder, FillsHeaderFields) {
  // RFC 4302, 2: next header 17, payload length 4 (6 words in all), two
  // reserved bytes, SPI, sequence number, a 12-byte ICV.
  auto records = encode_bytes<ipsecah>(with_ah({17, 4, 0x12, 0x34, 0x80, 0, 0, 1, 0, 0, 0, 9,
                                                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  ASSERT_EQ(records.size(), 1u);
  const IPSecAH& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.next_header(), 17);
  EXPECT_EQ(r.payload_length(), 4);
  EXPECT_EQ(r.reserved(), 0x1234);
  EXPECT_EQ(static_cast<std::uint32_t>(r.spi()), 0x80000001u);
  EXPECT_EQ(r.seq(), 9);
  EXPECT_EQ(r.authentication_data(), std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c", 12));
}

TEST(IpsecAhEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = with_ah({17, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 9});
  bytes.resize(14 + 20 + 10);
  EXPECT_TRUE(encode_bytes<ipsecah>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
