// Measures the flow encoders (netcap/encoders/connection.hpp and its table,
// encoders/detail/flow_table.hpp) over many concurrent connections: the cost
// per packet, and the table's peak memory, which -max-flows bounds.
//
//   ./bazelw run //bench:flow_benchmark
//
// Each benchmark feeds `connections` UDP connections, each of
// `packets_per_connection` packets interleaved round-robin (so all are live
// at once), crafted by patching the ports and addresses of one packet. The
// counters report the peak entries and bytes the table held.
#include <pcap/dlt.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include <tins/tins.h>

#include "benchmark/benchmark.h"
#include "netcap/core/dissect.hpp"
#include "netcap/encoders/connection.hpp"
#include "netcap/encoders/flow.hpp"

namespace {

struct counting_sink {
  std::uint64_t records = 0;
  template <class Record>
  void emit(const Record&) {
    ++records;
  }
};

template <class Encoder>
void BM_ManyConnections(benchmark::State& state) {
  const auto connections = static_cast<std::uint32_t>(state.range(0));
  const auto max_flows = static_cast<std::uint32_t>(state.range(1));
  constexpr int packets_per_connection = 4;
  Tins::EthernetII templ = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                           Tins::UDP(80, 1000) / Tins::RawPDU("payload");
  std::vector<std::uint8_t> bytes = templ.serialize();
  netcap::dissection d = netcap::dissect(DLT_EN10MB, bytes.data(),
                                         static_cast<std::uint32_t>(bytes.size()));
  netcap::frame f;
  f.link_type = DLT_EN10MB;
  f.captured_length = f.original_length = static_cast<std::uint32_t>(bytes.size());
  f.options.max_flows = max_flows;
  std::size_t peak_entries = 0;
  std::size_t peak_bytes = 0;
  std::uint64_t records = 0;
  for (auto _ : state) {
    Encoder encoder;
    counting_sink sink;
    std::int64_t t = 1'600'000'000'000'000'000;
    for (int round = 0; round < packets_per_connection; ++round) {
      for (std::uint32_t c = 0; c < connections; ++c) {
        // Source port and the low bytes of the source address name the
        // connection: IPv4 source at 26, UDP source port at 34.
        bytes[28] = static_cast<std::uint8_t>(c >> 16);
        bytes[29] = static_cast<std::uint8_t>(c >> 24);
        bytes[34] = static_cast<std::uint8_t>(c >> 8);
        bytes[35] = static_cast<std::uint8_t>(c);
        f.data = bytes.data();
        f.timestamp_ns = t += 1000;
        encoder.encode(*d.root, f, sink);
        if ((c & 1023) == 0) {
          const auto& table = [&]() -> const auto& {
            if constexpr (std::is_same_v<Encoder, netcap::encoders::connection>) {
              return encoder.connections().table();
            } else {
              return encoder.flows().table();
            }
          }();
          peak_entries = std::max(peak_entries, table.size());
          peak_bytes = std::max(peak_bytes, table.memory_bytes());
        }
      }
    }
    encoder.flush(sink);
    records = sink.records;
  }
  state.SetItemsProcessed(state.iterations() * connections * packets_per_connection);
  state.counters["peak_entries"] = static_cast<double>(peak_entries);
  state.counters["peak_table_bytes"] = static_cast<double>(peak_bytes);
  state.counters["records"] = static_cast<double>(records);
}

BENCHMARK_TEMPLATE(BM_ManyConnections, netcap::encoders::connection)
    ->ArgNames({"connections", "max_flows"})
    ->Args({10'000, 100'000})
    ->Args({100'000, 100'000})
    ->Args({100'000, 10'000})
    ->Args({100'000, 1'000})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_ManyConnections, netcap::encoders::flow)
    ->ArgNames({"connections", "max_flows"})
    ->Args({100'000, 100'000})
    ->Args({100'000, 1'000})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
