// The netcap command line, shared by the full `netcap` binary and the
// trimmed sensors: `run<Pipeline>(argc, argv)` is a whole program for any
// pipeline, reading capture files (-r) or capturing live (-iface). Flags
// follow the Go netcap (single dash, -comp=false); names with dashes such as
// -compression-level are accepted as written.
#ifndef NETCAP_TOOLS_NETCAP_MAIN_HPP_
#define NETCAP_TOOLS_NETCAP_MAIN_HPP_

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "netcap/collector.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/io/pcap_source.hpp"
#include "netcap/io/progress.hpp"
#include "netcap/io/record_merge.hpp"
#include "netcap/io/record_printer.hpp"
#include "netcap/io/record_reader.hpp"
#include "netcap/registry.hpp"
#include "netcap/version.hpp"

ABSL_FLAG(std::string, r, "", "read a capture (pcap or pcapng) or a record file (.ncap, .ncap.gz)");
ABSL_FLAG(std::string, out, ".", "folder for the record files; created if missing");
ABSL_FLAG(std::string, bpf, "", "Berkeley Packet Filter applied to the input");
// Live capture.
ABSL_FLAG(std::string, iface, "", "capture live on this network interface (see -interfaces)");
ABSL_FLAG(bool, interfaces, false, "list the interfaces netcap can capture on and exit");
ABSL_FLAG(bool, promisc, true, "-iface: capture in promiscuous mode (also packets for other hosts)");
ABSL_FLAG(int, snaplen, 0, "-iface: bytes kept of each packet; 0 keeps whole packets (262144)");
ABSL_FLAG(int, buffer_size, 16,
          "-iface: MiB of kernel buffer that hold packets until netcap reads them");
ABSL_FLAG(int64_t, count, 0, "stop after this many packets; 0 means no limit");
ABSL_FLAG(absl::Duration, duration, absl::ZeroDuration(),
          "stop after this long, such as 30s or 5m; 0 means no limit");
// The default is computed when the flag is first read: on where someone
// watches stderr.
ABSL_FLAG(bool, progress, ::isatty(STDERR_FILENO) == 1,
          "print a progress line on stderr (for a file: share read, packets/s, time elapsed and "
          "left); on by default when stderr is a terminal");
ABSL_FLAG(bool, quiet, false, "no progress line, even on a terminal");
ABSL_FLAG(std::vector<std::string>, include, {}, "only these encoders, comma-separated");
ABSL_FLAG(std::vector<std::string>, exclude, {},
          "drop these encoders, and stop decoding the layers inside theirs");
ABSL_FLAG(bool, encoders, false, "list the encoders and exit");
ABSL_FLAG(int, workers, 0, "worker threads; 0 means one per hardware thread");
ABSL_FLAG(bool, comp, true, "gzip the record files");
// Level 1 by default: on real traffic netcap took 10% to a third less CPU
// time than at 6, for 5% more bytes (docs/performance.md).
ABSL_FLAG(int, compression_level, 1, "gzip level, 1 (fastest) to 9 (smallest)");
ABSL_FLAG(int, block_size, 256 * 1024,
          "bytes of records a worker gathers per record type before compressing and writing them");
ABSL_FLAG(bool, payload, false, "keep payload bytes in TCP and UDP records");
ABSL_FLAG(bool, entropy, false, "compute payload entropy in records that have it");
ABSL_FLAG(absl::Duration, flow_timeout, absl::Seconds(30),
          "a Flow, LinkFlow, NetworkFlow or TransportFlow ends after this much idle time, "
          "measured in packet time (30s, 2m)");
ABSL_FLAG(absl::Duration, conn_timeout, absl::Seconds(60),
          "a Connection ends after this much idle time, measured in packet time");
ABSL_FLAG(absl::Duration, close_timeout, absl::Seconds(5),
          "a Flow or Connection TCP closed (FIN both ways, or RST) is written after this much "
          "idle time, so stray packets such as the last ACK still count in it");
