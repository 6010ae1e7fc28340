#include "netcap/io/record_reader.hpp"
#include "netcap/io/record_writer.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "proto/udp.pb.h"

namespace netcap::io {
namespace {

constexpr std::array<std::string_view, 2> names = {"UDP", "Ethernet"};

std::string temp_folder() {
  std::string pattern = ::testing::TempDir() + "/record_io_XXXXXX";
  return ::mkdtemp(pattern.data());
}

UDP make_udp(int i) {
  UDP r;
  r.set_timestamp(1'000'000'000LL * i + 7);
  r.set_src_port(i);
  r.set_dst_port(53);
  r.set_payload("payload " + std::to_string(i));
  return r;
}

// Writes `count` UDP records through `workers` sinks, round-robin.
std::string write_udp(const output_options& options, int count, int workers) {
  record_files files(names, options);
  {
    std::vector<std::unique_ptr<block_sink>> sinks;
    for (int w = 0; w < workers; ++w) sinks.push_back(std::make_unique<block_sink>(files));
    for (int i = 0; i < count; ++i) sinks[i % workers]->write(0, make_udp(i));
  }
  EXPECT_TRUE(files.close().ok());
  return files[0].path();
}

std::vector<UDP> read_all(const std::string& path, absl::Status* error = nullptr) {
  auto reader = record_reader::open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  std::vector<UDP> out;
  if (!reader.ok()) return out;
  UDP record;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->next(record);
    if (!more.ok()) {
      if (error != nullptr) *error = more.status();
      break;
    }
    if (!*more) break;
    out.push_back(record);
  }
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

TEST(RecordIo, RoundTripsCompressedAcrossManyBlocksAndWorkers) {
  output_options options;
  options.directory = temp_folder();
  options.block_size = 100;  // a few records per gzip member
  options.input_source = "in.pcap";
  const std::string path = write_udp(options, 1000, 3);
  EXPECT_EQ(path, options.directory + "/UDP.ncap.gz");

  auto reader = record_reader::open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->header().record_type(), "UDP");
  EXPECT_EQ((*reader)->header().input_source(), "in.pcap");
  EXPECT_EQ((*reader)->header().version(), std::string(version));

  std::vector<UDP> records = read_all(path);
  ASSERT_EQ(records.size(), 1000u);
  // Workers interleave blocks, so compare as a set.
  std::vector<bool> seen(1000);
  for (const UDP& r : records) {
    ASSERT_LT(r.src_port(), 1000);
    EXPECT_EQ(r.SerializeAsString(), make_udp(r.src_port()).SerializeAsString());
    seen[r.src_port()] = true;
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), true), 1000);
}

TEST(RecordIo, RoundTripsUncompressed) {
  output_options options;
  options.directory = temp_folder();
  options.compress = false;
  const std::string path = write_udp(options, 10, 1);
  EXPECT_EQ(path, options.directory + "/UDP.ncap");
  const std::string bytes = read_file(path);
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_NE(bytes.substr(0, 2), "\x1f\x8b");
  std::vector<UDP> records = read_all(path);
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(records[3].src_port(), 3);  // one worker keeps write order
}

TEST(RecordIo, LeavesNoFileForATypeWithoutRecords) {
  output_options options;
  options.directory = temp_folder();
  write_udp(options, 5, 1);
  struct stat st;
  EXPECT_EQ(::stat((options.directory + "/UDP.ncap.gz").c_str(), &st), 0);
  EXPECT_NE(::stat((options.directory + "/Ethernet.ncap.gz").c_str(), &st), 0);
}

TEST(RecordIo, ReportsATruncatedGzipFileWithTheRecordsRead) {
  output_options options;
  options.directory = temp_folder();
  const std::string path = write_udp(options, 200, 1);
  const std::string bytes = read_file(path);
  write_file(path, bytes.substr(0, bytes.size() - 30));
  absl::Status error;
  std::vector<UDP> records = read_all(path, &error);
  EXPECT_LT(records.size(), 200u);
  EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss) << error;
  EXPECT_NE(error.message().find("damaged after " + std::to_string(records.size()) +
                                 " records"),
            std::string_view::npos)
      << error;
}

TEST(RecordIo, ReportsAGzipFileCutInItsLastTrailer) {
  output_options options;
  options.directory = temp_folder();
  const std::string path = write_udp(options, 20, 1);
  const std::string bytes = read_file(path);
  // Every record decompresses; only the last member's CRC and length are cut.
  for (std::size_t cut : {1, 4, 8}) {
    write_file(path, bytes.substr(0, bytes.size() - cut));
    absl::Status error;
    std::vector<UDP> records = read_all(path, &error);
    EXPECT_EQ(records.size(), 20u);
    EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss) << cut << ": " << error;
    EXPECT_NE(error.message().find("damaged after 20 records: the gzip stream ends without "
                                   "its trailer"),
              std::string_view::npos)
        << error;
  }
}

