// The progress line netcap prints on stderr while it runs: for a capture
// file, how far reading has got as a share of the file's bytes (libpcap's
// position in the file, so no pass over the file counts packets first, as
// the Go netcap's did), the packet rate and the time elapsed and left; for
// a live capture, the counts and the kernel's drops.
//
//   netcap: big.pcap: 45.3% of 319.2 MB, 161935 packets, 84512 packets/s,
//   559834 records, 0:02 elapsed, 0:02 left
//
// The time left assumes the rest of the file is read as fast, on average,
// as what has been read so far.
#ifndef NETCAP_IO_PROGRESS_HPP_
#define NETCAP_IO_PROGRESS_HPP_

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "netcap/io/packet_source.hpp"

namespace netcap::io {

// One report of a run's progress.
struct progress_sample {
  std::uint64_t packets = 0;
  std::uint64_t records = 0;
  std::chrono::nanoseconds elapsed{0};
  // Bytes of the capture file read so far; unknown for a pipe or a live
  // capture.
  std::optional<std::uint64_t> bytes_read;
  // The drop counts of a live capture.
  std::optional<capture_stats> capture;
};

// "1:05" or "2:03:10".
inline std::string format_duration(std::chrono::nanoseconds d) {
  const std::int64_t s = std::chrono::duration_cast<std::chrono::seconds>(d).count();
  if (s >= 3600) return absl::StrFormat("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return absl::StrFormat("%d:%02d", s / 60, s % 60);
}

// Formats progress lines and writes them to a stream: rewritten in place on
// a terminal, one line per report otherwise (-progress into a log file).
class progress_line {
 public:
  // `input` names what is read; `input_size` is the capture file's size in
  // bytes, 0 when unknown (a pipe, a live capture).
  progress_line(std::string input, bool live, std::uint64_t input_size, bool terminal)
      : input_(std::move(input)), live_(live), input_size_(input_size), terminal_(terminal) {}

  // The line for `p`; the packet rate is over the time since the previous
  // call's sample.
  std::string format(const progress_sample& p) {
    const double seconds = std::chrono::duration<double>(p.elapsed - last_elapsed_).count();
    const double rate = seconds > 0 ? (p.packets - last_packets_) / seconds : 0.0;
    last_elapsed_ = p.elapsed;
    last_packets_ = p.packets;
    std::string line = absl::StrCat("netcap: ", input_, ": ");
    const bool sized = input_size_ > 0 && p.bytes_read.has_value();
    if (sized) {
      const std::uint64_t read = std::min(*p.bytes_read, input_size_);
      absl::StrAppend(&line, absl::StrFormat("%.1f%% of %.1f MB, ", 100.0 * read / input_size_,
                                             input_size_ / 1e6));
    }
    absl::StrAppend(&line, absl::StrFormat("%d packets, %.0f packets/s, %d records", p.packets,
                                           rate, p.records));
    if (p.capture.has_value()) {
      absl::StrAppend(&line, absl::StrFormat(", dropped %d by the kernel, %d by the interface",
                                             p.capture->dropped_by_kernel,
                                             p.capture->dropped_by_interface));
    } else if (live_) {
      absl::StrAppend(&line, ", drops unknown");
    }
    absl::StrAppend(&line, ", ", format_duration(p.elapsed), " elapsed");
    if (sized && *p.bytes_read > 0) {
      const std::uint64_t read = std::min(*p.bytes_read, input_size_);
      const auto left = std::chrono::nanoseconds(static_cast<std::int64_t>(
          static_cast<double>(p.elapsed.count()) * (input_size_ - read) / read));
      absl::StrAppend(&line, ", ", format_duration(left), " left");
    }
    return line;
  }

  // Writes the line for `p` to `out`.
  void print(const progress_sample& p, std::ostream& out) {
    const std::string line = format(p);
    // \33[K clears what a longer earlier line left on the terminal.
    out << (terminal_ ? "\r" + line + "\33[K" : line + "\n") << std::flush;
    printed_ = true;
  }

  // Clears the line on a terminal, so what follows starts on a clean one.
  void finish(std::ostream& out) {
    if (terminal_ && printed_) out << "\r\33[K" << std::flush;
  }

 private:
  std::string input_;
  bool live_;
  std::uint64_t input_size_;
  bool terminal_;
  bool printed_ = false;
  std::chrono::nanoseconds last_elapsed_{0};
  std::uint64_t last_packets_ = 0;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_PROGRESS_HPP_
