#include "netcap/encoders/ntp.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using outcome = netcap::testing::packet_outcome<NTP>;

outcome run_udp(const std::string& payload, std::uint16_t dport = 123,
                std::uint16_t sport = 40000) {
  return netcap::testing::run_payload<ntp>(payload, dport, sport);
}

std::string u32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16 & 0xff),
          static_cast<char>(v >> 8 & 0xff), static_cast<char>(v & 0xff)};
}

// A version 4 server response (mode 4) from a stratum 2 server, as RFC 5905
// 7.3 lays it out.
std::string server_response() {
  std::string m;
  m += static_cast<char>(0 << 6 | 4 << 3 | 4);  // LI 0, VN 4, mode 4
  m += '\x02';                                  // stratum
  m += '\x06';                                  // poll: 64 s
  m += '\xe9';                                  // precision: -23
  m += u32(0x00000123) + u32(0x00000456);       // root delay, dispersion
  m += u32(0xc0a80101);                         // reference id
  m += u32(0xe5b0a1b2) + u32(0x10000000);       // reference timestamp
  m += u32(0xe5b0a1c0) + u32(0x20000000);       // origin
  m += u32(0xe5b0a1c0) + u32(0x30000000);       // receive
  m += u32(0xe5b0a1c0) + u32(0x40000000);       // transmit
  return m;
}

TEST(NtpEncoder, FillsHeaderFields) {
  const outcome out = run_udp(server_response(), 40000, 123);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const NTP& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.leap_indicator(), 0);
  EXPECT_EQ(r.version(), 4);
  EXPECT_EQ(r.mode(), 4);
  EXPECT_EQ(r.stratum(), 2);
  EXPECT_EQ(r.poll(), 6);
  EXPECT_EQ(r.precision(), -23);
  EXPECT_EQ(r.root_delay(), 0x123u);
  EXPECT_EQ(r.root_dispersion(), 0x456u);
  EXPECT_EQ(r.reference_id(), 0xc0a80101u);
  EXPECT_EQ(r.reference_timestamp(), 0xe5b0a1b210000000u);
  EXPECT_EQ(r.origin_timestamp(), 0xe5b0a1c020000000u);
  EXPECT_EQ(r.receive_timestamp(), 0xe5b0a1c030000000u);
  EXPECT_EQ(r.transmit_timestamp(), 0xe5b0a1c040000000u);
  EXPECT_EQ(r.extension_bytes(), "");
}

TEST(NtpEncoder, KeepsExtensionFieldsAndMac) {
  std::string m = server_response();
  m[0] = static_cast<char>(3 << 6 | 3 << 3 | 3);  // LI 3 (unsynchronised), v3, client
  const std::string mac = u32(1) + std::string(16, '\x5a');  // key id and MD5
  const outcome out = run_udp(m + mac);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].leap_indicator(), 3);
  EXPECT_EQ(out.records[0].version(), 3);
  EXPECT_EQ(out.records[0].mode(), 3);
  EXPECT_EQ(out.records[0].extension_bytes(), mac);
}

TEST(NtpEncoder, ControlMessagesGiveTheFirstByteOnly) {
  // An ntpq READVAR request (mode 6): 12 bytes, not the 48-byte header.
  const std::string control("\x16\x02\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00", 12);
  const outcome out = run_udp(control);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].version(), 2);
  EXPECT_EQ(out.records[0].mode(), 6);
  EXPECT_EQ(out.records[0].stratum(), 0);
  EXPECT_EQ(out.records[0].transmit_timestamp(), 0u);
}

TEST(NtpEncoder, ClaimsPort123Only) {
  EXPECT_EQ(run_udp(server_response(), 123, 123).records.size(), 1u);
  EXPECT_EQ(run_udp(server_response(), 40001, 40000).records.size(), 0u);
}

TEST(NtpEncoder, TruncatedHeaderGivesErrorAndNoRecord) {
  const std::string whole = server_response();
  for (std::size_t size : {1u, 4u, 47u}) {
    const outcome out = run_udp(whole.substr(0, size));
    EXPECT_EQ(out.error, "NTP: truncated header") << size;
    EXPECT_TRUE(out.records.empty()) << size;
  }
}

}  // namespace
}  // namespace netcap::encoders