ABSL_FLAG(int64_t, max_flows, 100000,
          "most entries each flow encoder holds per worker; beyond it the entry idle the "
          "longest is written out early");
ABSL_FLAG(int64_t, max_stream_buffer, 1 << 20,
          "TCP reassembly: out-of-order bytes buffered per direction of a connection; "
          "past it the missing bytes become a gap (docs/streams.md)");
ABSL_FLAG(int64_t, max_buffer_total, int64_t{256} << 20,
          "TCP reassembly: out-of-order bytes buffered over all connections, per stream "
          "encoder and worker");
ABSL_FLAG(int64_t, max_streams, 65536,
          "TCP reassembly: connections tracked at once, per stream encoder and worker; "
          "past it the idle, then the oldest, are closed");
ABSL_FLAG(bool, ignore_unknown, false, "do not write packets with undecoded layers to unknown.pcap");
ABSL_FLAG(bool, csv, false,
          "capture mode: write <Name>.csv.gz (or .csv with -comp=false) files instead of record "
          "files; their lines are what -r prints for record files");
// Read mode: -r with a record file, several (comma-separated) or a folder.
ABSL_FLAG(std::vector<std::string>, select, {}, "read mode: print only these fields, in this order");
ABSL_FLAG(bool, fields, false, "read mode: print the field names and exit");
ABSL_FLAG(std::string, sep, ",", "read mode: field separator");
ABSL_FLAG(bool, tsv, false, "read mode: separate fields with tabs");
ABSL_FLAG(bool, table, false, "read mode: print aligned columns, a table per 100 records");
ABSL_FLAG(bool, header, false, "read mode: print the file's header record and exit");
ABSL_FLAG(bool, json, false, "read mode: print one JSON object per record (protobuf's JSON mapping)");
ABSL_FLAG(bool, struc, false, "read mode: print records in protobuf text form");
ABSL_FLAG(bool, utc, false, "read mode and -csv: print timestamps as RFC 3339 UTC");
ABSL_FLAG(bool, check, false,
          "read mode: validate record files (header, framing, every record) and print their "
          "record counts; exit 1 on damage");
ABSL_FLAG(std::string, begin, "(", "read mode and -csv: opens a nested structure");
ABSL_FLAG(std::string, end, ")", "read mode and -csv: closes a nested structure");
ABSL_FLAG(std::string, struct_sep, "-", "read mode and -csv: separates fields of a nested structure");

namespace netcap::tools {
namespace detail {

// Rewrites "-compression-level=1" as "-compression_level=1": Abseil flag
// names are C++ identifiers, the Go netcap's had dashes.
inline std::vector<char*> normalize_flag_names(int argc, char** argv,
                                               std::vector<std::string>& storage) {
  storage.assign(argv, argv + argc);
  for (std::size_t i = 1; i < storage.size(); ++i) {
    std::string& arg = storage[i];
    if (arg == "--") break;
    if (arg.size() < 2 || arg[0] != '-') continue;
    const std::size_t start = arg[1] == '-' ? 2 : 1;
    const std::size_t stop = std::min(arg.find('='), arg.size());
    for (std::size_t j = start; j < stop; ++j) {
      if (arg[j] == '-') arg[j] = '_';
    }
  }
  std::vector<char*> args;
  for (std::string& arg : storage) args.push_back(arg.data());
  return args;
}

inline bool is_capture_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[4] = {0, 0, 0, 0};
  in.read(reinterpret_cast<char*>(magic), 4);
  const std::uint32_t m = magic[0] | magic[1] << 8 | magic[2] << 16 |
                          static_cast<std::uint32_t>(magic[3]) << 24;
  switch (m) {
    case 0xa1b2c3d4: case 0xd4c3b2a1:  // pcap, microseconds
    case 0xa1b23c4d: case 0x4d3cb2a1:  // pcap, nanoseconds
    case 0x0a0d0d0a:                   // pcapng section header
      return true;
    default:
      return false;
  }
}

// Set by the first SIGINT or SIGTERM: the run stops reading and closes every
// file properly. A second one ends the process at once.
inline std::atomic<bool> stop_requested{false};
inline std::atomic<int> stop_signal{0};

inline void on_stop_signal(int signal) {
  if (stop_requested.exchange(true)) {
    // Only async-signal-safe calls here: write(2), not iostreams.
    static constexpr char message[] =
        "netcap: interrupted twice: exiting at once; files being written may be incomplete\n";
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, message, sizeof(message) - 1);
    _exit(130);
  }
  stop_signal.store(signal);
}

