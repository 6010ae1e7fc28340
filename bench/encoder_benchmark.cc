// Each encoder alone: the full pipeline with `-include` of one encoder,
// over packets dissected beforehand, so the time is the walk over the
// layers plus that encoder's work (records are dropped, not serialized).
// An encoder of a layer the capture lacks (records/packet 0) shows what the
// walk alone costs; subtract it to get an encoder's own cost.
//
//   ./bazelw run -c opt //bench:encoder_benchmark [-- capture.pcap ...]
//
// The counter `records/packet` shows which encoders the capture exercises.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_capture.hpp"
#include "benchmark/benchmark.h"
#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/registry.hpp"

namespace netcap {
namespace {

using encoders::full_pipeline;

struct null_sink {
  std::uint64_t records = 0;
  template <class Record>
  void write(std::size_t, const Record& record) {
    benchmark::DoNotOptimize(&record);
    ++records;
  }
};

struct dissected {
  const bench::capture* capture;
  std::vector<dissection> packets;
};

void encode(benchmark::State& state, const dissected& d, const std::string& name) {
  auto selection = registry<full_pipeline>::select({name}, {});
  if (!selection.ok()) {
    state.SkipWithError("unknown encoder");
    return;
  }
  full_pipeline p(selection->enabled, selection->stops);
  null_sink sink;
  frame f;
  f.link_type = d.capture->link_type;
  for (auto _ : state) {
    for (std::size_t i = 0; i < d.packets.size(); ++i) {
      const bench::packet& pk = d.capture->packets[i];
      f.timestamp_ns = pk.timestamp_ns;
      f.data = pk.bytes.data();
      f.captured_length = static_cast<std::uint32_t>(pk.bytes.size());
      f.original_length = pk.original_length;
      packet_result r = p.process(d.packets[i].root.get(), f, sink);
      benchmark::DoNotOptimize(r);
    }
  }
  const double packets = static_cast<double>(state.iterations()) * d.packets.size();
  state.SetItemsProcessed(static_cast<std::int64_t>(packets));
  state.counters["records/packet"] = sink.records / packets;
}

}  // namespace
}  // namespace netcap

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::vector<std::string> paths =
      netcap::bench::capture_paths(argc, argv, {"ndpi-tests_1kxun.pcap"});
  netcap::encoders::full_pipeline::register_layers();
  static std::vector<netcap::bench::capture> captures(paths.size());
  static std::vector<netcap::dissected> all(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    netcap::bench::capture& c = captures[i];
    if (!netcap::bench::load(paths[i], c)) return 1;
    netcap::dissected& d = all[i];
    d.capture = &c;
    for (const netcap::bench::packet& pk : c.packets) {
      d.packets.push_back(netcap::dissect(c.link_type, pk.bytes.data(),
                                          static_cast<std::uint32_t>(pk.bytes.size())));
    }
    for (std::string_view name : netcap::encoders::full_pipeline::names) {
      const std::string n(name);
      benchmark::RegisterBenchmark(("encode/" + n + "/" + c.name).c_str(),
                                   [&d, n](benchmark::State& s) { netcap::encode(s, d, n); });
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
