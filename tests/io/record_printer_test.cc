#include "netcap/io/record_printer.hpp"

#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "proto/header.pb.h"
#include "proto/ipv4.pb.h"
#include "proto/ipv6.pb.h"
#include "proto/tcp.pb.h"
#include "proto/udp.pb.h"

namespace netcap::io {
namespace {

UDP make_udp(std::int64_t timestamp, int src_port) {
  UDP udp;
  udp.set_timestamp(timestamp);
  udp.set_src_port(src_port);
  udp.set_dst_port(53);
  return udp;
}

IPv4 make_ipv4(std::int64_t timestamp) {
  IPv4 ip;
  ip.set_timestamp(timestamp);
  ip.set_src_ip(std::string("\x0a\x00\x00\x01", 4));
  ip.set_dst_ip(std::string("\x0a\x00\x00\x02", 4));
  return ip;
}

std::unique_ptr<record_printer> make(std::vector<const google::protobuf::Descriptor*> types,
                                     bool merged, const print_options& options,
                                     std::ostream& out) {
  absl::StatusOr<std::unique_ptr<record_printer>> printer =
      record_printer::make(std::move(types), merged, options, out);
  EXPECT_TRUE(printer.ok()) << printer.status();
  return printer.ok() ? *std::move(printer) : nullptr;
}

TEST(RecordPrinter, PrintsCsvWithAHeaderLineEvenWithoutRecords) {
  std::ostringstream out;
  print_options options;
  options.select = {"src_port", "dst_port"};
  make({UDP::descriptor()}, false, options, out)->finish();
  EXPECT_EQ(out.str(), "src_port,dst_port\n");
}

TEST(RecordPrinter, PrintsTheSameLinesAsTheCsvPrinter) {
  std::ostringstream out;
  auto printer = make({UDP::descriptor()}, false, {}, out);
  const UDP udp = make_udp(5, 1000);
  printer->print(0, udp);
  printer->finish();
  csv_printer csv(*UDP::descriptor(), {});
  EXPECT_EQ(out.str(), csv.header_line() + "\n" + csv.line(udp) + "\n");
}

TEST(RecordPrinter, MergedCsvHasTheRecordTypeAndTheUnionOfColumns) {
  std::ostringstream out;
  print_options options;
  options.select = {"timestamp", "src_ip", "src_port"};
  auto printer = make({IPv4::descriptor(), UDP::descriptor()}, true, options, out);
  printer->print(0, make_ipv4(1));
  printer->print(1, make_udp(1, 1000));
  printer->finish();
  EXPECT_EQ(out.str(),
            "record_type,timestamp,src_ip,src_port\n"
            "IPv4,1,10.0.0.1,\n"
            "UDP,1,,1000\n");
}

TEST(RecordPrinter, MergedColumnsFollowTheTypesFieldsInOrderFirstMet) {
  std::ostringstream out;
  auto printer = make({UDP::descriptor(), IPv6::descriptor()}, true, {}, out);
  const std::string fields = printer->fields_line();
  EXPECT_EQ(fields.rfind("record_type,timestamp,src_port,dst_port,length,", 0), 0u) << fields;
  EXPECT_NE(fields.find(",payload,version,traffic_class,"), std::string::npos) << fields;
  // payload_size is in both types and appears once.
  EXPECT_EQ(fields.find("payload_size"), fields.rfind("payload_size")) << fields;
}

TEST(RecordPrinter, RejectsASelectedFieldNoTypeHas) {
  std::ostringstream out;
  print_options options;
  options.select = {"timestamp", "bogus"};
  auto printer = record_printer::make({UDP::descriptor(), IPv4::descriptor()}, true, options, out);
  ASSERT_FALSE(printer.ok());
  EXPECT_NE(printer.status().message().find("\"bogus\" for UDP, IPv4"), absl::string_view::npos)
      << printer.status();
}

TEST(RecordPrinter, JsonHasEveryFieldAndTheRecordTypeWhenMerged) {
  std::ostringstream out;
  print_options options;
  options.form = output_form::json;
  auto printer = make({UDP::descriptor()}, true, options, out);
  printer->print(0, make_udp(7, 1000));
  printer->finish();
  EXPECT_EQ(out.str(),
            "{\"record_type\":\"UDP\",\"timestamp\":\"7\",\"src_port\":1000,\"dst_port\":53,"
            "\"length\":0,\"checksum\":0,\"payload_entropy\":0,\"payload_size\":0,"
            "\"payload\":\"\"}\n");
}

TEST(RecordPrinter, JsonAndTextKeepSelectedFieldsInTheOrderChosen) {
  std::ostringstream json_out;
  print_options options;
  options.form = output_form::json;
  options.select = {"length", "src_port"};
  auto json = make({UDP::descriptor()}, false, options, json_out);
  json->print(0, make_udp(7, 1000));
  json->finish();
  EXPECT_EQ(json_out.str(), "{\"length\":0,\"src_port\":1000}\n");

  std::ostringstream text_out;
  options.form = output_form::text;
  auto text = make({UDP::descriptor()}, false, options, text_out);
  text->print(0, make_udp(7, 1000));
  text->finish();
  EXPECT_EQ(text_out.str(), "UDP {\n  src_port: 1000\n}\n");
}

TEST(RecordPrinter, RefusesUtcWithJsonAndText) {
  std::ostringstream out;
  print_options options;
  options.csv.utc = true;
  for (output_form form : {output_form::json, output_form::text}) {
    options.form = form;
    auto printer = record_printer::make({UDP::descriptor()}, false, options, out);
    ASSERT_FALSE(printer.ok());
    EXPECT_NE(printer.status().message().find("-utc"), absl::string_view::npos);
  }
}

TEST(RecordPrinter, TablesAlignColumnsAndCutLongCells) {
  std::ostringstream out;
  print_options options;
  options.form = output_form::table;
  options.select = {"src_port", "payload", "dst_port"};
  options.table_cell_width = 10;
  auto printer = make({UDP::descriptor()}, false, options, out);
  UDP udp = make_udp(1, 7);
  udp.set_payload(std::string(20, 'x'));
  printer->print(0, udp);
  printer->print(0, make_udp(2, 51000));
  printer->finish();
  EXPECT_EQ(out.str(),
            "src_port  payload     dst_port\n"
            "--------  ----------  --------\n"
            "       7  7878787...        53\n"
            "   51000                    53\n");
}

TEST(RecordPrinter, TablesStartAnewEveryTableRowsRecordsAndDropColumnsNoRowHas) {
  std::ostringstream out;
  print_options options;
  options.form = output_form::table;
  options.table_rows = 1;
  options.select = {"src_ip", "src_port"};
  auto printer = make({IPv4::descriptor(), UDP::descriptor()}, true, options, out);
  printer->print(0, make_ipv4(1));
  printer->print(1, make_udp(1, 9));
  printer->finish();
  EXPECT_EQ(out.str(),
            "record_type  src_ip\n"
            "-----------  --------\n"
            "IPv4         10.0.0.1\n"
            "\n"
            "record_type  src_port\n"
            "-----------  --------\n"
            "UDP                 9\n");
}

TEST(RecordPrinter, PrintsAHeaderAsFieldValueRows) {
  Header header;
  header.set_record_type("UDP");
  header.set_version("1.2.3");
  header.set_input_source("a,b.pcap");
  header.set_created(1700000000000000000);
  std::ostringstream out;
  print_options options;
  options.csv.utc = true;
  ASSERT_TRUE(print_header(header, options, out).ok());
  EXPECT_EQ(out.str(),
            "record_type,UDP\nversion,1.2.3\ninput_source,\"a,b.pcap\"\n"
            "created,2023-11-14T22:13:20.000000000Z\ncontains_payloads,false\n");
  std::ostringstream table;
  options.form = output_form::table;
  ASSERT_TRUE(print_header(header, options, table).ok());
  EXPECT_NE(table.str().find("input_source       a,b.pcap\n"), std::string::npos) << table.str();
}

}  // namespace
}  // namespace netcap::io
