// The capture sweep: netcap's collector, with every encoder and the options
// that make encoders do the most (-payload, -entropy), over every capture
// in shared/pcaps, one test per capture, as `netcap -r CAPTURE` runs it;
// then every file the run wrote is read back and checked, and every record
// is rendered as the CSV line `netcap -r CAPTURE -csv` would write for it.
// Built with --config=asan (.ci/run does), a sanitizer report, a crash or a
// capture that takes longer than its time limit fails it;
// docs/robustness.md explains the choice of an in-process sweep over one
// netcap process per capture.
//
// The CSV lines come from the records read back rather than from a second
// run with -csv: the -csv sink renders each record with the same
// `io::csv_printer`, so a second dissection of every capture (half the
// sweep's time under ASan) would check no other code; read_mode_test checks
// that -csv writes, byte for byte, the lines `netcap -r` prints for the
// record files.
//
// Per capture it checks that
// - a capture libpcap refuses, or one damaged part-way, makes the netcap
//   command (run as a process for these few) exit with 1 and a one-line
//   error naming the file; the damaged one's error says how far it got;
// - every record file reads back whole (record_reader), with as many records
//   as the run counted, and every record renders as one CSV line with the
//   header's number of columns;
// - unknown.pcap and errors.pcap read back in the capture's link type, and
//   the files beside them for packets of other link types (a pcapng file's
//   other interfaces: unknown.NULL.pcap) in theirs, with as many packets
//   in all as the run counted;
// - errors.log holds one entry per error packet and ends in its summary,
//   whose counts add up to the error packets.
//
// The time limit per capture is NETCAP_SWEEP_SECONDS (default 120, ten
// times what the largest capture takes under ASan on a loaded machine); a
// capture that exceeds it ends the process with a message naming it.
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "gtest/gtest.h"
#include "netcap/collector.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/io/csv.hpp"
#include "netcap/io/record_reader.hpp"
#include "tests/shared_pcaps.hpp"

namespace netcap {
namespace {

namespace fs = std::filesystem;
using full = encoders::full_pipeline;

// Ends the process when one capture takes longer than the limit: a hang
// would otherwise show only as the whole test's timeout, without the name
// of the capture that caused it.
class watchdog {
 public:
  explicit watchdog(std::chrono::seconds limit) : limit_(limit), thread_([this] { watch(); }) {}
  ~watchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  void start(std::string name) {
    std::lock_guard<std::mutex> lock(mu_);
    name_ = std::move(name);
    started_ = std::chrono::steady_clock::now();
  }
  void stop() {
    std::lock_guard<std::mutex> lock(mu_);
    name_.clear();
  }

 private:
  void watch() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!done_) {
      wake_.wait_for(lock, std::chrono::seconds(1));
      if (!name_.empty() && std::chrono::steady_clock::now() - started_ > limit_) {
        std::fprintf(stderr, "capture_sweep: %s took longer than %lld s; aborting\n",
                     name_.c_str(), static_cast<long long>(limit_.count()));
        std::abort();
      }
    }
  }

  const std::chrono::seconds limit_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool done_ = false;
  std::string name_;
  std::chrono::steady_clock::time_point started_;
  std::thread thread_;
};

std::chrono::seconds time_limit() {
  int seconds = 120;
  if (const char* value = std::getenv("NETCAP_SWEEP_SECONDS")) {
    if (!absl::SimpleAtoi(value, &seconds) || seconds <= 0) seconds = 120;
  }
  return std::chrono::seconds(seconds);
}

watchdog& the_watchdog() {
  static watchdog* w = new watchdog(time_limit());
  return *w;
}

// Every file of shared/pcaps but its manifest, sorted; empty when the
// folder is missing (SharedPcaps.AreThere then fails).
std::vector<std::string> captures() {
  std::vector<std::string> out;
  const std::string folder = testing::shared_pcaps_folder();
  if (folder.empty()) return out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || absl::EndsWith(name, ".tsv") || absl::EndsWith(name, ".md")) {
      continue;
    }
    out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(SharedPcaps, AreThere) {
  std::string why;
  ASSERT_FALSE(testing::shared_pcaps_folder(&why).empty()) << why;
  EXPECT_GT(captures().size(), 1000u);
}

struct pcap_contents {
  int link_type = -1;
  std::uint64_t packets = 0;
  std::string error;
};

