// A trimmed sensor's static pipeline against the full pipeline masked to the
// same encoders, per packet, over real captures held in memory.
//
// A sensor (tools/sensor.bzl) is `pipeline<...>` of only its encoders; the
// full netcap runs `-include` of the same encoders as `full_pipeline` with a
// mask. Both write the same records (tests/python/sensor_test.py); this
// measures what the mask costs: the checks and the walk over encoders that
// never run. Each packet is dissected and encoded into a sink that drops
// the records, so reading, compression and writing are left out; the
// dissect-only case shows how much of the time is libtins'.
//
//   ./bazelw run -c opt //bench:pipeline_benchmark
//   ./bazelw run //bench:pipeline_benchmark -- [capture.pcap ...]
//
// Without arguments it reads two captures of shared/pcaps beside the
// checkout: a mix of application traffic and a capture of DNS only.
#include <pcap/pcap.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/registry.hpp"
#include "netcap/sensor.hpp"

namespace netcap {
namespace {

using encoders::all_encoders;
using encoders::full_pipeline;

// The encoders of //tools:netcap_dns and //tools:netcap_l3, as their
// sensors are built.
using dns_sensor = sensor_pipeline_t<
    all_encoders, find_encoder<all_encoders>("IPv4"), find_encoder<all_encoders>("IPv6"),
    find_encoder<all_encoders>("UDP"), find_encoder<all_encoders>("TCP"),
    find_encoder<all_encoders>("DNS")>;
using l3_sensor = sensor_pipeline_t<
    all_encoders, find_encoder<all_encoders>("Ethernet"),
    find_encoder<all_encoders>("IPv4"), find_encoder<all_encoders>("IPv6"),
    find_encoder<all_encoders>("TCP"), find_encoder<all_encoders>("UDP")>;

struct packet {
  std::int64_t timestamp_ns;
  std::uint32_t original_length;
  std::vector<std::uint8_t> bytes;
};

struct capture {
  std::string name;
  int link_type = 0;
  std::vector<packet> packets;
  std::uint64_t bytes = 0;
};

bool load(const std::string& path, capture& c) {
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* pcap = pcap_open_offline_with_tstamp_precision(path.c_str(),
                                                         PCAP_TSTAMP_PRECISION_NANO, error);
  if (pcap == nullptr) {
    std::cerr << "pipeline_benchmark: " << error << "\n";
    return false;
  }
  c.name = std::filesystem::path(path).filename().string();
  c.link_type = pcap_datalink(pcap);
  pcap_pkthdr* header;
  const u_char* data;
  while (pcap_next_ex(pcap, &header, &data) == 1) {
    c.packets.push_back({header->ts.tv_sec * 1'000'000'000LL + header->ts.tv_usec,
                         header->len,
                         std::vector<std::uint8_t>(data, data + header->caplen)});
    c.bytes += header->caplen;
  }
  pcap_close(pcap);
  return true;
}

// Drops every record; counts them so that the compiler keeps the work.
struct null_sink {
  std::uint64_t records = 0;
  template <class Record>
  void write(std::size_t, const Record& record) {
    benchmark::DoNotOptimize(&record);
    ++records;
  }
};

template <class Pipeline>
std::uint64_t encode_all(Pipeline& p, const capture& c, null_sink& sink) {
  frame f;
  f.link_type = c.link_type;
  for (const packet& pk : c.packets) {
    f.timestamp_ns = pk.timestamp_ns;
    f.data = pk.bytes.data();
    f.captured_length = static_cast<std::uint32_t>(pk.bytes.size());
    f.original_length = pk.original_length;
    dissection d = dissect(c.link_type, f.data, f.captured_length);
    packet_result r = p.process(d.root.get(), f, sink);
    benchmark::DoNotOptimize(r);
  }
  return sink.records;
}

template <class Pipeline>
void run(benchmark::State& state, Pipeline& p, const capture& c) {
  Pipeline::register_layers();
  null_sink sink;
  for (auto _ : state) encode_all(p, c, sink);
  state.SetItemsProcessed(state.iterations() * c.packets.size());
  state.SetBytesProcessed(state.iterations() * c.bytes);
  state.counters["records/packet"] =
      static_cast<double>(sink.records) / (state.iterations() * c.packets.size());
}

void dissect_only(benchmark::State& state, const capture& c) {
  for (auto _ : state) {
    for (const packet& pk : c.packets) {
      dissection d = dissect(c.link_type, pk.bytes.data(),
                             static_cast<std::uint32_t>(pk.bytes.size()));
      benchmark::DoNotOptimize(d.root);
    }
  }
  state.SetItemsProcessed(state.iterations() * c.packets.size());
  state.SetBytesProcessed(state.iterations() * c.bytes);
}

// The full pipeline with -include of a sensor's encoders.
template <class Sensor>
full_pipeline masked_like() {
  std::vector<std::string> include(Sensor::names.begin(), Sensor::names.end());
  auto selection = registry<full_pipeline>::select(include, {});
  if (!selection.ok()) std::abort();
  return full_pipeline(selection->enabled, selection->stops);
}

// Fails when the two pipelines do not write as many records: then they
// would not be doing the same work.
template <class Sensor>
bool same_records(const capture& c) {
  Sensor sensor;
  full_pipeline masked = masked_like<Sensor>();
  null_sink a, b;
  if (encode_all(sensor, c, a) == encode_all(masked, c, b)) return true;
  std::cerr << "pipeline_benchmark: " << c.name << ": the sensor wrote " << a.records
            << " records, the masked pipeline " << b.records << "\n";
  return false;
}

template <class Sensor>
bool register_set(std::string_view set, const capture& c) {
  if (!same_records<Sensor>(c)) return false;
  const std::string suffix = std::string(set) + "/" + c.name;
  benchmark::RegisterBenchmark(("sensor_pipeline/" + suffix).c_str(),
                               [&c](benchmark::State& state) {
                                 Sensor p;
                                 run(state, p, c);
                               });
  benchmark::RegisterBenchmark(("full_pipeline_masked/" + suffix).c_str(),
                               [&c](benchmark::State& state) {
                                 full_pipeline p = masked_like<Sensor>();
                                 run(state, p, c);
                               });
  return true;
}

}  // namespace
}  // namespace netcap

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  std::vector<std::string> paths(argv + 1, argv + argc);
  if (paths.empty()) {
    const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
    const std::filesystem::path pcaps =
        std::filesystem::path(workspace != nullptr ? workspace : ".") / ".." / "shared" / "pcaps";
    paths = {(pcaps / "ndpi-tests_1kxun.pcap").string(),
             (pcaps / "ndpi-tests_bad-dns-traffic.pcap").string()};
  }
  // Registered benchmarks keep references to the captures.
  static std::vector<netcap::capture> captures(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    netcap::capture& c = captures[i];
    if (!netcap::load(paths[i], c)) return 1;
    benchmark::RegisterBenchmark(("dissect_only/" + c.name).c_str(),
                                 [&c](benchmark::State& state) { netcap::dissect_only(state, c); });
    if (!netcap::register_set<netcap::dns_sensor>("dns", c) ||
        !netcap::register_set<netcap::l3_sensor>("l3", c)) {
      return 1;
    }
    benchmark::RegisterBenchmark(("full_pipeline_all/" + c.name).c_str(),
                                 [&c](benchmark::State& state) {
                                   netcap::full_pipeline p;
                                   netcap::run(state, p, c);
                                 });
  }
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
