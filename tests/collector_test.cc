#include "netcap/collector.hpp"

#include <fcntl.h>
#include <pcap/dlt.h>
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

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/all.hpp"
#include "netcap/io/record_reader.hpp"
#include "netcap/registry.hpp"
#include "tests/testing.hpp"
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

run_result run(const std::string& capture, int workers, const encode_options& encode = {}) {
  std::string folder = ::testing::TempDir() + "/collector_XXXXXX";
  EXPECT_NE(::mkdtemp(folder.data()), nullptr);
  auto source = io::pcap_source::open_file(capture, "");
  EXPECT_TRUE(source.ok()) << source.status();
  collect_options options;
  options.workers = workers;
  options.encode = encode;
  options.output.directory = folder;
  // Small blocks, so that workers interleave many blocks in every file.
  options.output.block_size = 512;
  full::mask all;
  all.set();
  auto stats = collect<full>(**source, all, {}, options);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return {*stats, read_folder(folder)};
}

// With every encoder, packets go to workers by connection: the encoders
// whose state spans connections are tuple encoders, which the reading
// thread runs in capture order, so the default run uses every worker.
TEST(Collector, TheFullPipelineSpreadsConnectionsOverWorkers) {
  full p;
  EXPECT_EQ(p.scope(), dispatch_scope::connection);
  EXPECT_TRUE(p.has_tuple_encoders());
  full::mask flows;
  for (std::size_t i = 0; i < full::size; ++i) {
    if (full::names[i] == "Flow" || full::names[i] == "Connection") flows.set(i);
  }
  EXPECT_FALSE(full(flows, {}).has_tuple_encoders());
}

class WorkerCount : public ::testing::TestWithParam<const char*> {};

