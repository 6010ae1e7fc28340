#include "netcap/io/record_merge.hpp"

#include <stdlib.h>

#include <array>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/io/record_writer.hpp"
#include "proto/ipv4.pb.h"
#include "proto/udp.pb.h"

namespace netcap::io {
namespace {

constexpr std::array<std::string_view, 2> names = {"IPv4", "UDP"};

std::string temp_folder() {
  std::string pattern = ::testing::TempDir() + "/record_merge_XXXXXX";
  return ::mkdtemp(pattern.data());
}

// Writes IPv4 and UDP records with the timestamps given, each file in a
// shuffled order, as workers leave them.
std::string write_files(const std::vector<std::int64_t>& ipv4,
                        const std::vector<std::int64_t>& udp) {
  output_options options;
  options.directory = temp_folder();
  options.block_size = 64;
  record_files files(names, options);
  {
    block_sink sink(files);
    std::mt19937 random(42);
    std::vector<std::int64_t> shuffled = ipv4;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    for (std::int64_t t : shuffled) {
      IPv4 r;
      r.set_timestamp(t);
      r.set_id(static_cast<int>(t));
      sink.write(0, r);
    }
    shuffled = udp;
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    for (std::int64_t t : shuffled) {
      UDP r;
      r.set_timestamp(t);
      r.set_src_port(static_cast<int>(t));
      sink.write(1, r);
    }
  }
  EXPECT_TRUE(files.close().ok());
  return options.directory;
}

// Every record as "<type> <timestamp>", in the order the merge gives.
std::vector<std::string> read_merged(const std::string& folder, merge_options options,
                                     std::size_t* spilled = nullptr) {
  std::vector<std::string> out;
  auto merged = merged_reader::open({folder + "/UDP.ncap.gz", folder + "/IPv4.ncap.gz"},
                                    std::move(options));
  EXPECT_TRUE(merged.ok()) << merged.status();
  if (!merged.ok()) return out;
  if (spilled != nullptr) *spilled = (*merged)->spilled_runs();
  while (true) {
    absl::StatusOr<const google::protobuf::Message*> record = (*merged)->next();
    EXPECT_TRUE(record.ok()) << record.status();
    if (!record.ok() || *record == nullptr) break;
    const auto* time = order_field(*(*record)->GetDescriptor());
    out.push_back((*merged)->types()[(*merged)->type()]->name() + " " +
                  std::to_string((*record)->GetReflection()->GetInt64(**record, time)));
  }
  return out;
}

TEST(RecordMerge, SortsRecordsOfSeveralFilesByTimestamp) {
  std::vector<std::int64_t> ipv4;
  std::vector<std::int64_t> udp;
  for (int i = 0; i < 300; ++i) (i % 3 == 0 ? udp : ipv4).push_back(1000 + i);
  const std::string folder = write_files(ipv4, udp);
  std::vector<std::string> merged = read_merged(folder, {});
  ASSERT_EQ(merged.size(), 300u);
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(merged[i], std::string(i % 3 == 0 ? "UDP " : "IPv4 ") + std::to_string(1000 + i));
  }
}

TEST(RecordMerge, BreaksTiesByTypeOrderThenByTypeName) {
  const std::string folder = write_files({5, 9}, {5, 1});
  EXPECT_EQ(read_merged(folder, {}),
            (std::vector<std::string>{"UDP 1", "IPv4 5", "UDP 5", "IPv4 9"}));
  merge_options udp_first;
  udp_first.type_order = {"UDP", "IPv4"};
  EXPECT_EQ(read_merged(folder, udp_first),
            (std::vector<std::string>{"UDP 1", "UDP 5", "IPv4 5", "IPv4 9"}));
}

TEST(RecordMerge, GivesTheSameOrderWhenRunsSpillToDisk) {
  std::vector<std::int64_t> ipv4;
  std::vector<std::int64_t> udp;
  for (int i = 0; i < 2000; ++i) {
    ipv4.push_back(i * 7 % 1999);
    udp.push_back(i * 13 % 2003);
  }
  const std::string folder = write_files(ipv4, udp);
  std::size_t spilled = 0;
  const std::vector<std::string> in_memory = read_merged(folder, {}, &spilled);
  EXPECT_EQ(spilled, 0u);
  merge_options small;
  small.memory_budget = 4096;
  const std::vector<std::string> on_disk = read_merged(folder, small, &spilled);
  EXPECT_GT(spilled, 10u);
  EXPECT_EQ(on_disk.size(), 4000u);
  EXPECT_EQ(on_disk, in_memory);
}

TEST(RecordMerge, ReportsADamagedFile) {
  const std::string folder = write_files({1, 2, 3}, {1, 2, 3});
  const std::string path = folder + "/UDP.ncap.gz";
  std::ifstream in(path, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  in.close();
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes.substr(0, bytes.size() - 5);
  auto merged = merged_reader::open({folder + "/IPv4.ncap.gz", path}, {});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(merged.status().code(), absl::StatusCode::kDataLoss) << merged.status();
  EXPECT_NE(merged.status().message().find("UDP.ncap.gz is damaged"), absl::string_view::npos)
      << merged.status();
}

}  // namespace
}  // namespace netcap::io