// Without SA_RESTART, so that a signal cuts short a read that blocks (a
// capture coming through a pipe); the collector then ends the run as
// interrupted. Worker threads block these signals (collector.hpp), so they
// reach the reading thread.
inline void install_stop_handlers() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

inline int fail(const absl::Status& status) {
  std::cerr << "netcap: " << status.message() << "\n";
  return 1;
}

inline std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1024) return absl::StrCat(bytes, " B");
  if (bytes < 1024 * 1024) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  return absl::StrFormat("%.1f MiB", bytes / (1024.0 * 1024.0));
}

// The read mode's output options, from the flags.
inline absl::StatusOr<io::print_options> print_options_from_flags() {
  io::print_options options;
  const int forms = absl::GetFlag(FLAGS_json) + absl::GetFlag(FLAGS_struc) +
                    absl::GetFlag(FLAGS_table);
  if (forms > 1) {
    return absl::InvalidArgumentError("choose one of -json, -struc and -table");
  }
  if (absl::GetFlag(FLAGS_json)) options.form = io::output_form::json;
  if (absl::GetFlag(FLAGS_struc)) options.form = io::output_form::text;
  if (absl::GetFlag(FLAGS_table)) options.form = io::output_form::table;
  options.csv.separator = absl::GetFlag(FLAGS_tsv) ? "\t" : absl::GetFlag(FLAGS_sep);
  if (options.csv.separator == "\\t") options.csv.separator = "\t";
  options.csv.begin = absl::GetFlag(FLAGS_begin);
  options.csv.end = absl::GetFlag(FLAGS_end);
  options.csv.struct_separator = absl::GetFlag(FLAGS_struct_sep);
  options.csv.utc = absl::GetFlag(FLAGS_utc);
  options.select = absl::GetFlag(FLAGS_select);
  return options;
}

// -check: every file read to its end; the counts on stdout, damage on stderr.
inline int check(const std::vector<std::string>& paths) {
  int status = 0;
  for (const std::string& path : paths) {
    absl::StatusOr<std::uint64_t> records = io::check_record_file(path);
    if (records.ok()) {
      std::cout << path << ": " << *records << " records\n" << std::flush;
    } else {
      status = fail(records.status());
    }
  }
  return status;
}

inline int print_headers(const std::vector<std::string>& paths, const io::print_options& options) {
  for (std::size_t i = 0; i < paths.size(); ++i) {
    absl::StatusOr<std::unique_ptr<io::record_reader>> reader = io::record_reader::open(paths[i]);
    if (!reader.ok()) return fail(reader.status());
    if (i > 0 && options.form != io::output_form::json) std::cout << "\n";
    absl::Status status = io::print_header((*reader)->header(), options, std::cout);
    if (!status.ok()) return fail(status);
  }
  return 0;
}