void expect_same_records_for_any_worker_count(const std::string& capture,
                                              const encode_options& encode) {
  const run_result one = run(capture, 1, encode);
  ASSERT_GT(one.stats.packets, 0u);
  std::size_t total = 0;
  for (const auto& [type, records] : one.records) total += records.size();
  EXPECT_GT(total, one.stats.packets) << "expected several records per packet";
  for (int workers : {2, 8}) {
    const run_result many = run(capture, workers, encode);
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

// The set of records, and every count in the summary, is the same whatever
// the number of workers.
TEST_P(WorkerCount, DoesNotChangeTheRecords) {
  const std::string capture = testing::shared_pcap(GetParam());
  ASSERT_FALSE(capture.empty());
  expect_same_records_for_any_worker_count(capture, {});
}

// The same with timeouts short enough that flows, connections and streams
// end while the capture is read, not only at its end: whether a tuple
// encoder (on the reading thread) or a worker's encoder ends an entry, it
// goes by packet time, which no worker count changes.
TEST_P(WorkerCount, DoesNotChangeTheRecordsWhenFlowsTimeOut) {
  const std::string capture = testing::shared_pcap(GetParam());
  ASSERT_FALSE(capture.empty());
  encode_options encode;
  encode.flow_timeout_ns = 1'000'000'000;
  encode.conn_timeout_ns = 2'000'000'000;
  encode.close_timeout_ns = 500'000'000;
  expect_same_records_for_any_worker_count(capture, encode);
}

// A live source as collect() sees one, scripted: UDP packets whose
// timestamps are `spacing` apart, at most `limit` of them, each read taking
// `pause` of real time; once they are out it is idle, as a quiet link is.
struct scripted_live_source {
  std::vector<std::uint8_t> bytes =
      (Tins::EthernetII("00:00:00:00:00:02", "00:00:00:00:00:01") /
       Tins::IP("10.99.0.2", "10.99.0.1") / Tins::UDP(7001, 40000) / Tins::RawPDU("live"))
          .serialize();
  std::size_t limit = 0;
  std::chrono::nanoseconds spacing{0};
  std::chrono::milliseconds pause{0};
  std::size_t sent = 0;

  absl::StatusOr<io::read_result> read(io::raw_packet& packet) {
    std::this_thread::sleep_for(pause.count() > 0 ? pause : std::chrono::milliseconds(1));
    if (sent == limit) return io::read_result::idle;
    packet.timestamp_ns = testing::test_timestamp_ns + spacing.count() * sent;
    packet.data = bytes.data();
    packet.captured_length = packet.original_length = static_cast<std::uint32_t>(bytes.size());
    packet.link_type = DLT_EN10MB;
    ++sent;
    return io::read_result::packet;
  }
  int link_type() const { return DLT_EN10MB; }
  int snapshot_length() const { return 65535; }
  bool is_live() const { return true; }
  std::optional<io::capture_stats> stats() const { return io::capture_stats{7, 1, 2}; }
};
static_assert(io::is_packet_source_v<scripted_live_source>);

struct live_run {
  absl::StatusOr<collect_stats> stats;
  // The packets read when the first progress report showed records.
  std::uint64_t packets_at_first_records = 0;
};

// Runs collect() over `source` until a progress report shows `records`
// records made, then asks it to stop, as SIGINT does.
live_run run_live(scripted_live_source& source, std::uint64_t records) {
  std::string folder = ::testing::TempDir() + "/collector_live_XXXXXX";
  EXPECT_NE(::mkdtemp(folder.data()), nullptr);
  std::atomic<bool> stop{false};
  live_run run;
  collect_options options;
  options.workers = 2;
  options.output.directory = folder;
  options.stop = &stop;
  // A bound, should the records never come: the run ends with limit_reached.
  options.max_duration = std::chrono::seconds(20);
  options.progress_interval = std::chrono::milliseconds(5);
  options.progress = [&](const collect_progress& p) {
    EXPECT_TRUE(p.capture.has_value());
    if (p.records > 0 && run.packets_at_first_records == 0) {
      run.packets_at_first_records = p.packets;
    }
    if (p.records >= records) stop = true;
  };
  full::mask all;
  all.set();
  run.stats = collect<full>(source, all, {}, options);
  return run;
}

// Three packets and then silence: they are far fewer than a batch, yet the
// workers get them while the source is idle, not at the end of the run.
TEST(LiveSource, IdleSourceHandsOverAPartialBatch) {
  scripted_live_source source;
  source.limit = 3;
  const live_run run = run_live(source, 3 * 3);  // Ethernet, IPv4 and UDP records
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_TRUE(run.stats->interrupted);
  EXPECT_FALSE(run.stats->limit_reached);
  EXPECT_EQ(run.stats->packets, 3u);
  ASSERT_TRUE(run.stats->capture.has_value());
  EXPECT_EQ(run.stats->capture->received, 7u);
  EXPECT_EQ(run.stats->capture->dropped_by_kernel, 1u);
  EXPECT_EQ(run.stats->capture->dropped_by_interface, 2u);
}

// A source that is never idle but whose packets come slowly: a batch goes to
// a worker once its first packet is max_batch_delay old, long before the
// batch is full.
TEST(LiveSource, SlowSourceHandsOverBatchesByAge) {
  scripted_live_source source;
  source.limit = 100000;
  source.spacing = std::chrono::milliseconds(150);
  source.pause = std::chrono::milliseconds(2);
  const live_run run = run_live(source, 1);
  ASSERT_TRUE(run.stats.ok()) << run.stats.status();
  EXPECT_TRUE(run.stats->interrupted);
  EXPECT_GT(run.packets_at_first_records, 0u);
  EXPECT_LT(run.packets_at_first_records, detail::packet_batch::max_packets);
}

TEST(Limits, CountStopsReading) {
  const std::string capture = testing::shared_pcap("chrissanders-packets_dns_axfr.pcapng");
  ASSERT_FALSE(capture.empty());
  std::string folder = ::testing::TempDir() + "/collector_count_XXXXXX";
  ASSERT_NE(::mkdtemp(folder.data()), nullptr);
  auto source = io::pcap_source::open_file(capture, "");
  ASSERT_TRUE(source.ok()) << source.status();
  collect_options options;
  options.output.directory = folder;
  options.max_packets = 5;
  full::mask all;
  all.set();
  auto stats = collect<full>(**source, all, {}, options);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->packets, 5u);
  EXPECT_TRUE(stats->limit_reached);
  EXPECT_FALSE(stats->interrupted);
  EXPECT_FALSE(stats->capture.has_value()) << "a file has no drop counts";
}

INSTANTIATE_TEST_SUITE_P(
    RealCaptures, WorkerCount,
    ::testing::Values("ndpi-tests_alexa-app.pcapng",
                      "zeek-traces_tunnels_gre-aruba.pcap",
                      "suricata-verify_security-8510_defrag-af-confusion-spray-h8.pcap",
                      "suricata-verify_defrag_bug-6887-defrag-eth-vlan-ipv6-tcp_frag-eth-vlan-ipv6-tcp.pcap",
                      "chrissanders-packets_dns_axfr.pcapng"));

// HTTP and TLS hello records come from reassembled connections. Packets go
// to workers by connection, so each connection is whole in one worker and
// these records are the same for 1, 2 and 8 workers, on captures with many
// of them (the test above covers them too, with every other record type).
class StreamWorkerCount : public ::testing::TestWithParam<const char*> {};

TEST_P(StreamWorkerCount, HttpAndTlsRecordsDoNotChange) {
  const std::string capture = testing::shared_pcap(GetParam());
  ASSERT_FALSE(capture.empty());
  const run_result one = run(capture, 1);
  const std::vector<std::string> types = {"HTTP", "TLSClientHello", "TLSServerHello"};
  for (const std::string& type : types) {
    ASSERT_GT(one.records.count(type), 0u) << type;
    EXPECT_GE(one.records.at(type).size(), 4u) << type;
  }
  for (int workers : {2, 8}) {
    const run_result many = run(capture, workers);
    for (const std::string& type : types) {
      ASSERT_GT(many.records.count(type), 0u) << type << " " << workers;
      EXPECT_EQ(many.records.at(type).size(), one.records.at(type).size())
          << type << " " << workers;
      EXPECT_TRUE(many.records.at(type) == one.records.at(type)) << type << " " << workers;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(RealCaptures, StreamWorkerCount,
                         ::testing::Values("ndpi-tests_1kxun.pcap", "ndpi-tests_netflix.pcap"));

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
  // Every packet written to the pipe was read and encoded.
  const run_result whole = run(sample_pcap(), 1);
  EXPECT_EQ(stats->packets, whole.stats.packets);
  EXPECT_EQ(read_folder(folder), whole.records);
}


// Writes `bytes` to a new file in the test's temporary folder.
std::string write_temp(const std::string& name, const std::vector<std::uint8_t>& bytes) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// A UDP datagram from port 40000 to `port` in IPv4, behind BSD loopback's
// 4-byte family (AF_INET, host order) or an Ethernet header.
std::vector<std::uint8_t> udp_frame(int link_type, std::uint16_t port) {
  Tins::IP ip = Tins::IP("10.0.0.2", "10.0.0.1") / Tins::UDP(port, 40000) / Tins::RawPDU("x");
  if (link_type == DLT_EN10MB) {
    return (Tins::EthernetII("00:00:00:00:00:02", "00:00:00:00:00:01") / ip).serialize();
  }
  std::vector<std::uint8_t> out = {2, 0, 0, 0};
  const std::vector<std::uint8_t> inner = ip.serialize();
  out.insert(out.end(), inner.begin(), inner.end());
  return out;
}

std::uint64_t records_of(const collect_stats& stats, const std::string& type) {
  for (const auto& o : stats.outputs) {
    if (o.name == type) return o.records;
  }
  return 0;
}

struct pcap_file_contents {
  int link_type = -1;
  int packets = 0;
};

pcap_file_contents read_pcap_file(const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* handle = pcap_open_offline(path.c_str(), error);
  EXPECT_NE(handle, nullptr) << error;
  if (handle == nullptr) return {};
  pcap_file_contents out{pcap_datalink(handle), 0};
  pcap_pkthdr* header;
  const u_char* data;
  while (pcap_next_ex(handle, &header, &data) == 1) ++out.packets;
  pcap_close(handle);
  return out;
}

// A pcapng file whose interfaces differ in link type: each packet is
// dissected by its own interface's, and a packet goes to the side output
// of its own link type (unknown.pcap for the first interface's,
// unknown.<NAME>.pcap for another, here unknown.DLT147.pcap: libpcap has
// no name for DLT_USER0).
TEST(Collector, DissectsEachPcapngPacketByItsInterfacesLinkType) {
  testing::pcapng_bytes f;
  f.section(/*big=*/true);
  f.interface(DLT_EN10MB, 65535);
  f.interface(DLT_NULL, 128, /*resolution=*/9);
  f.interface(DLT_USER0, 0);
  f.enhanced_packet(0, 1'600'000'000'000'000, udp_frame(DLT_EN10MB, 7001));
  f.enhanced_packet(1, 1'600'000'001'000'000'000, udp_frame(DLT_NULL, 7002));
  f.enhanced_packet(2, 1'600'000'002'000'000, {1, 2, 3, 4});
  // Ethernet with an EtherType nothing decodes: unknown, of the first
  // interface's link type.
  Tins::EthernetII local("00:00:00:00:00:02", "00:00:00:00:00:01");
  local.payload_type(0x88b5);  // IEEE 802 local experimental EtherType
  f.enhanced_packet(0, 1'600'000'003'000'000, (local / Tins::RawPDU("payload")).serialize());
  const std::string capture = write_temp("mixed.pcapng", f.bytes);
  for (const int workers : {1, 3}) {
    std::string folder = ::testing::TempDir() + "/collector_mixed_XXXXXX";
    ASSERT_NE(::mkdtemp(folder.data()), nullptr);
    auto source = io::pcap_source::open_file(capture, "");
    ASSERT_TRUE(source.ok()) << source.status();
    EXPECT_EQ((*source)->link_type(), DLT_EN10MB);
    collect_options options;
    options.workers = workers;
    options.output.directory = folder;
    full::mask all;
    all.set();
    absl::StatusOr<collect_stats> stats = collect<full>(**source, all, {}, options);
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(stats->packets, 4u);
    EXPECT_EQ(records_of(*stats, "Ethernet"), 2u);
    EXPECT_EQ(records_of(*stats, "Loopback"), 1u);
    EXPECT_EQ(records_of(*stats, "IPv4"), 2u);
    EXPECT_EQ(records_of(*stats, "UDP"), 2u);
    EXPECT_EQ(stats->unknown_packets, 2u);
    EXPECT_EQ(stats->unknown_files,
              (std::vector<std::string>{folder + "/unknown.pcap", folder + "/unknown.DLT147.pcap"}));
    const pcap_file_contents first = read_pcap_file(folder + "/unknown.pcap");
    EXPECT_EQ(first.link_type, DLT_EN10MB);
    EXPECT_EQ(first.packets, 1);
    const pcap_file_contents other = read_pcap_file(folder + "/unknown.DLT147.pcap");
    EXPECT_EQ(other.link_type, DLT_USER0);
    EXPECT_EQ(other.packets, 1);
    const auto records = read_folder(folder);
    ASSERT_EQ(records.count("Loopback"), 1u);
    netcap::Loopback loopback;
    ASSERT_TRUE(loopback.ParseFromString(records.at("Loopback").front()));
    EXPECT_EQ(loopback.timestamp(), 1'600'000'001'000'000'000);
    std::filesystem::remove_all(folder);
  }
}

// A BPF filter applies to each packet in its own link type: compiled once
// per link type of the file.
TEST(Collector, FiltersPcapngPacketsInTheirOwnLinkType) {
  testing::pcapng_bytes f;
  f.section(false);
  f.interface(DLT_NULL, 0);
  f.interface(DLT_EN10MB, 0);
  f.enhanced_packet(0, 1, udp_frame(DLT_NULL, 7001));
  f.enhanced_packet(1, 2, udp_frame(DLT_EN10MB, 7001));
  f.enhanced_packet(0, 3, udp_frame(DLT_NULL, 9999));
  f.enhanced_packet(1, 4, udp_frame(DLT_EN10MB, 9999));
  f.enhanced_packet(1, 5, udp_frame(DLT_EN10MB, 7001));
  const std::string capture = write_temp("filtered.pcapng", f.bytes);
  auto source = io::pcap_source::open_file(capture, "udp dst port 7001");
  ASSERT_TRUE(source.ok()) << source.status();
  std::vector<std::pair<std::int64_t, int>> read;
  io::raw_packet packet;
  while (true) {
    absl::StatusOr<bool> more = (*source)->next(packet);
    ASSERT_TRUE(more.ok()) << more.status();
    if (!*more) break;
    read.emplace_back(packet.timestamp_ns, packet.link_type);
  }
  EXPECT_EQ(read, (std::vector<std::pair<std::int64_t, int>>{
                      {1000, DLT_NULL}, {2000, DLT_EN10MB}, {5000, DLT_EN10MB}}));
  EXPECT_FALSE(io::pcap_source::open_file(capture, "udp port").ok());
}

}  // namespace
}  // namespace netcap
