#include "netcap/io/csv_writer.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "proto/ethernet.pb.h"
#include "proto/udp.pb.h"

namespace netcap::io {
namespace {

std::string temp_folder() {
  std::string pattern = ::testing::TempDir() + "/csv_writer_XXXXXX";
  return ::mkdtemp(pattern.data());
}

// The whole content of a file, gzip members and all, decompressed.
std::string read_gzip(const std::string& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  EXPECT_NE(file, nullptr) << path;
  std::string out;
  char buffer[4096];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) out.append(buffer, n);
  gzclose(file);
  return out;
}

UDP make_udp(int i) {
  UDP r;
  r.set_timestamp(1700000000000000000 + i);
  r.set_src_port(i);
  r.set_dst_port(53);
  return r;
}

struct files_under_test {
  std::vector<std::string_view> names = {"UDP", "Ethernet"};
  std::vector<const google::protobuf::Descriptor*> descriptors = {UDP::descriptor(),
                                                                 Ethernet::descriptor()};
};

TEST(CsvWriter, WritesAHeaderLineThenTheLinesTheCsvPrinterPrints) {
  files_under_test t;
  output_options options;
  options.directory = temp_folder();
  options.block_size = 50;  // many gzip members
  csv_options format;
  record_files files(csv_file_specs(t.names, t.descriptors, options, format), options);
  std::string expected = csv_printer(*UDP::descriptor(), format).header_line() + "\n";
  {
    std::vector<std::unique_ptr<csv_sink>> sinks;
    sinks.push_back(std::make_unique<csv_sink>(files, t.descriptors, format));
    for (int i = 0; i < 100; ++i) {
      sinks[0]->write(0, make_udp(i));
      expected += csv_printer(*UDP::descriptor(), format).line(make_udp(i)) + "\n";
    }
  }
  ASSERT_TRUE(files.close().ok());
  EXPECT_EQ(files[0].path(), options.directory + "/UDP.csv.gz");
  EXPECT_EQ(files[0].records(), 100u);
  EXPECT_EQ(read_gzip(files[0].path()), expected);
  struct stat st;
  EXPECT_NE(::stat((options.directory + "/Ethernet.csv.gz").c_str(), &st), 0)
      << "a type without records leaves no file";
}

TEST(CsvWriter, WritesPlainCsvWithoutCompression) {
  files_under_test t;
  output_options options;
  options.directory = temp_folder();
  options.compress = false;
  csv_options format;
  format.utc = true;
  record_files files(csv_file_specs(t.names, t.descriptors, options, format), options);
  {
    csv_sink sink(files, t.descriptors, format);
    sink.write(0, make_udp(1));
  }
  ASSERT_TRUE(files.close().ok());
  EXPECT_EQ(files[0].path(), options.directory + "/UDP.csv");
  EXPECT_EQ(read_gzip(files[0].path()),  // gzread reads plain files as they are
            "timestamp,src_port,dst_port,length,checksum,payload_entropy,payload_size,payload\n"
            "2023-11-14T22:13:20.000000001Z,1,53,0,0,0,0,\n");
}

}  // namespace
}  // namespace netcap::io
