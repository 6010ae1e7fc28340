#include "netcap/encoders/bfd.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using outcome = netcap::testing::packet_outcome<BFD>;

outcome run_udp(const std::string& payload, std::uint16_t dport = 3784,
                std::uint16_t sport = 49152) {
  return netcap::testing::run_payload<bfd>(payload, dport, sport);
}

std::string u32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16 & 0xff),
          static_cast<char>(v >> 8 & 0xff), static_cast<char>(v & 0xff)};
}

// A control packet (RFC 5880 4.1): version 1, the given diagnostic, state
// and flags, detect multiplier 3, Length `length`.
std::string control(std::uint8_t flags, std::uint8_t length = 24) {
  std::string p;
  p += static_cast<char>(1 << 5 | 2);        // version 1, diag 2 (echo failed)
  p += static_cast<char>(3 << 6 | flags);    // state Up
  p += '\x03';
  p += static_cast<char>(length);
  p += u32(0x11111111) + u32(0x22222222);    // discriminators
  p += u32(1000000) + u32(300000) + u32(50000);
  return p;
}

TEST(BfdEncoder, FillsControlPacket) {
  // Poll, control plane independent, demand.
  const outcome out = run_udp(control(0x20 | 0x08 | 0x02));
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const BFD& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 1);
  EXPECT_EQ(r.diagnostic(), 2);
  EXPECT_EQ(r.state(), 3);
  EXPECT_TRUE(r.poll());
  EXPECT_FALSE(r.final());
  EXPECT_TRUE(r.control_plane_independent());
  EXPECT_FALSE(r.auth_present());
  EXPECT_TRUE(r.demand());
  EXPECT_FALSE(r.multipoint());
  EXPECT_EQ(r.detect_multiplier(), 3);
  EXPECT_EQ(r.length(), 24);
  EXPECT_EQ(r.my_discriminator(), 0x11111111u);
  EXPECT_EQ(r.your_discriminator(), 0x22222222u);
  EXPECT_EQ(r.desired_min_tx_interval(), 1000000u);
  EXPECT_EQ(r.required_min_rx_interval(), 300000u);
  EXPECT_EQ(r.required_min_echo_rx_interval(), 50000u);
  EXPECT_FALSE(r.has_auth_header());
  EXPECT_FALSE(r.echo());
}

TEST(BfdEncoder, FillsKeyedSha1Authentication) {
  // RFC 5880 4.4: type 4, length 28, key id 7, reserved, sequence, digest.
  std::string auth("\x04\x1c\x07\x00", 4);
  auth += u32(0x01020304) + std::string(20, '\xab');
  const outcome out = run_udp(control(0x04 | 0x01, 24 + 28) + auth, 4784);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const BFD& r = out.records[0];
  EXPECT_TRUE(r.auth_present());
  EXPECT_TRUE(r.multipoint());
  ASSERT_TRUE(r.has_auth_header());
  EXPECT_EQ(r.auth_header().auth_type(), 4);
  EXPECT_EQ(r.auth_header().auth_length(), 28);
  EXPECT_EQ(r.auth_header().key_id(), 7);
  EXPECT_EQ(r.auth_header().sequence_number(), 0x01020304u);
  EXPECT_EQ(r.auth_header().data(), std::string(20, '\xab'));
}

TEST(BfdEncoder, FillsSimplePassword) {
  const std::string auth = std::string("\x01\x09\x02", 3) + "secret";
  const outcome out = run_udp(control(0x04, 24 + 9) + auth);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].auth_header().auth_type(), 1);
  EXPECT_EQ(out.records[0].auth_header().key_id(), 2);
  EXPECT_EQ(out.records[0].auth_header().sequence_number(), 0u);
  EXPECT_EQ(out.records[0].auth_header().data(), "secret");
}

TEST(BfdEncoder, IgnoresBytesAfterLength) {
  const outcome out = run_udp(control(0) + "trailing");
  EXPECT_EQ(out.error, "");
  EXPECT_EQ(out.records.size(), 1u);
}

TEST(BfdEncoder, EchoPacketsKeepTheirBytes) {
  const outcome out = run_udp("echo-cookie", 3785);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_TRUE(out.records[0].echo());
  EXPECT_EQ(out.records[0].echo_data(), "echo-cookie");
  EXPECT_EQ(out.records[0].version(), 0);
}

TEST(BfdEncoder, ClaimsByDestinationPort) {
  EXPECT_EQ(run_udp(control(0), 3784).records.size(), 1u);
  EXPECT_EQ(run_udp(control(0), 4784).records.size(), 1u);
  EXPECT_EQ(run_udp(control(0), 6784).records.size(), 1u);
  EXPECT_EQ(run_udp(control(0), 49152, 3784).records.size(), 0u);
  EXPECT_EQ(run_udp(control(0), 40000, 40001).records.size(), 0u);
}

TEST(BfdEncoder, MalformedPacketsGiveErrorsAndNoRecord) {
  const struct {
    std::string packet;
    const char* error;
  } cases[] = {
      {control(0).substr(0, 1), "BFD: truncated header"},
      {control(0).substr(0, 23), "BFD: truncated header"},
      {control(0, 20), "BFD: bad length"},
      {control(0x04, 25) + "x", "BFD: bad length"},
      {control(0, 40), "BFD: truncated packet"},
      // Auth length beyond the packet's Length.
      {control(0x04, 24 + 9) + std::string("\x01\x10\x02", 3) + "secret",
       "BFD: bad authentication length"},
      // Keyed MD5 with no room for its sequence number.
      {control(0x04, 24 + 4) + std::string("\x02\x04\x01\x00", 4),
       "BFD: bad authentication length"},
  };
  for (const auto& c : cases) {
    const outcome out = run_udp(c.packet);
    EXPECT_EQ(out.error, c.error) << c.packet.size();
    EXPECT_TRUE(out.records.empty()) << c.packet.size();
  }
}

}  // namespace
}  // namespace netcap::encoders
