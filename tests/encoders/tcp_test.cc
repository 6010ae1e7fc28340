#include "netcap/encoders/tcp.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::encode_packet;

std::vector<std::uint8_t> serialize(Tins::TCP tcp, const std::string& payload = "") {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / tcp;
  if (!payload.empty()) packet /= Tins::RawPDU(payload);
  return packet.serialize();
}

TEST(TcpEncoder, FillsHeaderFields) {
  Tins::TCP tcp(80, 1234);
  tcp.seq(0x01020304);
  tcp.ack_seq(0xa0b0c0d0);
  tcp.window(8192);
  tcp.urg_ptr(7);
  tcp.flags(Tins::TCP::PSH | Tins::TCP::ACK | Tins::TCP::URG);
  const std::vector<std::uint8_t> bytes = serialize(tcp, "hello");
  auto records = encode_bytes<encoders::tcp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const TCP& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.src_port(), 1234);
  EXPECT_EQ(r.dst_port(), 80);
  EXPECT_EQ(r.seq_num(), 0x01020304u);
  EXPECT_EQ(r.ack_num(), 0xa0b0c0d0u);
  EXPECT_EQ(r.data_offset(), 5);
  EXPECT_FALSE(r.fin());
  EXPECT_FALSE(r.syn());
  EXPECT_FALSE(r.rst());
  EXPECT_TRUE(r.psh());
  EXPECT_TRUE(r.ack());
  EXPECT_TRUE(r.urg());
  EXPECT_FALSE(r.ece());
  EXPECT_FALSE(r.cwr());
  EXPECT_FALSE(r.ns());
  EXPECT_EQ(r.window(), 8192);
  EXPECT_EQ(r.checksum(), bytes[14 + 20 + 16] << 8 | bytes[14 + 20 + 17]);
  EXPECT_NE(r.checksum(), 0);
  EXPECT_EQ(r.urgent(), 7);
  EXPECT_TRUE(r.padding().empty());
  EXPECT_EQ(r.options_size(), 0);
  EXPECT_EQ(r.payload_size(), 5);
  // Payload bytes and entropy are opt-in.
  EXPECT_TRUE(r.payload().empty());
  EXPECT_EQ(r.payload_entropy(), 0);
}

TEST(TcpEncoder, ReadsEveryFlagIncludingNonce) {
  Tins::TCP tcp(80, 1234);
  // RFC 3540's nonce sum bit is the lowest bit of the byte before the flags.
  tcp.flags(0x1ff);
  const std::vector<std::uint8_t> bytes = serialize(tcp);
  ASSERT_EQ(bytes[14 + 20 + 12], 0x51);
  ASSERT_EQ(bytes[14 + 20 + 13], 0xff);
  auto records = encode_bytes<encoders::tcp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const TCP& r = records[0];
  EXPECT_TRUE(r.fin());
  EXPECT_TRUE(r.syn());
  EXPECT_TRUE(r.rst());
  EXPECT_TRUE(r.psh());
  EXPECT_TRUE(r.ack());
  EXPECT_TRUE(r.urg());
  EXPECT_TRUE(r.ece());
  EXPECT_TRUE(r.cwr());
  EXPECT_TRUE(r.ns());
}

TEST(TcpEncoder, OnlyNonceSet) {
  Tins::TCP tcp(80, 1234);
  tcp.flags(0x100 | Tins::TCP::SYN);
  auto records = encode_bytes<encoders::tcp>(serialize(tcp));
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0].ns());
  EXPECT_TRUE(records[0].syn());
  EXPECT_FALSE(records[0].ack());
  EXPECT_FALSE(records[0].fin());
}

TEST(TcpEncoder, ListsOptionsAsSent) {
  // A typical SYN (RFC 9293, 7323, 2018): MSS 1460, SACK permitted,
  // timestamps 1000 and 2000, no operation, window scale 7; 20 bytes of
  // options, so no padding.
  Tins::TCP tcp(80, 1234);
  tcp.flags(Tins::TCP::SYN);
  tcp.mss(1460);
  tcp.sack_permitted();
  tcp.timestamp(1000, 2000);
  tcp.add_option(Tins::TCP::option(Tins::TCP::NOP));
  tcp.winscale(7);
  auto records = encode_bytes<encoders::tcp>(serialize(tcp));
  ASSERT_EQ(records.size(), 1u);
  const TCP& r = records[0];
  EXPECT_EQ(r.data_offset(), 10);
  ASSERT_EQ(r.options_size(), 5);
  EXPECT_EQ(r.options(0).option_type(), 2);
  EXPECT_EQ(r.options(0).option_length(), 4);
  EXPECT_EQ(r.options(0).option_data(), std::string("\x05\xb4", 2));
  EXPECT_EQ(r.options(1).option_type(), 4);
  EXPECT_EQ(r.options(1).option_length(), 2);
  EXPECT_EQ(r.options(1).option_data(), "");
  EXPECT_EQ(r.options(2).option_type(), 8);
  EXPECT_EQ(r.options(2).option_length(), 10);
  EXPECT_EQ(r.options(2).option_data(),
            std::string("\x00\x00\x03\xe8\x00\x00\x07\xd0", 8));
  EXPECT_EQ(r.options(3).option_type(), 1);
  EXPECT_EQ(r.options(3).option_length(), 1);
  EXPECT_EQ(r.options(3).option_data(), "");
  EXPECT_EQ(r.options(4).option_type(), 3);
  EXPECT_EQ(r.options(4).option_length(), 3);
  EXPECT_EQ(r.options(4).option_data(), "\x07");
  EXPECT_TRUE(r.padding().empty());
  EXPECT_EQ(r.payload_size(), 0);
}