// Prints one record file in its own order.
inline int dump(const std::string& path, const io::print_options& options) {
  absl::StatusOr<std::unique_ptr<io::record_reader>> reader = io::record_reader::open(path);
  if (!reader.ok()) return fail(reader.status());
  std::unique_ptr<google::protobuf::Message> record = (*reader)->new_record();
  if (record == nullptr) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        path, " holds ", (*reader)->header().record_type(),
        " records, which this netcap cannot read")));
  }
  absl::StatusOr<std::unique_ptr<io::record_printer>> printer =
      io::record_printer::make({record->GetDescriptor()}, false, options, std::cout);
  if (!printer.ok()) return fail(printer.status());
  if (absl::GetFlag(FLAGS_fields)) {
    (*printer)->print_fields();
    return 0;
  }
  while (true) {
    absl::StatusOr<bool> more = (*reader)->next(*record);
    if (!more.ok()) {
      (*printer)->finish();  // what was read before the damage
      return fail(more.status());
    }
    if (!*more) break;
    (*printer)->print(0, *record);
  }
  (*printer)->finish();
  std::cerr << (*reader)->records_read() << " records\n";
  return 0;
}

// Prints several record files as one stream in timestamp order.
inline int dump_merged(const std::vector<std::string>& paths, const io::print_options& options,
                       std::vector<std::string> type_order) {
  io::merge_options merge;
  merge.type_order = std::move(type_order);
  absl::StatusOr<std::unique_ptr<io::merged_reader>> merged =
      io::merged_reader::open(paths, merge);
  if (!merged.ok()) return fail(merged.status());
  absl::StatusOr<std::unique_ptr<io::record_printer>> printer =
      io::record_printer::make((*merged)->types(), true, options, std::cout);
  if (!printer.ok()) return fail(printer.status());
  if (absl::GetFlag(FLAGS_fields)) {
    (*printer)->print_fields();
    return 0;
  }
  std::uint64_t count = 0;
  while (true) {
    absl::StatusOr<const google::protobuf::Message*> record = (*merged)->next();
    if (!record.ok()) {
      (*printer)->finish();
      return fail(record.status());
    }
    if (*record == nullptr) break;
    (*printer)->print((*merged)->type(), **record);
    ++count;
  }
  (*printer)->finish();
  std::cerr << count << " records from " << paths.size() << " files\n";
  return 0;
}

// What -r names: a file, a comma-separated list of files, or a folder (its
// .ncap and .ncap.gz files). Several files are read merged.
struct read_inputs {
  std::vector<std::string> paths;
  bool merged = false;
};

