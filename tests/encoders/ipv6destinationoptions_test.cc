#include "netcap/encoders/ipv6destinationoptions.hpp"

#include <cstdint>
#include <string>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_packet;

TEST(Ipv6DestinationOptionsEncoder, DecodesItsOptions) {
  // One PadN option holding four zero bytes (RFC 8200, 4.2).
  const std::string data("\x01\x04\x00\x00\x00\x00", 6);
  Tins::IPv6 ip("2001:db8::53", "2001:db8::10");
  ip.add_header(Tins::IPv6::ext_header(
      60, 6, reinterpret_cast<const std::uint8_t*>(data.data())));
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::UDP(9, 1000);
  auto records = encode_packet<ipv6destinationoptions>(packet);
  ASSERT_EQ(records.size(), 1u);
  const IPv6DestinationOptions& r = records[0];
  EXPECT_EQ(r.next_header(), 17);  // UDP
  ASSERT_EQ(r.options_size(), 1);
  EXPECT_EQ(r.options(0).option_type(), 1);
  EXPECT_EQ(r.options(0).option_length(), 4);
  EXPECT_EQ(r.options(0).option_data(), std::string(4, '\0'));
}

TEST(Ipv6DestinationOptionsEncoder, WritesNothingWithoutTheHeader) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IPv6("2001:db8::53", "2001:db8::10") / Tins::UDP(9, 1000);
  EXPECT_TRUE(encode_packet<ipv6destinationoptions>(packet).empty());
}

}  // namespace
}  // namespace netcap::encoders
