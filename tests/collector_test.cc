#include "netcap/collector.hpp"

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/encoders/all.hpp"
#include "netcap/io/record_reader.hpp"
#include "netcap/registry.hpp"
#include "tests/shared_pcaps.hpp"

namespace netcap {
namespace {

using full = encoders::full_pipeline;

// Every record of every file in `folder`, serialised and sorted, by type.
std::map<std::string, std::vector<std::string>> read_folder(const std::string& folder) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    const std::string path = entry.path().string();
    if (path.find(".ncap") == std::string::npos) continue;
    auto reader = io::record_reader::open(path);
    EXPECT_TRUE(reader.ok()) << reader.status();
    if (!reader.ok()) continue;
    auto record = (*reader)->new_record();
    std::vector<std::string>& records = out[(*reader)->header().record_type()];
    while (true) {
      absl::StatusOr<bool> more = (*reader)->next(*record);
      EXPECT_TRUE(more.ok()) << more.status();
      if (!more.ok() || !*more) break;
      records.push_back(record->SerializeAsString());
    }
    std::sort(records.begin(), records.end());
  }
  return out;
}

struct run_result {
  collect_stats stats;
  std::map<std::string, std::vector<std::string>> records;
};

run_result run(const std::string& capture, int workers) {
  std::string folder = ::testing::TempDir() + "/collector_XXXXXX";
  EXPECT_NE(::mkdtemp(folder.data()), nullptr);
  auto source = io::pcap_source::open_file(capture, "");
  EXPECT_TRUE(source.ok()) << source.status();
  collect_options options;
  options.workers = workers;
  options.output.directory = folder;
  // Small blocks, so that workers interleave many blocks in every file.
  options.output.block_size = 512;
  full::mask all;
  all.set();
  auto stats = collect<full>(**source, all, {}, options);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return {*stats, read_folder(folder)};
}

class WorkerCount : public ::testing::TestWithParam<const char*> {};

// The set of records, and every count in the summary, is the same whatever
// the number of workers.
TEST_P(WorkerCount, DoesNotChangeTheRecords) {
  const std::string capture = testing::shared_pcap(GetParam());
  ASSERT_FALSE(capture.empty());
  const run_result one = run(capture, 1);
  ASSERT_GT(one.stats.packets, 0u);
  std::size_t total = 0;
  for (const auto& [type, records] : one.records) total += records.size();
  EXPECT_GT(total, one.stats.packets) << "expected several records per packet";
  for (int workers : {2, 8}) {
    const run_result many = run(capture, workers);
    EXPECT_EQ(many.stats.packets, one.stats.packets) << workers;
    EXPECT_EQ(many.stats.errors, one.stats.errors) << workers;
    EXPECT_EQ(many.stats.unknown, one.stats.unknown) << workers;
    ASSERT_EQ(many.records.size(), one.records.size()) << workers;
    for (const auto& [type, records] : one.records) {
      ASSERT_EQ(many.records.at(type).size(), records.size()) << type << " " << workers;
      EXPECT_TRUE(many.records.at(type) == records) << type << " " << workers;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    RealCaptures, WorkerCount,
    ::testing::Values("ndpi-tests_alexa-app.pcapng",
                      "zeek-traces_tunnels_gre-aruba.pcap",
                      "suricata-verify_security-8510_defrag-af-confusion-spray-h8.pcap",
                      "suricata-verify_defrag_bug-6887-defrag-eth-vlan-ipv6-tcp_frag-eth-vlan-ipv6-tcp.pcap",
                      "chrissanders-packets_dns_axfr.pcapng"));

}  // namespace
}  // namespace netcap