// A file cut anywhere either reads as damaged, with the records before the
// cut, or, cut exactly between two gzip members, as a sound file with the
// records of the members before it: concatenated members are a gzip stream
// of their own (RFC 1952, section 2.2), so nothing tells the two apart.
// netcap writes whole members, so only something else cuts a file there.
TEST(RecordIo, ReportsAGzipFileCutAtAnyByte) {
  output_options options;
  options.directory = temp_folder();
  options.block_size = 100;
  const std::string path = write_udp(options, 40, 1);
  const std::string bytes = read_file(path);
  const std::vector<UDP> all = read_all(path);
  ASSERT_EQ(all.size(), 40u);
  std::size_t sound_cuts = 0;
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    write_file(path, bytes.substr(0, cut));
    auto reader = record_reader::open(path);
    if (!reader.ok()) {
      // Cut inside the header member.
      EXPECT_NE(reader.status().message().find("no valid header"), std::string_view::npos)
          << cut << ": " << reader.status();
      continue;
    }
    absl::Status error;
    const std::vector<UDP> records = read_all(path, &error);
    ASSERT_LE(records.size(), all.size()) << cut;
    for (std::size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(records[i].SerializeAsString(), all[i].SerializeAsString()) << cut;
    }
    if (error.ok()) {
      ++sound_cuts;
      EXPECT_EQ(bytes.compare(cut, 3, "\x1f\x8b\x08"), 0)
          << cut << " is not where a member starts, yet the file reads as sound";
    } else {
      EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss) << cut << ": " << error;
      EXPECT_NE(error.message().find("damaged after " + std::to_string(records.size()) +
                                     " records"),
                std::string_view::npos)
          << cut << ": " << error;
    }
  }
  EXPECT_GT(sound_cuts, 5u);
}

// A path need not be UTF-8; the header's input_source, a protobuf string,
// must be, or the file would not read back.
TEST(RecordIo, KeepsAPathThatIsNotUtf8Readable) {
  output_options options;
  options.directory = temp_folder();
  options.input_source = "caf\xe9/\xff\xfe.pcap";
  const std::string path = write_udp(options, 3, 1);
  auto reader = record_reader::open(path);
  ASSERT_TRUE(reader.ok()) << reader.status();
  EXPECT_EQ((*reader)->header().input_source(), "caf\ufffd/\ufffd\ufffd.pcap");
  EXPECT_EQ(read_all(path).size(), 3u);
  EXPECT_EQ(valid_utf8("d\xc3\xa9j\xc3 vu"), "d\xc3\xa9j\xef\xbf\xbd vu");
}

TEST(RecordIo, ReportsCorruptGzipData) {
  output_options options;
  options.directory = temp_folder();
  const std::string path = write_udp(options, 200, 1);
  std::string bytes = read_file(path);
  for (std::size_t i = bytes.size() / 2; i < bytes.size() / 2 + 16; ++i) bytes[i] ^= 0x5a;
  write_file(path, bytes);
  absl::Status error;
  read_all(path, &error);
  EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss) << error;
}

TEST(RecordIo, ReportsAFrameCutShortInAnUncompressedFile) {
  output_options options;
  options.directory = temp_folder();
  options.compress = false;
  const std::string path = write_udp(options, 20, 1);
  const std::string bytes = read_file(path);
  write_file(path, bytes.substr(0, bytes.size() - 3));
  absl::Status error;
  std::vector<UDP> records = read_all(path, &error);
  EXPECT_EQ(records.size(), 19u);
  EXPECT_EQ(error.code(), absl::StatusCode::kDataLoss) << error;
  EXPECT_NE(error.message().find("damaged after 19 records"), std::string_view::npos)
      << error;
}

TEST(RecordIo, ReadsEachRecordAfreshIntoAReusedMessage) {
  output_options options;
  options.directory = temp_folder();
  options.compress = false;
  record_files files(names, options);
  {
    block_sink sink(files);
    UDP full = make_udp(1);
    full.set_checksum(99);
    sink.write(0, full);
    UDP sparse;
    sparse.set_src_port(2);
    sink.write(0, sparse);
  }
  ASSERT_TRUE(files.close().ok());
  std::vector<UDP> records = read_all(files[0].path());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].checksum(), 0);
  EXPECT_TRUE(records[1].payload().empty());
}

TEST(RecordIo, RejectsAFileWithoutHeader) {
  const std::string path = temp_folder() + "/junk.ncap";
  write_file(path, "this is not a record file");
  auto reader = record_reader::open(path);
  EXPECT_FALSE(reader.ok());
}

TEST(RecordIo, ReportsAnUnwritableFolder) {
  output_options options;
  options.directory = temp_folder() + "/missing";
  record_files files(names, options);
  {
    block_sink sink(files);
    sink.write(0, make_udp(1));
  }
  EXPECT_TRUE(files.failed());
  absl::Status status = files.close();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("cannot create"), std::string_view::npos) << status;
}

}  // namespace
}  // namespace netcap::io
