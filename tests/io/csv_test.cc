#include "netcap/io/csv.hpp"

#include <string>

#include "gtest/gtest.h"
#include "proto/dns.pb.h"
#include "proto/header.pb.h"
#include "proto/ipv4.pb.h"
#include "proto/tcp.pb.h"
#include "proto/udp.pb.h"

namespace netcap::io {
namespace {

TEST(Csv, PrintsEveryFieldInProtoOrder) {
  UDP udp;
  udp.set_timestamp(1700000000010000123);
  udp.set_src_port(51000);
  udp.set_dst_port(53);
  udp.set_payload(std::string("\x01\xab", 2));
  csv_printer printer(*UDP::descriptor(), {});
  EXPECT_EQ(printer.header_line(),
            "timestamp,src_port,dst_port,length,checksum,payload_entropy,payload_size,payload");
  EXPECT_EQ(printer.line(udp), "1700000000010000123,51000,53,0,0,0,0,01ab");
}

TEST(Csv, PrintsAddressesByFieldName) {
  IPv4 ip;
  ip.set_src_ip(std::string("\xc0\xa8\x01\x0a", 4));
  ip.set_dst_ip(std::string(16, '\0'));
  csv_printer printer(*IPv4::descriptor(), {});
  ASSERT_TRUE(printer.select({"src_ip", "dst_ip"}).ok());
  EXPECT_EQ(printer.line(ip), "192.168.1.10,::");
}

TEST(Csv, PrintsFloatingPointNumbersSoTheyReadBack) {
  UDP udp;
  udp.set_payload_entropy(7.123456789012345);
  csv_printer printer(*UDP::descriptor(), {});
  ASSERT_TRUE(printer.select({"payload_entropy"}).ok());
  EXPECT_EQ(std::stod(printer.line(udp)), 7.123456789012345);
  udp.set_payload_entropy(2.5);
  EXPECT_EQ(printer.line(udp), "2.5");
}

TEST(Csv, NestsStructuresInTheGivenDelimiters) {
  TCP tcp;
  auto* mss = tcp.add_options();
  mss->set_option_type(2);
  mss->set_option_length(4);
  mss->set_option_data(std::string("\x05\xb4", 2));
  auto* nop = tcp.add_options();
  nop->set_option_type(1);
  nop->set_option_length(1);
  csv_options options;
  csv_printer printer(*TCP::descriptor(), options);
  ASSERT_TRUE(printer.select({"options"}).ok());
  EXPECT_EQ(printer.line(tcp), "(2-4-05b4)(1-1-)");
  options.begin = "[";
  options.end = "]";
  options.struct_separator = "|";
  csv_printer other(*TCP::descriptor(), options);
  ASSERT_TRUE(other.select({"options"}).ok());
  EXPECT_EQ(other.line(tcp), "[2|4|05b4][1|1|]");
}

TEST(Csv, QuotesValuesThatHoldTheSeparatorQuotesOrLineBreaks) {
  DNS dns;
  auto* q = dns.add_questions();
  q->set_name("a,b\"c");
  auto* answer = dns.add_answers();
  answer->add_txts("x");
  answer->add_txts("y z");
  csv_printer printer(*DNS::descriptor(), {});
  ASSERT_TRUE(printer.select({"id", "questions"}).ok());
  EXPECT_EQ(printer.line(dns), "0,\"(a,b\"\"c-0-0)\"");
  csv_options tabs;
  tabs.separator = "\t";
  csv_printer tsv(*DNS::descriptor(), tabs);
  ASSERT_TRUE(tsv.select({"id", "questions"}).ok());
  EXPECT_EQ(tsv.line(dns), "0\t\"(a,b\"\"c-0-0)\"");
  csv_options bare = tabs;
  bare.quote = false;
  csv_printer table(*DNS::descriptor(), bare);
  ASSERT_TRUE(table.select({"questions"}).ok());
  EXPECT_EQ(table.line(dns), "(a,b\"c-0-0)");
}

TEST(Csv, PrintsTimestampsAsRfc3339UtcOnRequest) {
  EXPECT_EQ(format_utc(1700000000600000123), "2023-11-14T22:13:20.600000123Z");
  EXPECT_EQ(format_utc(0), "1970-01-01T00:00:00.000000000Z");
  csv_options options;
  options.utc = true;
  UDP udp;
  udp.set_timestamp(1700000000600000123);
  udp.set_src_port(7);
  csv_printer printer(*UDP::descriptor(), options);
  ASSERT_TRUE(printer.select({"timestamp", "src_port"}).ok());
  EXPECT_EQ(printer.line(udp), "2023-11-14T22:13:20.600000123Z,7");
  Header header;
  header.set_created(1700000000000000000);
  csv_printer header_printer(*Header::descriptor(), options);
  ASSERT_TRUE(header_printer.select({"created"}).ok());
  EXPECT_EQ(header_printer.line(header), "2023-11-14T22:13:20.000000000Z");
}

TEST(Csv, KnowsTimestampFieldsByTypeAndName) {
  EXPECT_TRUE(is_timestamp_field(*UDP::descriptor()->FindFieldByName("timestamp")));
  EXPECT_TRUE(is_timestamp_field(*Header::descriptor()->FindFieldByName("created")));
  EXPECT_FALSE(is_timestamp_field(*UDP::descriptor()->FindFieldByName("src_port")));
  EXPECT_FALSE(is_timestamp_field(*TCP::descriptor()->FindFieldByName("seq_num")));
}

TEST(Csv, RejectsAnUnknownFieldListingTheValidOnes) {
  csv_printer printer(*UDP::descriptor(), {});
  absl::Status status = printer.select({"src_port", "nope"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("\"nope\""), absl::string_view::npos) << status;
  EXPECT_NE(status.message().find("dst_port"), absl::string_view::npos) << status;
}

}  // namespace
}  // namespace netcap::io
