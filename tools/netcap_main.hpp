// The netcap command line, shared by the full `netcap` binary and the
// trimmed sensors: `run<Pipeline>(argc, argv)` is a whole program for any
// pipeline. Flags follow the Go netcap (single dash, -comp=false); names
// with dashes such as -compression-level are accepted as written.
#ifndef NETCAP_TOOLS_NETCAP_MAIN_HPP_
#define NETCAP_TOOLS_NETCAP_MAIN_HPP_

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "netcap/collector.hpp"
#include "netcap/io/csv.hpp"
#include "netcap/io/pcap_source.hpp"
#include "netcap/io/record_reader.hpp"
#include "netcap/registry.hpp"
#include "netcap/version.hpp"

ABSL_FLAG(std::string, r, "", "read a capture (pcap or pcapng) or a record file (.ncap, .ncap.gz)");
ABSL_FLAG(std::string, out, ".", "folder for the record files; created if missing");
ABSL_FLAG(std::string, bpf, "", "Berkeley Packet Filter applied to the input");
ABSL_FLAG(std::vector<std::string>, include, {}, "only these encoders, comma-separated");
ABSL_FLAG(std::vector<std::string>, exclude, {},
          "drop these encoders, and stop decoding the layers inside theirs");
ABSL_FLAG(bool, encoders, false, "list the encoders and exit");
ABSL_FLAG(int, workers, 0, "worker threads; 0 means one per hardware thread");
ABSL_FLAG(bool, comp, true, "gzip the record files");
ABSL_FLAG(int, compression_level, 6, "gzip level, 1 (fastest) to 9 (smallest)");
ABSL_FLAG(int, block_size, 256 * 1024,
          "bytes of records a worker gathers per record type before compressing and writing them");
ABSL_FLAG(bool, payload, false, "keep payload bytes in TCP and UDP records");
ABSL_FLAG(bool, entropy, false, "compute payload entropy in records that have it");
ABSL_FLAG(bool, ignore_unknown, false, "do not write packets with undecoded layers to unknown.pcap");
ABSL_FLAG(bool, version, false, "print the version and exit");
// Read mode.
ABSL_FLAG(std::vector<std::string>, select, {}, "read mode: print only these fields, in this order");
ABSL_FLAG(bool, fields, false, "read mode: print the field names and exit");
ABSL_FLAG(std::string, sep, ",", "read mode: field separator");
ABSL_FLAG(bool, tsv, false, "read mode: separate fields with tabs");
ABSL_FLAG(bool, header, false, "read mode: print the file's header record and exit");
ABSL_FLAG(bool, json, false, "read mode: print one JSON object per record (protobuf's JSON mapping)");
ABSL_FLAG(bool, struc, false, "read mode: print records in protobuf text form");
ABSL_FLAG(std::string, begin, "(", "read mode: opens a nested structure");
ABSL_FLAG(std::string, end, ")", "read mode: closes a nested structure");
ABSL_FLAG(std::string, struct_sep, "-", "read mode: separates fields of a nested structure");

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

inline void on_stop_signal(int) {
  if (stop_requested.exchange(true)) _exit(130);
}

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

// Prints every record as JSON lines (-json) or protobuf text form (-struc).
inline int print_records(io::record_reader& reader, google::protobuf::Message& record) {
  const bool json = absl::GetFlag(FLAGS_json);
  google::protobuf::util::JsonPrintOptions json_options;
  json_options.preserve_proto_field_names = true;
  google::protobuf::TextFormat::Printer printer;
  printer.SetInitialIndentLevel(1);
  std::string text;
  while (true) {
    absl::StatusOr<bool> more = reader.next(record);
    if (!more.ok()) {
      std::cout.flush();
      return fail(more.status());
    }
    if (!*more) break;
    text.clear();
    if (json) {
      google::protobuf::util::MessageToJsonString(record, &text, json_options);
      text += '\n';
    } else {
      printer.PrintToString(record, &text);
      text = absl::StrCat(reader.header().record_type(), " {\n", text, "}\n");
    }
    std::cout << text;
  }
  std::cout.flush();
  std::cerr << reader.records_read() << " records\n";
  return 0;
}

inline int dump(const std::string& path) {
  absl::StatusOr<std::unique_ptr<io::record_reader>> reader = io::record_reader::open(path);
  if (!reader.ok()) return fail(reader.status());
  const Header& header = (*reader)->header();
  if (absl::GetFlag(FLAGS_header)) {
    std::cout << "record_type," << header.record_type() << "\n"
              << "version," << header.version() << "\n"
              << "input_source," << header.input_source() << "\n"
              << "created," << header.created() << "\n"
              << "contains_payloads," << (header.contains_payloads() ? "true" : "false")
              << "\n";
    return 0;
  }
  std::unique_ptr<google::protobuf::Message> record = (*reader)->new_record();
  if (record == nullptr) {
    return fail(absl::InvalidArgumentError(absl::StrCat(
        path, " holds ", header.record_type(), " records, which this netcap cannot read")));
  }
  if (absl::GetFlag(FLAGS_json) || absl::GetFlag(FLAGS_struc)) {
    return print_records(**reader, *record);
  }
  io::csv_options options;
  options.separator = absl::GetFlag(FLAGS_tsv) ? "\t" : absl::GetFlag(FLAGS_sep);
  if (options.separator == "\\t") options.separator = "\t";
  options.begin = absl::GetFlag(FLAGS_begin);
  options.end = absl::GetFlag(FLAGS_end);
  options.struct_separator = absl::GetFlag(FLAGS_struct_sep);
  io::csv_printer printer(*record->GetDescriptor(), options);
  if (!absl::GetFlag(FLAGS_select).empty()) {
    absl::Status status = printer.select(absl::GetFlag(FLAGS_select));
    if (!status.ok()) return fail(status);
  }
  std::cout << printer.header_line() << "\n";
  if (absl::GetFlag(FLAGS_fields)) return 0;
  std::string line;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->next(*record);
    if (!more.ok()) {
      std::cout.flush();
      return fail(more.status());
    }
    if (!*more) break;
    line = printer.line(*record);
    line += '\n';
    std::cout << line;
  }
  std::cout.flush();
  std::cerr << (*reader)->records_read() << " records\n";
  return 0;
}

