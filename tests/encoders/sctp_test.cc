#include "netcap/encoders/sctp.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/ipv4.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;

std::vector<std::uint8_t> in_ipv4(const std::string& message) {
  Tins::IP ip("10.0.0.2", "10.0.0.1");
  ip.protocol(132);
  Tins::EthernetII packet = Tins::EthernetII() / ip / Tins::RawPDU(message);
  return packet.serialize();
}

// Ports 2905 and 2944, verification tag 0x01020304, checksum 0xa1b2c3d4.
const std::string common_header("\x0b\x59\x0b\x80\x01\x02\x03\x04\xa1\xb2\xc3\xd4", 12);

TEST(SctpEncoder, DecodesTheCommonHeaderAndChunks) {
  // A DATA chunk of 5 bytes of user data (length 21, padded to 24), then a
  // SACK of 16 bytes.
  std::string message = common_header;
  message += std::string("\x00\x03\x00\x15", 4) + std::string(12, '\x01') + "hello" +
             std::string(3, '\0');
  message += std::string("\x03\x00\x00\x10", 4) + std::string(12, '\0');
  auto records = encode_bytes<sctp>(in_ipv4(message));
  ASSERT_EQ(records.size(), 1u);
  const SCTP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.src_port(), 2905u);
  EXPECT_EQ(r.dst_port(), 2944u);
  EXPECT_EQ(r.verification_tag(), 0x01020304u);
  EXPECT_EQ(r.checksum(), 0xa1b2c3d4u);
  ASSERT_EQ(r.chunks_size(), 2);
  EXPECT_EQ(r.chunks(0).type(), 0);
  EXPECT_EQ(r.chunks(0).flags(), 3);
  EXPECT_EQ(r.chunks(0).length(), 21);
  EXPECT_EQ(r.chunks(1).type(), 3);
  EXPECT_EQ(r.chunks(1).length(), 16);
}

TEST(SctpEncoder, AcceptsALastChunkWithoutPadding) {
  // A small packet: Ethernet pads the frame, and the IPv4 total length
  // keeps that padding out of SCTP.
  auto records =
      encode_bytes<sctp>(in_ipv4(common_header + std::string("\x0e\x00\x00\x05\x07", 5)));
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].chunks_size(), 1);
  EXPECT_EQ(records[0].chunks(0).type(), 14);
  EXPECT_EQ(records[0].chunks(0).length(), 5);
}

TEST(SctpEncoder, ReportsMalformedPackets) {
  pipeline<sctp>::register_layers();
  auto error_of = [](const std::vector<std::uint8_t>& bytes) {
    return dissect(DLT_EN10MB, bytes.data(), static_cast<std::uint32_t>(bytes.size())).error;
  };
  const auto header = in_ipv4(common_header.substr(0, 10));
  EXPECT_EQ(error_of(header), "SCTP: truncated header");
  EXPECT_TRUE(encode_bytes<sctp>(header).empty());
  EXPECT_EQ(encode_bytes<ipv4>(header).size(), 1u);
  // A chunk length under 4 would never advance.
  const auto zero = in_ipv4(common_header + std::string("\x00\x00\x00\x00", 4));
  EXPECT_EQ(error_of(zero), "SCTP: malformed chunk");
  EXPECT_TRUE(encode_bytes<sctp>(zero).empty());
  const auto past_end = in_ipv4(common_header + std::string("\x01\x00\x00\x20\x00\x00", 6));
  EXPECT_EQ(error_of(past_end), "SCTP: malformed chunk");
}

}  // namespace
}  // namespace netcap::encoders
