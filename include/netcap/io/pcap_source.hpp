// Reads packets from a capture file, pcap or pcapng, through libpcap, with
// nanosecond timestamps and an optional BPF filter.
#ifndef NETCAP_IO_PCAP_SOURCE_HPP_
#define NETCAP_IO_PCAP_SOURCE_HPP_

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace netcap::io {

// One packet as read; `data` stays valid until the next call to `next`.
struct raw_packet {
  std::int64_t timestamp_ns = 0;
  std::uint32_t captured_length = 0;
  std::uint32_t original_length = 0;
  const std::uint8_t* data = nullptr;
};

class pcap_source {
 public:
  // Opens a capture file and applies `filter` (BPF syntax) unless it is
  // empty. Fails with libpcap's own words when the file is missing, not a
  // capture, or the filter does not compile.
  static absl::StatusOr<std::unique_ptr<pcap_source>> open_file(
      const std::string& path, const std::string& filter) {
    char error[PCAP_ERRBUF_SIZE] = {0};
    pcap_t* handle = pcap_open_offline_with_tstamp_precision(
        path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
    if (handle == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot read capture ", path, ": ", error));
    }
    std::unique_ptr<pcap_source> source(new pcap_source(handle, path));
    // A classic pcap file stores seconds as an unsigned 32-bit number, good
    // until 2106, but libpcap 1.10 sign-extends it into time_t, turning
    // times after 2038-01-19 negative; pcapng stores 64 bits.
    source->unsigned_seconds_ = !pcap_is_pcapng(path);
    if (!filter.empty()) {
      absl::Status status = source->set_filter(filter);
      if (!status.ok()) return status;
    }
    return source;
  }

  ~pcap_source() { pcap_close(handle_); }
  pcap_source(const pcap_source&) = delete;
  pcap_source& operator=(const pcap_source&) = delete;

  // The libpcap link type (DLT_*) every packet starts with.
  int link_type() const { return pcap_datalink(handle_); }
  int snapshot_length() const { return pcap_snapshot(handle_); }

  // Reads the next packet that passes the filter. Returns false at the end
  // of the file, and an error when the file is damaged.
  absl::StatusOr<bool> next(raw_packet& packet) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(handle_, &header, &data);
    if (rc == 1) {
      // With nanosecond precision, libpcap puts nanoseconds in tv_usec.
      const std::int64_t seconds =
          unsigned_seconds_ ? static_cast<std::uint32_t>(header->ts.tv_sec)
                            : static_cast<std::int64_t>(header->ts.tv_sec);
      packet.timestamp_ns = seconds * 1'000'000'000 + header->ts.tv_usec;
      packet.captured_length = header->caplen;
      packet.original_length = header->len;
      packet.data = data;
      return true;
    }
    if (rc == PCAP_ERROR_BREAK) return false;
    return absl::DataLossError(absl::StrCat("cannot read ", path_, ": ",
                                            pcap_geterr(handle_)));
  }

 private:
  pcap_source(pcap_t* handle, std::string path)
      : handle_(handle), path_(std::move(path)) {}

  absl::Status set_filter(const std::string& filter) {
    bpf_program program;
    if (pcap_compile(handle_, &program, filter.c_str(), 1,
                     PCAP_NETMASK_UNKNOWN) != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "invalid BPF filter \"", filter, "\": ", pcap_geterr(handle_)));
    }
    const int rc = pcap_setfilter(handle_, &program);
    pcap_freecode(&program);
    if (rc != 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cannot apply BPF filter \"", filter, "\": ", pcap_geterr(handle_)));
    }
    return absl::OkStatus();
  }

  // Whether a pcapng section header starts the file.
  static bool pcap_is_pcapng(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) return false;
    unsigned char magic[4] = {0, 0, 0, 0};
    const bool read = std::fread(magic, 1, 4, file) == 4;
    std::fclose(file);
    return read && magic[0] == 0x0a && magic[1] == 0x0d && magic[2] == 0x0d &&
           magic[3] == 0x0a;
  }

  pcap_t* handle_;
  std::string path_;
  bool unsigned_seconds_ = false;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_PCAP_SOURCE_HPP_