template <class Pipeline>
int capture(const std::string& path) {
  using reg = registry<Pipeline>;
  absl::StatusOr<typename reg::selection> selection =
      reg::select(absl::GetFlag(FLAGS_include), absl::GetFlag(FLAGS_exclude));
  if (!selection.ok()) return fail(selection.status());

  absl::StatusOr<std::unique_ptr<io::pcap_source>> source =
      io::pcap_source::open_file(path, absl::GetFlag(FLAGS_bpf));
  if (!source.ok()) return fail(source.status());

  collect_options options;
  int workers = absl::GetFlag(FLAGS_workers);
  if (workers < 0) {
    return fail(absl::InvalidArgumentError("-workers must be 0 (automatic) or more"));
  }
  options.workers = workers > 0 ? workers
                                : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.write_unknown = !absl::GetFlag(FLAGS_ignore_unknown);
  options.encode.payloads = absl::GetFlag(FLAGS_payload);
  options.encode.entropy = absl::GetFlag(FLAGS_entropy);
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
  options.output.input_source = path;
  options.output.contains_payloads = options.encode.payloads;

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

  options.stop = &stop_requested;
  install_stop_handlers();
  absl::StatusOr<collect_stats> stats =
      collect<Pipeline>(**source, selection->enabled, selection->stops, options);
  if (!stats.ok()) return fail(stats.status());

  const double seconds = std::chrono::duration<double>(stats->elapsed).count();
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  std::cout << absl::StrFormat("%-24s %12s %12s\n", "record type", "records", "bytes");
  for (const auto& o : stats->outputs) {
    std::cout << absl::StrFormat("%-24s %12d %12s\n", o.name, o.records, human_bytes(o.bytes));
    records += o.records;
    bytes += o.bytes;
  }
  std::cout << absl::StrFormat(
      "read %d packets (%s) from %s in %.3f s (%.0f packets/s) with %d workers\n"
      "wrote %d records (%s) to %s\n",
      stats->packets, human_bytes(stats->bytes), path, seconds,
      seconds > 0 ? stats->packets / seconds : 0.0, options.workers, records,
      human_bytes(bytes), out);
  if (stats->interrupted) {
    std::cout << "interrupted: stopped reading early; every file written is complete\n";
  }
  for (const auto& [name, count] : stats->unknown) {
    std::cout << absl::StrFormat("%d packets with an undecoded layer inside %s\n", count, name);
  }
  if (stats->unknown_packets > 0) {
    std::cout << absl::StrFormat("%d packets written to %s/unknown.pcap\n",
                                 stats->unknown_packets, out);
  }
  for (const auto& [name, count] : stats->errors) {
    std::cout << absl::StrFormat("%d packets with error: %s\n", count, name);
  }
  if (stats->error_packets > 0) {
    std::cout << absl::StrFormat("%d packets written to %s/errors.pcap, described in %s/errors.log\n",
                                 stats->error_packets, out, out);
  }
  // The records are valid but cover only part of the capture: say so with
  // the exit status a shell gives an interrupted command.
  return stats->interrupted ? 130 : 0;
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
      "  netcap -r capture.pcap [-out DIR] [-bpf EXPR] [-include A,B | -exclude A,B]\n"
      "  netcap -r TCP.ncap.gz [-select f1,f2] [-tsv]\n"
      "  netcap -encoders");
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

  if (absl::GetFlag(FLAGS_version)) {
    std::cout << "netcap " << version << "\n";
    return 0;
  }
  if (absl::GetFlag(FLAGS_encoders)) {
    for (std::string_view name : Pipeline::names) std::cout << "+ " << name << "\n";
    return 0;
  }
  const std::string path = absl::GetFlag(FLAGS_r);
  if (path.empty()) {
    return detail::fail(absl::InvalidArgumentError(
        "nothing to read: give a capture or record file with -r (see -h)"));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    return detail::fail(absl::NotFoundError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno))));
  }
  if (detail::is_capture_file(path)) return detail::capture<Pipeline>(path);
  absl::StatusOr<std::unique_ptr<io::record_reader>> probe = io::record_reader::open(path);
  if (probe.ok()) return detail::dump(path);
  // Neither: let libpcap say what is wrong with it as a capture.
  return detail::capture<Pipeline>(path);
}

}  // namespace netcap::tools

#endif  // NETCAP_TOOLS_NETCAP_MAIN_HPP_
