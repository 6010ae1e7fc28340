// The writing stages, apart: serializing records into framed blocks, and
// compressing those blocks into gzip members with zlib and with libdeflate
// at several levels, on the records netcap makes of real captures.
//
//   ./bazelw run -c opt //bench:record_writer_benchmark [-- capture.pcap ...]
//
// Records are made once, by the full pipeline, and kept; serializing then
// frames every record of the capture (items are records), and compressing
// takes the 256 KiB blocks a worker would write (bytes are uncompressed
// bytes). The counter `ratio` is compressed size over uncompressed size.
#include <zlib.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_capture.hpp"
#include "benchmark/benchmark.h"
#include "google/protobuf/message.h"
#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/io/record_writer.hpp"

namespace netcap {
namespace {

// Keeps a copy of every record, and each record type's framed bytes cut
// into blocks as a worker's block_sink cuts them.
struct keeping_sink {
  std::vector<std::unique_ptr<google::protobuf::Message>> records;
  std::vector<std::string> open;
  std::vector<std::string> blocks;
  std::size_t block_size = io::output_options{}.block_size;

  template <class Record>
  void write(std::size_t index, const Record& record) {
    records.push_back(std::make_unique<Record>(record));
    if (open.size() <= index) open.resize(index + 1);
    io::append_framed(record, open[index]);
    if (open[index].size() >= block_size) {
      blocks.push_back(std::move(open[index]));
      open[index].clear();
    }
  }
  void finish() {
    for (std::string& b : open) {
      if (!b.empty()) blocks.push_back(std::move(b));
    }
    open.clear();
  }
};

struct made {
  std::string name;
  keeping_sink sink;
  std::uint64_t block_bytes = 0;
};

void make_records(const bench::capture& c, made& m) {
  encoders::full_pipeline::register_layers();
  encoders::full_pipeline p;
  frame f;
  f.link_type = c.link_type;
  for (const bench::packet& pk : c.packets) {
    f.timestamp_ns = pk.timestamp_ns;
    f.data = pk.bytes.data();
    f.captured_length = static_cast<std::uint32_t>(pk.bytes.size());
    f.original_length = pk.original_length;
    dissection d = dissect(c.link_type, f.data, f.captured_length);
    p.process(d.root.get(), f, m.sink);
  }
  p.flush(m.sink);
  m.sink.finish();
  for (const std::string& b : m.sink.blocks) m.block_bytes += b.size();
  m.name = c.name;
}

void serialize(benchmark::State& state, const made& m) {
  std::string out;
  out.reserve(m.block_bytes + 1024);
  for (auto _ : state) {
    out.clear();
    for (const auto& r : m.sink.records) {
      // What append_framed does, through the virtual interface: the
      // benchmark holds records of every type in one list.
      using google::protobuf::io::CodedOutputStream;
      const std::size_t size = r->ByteSizeLong();
      const std::size_t offset = out.size();
      out.resize(offset + CodedOutputStream::VarintSize32(static_cast<std::uint32_t>(size)) +
                 size);
      auto* p = reinterpret_cast<std::uint8_t*>(out.data() + offset);
      p = CodedOutputStream::WriteVarint32ToArray(static_cast<std::uint32_t>(size), p);
      r->SerializeWithCachedSizesToArray(p);
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * m.sink.records.size());
  state.SetBytesProcessed(state.iterations() * out.size());
}

// netcap's compressor before libdeflate: one zlib stream, reset per block.
class zlib_gzip {
 public:
  explicit zlib_gzip(int level) {
    // 15 window bits plus 16 asks zlib for a gzip header and trailer.
    ok_ = deflateInit2(&stream_, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~zlib_gzip() {
    if (ok_) deflateEnd(&stream_);
  }
  bool compress(const std::string& in, std::string& out) {
    if (!ok_ || deflateReset(&stream_) != Z_OK) return false;
    out.resize(deflateBound(&stream_, in.size()));
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = static_cast<uInt>(in.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) return false;
    out.resize(out.size() - stream_.avail_out);
    return true;
  }

 private:
  z_stream stream_{};
  bool ok_ = false;
};

void zlib_compress(benchmark::State& state, const made& m, int level) {
  zlib_gzip compressor(level);
  std::string out;
  std::uint64_t compressed = 0;
  for (auto _ : state) {
    compressed = 0;
    for (const std::string& block : m.sink.blocks) {
      if (!compressor.compress(block, out)) state.SkipWithError("zlib failed");
      compressed += out.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * m.block_bytes);
  state.counters["ratio"] = static_cast<double>(compressed) / m.block_bytes;
}

// What netcap writes with: io::gzip_compressor.
void libdeflate_compress(benchmark::State& state, const made& m, int level) {
  io::gzip_compressor compressor(level);
  std::string out;
  std::uint64_t compressed = 0;
  for (auto _ : state) {
    compressed = 0;
    for (const std::string& block : m.sink.blocks) {
      if (!compressor.compress(block, out)) state.SkipWithError("libdeflate failed");
      compressed += out.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * m.block_bytes);
  state.counters["ratio"] = static_cast<double>(compressed) / m.block_bytes;
}

}  // namespace
}  // namespace netcap

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const std::vector<std::string> paths =
      netcap::bench::capture_paths(argc, argv, {"ndpi-tests_1kxun.pcap"});
  static std::vector<netcap::made> all(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    netcap::bench::capture c;
    if (!netcap::bench::load(paths[i], c)) return 1;
    netcap::made& m = all[i];
    netcap::make_records(c, m);
    std::cerr << m.name << ": " << c.packets.size() << " packets, " << m.sink.records.size()
              << " records, " << m.block_bytes << " bytes framed\n";
    benchmark::RegisterBenchmark(("serialize/" + m.name).c_str(),
                                 [&m](benchmark::State& s) { netcap::serialize(s, m); });
    for (int level : {1, 3, 6}) {
      benchmark::RegisterBenchmark(
          ("zlib_gzip/level:" + std::to_string(level) + "/" + m.name).c_str(),
          [&m, level](benchmark::State& s) { netcap::zlib_compress(s, m, level); });
    }
    for (int level : {1, 3, 6, 9}) {
      benchmark::RegisterBenchmark(
          ("libdeflate_gzip/level:" + std::to_string(level) + "/" + m.name).c_str(),
          [&m, level](benchmark::State& s) { netcap::libdeflate_compress(s, m, level); });
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
