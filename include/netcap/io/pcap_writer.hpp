// Writes packets to a pcap file in the capture's own link type, with
// nanosecond timestamps: netcap's side outputs unknown.pcap and errors.pcap.
// The file is created with the first packet, so no packets leave no file.
#ifndef NETCAP_IO_PCAP_WRITER_HPP_
#define NETCAP_IO_PCAP_WRITER_HPP_

#include <pcap/pcap.h>

#include <cstdint>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace netcap::io {

class pcap_writer {
 public:
  pcap_writer(std::string path, int link_type, int snapshot_length)
      : path_(std::move(path)), link_type_(link_type),
        snapshot_length_(snapshot_length > 0 ? snapshot_length : 262144) {}
  ~pcap_writer() { close().IgnoreError(); }
  pcap_writer(const pcap_writer&) = delete;
  pcap_writer& operator=(const pcap_writer&) = delete;

  // Appends one packet. Safe to call from any thread.
  void write(std::int64_t timestamp_ns, const std::uint8_t* data,
             std::uint32_t captured_length, std::uint32_t original_length) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status_.ok()) return;
    if (dumper_ == nullptr && !open()) return;
    pcap_pkthdr header{};
    header.ts.tv_sec = timestamp_ns / 1'000'000'000;
    // In a nanosecond file, libpcap reads this field as nanoseconds.
    header.ts.tv_usec = timestamp_ns % 1'000'000'000;
    header.caplen = captured_length;
    header.len = original_length;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, data);
    ++packets_;
  }

  // Flushes and closes the file; reports the first error met.
  absl::Status close() {
    std::lock_guard<std::mutex> lock(mu_);
    if (dumper_ != nullptr) {
      if (pcap_dump_flush(dumper_) != 0 && status_.ok()) {
        status_ = absl::UnavailableError(absl::StrCat("cannot write ", path_));
      }
      pcap_dump_close(dumper_);
      dumper_ = nullptr;
    }
    if (dead_ != nullptr) {
      pcap_close(dead_);
      dead_ = nullptr;
    }
    return status_;
  }

  const std::string& path() const { return path_; }
  std::uint64_t packets() const { return packets_; }

 private:
  bool open() {
    dead_ = pcap_open_dead_with_tstamp_precision(link_type_, snapshot_length_,
                                                 PCAP_TSTAMP_PRECISION_NANO);
    if (dead_ != nullptr) dumper_ = pcap_dump_open(dead_, path_.c_str());
    if (dumper_ == nullptr) {
      status_ = absl::UnavailableError(absl::StrCat(
          "cannot create ", path_, dead_ != nullptr ? absl::StrCat(": ", pcap_geterr(dead_)) : ""));
      return false;
    }
    return true;
  }

  std::mutex mu_;
  const std::string path_;
  const int link_type_;
  const int snapshot_length_;
  pcap_t* dead_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
  std::uint64_t packets_ = 0;
  absl::Status status_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_PCAP_WRITER_HPP_
