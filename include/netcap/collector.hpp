// Runs a pipeline over a packet source with a pool of worker threads.
//
// The reading thread copies packets into batches and hands whole batches to
// the workers round-robin; a batch, not a packet, is the unit of hand-over,
// so the queues' locks are taken once per few hundred packets. Each worker
// owns a pipeline and a block_sink and dissects, encodes and compresses on
// its own; the only lock it shares per block is the output file's. Batches
// are recycled, so reading allocates nothing after the first few.
//
// Packets are dispatched by flow. When the pipeline has stateful encoders
// (flows, connections, streams: those with flush()), the reading thread
// reads each packet's addresses and ports from its raw bytes
// (core/flow_tuple.hpp, no dissection, no allocation) and sends it to the
// worker a symmetric hash of them names, keeping capture order within each
// worker. So every packet of a connection, both directions, reaches one
// worker, in capture order, and each worker's stateful encoders see whole
// connections: the records are the same with any number of workers. How
// coarsely packets are grouped is the widest `dispatch_scope` among the
// enabled stateful encoders (core/encoder.hpp); Flow, Connection and the
// stream encoders need a connection. Without stateful encoders, batches go
// to the workers round-robin; which worker handles a packet then changes
// the order of records in a file, never the set of records.
//
// State that spans connections (a MAC pair, an address pair, a port pair:
// LinkFlow, NetworkFlow, TransportFlow) would need coarser groups, down to
// one worker for all. Those encoders need no dissection, only the tuple the
// reading thread has already read for dispatching, so they are *tuple
// encoders* and run in an ordered stage on the reading thread itself: every
// packet, in capture order, before its batch is handed over, with a
// pipeline and a sink of their own. Their records are then those of a
// single-threaded run, timeouts and evictions included, whatever -workers
// says, while the workers split the dissecting and every other encoder by
// connection. The stage costs the reading thread a few hash-table updates
// per packet (the tuple is read anyway) and no synchronisation. A stage on
// a thread of its own, fed the tuples of each batch in capture order, would
// take that work off the reader, at the cost of a copy and a hand-over per
// batch; with the reader far from the bottleneck (docs/performance.md) it
// is not worth it yet.
//
// A live source delivers packets as they come, so the reading thread does
// not wait to fill a batch: it hands a partly filled one over as soon as the
// source reports it idle, or when the batch's first packet is older than
// max_batch_delay. Records of a quiet link are thus made within a fraction
// of a second, not when a few hundred more packets arrive.
#ifndef NETCAP_COLLECTOR_HPP_
#define NETCAP_COLLECTOR_HPP_

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "netcap/core/dissect.hpp"
#include "netcap/core/flow_tuple.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/core/type_list.hpp"
#include "netcap/io/csv.hpp"
#include "netcap/io/csv_writer.hpp"
#include "netcap/io/error_log.hpp"
#include "netcap/io/packet_source.hpp"
#include "netcap/io/pcap_source.hpp"
#include "netcap/io/pcap_writer.hpp"
#include "netcap/io/record_writer.hpp"
#include "netcap/pipeline.hpp"

