#include "netcap/encoders/ipv6.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/detail/payload.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;
using netcap::testing::ipv6_bytes;

// An extension header of libtins' kind: its type and the bytes after its
// next header and length fields.
Tins::IPv6::ext_header extension(std::uint8_t type, const std::string& data) {
  return Tins::IPv6::ext_header(type, data.size(),
                                reinterpret_cast<const std::uint8_t*>(data.data()));
}

TEST(Ipv6Encoder, FillsHeaderFields) {
  Tins::IPv6 ip("2001:db8::2", "2001:db8::1");
  ip.traffic_class(0xb8);
  ip.flow_label(0x12345);
  ip.hop_limit(33);
  Tins::EthernetII packet =
      Tins::EthernetII() / ip / Tins::UDP(53, 40000) / Tins::RawPDU("hello");
  auto records = encode_packet<ipv6>(packet);
  ASSERT_EQ(records.size(), 1u);
  const IPv6& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 6);
  EXPECT_EQ(r.traffic_class(), 0xb8);
  EXPECT_EQ(r.flow_label(), 0x12345u);
  EXPECT_EQ(r.length(), 8 + 5);
  EXPECT_EQ(r.next_header(), 17);
  EXPECT_EQ(r.hop_limit(), 33);
  EXPECT_EQ(r.src_ip(), ipv6_bytes("2001:db8::1"));
  EXPECT_EQ(r.dst_ip(), ipv6_bytes("2001:db8::2"));
  EXPECT_EQ(r.extension_headers_size(), 0);
  EXPECT_EQ(r.payload_size(), 8 + 5);
  EXPECT_EQ(r.payload_entropy(), 0);
}

TEST(Ipv6Encoder, ListsExtensionHeaders) {
  // RFC 8200: a destination options header holding one PadN option that
  // fills its 8 bytes, then a fragment header (offset 0, more fragments,
  // identification 0x12345678).
  const std::string pad_n("\x01\x04\x00\x00\x00\x00", 6);
  const std::string fragment("\x00\x01\x12\x34\x56\x78", 6);
  Tins::IPv6 ip("2001:db8::2", "2001:db8::1");
  ip.add_header(extension(60, pad_n));
  ip.add_header(extension(44, fragment));
  Tins::EthernetII packet =
      Tins::EthernetII() / ip / Tins::UDP(53, 40000) / Tins::RawPDU("hello");
  auto records = encode_packet<ipv6>(packet);
  ASSERT_EQ(records.size(), 1u);
  const IPv6& r = records[0];
  EXPECT_EQ(r.next_header(), 60);
  EXPECT_EQ(r.length(), 8 + 8 + 8 + 5);
  ASSERT_EQ(r.extension_headers_size(), 2);
  EXPECT_EQ(r.extension_headers(0).type(), 60);
  EXPECT_EQ(r.extension_headers(0).data(), pad_n);
  EXPECT_EQ(r.extension_headers(1).type(), 44);
  EXPECT_EQ(r.extension_headers(1).data(), fragment);
  // A fragment's payload stays raw: the UDP header and "hello".
  EXPECT_EQ(r.payload_size(), 8 + 5);
}

TEST(Ipv6Encoder, GivesOneRecordPerHeaderOfATunnel) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                            Tins::IPv6("fd00::2", "fd00::1") / Tins::UDP(1, 2);
  auto records = encode_packet<ipv6>(packet);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].src_ip(), ipv6_bytes("2001:db8::1"));
  EXPECT_EQ(records[0].next_header(), 41);
  EXPECT_EQ(records[0].length(), 40 + 8);
  EXPECT_EQ(records[1].src_ip(), ipv6_bytes("fd00::1"));
  EXPECT_EQ(records[1].next_header(), 17);
  EXPECT_EQ(records[1].length(), 8);
}

TEST(Ipv6Encoder, ComputesEntropyOfPayloadAfterExtensionHeaders) {
  Tins::IPv6 ip("2001:db8::2", "2001:db8::1");
  ip.add_header(extension(0, std::string("\x01\x04\x00\x00\x00\x00", 6)));
  Tins::EthernetII packet =
      Tins::EthernetII() / ip / Tins::UDP(53, 40000) / Tins::RawPDU("hello");
  const std::vector<std::uint8_t> bytes = packet.serialize();
  const std::string payload(bytes.begin() + 14 + 40 + 8, bytes.end());
  ASSERT_EQ(payload.size(), 8u + 5);
  encode_options options;
  options.entropy = true;
  auto records = encode_bytes<ipv6>(bytes, DLT_EN10MB, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].extension_headers_size(), 1);
  EXPECT_EQ(records[0].payload_size(), 8 + 5);
  EXPECT_GT(records[0].payload_entropy(), 0);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), detail::entropy(payload));
}

TEST(Ipv6Encoder, TruncatedHeaderYieldsNoRecord) {
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") / Tins::UDP(1, 2);
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes.resize(14 + 39);
  EXPECT_TRUE(encode_bytes<ipv6>(bytes).empty());
}

}  // namespace
}  // namespace netcap::encoders