TEST(TcpEncoder, StopsOptionsAtEndOfListAndKeepsPadding) {
  // MSS 1460 and end of option list, padded with zeros to 8 bytes. libtins
  // pads with no operations, so the padding is written by hand.
  Tins::TCP tcp(80, 1234);
  tcp.mss(1460);
  tcp.add_option(Tins::TCP::option(Tins::TCP::EOL));
  std::vector<std::uint8_t> bytes = serialize(tcp, "data");
  const std::size_t options = 14 + 20 + 20;
  ASSERT_EQ(bytes[options + 4], 0);
  for (std::size_t i = options + 5; i < options + 8; ++i) bytes[i] = 0;
  auto records = encode_bytes<encoders::tcp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  const TCP& r = records[0];
  EXPECT_EQ(r.data_offset(), 7);
  ASSERT_EQ(r.options_size(), 2);
  EXPECT_EQ(r.options(0).option_type(), 2);
  EXPECT_EQ(r.options(0).option_length(), 4);
  EXPECT_EQ(r.options(1).option_type(), 0);
  EXPECT_EQ(r.options(1).option_length(), 1);
  EXPECT_EQ(r.options(1).option_data(), "");
  EXPECT_EQ(r.padding(), std::string(3, '\0'));
  EXPECT_EQ(r.payload_size(), 4);
}

TEST(TcpEncoder, KeepsPaddingBytesAsSent) {
  // Bytes after end of option list that are not zero are padding too.
  Tins::TCP tcp(80, 1234);
  tcp.add_option(Tins::TCP::option(Tins::TCP::EOL));
  std::vector<std::uint8_t> bytes = serialize(tcp);
  const std::size_t options = 14 + 20 + 20;
  ASSERT_EQ(bytes[14 + 20 + 12] >> 4, 6);
  bytes[options + 1] = 1;  // a no operation
  bytes[options + 2] = 4;  // SACK permitted, kind and length
  bytes[options + 3] = 2;
  auto records = encode_bytes<encoders::tcp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  ASSERT_EQ(records[0].options_size(), 1);
  EXPECT_EQ(records[0].options(0).option_type(), 0);
  EXPECT_EQ(records[0].padding(), std::string("\x01\x04\x02", 3));
}

TEST(TcpEncoder, KeepsPayloadAndEntropyWhenAsked) {
  encode_options options;
  options.payloads = true;
  options.entropy = true;
  auto records =
      encode_bytes<encoders::tcp>(serialize(Tins::TCP(80, 1234), "abab"), DLT_EN10MB, options);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].payload(), "abab");
  EXPECT_EQ(records[0].payload_size(), 4);
  EXPECT_DOUBLE_EQ(records[0].payload_entropy(), 1.0);
}

TEST(TcpEncoder, WorksOverIpv6) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                            Tins::TCP(443, 50000) / Tins::RawPDU("x");
  auto records = encode_packet<encoders::tcp>(packet);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].src_port(), 50000);
  EXPECT_EQ(records[0].dst_port(), 443);
  EXPECT_EQ(records[0].payload_size(), 1);
}

TEST(TcpEncoder, TruncatedHeaderYieldsNoRecord) {
  std::vector<std::uint8_t> bytes = serialize(Tins::TCP(80, 1234));
  bytes.resize(14 + 20 + 19);
  EXPECT_TRUE(encode_bytes<encoders::tcp>(bytes).empty());
}

TEST(TcpEncoder, OptionsCutShortKeepTheFixedFields) {
  // As tshark does, the fields before the options still make a record; the
  // options that were not captured are left out.
  Tins::TCP tcp(80, 1234);
  tcp.mss(1460);
  std::vector<std::uint8_t> bytes = serialize(tcp);
  bytes.resize(14 + 20 + 22);  // the data offset says 24 bytes
  auto records = encode_bytes<encoders::tcp>(bytes);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].src_port(), 1234);
  EXPECT_EQ(records[0].dst_port(), 80);
  EXPECT_EQ(records[0].data_offset(), 6);
  EXPECT_EQ(records[0].options_size(), 0);
}

}  // namespace
}  // namespace netcap::encoders