namespace netcap {

// How far a run has got; collect_options::progress receives it.
struct collect_progress {
  // Packets read from the source so far.
  std::uint64_t packets = 0;
  // Records the workers have made so far, including those still gathered in
  // a block not yet written.
  std::uint64_t records = 0;
  std::chrono::nanoseconds elapsed{0};
  // The drop counts of a live capture.
  std::optional<io::capture_stats> capture;
};

struct collect_options {
  // Worker threads; at least one.
  int workers = 1;
  // Write packets with undecoded layers to unknown.pcap (off: -ignore-unknown).
  bool write_unknown = true;
  encode_options encode;
  io::output_options output;
  // Write `<Name>.csv[.gz]` text files instead of record files (-csv),
  // rendered with `csv_format`: the lines `netcap -r` prints for record files.
  bool csv = false;
  io::csv_options csv_format;
  // When set and true, reading stops at the next packet and the run ends as
  // at the end of input: every file is flushed and closed. A signal handler
  // sets it (-iface captures until then).
  const std::atomic<bool>* stop = nullptr;
  // Reading stops after this many packets (-count); 0 means no limit.
  std::uint64_t max_packets = 0;
  // Reading stops once this much time has passed (-duration); 0 means no
  // limit. Checked at least every few hundred milliseconds.
  std::chrono::nanoseconds max_duration{0};
  // How long, by packet timestamps, a live source's packets may wait in a
  // partly filled batch before it goes to a worker anyway.
  std::chrono::milliseconds max_batch_delay{200};
  // Called by the reading thread about every progress_interval while the
  // run lasts (never when empty). It must return quickly: reading waits.
  std::function<void(const collect_progress&)> progress;
  std::chrono::milliseconds progress_interval{1000};
  // Whether some encoder records layers of a libtins type, when more
  // encoders than the pipeline's count: a packet that ends in such a layer
  // is not unknown. netcap's command sets it to every encoder netcap has,
  // so that a trimmed sensor's unknown.pcap is `netcap -include`'s.
  bool (*records_layer)(Tins::PDU::PDUType) = nullptr;
};

// What a run did, for the summary.
struct collect_stats {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  // Packets with a decoding error, by stable error name.
  std::map<std::string, std::uint64_t, std::less<>> errors;
  // Packets with a layer no decoder understood, by why (describe()).
  std::map<std::string, std::uint64_t, std::less<>> unknown;
  // Records and file bytes per record type, indexed like the encoders; only
  // types that wrote records are listed.
  struct output {
    std::string name;
    std::string path;
    std::uint64_t records = 0;
    std::uint64_t bytes = 0;
  };
  std::vector<output> outputs;
  // Whether the run was stopped before the end of its input.
  bool interrupted = false;
  // Whether -count or -duration ended the run.
  bool limit_reached = false;
  // The drop counts of a live capture, at its end.
  std::optional<io::capture_stats> capture;
  // Side outputs that were written, with their packet counts.
  std::uint64_t unknown_packets = 0;
  std::uint64_t error_packets = 0;
  // The side output files written: more than one each where packets of
  // several link types went there (io::pcap_writer_set).
  std::vector<std::string> unknown_files;
  std::vector<std::string> error_files;
  std::chrono::nanoseconds elapsed{0};
};

namespace detail {

// A run of packets copied out of the source, handed to a worker whole.
struct packet_batch {
  struct entry {
    std::int64_t timestamp_ns;
    std::uint32_t captured_length;
    std::uint32_t original_length;
    std::size_t offset;
    int link_type;
  };
  static constexpr std::size_t max_packets = 256;
  static constexpr std::size_t max_bytes = 1 << 20;

  std::vector<entry> packets;
  std::vector<std::uint8_t> bytes;

  bool full() const {
    return packets.size() >= max_packets || bytes.size() >= max_bytes;
  }
  void clear() {
    packets.clear();
    bytes.clear();
  }
  void add(const io::raw_packet& p) {
    const std::size_t offset = bytes.size();
    bytes.insert(bytes.end(), p.data, p.data + p.captured_length);
    packets.push_back({p.timestamp_ns, p.captured_length, p.original_length, offset, p.link_type});
  }
};

// A blocking queue of batch pointers; null marks the end of input.
class batch_queue {
 public:
  void push(packet_batch* batch) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      items_.push_back(batch);
    }
    ready_.notify_one();
  }
  packet_batch* pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !items_.empty(); });
    packet_batch* batch = items_.front();
    items_.pop_front();
    return batch;
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<packet_batch*> items_;
};

