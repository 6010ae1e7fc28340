#include "netcap/collector.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <string>
#include <thread>
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


std::string sample_pcap() {
  return std::string(std::getenv("TEST_SRCDIR")) + "/" + std::getenv("TEST_WORKSPACE") +
         "/tests/data/sample.pcap";
}

void ignore_signal(int) {}

// A capture coming through a pipe can block in read(). A stop signal then
// cuts the read short: the run ends as interrupted, with the records of the
// packets read, not as damaged input.
TEST(Collector, AStopSignalDuringABlockingReadIsAnInterruption) {
  std::ifstream in(sample_pcap(), std::ios::binary);
  const std::string sample(std::istreambuf_iterator<char>(in), {});
  ASSERT_GT(sample.size(), 24u);
  const std::string fifo = ::testing::TempDir() + "/collector_fifo";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::promise<void> done;
  std::thread writer([&] {
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, sample.data(), sample.size()), static_cast<ssize_t>(sample.size()));
    done.get_future().wait();  // keeps the pipe open: the reader blocks
    ::close(fd);
  });
  // A handler without SA_RESTART, as netcap installs for SIGINT.
  struct sigaction action {};
  action.sa_handler = ignore_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction previous {};
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &previous), 0);

  auto source = io::pcap_source::open_file(fifo, "");
  ASSERT_TRUE(source.ok()) << source.status();
  std::string folder = ::testing::TempDir() + "/collector_XXXXXX";
  ASSERT_NE(::mkdtemp(folder.data()), nullptr);
  std::atomic<bool> stop{false};
  collect_options options;
  options.workers = 2;
  options.output.directory = folder;
  options.stop = &stop;
  const pthread_t reader = ::pthread_self();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop = true;
    ::pthread_kill(reader, SIGUSR1);
  });
  full::mask all;
  all.set();
  auto stats = collect<full>(**source, all, {}, options);
  stopper.join();
  done.set_value();
  writer.join();
  ::sigaction(SIGUSR1, &previous, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_TRUE(stats->interrupted);
  EXPECT_EQ(stats->packets, 24u);
  EXPECT_EQ(read_folder(folder).at("UDP").size(), 5u);
}

}  // namespace
}  // namespace netcap
