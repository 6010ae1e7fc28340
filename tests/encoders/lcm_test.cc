#include "netcap/encoders/lcm.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using outcome = netcap::testing::packet_outcome<LCM>;

outcome run_udp(const std::string& payload, std::uint16_t dport = 7667,
                std::uint16_t sport = 40000) {
  return netcap::testing::run_payload<lcm>(payload, dport, sport, "239.255.76.67");
}

TEST(LcmEncoder, FillsSmallMessage) {
  // "LC02", sequence 5, channel "POSE", data.
  const std::string m = std::string("LC02\x00\x00\x00\x05", 8) + "POSE" + '\0' + "data";
  const outcome out = run_udp(m);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const LCM& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.magic(), 0x4c433032u);
  EXPECT_EQ(r.sequence_number(), 5u);
  EXPECT_EQ(r.channel_name(), "POSE");
  EXPECT_FALSE(r.fragmented());
  EXPECT_EQ(r.payload_size(), 0u);
  EXPECT_EQ(r.total_fragments(), 0);
}

TEST(LcmEncoder, FillsFragments) {
  // "LC03", sequence 9, size 70000, offset 0, fragment 0 of 2, channel.
  const std::string header("LC03\x00\x00\x00\x09\x00\x01\x11\x70\x00\x00\x00\x00", 16);
  const outcome first =
      run_udp(header + std::string("\x00\x00\x00\x02", 4) + "CAMERA" + '\0' + "jpeg");
  EXPECT_EQ(first.error, "");
  ASSERT_EQ(first.records.size(), 1u);
  EXPECT_TRUE(first.records[0].fragmented());
  EXPECT_EQ(first.records[0].magic(), 0x4c433033u);
  EXPECT_EQ(first.records[0].payload_size(), 70000u);
  EXPECT_EQ(first.records[0].fragment_offset(), 0u);
  EXPECT_EQ(first.records[0].fragment_number(), 0);
  EXPECT_EQ(first.records[0].total_fragments(), 2);
  EXPECT_EQ(first.records[0].channel_name(), "CAMERA");
  // The second fragment has no channel name, so no zero byte is needed.
  std::string later("LC03\x00\x00\x00\x09\x00\x01\x11\x70\x00\x00\xff\xd0\x00\x01\x00\x02",
                    20);
  const outcome second = run_udp(later + "more jpeg");
  EXPECT_EQ(second.error, "");
  ASSERT_EQ(second.records.size(), 1u);
  EXPECT_EQ(second.records[0].fragment_offset(), 0xffd0u);
  EXPECT_EQ(second.records[0].fragment_number(), 1);
  EXPECT_EQ(second.records[0].channel_name(), "");
}

TEST(LcmEncoder, ClaimsByMagicOnAnyPort) {
  const std::string m = std::string("LC02\x00\x00\x00\x01", 8) + "X" + '\0';
  EXPECT_EQ(run_udp(m, 12345).records.size(), 1u);
  EXPECT_EQ(run_udp("LC01 is no magic", 7667).records.size(), 0u);
}

TEST(LcmEncoder, ChannelNamesThatAreNotUtf8StayReadable) {
  const std::string m = std::string("LC02\x00\x00\x00\x01", 8) + "a\xff" + '\0';
  const outcome out = run_udp(m);
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].channel_name(), "a\xef\xbf\xbd");
}

TEST(LcmEncoder, MalformedMessagesGiveErrorsAndNoRecord) {
  const struct {
    std::string message;
    const char* error;
  } cases[] = {
      {"LC02", "LCM: truncated header"},
      {std::string("LC02\x00\x00\x00", 7), "LCM: truncated header"},
      {std::string("LC03\x00\x00\x00\x01\x00\x00\x00\x10", 12), "LCM: truncated header"},
      {std::string("LC02\x00\x00\x00\x01", 8), "LCM: unterminated channel name"},
      {std::string("LC02\x00\x00\x00\x01", 8) + "NAME", "LCM: unterminated channel name"},
      {std::string("LC03\x00\x00\x00\x01\x00\x00\x00\x10\x00\x00\x00\x00\x00\x00\x00\x01", 20) +
           "NAME",
       "LCM: unterminated channel name"},
  };
  for (const auto& c : cases) {
    const outcome out = run_udp(c.message);
    EXPECT_EQ(out.error, c.error) << c.message.size();
    EXPECT_TRUE(out.records.empty()) << c.message.size();
  }
}

}  // namespace
}  // namespace netcap::encoders