// The files for packets netcap could not fully decode, shared by workers.
// Packets of the capture's link type go to errors.pcap and unknown.pcap;
// those of another (a pcapng file's other interfaces) to a file of their
// own link type beside them (io::pcap_writer_set).
struct side_outputs {
  side_outputs(const std::string& folder, int link_type, int snapshot_length,
               bool write_unknown)
      : errors_log(folder + "/errors.log"),
        errors_pcap(folder, "errors", link_type, snapshot_length) {
    if (write_unknown) {
      unknown_pcap = std::make_unique<io::pcap_writer_set>(folder, "unknown", link_type,
                                                           snapshot_length);
    }
  }

  absl::Status close() {
    absl::Status status = errors_log.close();
    status.Update(errors_pcap.close());
    if (unknown_pcap != nullptr) status.Update(unknown_pcap->close());
    return status;
  }

  io::error_log errors_log;
  io::pcap_writer_set errors_pcap;
  std::unique_ptr<io::pcap_writer_set> unknown_pcap;
};

// The message type of each encoder's records, in pack order.
template <class... Encoders>
std::vector<const google::protobuf::Descriptor*> record_descriptors(type_list<Encoders...>) {
  return {Encoders::record_type::descriptor()...};
}

template <class Pipeline, class Sink>
struct worker {
  template <class... SinkArgs>
  worker(const typename Pipeline::mask& enabled,
         const typename Pipeline::mask& stops, side_outputs& side, SinkArgs&&... sink_args)
      : pipeline(enabled, stops), sink(std::forward<SinkArgs>(sink_args)...), side(side) {}

  void run(batch_queue& in, batch_queue& free_batches, const encode_options& options,
           bool (*records_layer)(Tins::PDU::PDUType)) {
    frame f;
    f.options = options;
    while (packet_batch* batch = in.pop()) {
      for (const packet_batch::entry& e : batch->packets) {
        // Each packet is dissected by its own link type: a pcapng file's
        // interfaces may differ.
        const int link_type = e.link_type;
        f.link_type = link_type;
        f.timestamp_ns = e.timestamp_ns;
        f.data = batch->bytes.data() + e.offset;
        f.captured_length = e.captured_length;
        f.original_length = e.original_length;
        dissection d = dissect(link_type, f.data, f.captured_length, f.original_length);
        // The tuple encoders run on the reading thread, in capture order.
        packet_result r = pipeline.process_dissected(d.root.get(), f, sink);
        ++packets;
        bytes += e.captured_length;
        const std::string_view error = !d.error.empty() ? d.error : r.error;
        if (!error.empty()) {
          ++errors[error];
          side.errors_log.write(
              error, io::format_error_entry(f.timestamp_ns, error, f.data,
                                            f.captured_length, f.original_length,
                                            link_type, d.root.get()));
          side.errors_pcap.write(link_type, f.timestamp_ns, f.data, f.captured_length,
                                 f.original_length);
        }
        // A malformed packet's dissection ends early, at the broken layer:
        // it is an error, not an unknown protocol.
        unknown_layer why = d.error.empty() ? r.unknown : unknown_layer{};
        if (why.what == unknown_layer::kind::layer && records_layer != nullptr &&
            records_layer(why.pdu_type)) {
          why = {};
        }
        if (d.root == nullptr && d.error.empty()) {
          why = {unknown_layer::kind::link_type, {}, "link type", link_type};
        }
        if (why) {
          ++unknown[why];
          if (side.unknown_pcap != nullptr) {
            side.unknown_pcap->write(link_type, f.timestamp_ns, f.data, f.captured_length,
                                     f.original_length);
          }
        }
      }
      free_batches.push(batch);
      records_made.store(sink.written(), std::memory_order_relaxed);
    }
    pipeline.flush(sink);
    sink.flush();
  }

  Pipeline pipeline;
  Sink sink;
  side_outputs& side;
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;
  // Records made so far, published after every batch for progress reports.
  std::atomic<std::uint64_t> records_made{0};
  absl::flat_hash_map<std::string_view, std::uint64_t> errors;
  absl::flat_hash_map<unknown_layer, std::uint64_t> unknown;
};

