// Reading and dissecting, apart: packets per second from libpcap alone
// (pcap_next_ex, doing nothing), through netcap's io::pcap_source, and
// libtins' dissection of packets already in memory.
//
//   ./bazelw run -c opt //bench:read_benchmark [-- capture.pcap ...]
//
// Reading goes through the file each iteration; after the first, the system
// holds the file in its cache, so this is libpcap's cost, not the disk's.
#include <pcap/pcap.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_capture.hpp"
#include "benchmark/benchmark.h"
#include "netcap/core/dissect.hpp"
#include "netcap/io/pcap_source.hpp"

namespace netcap {
namespace {

void pcap_next_ex_only(benchmark::State& state, const bench::capture& c) {
  for (auto _ : state) {
    char error[PCAP_ERRBUF_SIZE];
    pcap_t* pcap = pcap_open_offline(c.path.c_str(), error);
    if (pcap == nullptr) {
      state.SkipWithError(error);
      return;
    }
    pcap_pkthdr* header;
    const u_char* data;
    while (pcap_next_ex(pcap, &header, &data) == 1) benchmark::DoNotOptimize(data);
    pcap_close(pcap);
  }
  state.SetItemsProcessed(state.iterations() * c.packets.size());
  state.SetBytesProcessed(state.iterations() * c.bytes);
}

void pcap_source_read(benchmark::State& state, const bench::capture& c) {
  for (auto _ : state) {
    auto source = io::pcap_source::open_file(c.path, "");
    if (!source.ok()) {
      state.SkipWithError("cannot open");
      return;
    }
    io::raw_packet p;
    while (true) {
      auto r = (*source)->read(p);
      if (!r.ok() || *r != io::read_result::packet) break;
      benchmark::DoNotOptimize(p.data);
    }
  }
  state.SetItemsProcessed(state.iterations() * c.packets.size());
  state.SetBytesProcessed(state.iterations() * c.bytes);
}

void dissect_in_memory(benchmark::State& state, const bench::capture& c) {
  for (auto _ : state) {
    for (const bench::packet& pk : c.packets) {
      dissection d =
          dissect(c.link_type, pk.bytes.data(), static_cast<std::uint32_t>(pk.bytes.size()));
      benchmark::DoNotOptimize(d.root);
    }
  }
  state.SetItemsProcessed(state.iterations() * c.packets.size());
  state.SetBytesProcessed(state.iterations() * c.bytes);
}

}  // namespace
}  // namespace netcap

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::vector<std::string> paths = netcap::bench::capture_paths(
      argc, argv, {"ndpi-tests_1kxun.pcap", "ndpi-tests_bad-dns-traffic.pcap"});
  static std::vector<netcap::bench::capture> captures(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    netcap::bench::capture& c = captures[i];
    if (!netcap::bench::load(paths[i], c)) return 1;
    benchmark::RegisterBenchmark(("read/pcap_next_ex/" + c.name).c_str(),
                                 [&c](benchmark::State& s) { netcap::pcap_next_ex_only(s, c); });
    benchmark::RegisterBenchmark(("read/pcap_source/" + c.name).c_str(),
                                 [&c](benchmark::State& s) { netcap::pcap_source_read(s, c); });
    benchmark::RegisterBenchmark(("dissect/" + c.name).c_str(),
                                 [&c](benchmark::State& s) { netcap::dissect_in_memory(s, c); });
  }
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