inline absl::StatusOr<read_inputs> expand_inputs(const std::string& arg) {
  read_inputs inputs;
  std::error_code error;
  if (std::filesystem::is_directory(arg, error)) {
    inputs.merged = true;
    for (const auto& entry : std::filesystem::directory_iterator(arg, error)) {
      const std::string name = entry.path().filename().string();
      if (absl::EndsWith(name, ".ncap") || absl::EndsWith(name, ".ncap.gz")) {
        inputs.paths.push_back(entry.path().string());
      }
    }
    if (error) {
      return absl::NotFoundError(absl::StrCat("cannot list ", arg, ": ", error.message()));
    }
    if (inputs.paths.empty()) {
      return absl::NotFoundError(absl::StrCat(arg, " holds no record files (.ncap, .ncap.gz)"));
    }
    std::sort(inputs.paths.begin(), inputs.paths.end());
    return inputs;
  }
  if (::access(arg.c_str(), F_OK) == 0 || arg.find(',') == std::string::npos) {
    inputs.paths.push_back(arg);
  } else {
    inputs.paths = absl::StrSplit(arg, ',', absl::SkipEmpty());
    inputs.merged = true;
  }
  for (const std::string& path : inputs.paths) {
    if (::access(path.c_str(), R_OK) != 0) {
      return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
  }
  return inputs;
}

// The read mode over record files.
inline int read_records(const read_inputs& inputs, std::vector<std::string> type_order) {
  if (absl::GetFlag(FLAGS_check)) return check(inputs.paths);
  absl::StatusOr<io::print_options> options = print_options_from_flags();
  if (!options.ok()) return fail(options.status());
  if (absl::GetFlag(FLAGS_header)) return print_headers(inputs.paths, *options);
  if (inputs.merged) return dump_merged(inputs.paths, *options, std::move(type_order));
  return dump(inputs.paths.front(), *options);
}

// -interfaces: one interface a line, in columns: name, state ("-" for
// none), then addresses and the system's description.
inline int list_interfaces() {
  absl::StatusOr<std::vector<io::interface_info>> interfaces = io::list_interfaces();
  if (!interfaces.ok()) return fail(interfaces.status());
  std::vector<std::string> states;
  int name_width = 0;
  int state_width = 0;
  for (const io::interface_info& i : *interfaces) {
    states.push_back(i.flags.empty() ? "-" : absl::StrJoin(i.flags, ","));
    name_width = std::max(name_width, static_cast<int>(i.name.size()));
    state_width = std::max(state_width, static_cast<int>(states.back().size()));
  }
  for (std::size_t n = 0; n < interfaces->size(); ++n) {
    const io::interface_info& i = (*interfaces)[n];
    std::vector<std::string> rest = i.addresses;
    if (!i.description.empty()) rest.push_back(absl::StrCat("(", i.description, ")"));
    std::string line = absl::StrFormat("%-*s  %-*s  %s", name_width, i.name, state_width,
                                       states[n], absl::StrJoin(rest, " "));
    line.erase(line.find_last_not_of(' ') + 1);
    std::cout << line << "\n";
  }
  return 0;
}

// The -iface options, from the flags.
inline absl::StatusOr<io::live_options> live_options_from_flags() {
  io::live_options options;
  options.promiscuous = absl::GetFlag(FLAGS_promisc);
  const int snaplen = absl::GetFlag(FLAGS_snaplen);
  if (snaplen < 0) return absl::InvalidArgumentError("-snaplen must be 0 (whole packets) or more");
  options.snapshot_length = snaplen;
  const int buffer_mib = absl::GetFlag(FLAGS_buffer_size);
  if (buffer_mib < 1 || buffer_mib > 2047) {
    return absl::InvalidArgumentError("-buffer-size must be between 1 and 2047 (MiB)");
  }
  options.buffer_size = buffer_mib << 20;
  return options;
}

// Captures from a file (-r) or, with `live`, from an interface (-iface).
template <class Pipeline>
int capture(const std::string& input, bool live) {
  using reg = registry<Pipeline>;
  absl::StatusOr<typename reg::selection> selection =
      reg::select(absl::GetFlag(FLAGS_include), absl::GetFlag(FLAGS_exclude));
  if (!selection.ok()) return fail(selection.status());

  collect_options options;
  const std::int64_t count = absl::GetFlag(FLAGS_count);
  if (count < 0) return fail(absl::InvalidArgumentError("-count must be 0 (no limit) or more"));
  options.max_packets = static_cast<std::uint64_t>(count);
  const absl::Duration duration = absl::GetFlag(FLAGS_duration);
  if (duration < absl::ZeroDuration()) {
    return fail(absl::InvalidArgumentError("-duration must be 0 (no limit) or more"));
  }
  options.max_duration = absl::ToChronoNanoseconds(duration);

  absl::StatusOr<std::unique_ptr<io::pcap_source>> source;
  if (live) {
    absl::StatusOr<io::live_options> live_options = live_options_from_flags();
    if (!live_options.ok()) return fail(live_options.status());
    source = io::pcap_source::open_live(input, absl::GetFlag(FLAGS_bpf), *live_options);
  } else {
    source = io::pcap_source::open_file(input, absl::GetFlag(FLAGS_bpf));
  }
  if (!source.ok()) return fail(source.status());
  if (!(*source)->warning().empty()) {
    std::cerr << "netcap: warning: " << input << ": " << (*source)->warning() << "\n";
  }

  int workers = absl::GetFlag(FLAGS_workers);
  if (workers < 0) {
    return fail(absl::InvalidArgumentError("-workers must be 0 (automatic) or more"));
  }
  options.workers = workers > 0 ? workers
                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.write_unknown = !absl::GetFlag(FLAGS_ignore_unknown);
  options.encode.payloads = absl::GetFlag(FLAGS_payload);
  options.encode.entropy = absl::GetFlag(FLAGS_entropy);
  const absl::Duration flow_timeout = absl::GetFlag(FLAGS_flow_timeout);
  const absl::Duration conn_timeout = absl::GetFlag(FLAGS_conn_timeout);
  const absl::Duration close_timeout = absl::GetFlag(FLAGS_close_timeout);
  if (flow_timeout <= absl::ZeroDuration() || conn_timeout <= absl::ZeroDuration() ||
      close_timeout < absl::ZeroDuration()) {
    return fail(absl::InvalidArgumentError(
        "-flow-timeout and -conn-timeout must be more than 0, -close-timeout 0 or more"));
  }
  options.encode.close_timeout_ns = absl::ToInt64Nanoseconds(close_timeout);
  options.encode.flow_timeout_ns = absl::ToInt64Nanoseconds(flow_timeout);
  options.encode.conn_timeout_ns = absl::ToInt64Nanoseconds(conn_timeout);
  const std::int64_t max_flows = absl::GetFlag(FLAGS_max_flows);
  if (max_flows < 1 || max_flows > std::numeric_limits<std::uint32_t>::max()) {
    return fail(absl::InvalidArgumentError("-max-flows must be between 1 and 4294967295"));
  }
  options.encode.max_flows = static_cast<std::uint32_t>(max_flows);
  for (const auto& [name, value] :
       {std::pair<const char*, std::int64_t>{"max_stream_buffer", absl::GetFlag(FLAGS_max_stream_buffer)},
        {"max_buffer_total", absl::GetFlag(FLAGS_max_buffer_total)},
        {"max_streams", absl::GetFlag(FLAGS_max_streams)}}) {
    if (value < 1) {
      return fail(absl::InvalidArgumentError(absl::StrCat("-", name, " must be at least 1")));
    }
  }
  options.encode.max_stream_buffer = static_cast<std::size_t>(absl::GetFlag(FLAGS_max_stream_buffer));
  options.encode.max_buffer_total = static_cast<std::size_t>(absl::GetFlag(FLAGS_max_buffer_total));
  options.encode.max_streams = static_cast<std::size_t>(absl::GetFlag(FLAGS_max_streams));
  options.output.directory = absl::GetFlag(FLAGS_out);
  options.output.compress = absl::GetFlag(FLAGS_comp);
  options.output.compression_level = absl::GetFlag(FLAGS_compression_level);
  if (options.output.compression_level < 1 || options.output.compression_level > 9) {
    return fail(absl::InvalidArgumentError("-compression-level must be between 1 and 9"));
  }
  if (absl::GetFlag(FLAGS_block_size) < 1) {
    return fail(absl::InvalidArgumentError("-block-size must be at least 1"));
  }
  options.output.block_size = static_cast<std::size_t>(absl::GetFlag(FLAGS_block_size));
  options.output.input_source = input;
  options.output.contains_payloads = options.encode.payloads;
  options.csv = absl::GetFlag(FLAGS_csv);
  options.csv_format.begin = absl::GetFlag(FLAGS_begin);
  options.csv_format.end = absl::GetFlag(FLAGS_end);
  options.csv_format.struct_separator = absl::GetFlag(FLAGS_struct_sep);
  options.csv_format.utc = absl::GetFlag(FLAGS_utc);

  const std::string& out = options.output.directory;
  if (::mkdir(out.c_str(), 0755) != 0 && errno != EEXIST) {
    return fail(absl::UnavailableError(
        absl::StrCat("cannot create output folder ", out, ": ", std::strerror(errno))));
  }
  struct stat st;
  if (::stat(out.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return fail(absl::InvalidArgumentError(absl::StrCat(out, " is not a folder")));
  }
  if (::access(out.c_str(), W_OK) != 0) {
    return fail(absl::PermissionDeniedError(
        absl::StrCat("cannot write to output folder ", out, ": ", std::strerror(errno))));
  }

  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  io::progress_line progress(input, live, (*source)->file_size(), terminal);
  if (absl::GetFlag(FLAGS_progress) && !absl::GetFlag(FLAGS_quiet)) {
    // Called on the reading thread, between packets, so asking libpcap for
    // its position in the file is safe; a few times a second on a terminal
    // costs nothing measurable.
    options.progress_interval = std::chrono::milliseconds(terminal ? 500 : 1000);
    const io::pcap_source* from = source->get();
    options.progress = [&progress, from](const collect_progress& p) {
      progress.print({p.packets, p.records, p.elapsed, from->bytes_read(), p.capture},
                     std::cerr);
    };
  }

  // A layer some netcap encoder records is understood, in a sensor built
  // without that encoder too (its unknown.pcap is that of netcap -include).
  options.records_layer = &records_layer<encoders::all_encoders>;
  options.stop = &stop_requested;
  install_stop_handlers();
  absl::StatusOr<collect_stats> stats =
      collect<Pipeline>(**source, selection->enabled, selection->stops, options);
  progress.finish(std::cerr);
  if (!stats.ok()) return fail(stats.status());

  const double seconds = std::chrono::duration<double>(stats->elapsed).count();
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  std::cout << absl::StrFormat("%-28s %12s %12s\n", "record type", "records", "bytes");
  for (const auto& o : stats->outputs) {
    std::cout << absl::StrFormat("%-28s %12d %12s\n", o.name, o.records, human_bytes(o.bytes));
    records += o.records;
    bytes += o.bytes;
  }
  std::cout << absl::StrFormat(
      "read %d packets (%s) from %s%s in %.3f s (%.0f packets/s) with %d workers\n"
      "wrote %d records (%s) to %s\n",
      stats->packets, human_bytes(stats->bytes), live ? "interface " : "", input, seconds,
      seconds > 0 ? stats->packets / seconds : 0.0, options.workers, records,
      human_bytes(bytes), out);
  if (stats->capture.has_value()) {
    std::cout << absl::StrFormat(
        "dropped %d packets in the kernel (capture buffer full) and %d at the interface; "
        "libpcap received %d\n",
        stats->capture->dropped_by_kernel, stats->capture->dropped_by_interface,
        stats->capture->received);
  }
  if (stats->interrupted && live) {
    std::cout << "stopped by " << (stop_signal.load() == SIGTERM ? "SIGTERM" : "SIGINT")
              << "; every file written is complete\n";
  } else if (stats->interrupted) {
    std::cout << "interrupted: stopped reading early; every file written is complete\n";
  }
  if (stats->limit_reached) {
    const bool by_count = options.max_packets > 0 && stats->packets >= options.max_packets;
    std::cout << (by_count ? absl::StrCat("stopped after -count ", options.max_packets, " packets")
                           : absl::StrCat("stopped after -duration ", absl::FormatDuration(duration)))
              << "\n";
  }
  for (const auto& [why, count] : stats->unknown) {
    std::cout << absl::StrFormat("%d packets %s\n", count, why);
  }
  if (stats->unknown_packets > 0) {
    std::cout << absl::StrFormat("%d packets written to %s\n", stats->unknown_packets,
                                 absl::StrJoin(stats->unknown_files, " and "));
  }
  for (const auto& [name, count] : stats->errors) {
    std::cout << absl::StrFormat("%d packets with error: %s\n", count, name);
  }
  if (stats->error_packets > 0) {
    std::cout << absl::StrFormat("%d packets written to %s, described in %s/errors.log\n",
                                 stats->error_packets, absl::StrJoin(stats->error_files, " and "),
                                 out);
  }
  // A file's records are valid but cover only part of it: say so with the
  // exit status a shell gives an interrupted command. A live capture has no
  // end but the one the user chooses, so a signal ends it successfully.
  return stats->interrupted && !live ? 130 : 0;
}

}  // namespace detail

// A whole netcap program over `Pipeline`'s encoders.
template <class Pipeline>
int run(int argc, char** argv) {
  // Under `bazel run`, paths are meant relative to where the user typed the
  // command, not to Bazel's runfiles folder.
  if (const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY")) {
    if (::chdir(cwd) != 0) {
      std::cerr << "netcap: cannot enter " << cwd << ": " << std::strerror(errno) << "\n";
      return 1;
    }
  }
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "-h") == 0) argv[i] = const_cast<char*>("--help");
  }
  absl::SetProgramUsageMessage(
      "turns packets into audit records.\n\n"
      "  netcap -r capture.pcap [-out DIR] [-csv] [-bpf EXPR] [-include A,B | -exclude A,B]\n"
      "  netcap -iface eth0 [-bpf EXPR] [-promisc=false] [-snaplen N] [-count N | -duration 30s]\n"
      "  netcap -interfaces\n"
      "  netcap -r TCP.ncap.gz [-select f1,f2] [-tsv | -table | -json | -struc] [-utc]\n"
      "  netcap -r out/ (or -r TCP.ncap.gz,UDP.ncap.gz): every record in timestamp order\n"
      "  netcap -r TCP.ncap.gz -check | -header | -fields\n"
      "  netcap -encoders");
  // -version is Abseil's own flag (absl/flags/usage.cc): ParseCommandLine
  // prints this string and exits 0.
  absl::FlagsUsageConfig usage;
  usage.version_string = [] { return absl::StrCat("netcap ", netcap::detail::to_absl(version), "\n"); };
  absl::SetFlagsUsageConfig(usage);
  std::vector<std::string> storage;
  std::vector<char*> args = detail::normalize_flag_names(argc, argv, storage);
  std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  if (positional.size() > 1) {
    return detail::fail(absl::InvalidArgumentError(absl::StrCat(
        "unexpected argument \"", positional[1], "\"; flags start with -, see -h")));
  }

  if (absl::GetFlag(FLAGS_encoders)) {
    for (std::string_view name : Pipeline::names) std::cout << "+ " << name << "\n";
    return 0;
  }
  if (absl::GetFlag(FLAGS_interfaces)) return detail::list_interfaces();
  const std::string arg = absl::GetFlag(FLAGS_r);
  const std::string iface = absl::GetFlag(FLAGS_iface);
  if (!iface.empty()) {
    if (!arg.empty()) {
      return detail::fail(absl::InvalidArgumentError(
          "choose one input: -r reads a file, -iface captures live"));
    }
    return detail::capture<Pipeline>(iface, true);
  }
  if (arg.empty()) {
    return detail::fail(absl::InvalidArgumentError(
        "nothing to read: give a capture or record file with -r, or an interface with -iface "
        "(see -h)"));
  }
  absl::StatusOr<detail::read_inputs> inputs = detail::expand_inputs(arg);
  if (!inputs.ok()) return detail::fail(inputs.status());
  std::vector<std::string> type_order(Pipeline::names.begin(), Pipeline::names.end());
  // -check takes every file for a record file and says what is wrong with it.
  if (inputs->merged || absl::GetFlag(FLAGS_check)) {
    return detail::read_records(*inputs, std::move(type_order));
  }
  const std::string& path = inputs->paths.front();
  if (!detail::is_capture_file(path) && io::record_reader::open(path).ok()) {
    return detail::read_records(*inputs, std::move(type_order));
  }
  // A capture, or neither: then libpcap says what is wrong with it.
  return detail::capture<Pipeline>(path, false);
}

}  // namespace netcap::tools

#endif  // NETCAP_TOOLS_NETCAP_MAIN_HPP_