pcap_contents read_pcap(const std::string& path) {
  pcap_contents out;
  char error[PCAP_ERRBUF_SIZE] = {0};
  pcap_t* handle = pcap_open_offline(path.c_str(), error);
  if (handle == nullptr) {
    out.error = error;
    return out;
  }
  out.link_type = pcap_datalink(handle);
  pcap_pkthdr* header;
  const u_char* data;
  int rc;
  while ((rc = pcap_next_ex(handle, &header, &data)) == 1) ++out.packets;
  if (rc != PCAP_ERROR_BREAK) out.error = pcap_geterr(handle);
  pcap_close(handle);
  return out;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Checks errors.log against the run: entries, then "Summary:" and one
// "<error name>: <count>" line per error, adding up to `error_packets`.
void check_error_log(const fs::path& path, std::uint64_t error_packets,
                     const collect_stats& stats) {
  const std::string log = read_text(path);
  const std::size_t summary = log.rfind("\nSummary:\n");
  ASSERT_NE(summary, std::string::npos) << path;
  std::uint64_t entries = 0;
  for (std::size_t at = 0; (at = log.find("\nError: ", at)) != std::string::npos && at < summary;
       ++at) {
    ++entries;
  }
  EXPECT_EQ(entries, error_packets);
  std::uint64_t total = 0;
  for (absl::string_view line : absl::StrSplit(absl::string_view(log).substr(summary + 10), '\n',
                                               absl::SkipEmpty())) {
    const std::size_t colon = line.rfind(": ");
    ASSERT_NE(colon, absl::string_view::npos) << line;
    std::uint64_t count = 0;
    ASSERT_TRUE(absl::SimpleAtoi(line.substr(colon + 2), &count)) << line;
    const std::string name(line.substr(0, colon));
    EXPECT_EQ(stats.errors.count(name), 1u) << name;
    total += count;
  }
  EXPECT_EQ(total, error_packets);
}

// Runs the netcap command, as built beside this test, on a capture and
// checks it fails as a user should see it: exit status 1 and one line on
// stderr naming the capture.
void expect_netcap_refuses(const std::string& capture, const std::string& folder) {
  const std::string netcap = std::string(std::getenv("TEST_SRCDIR")) + "/" +
                             std::getenv("TEST_WORKSPACE") + "/tools/netcap";
  const std::string command =
      absl::StrCat("'", netcap, "' -r '", capture, "' -out '", folder, "' 2>&1 >/dev/null");
  FILE* out = ::popen(command.c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string stderr_text;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), out)) > 0) stderr_text.append(buffer, n);
  const int status = ::pclose(out);
  ASSERT_TRUE(WIFEXITED(status)) << "netcap ended by a signal: " << stderr_text;
  EXPECT_EQ(WEXITSTATUS(status), 1) << stderr_text;
  EXPECT_TRUE(absl::StartsWith(stderr_text, "netcap: ")) << stderr_text;
  EXPECT_TRUE(absl::StrContains(stderr_text, capture)) << stderr_text;
  EXPECT_EQ(std::count(stderr_text.begin(), stderr_text.end(), '\n'), 1) << stderr_text;
}

// The number of columns of one CSV line as RFC 4180 reads it: separators
// inside double quotes do not count, and a doubled quote inside quotes is a
// quote. 0 when a quote is left open.
std::size_t csv_columns(absl::string_view line, char separator) {
  std::size_t columns = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') continue;
      if (i + 1 < line.size() && line[i + 1] == '"') {
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == separator) {
      ++columns;
    }
  }
  return quoted ? 0 : columns;
}

// Reads a record file back whole and renders every record as the CSV line
// -csv writes for it, checking that each line keeps the header's columns
// (a value holding the separator, a quote or a line break must be quoted).
// Returns the number of records read.
absl::StatusOr<std::uint64_t> read_back_as_csv(const std::string& path) {
  const io::csv_options format;
  std::unique_ptr<io::csv_printer> printer;
  std::string line;
  return io::check_record_file(
      path, [&](const google::protobuf::Message& record, std::uint64_t read) -> absl::Status {
        if (printer == nullptr) {
          printer = std::make_unique<io::csv_printer>(*record.GetDescriptor(), format);
        }
        line.clear();
        printer->append_line(record, line);
        const std::size_t columns = printer->columns().size();
        if (csv_columns(line, format.separator[0]) != columns) {
          return absl::InternalError(absl::StrCat(path, " record ", read, ": CSV line without ",
                                                  columns, " columns: ", line));
        }
        return absl::OkStatus();
      });
}

struct sweep_run {
  absl::StatusOr<collect_stats> stats;
  int link_type = -1;
};

// One run over the capture into `folder`.
sweep_run run(const std::string& capture, const std::string& folder) {
  absl::StatusOr<std::unique_ptr<io::pcap_source>> source = io::pcap_source::open_file(capture, "");
  if (!source.ok()) return {source.status()};
  collect_options options;
  options.workers = 2;
  options.encode.payloads = true;
  options.encode.entropy = true;
  options.output.directory = folder;
  options.output.contains_payloads = true;
  // Small blocks: many gzip members per file, as a long run writes.
  options.output.block_size = 16 * 1024;
  options.records_layer = &records_layer<encoders::all_encoders>;
  full::mask all;
  all.set();
  the_watchdog().start(capture);
  sweep_run r{collect<full>(**source, all, {}, options), (*source)->link_type()};
  the_watchdog().stop();
  return r;
}

