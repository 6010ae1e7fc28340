#include "netcap/encoders/ipsecesp.hpp"

#include <cstdint>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> with_esp(const std::vector<std::uint8_t>& esp) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2");
  packet.rfind_pdu<Tins::IP>().protocol(50);
  std::vector<std::uint8_t> bytes = packet.serialize();
  // Without the padding libtins adds to short frames, and with the
  // protocol it writes from the layer inside, none here, set by hand.
  bytes.resize(14 + 20);
  bytes[14 + 9] = 50;
  bytes.insert(bytes.end(), esp.begin(), esp.end());
  const std::uint16_t total = static_cast<std::uint16_t>(bytes.size() - 14);
  bytes[16] = total >> 8;
  bytes[17] = total & 0xff;
  return bytes;
}

TEST(IpsecEspEncoder, FillsHeaderFields) {
  // RFC 4303, 2: SPI, sequence number, then 10 encrypted bytes.
  auto records = encode_bytes<ipsecesp>(
      with_esp({0xff, 0, 0, 2, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  ASSERT_EQ(records.size(), 1u);
  const IPSecESP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(static_cast<std::uint32_t>(r.spi()), 0xff000002u);
  EXPECT_EQ(r.seq(), 256);
  EXPECT_EQ(r.len_encrypted(), 10);
}

TEST(IpsecEspEncoder, TruncatedHeaderYieldsNoRecord) {
  EXPECT_TRUE(encode_bytes<ipsecesp>(with_esp({0xff, 0, 0, 2, 0, 0})).empty());
}

}  // namespace
}  // namespace netcap::encoders