// Blocks the stop signals (SIGINT, SIGTERM) in the threads started while it
// lives, so that they reach the reading thread: a signal there may cut a
// blocking read short, which ends the run as an interruption, while in a
// worker it could only make a write or an open fail.
class stop_signals_blocked {
 public:
  stop_signals_blocked() {
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &previous_);
  }
  ~stop_signals_blocked() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  stop_signals_blocked(const stop_signals_blocked&) = delete;
  stop_signals_blocked& operator=(const stop_signals_blocked&) = delete;

 private:
  sigset_t previous_;
};

// collect() with the sink type chosen: io::block_sink writes record files,
// io::csv_sink CSV files.
template <class Pipeline, class Sink, class Source>
absl::StatusOr<collect_stats> collect_with(Source& source,
                                           const typename Pipeline::mask& enabled,
                                           const typename Pipeline::mask& stops,
                                           const collect_options& options) {
  const auto start = std::chrono::steady_clock::now();
  Pipeline::register_layers();
  const std::size_t worker_count = static_cast<std::size_t>(std::max(1, options.workers));
  const std::vector<const google::protobuf::Descriptor*> descriptors =
      record_descriptors(typename Pipeline::encoder_list{});
  constexpr bool csv = std::is_same_v<Sink, io::csv_sink>;
  std::vector<io::file_spec> specs;
  if constexpr (csv) {
    specs = io::csv_file_specs({Pipeline::names.begin(), Pipeline::names.end()}, descriptors,
                               options.output, options.csv_format);
  } else {
    specs = io::record_files::record_file_specs(Pipeline::names, options.output);
  }
  io::record_files files(std::move(specs), options.output);

  // Enough batches to keep every worker busy while the reader fills more.
  std::vector<std::unique_ptr<detail::packet_batch>> batches(worker_count * 4);
  detail::batch_queue free_batches;
  for (auto& batch : batches) {
    batch = std::make_unique<detail::packet_batch>();
    batch->packets.reserve(detail::packet_batch::max_packets);
    free_batches.push(batch.get());
  }

  const int link_type = source.link_type();
  detail::side_outputs side(options.output.directory, link_type, source.snapshot_length(),
                            options.write_unknown);
  std::vector<std::unique_ptr<detail::worker<Pipeline, Sink>>> workers;
  std::vector<detail::batch_queue> queues(worker_count);
  std::vector<std::thread> threads;
  const auto make_sink = [&] {
    if constexpr (csv) {
      return std::make_unique<Sink>(files, descriptors, options.csv_format);
    } else {
      return std::make_unique<Sink>(files);
    }
  };
  for (std::size_t i = 0; i < worker_count; ++i) {
    if constexpr (csv) {
      workers.push_back(std::make_unique<detail::worker<Pipeline, Sink>>(
          enabled, stops, side, files, descriptors, options.csv_format));
    } else {
      workers.push_back(
          std::make_unique<detail::worker<Pipeline, Sink>>(enabled, stops, side, files));
    }
  }
  // The ordered stage: the tuple encoders (core/encoder.hpp) run here, on
  // the reading thread, over every packet in capture order, with a sink of
  // their own; the workers' pipelines leave them out.
  Pipeline ordered(enabled, stops);
  const bool run_ordered = ordered.has_tuple_encoders();
  std::unique_ptr<Sink> ordered_sink = run_ordered ? make_sink() : nullptr;
  frame ordered_frame;
  ordered_frame.options = options.encode;
  {
    detail::stop_signals_blocked in_workers;
    for (std::size_t i = 0; i < worker_count; ++i) {
      threads.emplace_back([&, i] {
        workers[i]->run(queues[i], free_batches, options.encode, options.records_layer);
      });
    }
  }

  absl::Status read_status;
  // Each worker has a batch being filled; a packet goes to the worker its
  // dispatch hash names, so that stateful encoders see whole connections.
  // Without stateful encoders batches fill one at a time, round-robin.
  const dispatch_scope scope = workers.front()->pipeline.scope();
  std::vector<detail::packet_batch*> filling(worker_count, nullptr);
  std::vector<std::int64_t> due_ns(worker_count, 0);
  std::size_t next_worker = 0;
  const auto hand_over = [&](std::size_t w) {
    queues[w].push(filling[w]);
    filling[w] = nullptr;
    if (scope == dispatch_scope::none) next_worker = (next_worker + 1) % worker_count;
  };
  const auto hand_over_all = [&] {
    for (std::size_t w = 0; w < worker_count; ++w) {
      if (filling[w] != nullptr && !filling[w]->packets.empty()) hand_over(w);
    }
  };
  std::uint64_t packets_read = 0;
  const auto progress = [&](std::chrono::steady_clock::time_point now) {
    collect_progress p;
    p.packets = packets_read;
    for (const auto& w : workers) p.records += w->records_made.load(std::memory_order_relaxed);
    if (ordered_sink != nullptr) p.records += ordered_sink->written();
    p.elapsed = now - start;
    p.capture = source.stats();
    options.progress(p);
  };
  const auto time_limit = options.max_duration.count() > 0
                              ? start + options.max_duration
                              : std::chrono::steady_clock::time_point::max();
  auto next_progress = start + options.progress_interval;
  // The clock is read once per batch handed over or idle read, not per
  // packet. Returns false once -duration is over.
  const auto on_time = [&] {
    const auto now = std::chrono::steady_clock::now();
    if (options.progress && now >= next_progress) {
      progress(now);
      next_progress = now + options.progress_interval;
    }
    return now < time_limit;
  };
  const bool live = source.is_live();
  const std::int64_t batch_delay_ns =
      std::chrono::nanoseconds(options.max_batch_delay).count();
  // The earliest time a live source's partly filled batch is due.
  std::int64_t earliest_due_ns = std::numeric_limits<std::int64_t>::max();
  io::raw_packet packet;
  bool interrupted = false;
  bool limit_reached = false;
  auto stop_requested = [&] {
    return options.stop != nullptr && options.stop->load(std::memory_order_relaxed);
  };
  while (!files.failed()) {
    if (stop_requested()) {
      interrupted = true;
      break;
    }
    if (options.max_packets > 0 && packets_read >= options.max_packets) {
      limit_reached = true;
      break;
    }
    absl::StatusOr<io::read_result> result = source.read(packet);
    if (!result.ok()) {
      // A stop signal cuts a blocking read (from a pipe) short: that is
      // the interruption asked for, not damage.
      if (stop_requested()) {
        interrupted = true;
      } else {
        read_status = result.status();
      }
      break;
    }
    if (*result == io::read_result::end) break;
    if (*result == io::read_result::idle) {
      hand_over_all();
      earliest_due_ns = std::numeric_limits<std::int64_t>::max();
      if (!on_time()) {
        limit_reached = true;
        break;
      }
      continue;
    }
    std::size_t w = next_worker;
    if (scope != dispatch_scope::none || run_ordered) {
      const packet_tuple tuple =
          read_tuple(packet.link_type, packet.data, packet.captured_length);
      if (scope != dispatch_scope::none) {
        w = static_cast<std::size_t>(dispatch_hash(tuple, scope) % worker_count);
      }
      if (run_ordered) {
        ordered_frame.link_type = packet.link_type;
        ordered_frame.timestamp_ns = packet.timestamp_ns;
        ordered_frame.data = packet.data;
        ordered_frame.captured_length = packet.captured_length;
        ordered_frame.original_length = packet.original_length;
        ordered.process_tuple(tuple, ordered_frame, *ordered_sink);
      }
    }
    if (filling[w] == nullptr) {
      filling[w] = free_batches.pop();
      filling[w]->clear();
    }
    detail::packet_batch* batch = filling[w];
    if (batch->packets.empty()) {
      due_ns[w] = packet.timestamp_ns + batch_delay_ns;
      earliest_due_ns = std::min(earliest_due_ns, due_ns[w]);
    }
    batch->add(packet);
    ++packets_read;
    bool handed = false;
    if (batch->full()) {
      hand_over(w);
      handed = true;
    }
    if (live && packet.timestamp_ns >= earliest_due_ns) {
      earliest_due_ns = std::numeric_limits<std::int64_t>::max();
      for (std::size_t i = 0; i < worker_count; ++i) {
        if (filling[i] == nullptr || filling[i]->packets.empty()) continue;
        if (packet.timestamp_ns >= due_ns[i]) {
          hand_over(i);
          handed = true;
        } else {
          earliest_due_ns = std::min(earliest_due_ns, due_ns[i]);
        }
      }
    }
    if (handed && !on_time()) {
      limit_reached = true;
      break;
    }
  }
  hand_over_all();
  for (detail::packet_batch* batch : filling) {
    if (batch != nullptr) free_batches.push(batch);
  }
  std::optional<io::capture_stats> capture = source.stats();
  for (auto& queue : queues) queue.push(nullptr);
  if (run_ordered) {
    ordered.flush(*ordered_sink);
    ordered_sink->flush();
  }
  for (auto& thread : threads) thread.join();
  absl::Status write_status = files.close();
  write_status.Update(side.close());

  collect_stats stats;
  for (const auto& w : workers) {
    stats.packets += w->packets;
    stats.bytes += w->bytes;
    for (const auto& [name, count] : w->errors) stats.errors[std::string(name)] += count;
    for (const auto& [why, count] : w->unknown) stats.unknown[describe(why)] += count;
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (files[i].records() == 0) continue;
    stats.outputs.push_back({std::string(Pipeline::names[i]), files[i].path(),
                             files[i].records(), files[i].bytes()});
  }
  stats.interrupted = interrupted;
  stats.limit_reached = limit_reached;
  stats.capture = capture;
  stats.error_packets = side.errors_pcap.packets();
  stats.error_files = side.errors_pcap.paths();
  if (side.unknown_pcap != nullptr) {
    stats.unknown_packets = side.unknown_pcap->packets();
    stats.unknown_files = side.unknown_pcap->paths();
  }
  stats.elapsed = std::chrono::steady_clock::now() - start;
  // Both errors say how far the run got; what was written is complete.
  if (!write_status.ok()) {
    return absl::Status(write_status.code(),
                        absl::StrCat(write_status.message(), "; stopped after reading ",
                                     packets_read, " packets"));
  }
  if (!read_status.ok()) {
    return absl::Status(read_status.code(),
                        absl::StrCat(read_status.message(), "; the records of the ",
                                     packets_read, " packets before the damage were written"));
  }
  return stats;
}

}  // namespace detail

// Reads every packet of `source` (a file to its end; a live capture until
// options.stop, -count or -duration ends it), runs the selected encoders of
// `Pipeline` over them on `options.workers` threads, and writes the record
// files (or CSV files, with options.csv). Fails when an output file cannot
// be written or the source fails; the files written so far are closed
// properly either way. `Source` is io::pcap_source or any type meeting the
// concept of netcap/io/packet_source.hpp.
template <class Pipeline, class Source>
absl::StatusOr<collect_stats> collect(Source& source,
                                      const typename Pipeline::mask& enabled,
                                      const typename Pipeline::mask& stops,
                                      const collect_options& options) {
  static_assert(io::is_packet_source_v<Source>,
                "collect() reads a packet source; netcap/io/packet_source.hpp says what one is");
  if (options.csv) {
    return detail::collect_with<Pipeline, io::csv_sink>(source, enabled, stops, options);
  }
  return detail::collect_with<Pipeline, io::block_sink>(source, enabled, stops, options);
}

}  // namespace netcap

#endif  // NETCAP_COLLECTOR_HPP_