// The link type a side output's name says its packets have: the
// capture's for `<stem>.pcap`, NAME's for `<stem>.NAME.pcap`
// (io::pcap_writer_set); -1 for a name of neither form.
int side_output_link_type(const std::string& name, const std::string& stem, int capture) {
  if (name == stem + ".pcap") return capture;
  if (!absl::StartsWith(name, stem + ".") || !absl::EndsWith(name, ".pcap")) return -1;
  const std::string type = name.substr(stem.size() + 1, name.size() - stem.size() - 6);
  int number = -1;
  if (absl::StartsWith(type, "DLT") && absl::SimpleAtoi(type.substr(3), &number)) return number;
  return pcap_datalink_name_to_val(type.c_str());
}

// Checks every file a run wrote into `folder`.
void check_outputs(const std::string& folder, const sweep_run& r) {
  const absl::StatusOr<collect_stats>& stats = r.stats;
  std::uint64_t unknown_packets = 0;
  std::uint64_t error_packets = 0;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string path = entry.path().string();
    const std::string name = entry.path().filename().string();
    if (absl::EndsWith(name, ".ncap.gz")) {
      absl::StatusOr<std::uint64_t> records = read_back_as_csv(path);
      ASSERT_TRUE(records.ok()) << records.status();
      if (!stats.ok()) continue;
      bool counted = false;
      for (const auto& o : stats->outputs) {
        if (o.path != path) continue;
        EXPECT_EQ(*records, o.records) << name;
        counted = true;
      }
      EXPECT_TRUE(counted) << name << " was written but not counted";
    } else if (const int unknown = side_output_link_type(name, "unknown", r.link_type),
               errors = side_output_link_type(name, "errors", r.link_type);
               unknown >= 0 || errors >= 0) {
      const pcap_contents contents = read_pcap(path);
      EXPECT_EQ(contents.error, "") << name;
      EXPECT_EQ(contents.link_type, unknown >= 0 ? unknown : errors) << name;
      EXPECT_GT(contents.packets, 0u) << name;
      (unknown >= 0 ? unknown_packets : error_packets) += contents.packets;
    } else if (name == "errors.log") {
      if (stats.ok()) check_error_log(entry.path(), stats->error_packets, *stats);
    } else {
      ADD_FAILURE() << "unexpected file " << name;
    }
  }
  if (stats.ok()) {
    // Side outputs exist exactly when they have content, and hold every
    // packet counted.
    EXPECT_EQ(unknown_packets, stats->unknown_packets);
    EXPECT_EQ(error_packets, stats->error_packets);
    EXPECT_EQ(fs::exists(folder + "/errors.log"), stats->error_packets > 0);
  }
}

class CaptureSweep : public ::testing::TestWithParam<std::string> {};

TEST_P(CaptureSweep, EveryEncoderAndEveryOutputReadsBack) {
  const std::string capture = GetParam();
  std::string folder = ::testing::TempDir() + "/sweep_XXXXXX";
  ASSERT_NE(::mkdtemp(folder.data()), nullptr);
  const sweep_run r = run(capture, folder);
  if (!r.stats.ok()) {
    // libpcap refuses the capture, or it is damaged part-way; in the
    // latter case, what was written is still sound.
    const std::string message(r.stats.status().message());
    std::printf("%s: %s\n", r.link_type < 0 ? "refused" : "damaged", message.c_str());
    EXPECT_TRUE(absl::StrContains(message, capture)) << message;
    if (r.link_type >= 0) {
      EXPECT_TRUE(absl::StrContains(message, "packets before the damage")) << message;
    }
    std::string other = ::testing::TempDir() + "/refused_XXXXXX";
    ASSERT_NE(::mkdtemp(other.data()), nullptr);
    expect_netcap_refuses(capture, other);
    fs::remove_all(other);
  }
  if (r.link_type >= 0) check_outputs(folder, r);
  fs::remove_all(folder);
}

INSTANTIATE_TEST_SUITE_P(
    SharedPcaps, CaptureSweep, ::testing::ValuesIn(captures()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      // Test names allow letters, digits and underscores; the index keeps
      // names that differ only in other characters apart.
      std::string name = fs::path(info.param).filename().string();
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return absl::StrCat("c", info.index, "_", name);
    });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CaptureSweep);

}  // namespace
}  // namespace netcap
