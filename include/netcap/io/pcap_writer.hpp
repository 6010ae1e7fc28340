// Writes packets to a pcap file in the capture's own link type, with
// nanosecond timestamps: netcap's side outputs unknown.pcap and errors.pcap.
// The file is created with the first packet, so no packets leave no file.
// A pcapng capture's interfaces may differ in link type, and a classic pcap
// file holds one: pcap_writer_set writes the packets of every other link
// type to a file of their own beside it (unknown.NULL.pcap).
#ifndef NETCAP_IO_PCAP_WRITER_HPP_
#define NETCAP_IO_PCAP_WRITER_HPP_

#include <pcap/pcap.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

// The side output `<stem>.pcap` in the capture's link type, and for each
// other link type met, `<stem>.<NAME>.pcap`, NAME being libpcap's name of
// that link type (pcap_datalink_val_to_name: NULL, EN10MB, LINUX_SLL) or
// `DLT<number>` where libpcap has none. Every file is a classic pcap file
// that libpcap reads back. Safe to use from any thread.
class pcap_writer_set {
 public:
  pcap_writer_set(const std::string& folder, std::string stem, int link_type,
                  int snapshot_length)
      : folder_(folder), stem_(std::move(stem)), snapshot_length_(snapshot_length),
        link_type_(link_type), first_(folder_ + "/" + stem_ + ".pcap", link_type, snapshot_length) {}

  // Appends one packet of `link_type` to its file. The capture's own link
  // type costs one comparison; another one a short search under a lock
  // (side outputs are rare), and its first packet creates its writer.
  void write(int link_type, std::int64_t timestamp_ns, const std::uint8_t* data,
             std::uint32_t captured_length, std::uint32_t original_length) {
    pcap_writer* writer = link_type == link_type_ ? &first_ : other(link_type);
    writer->write(timestamp_ns, data, captured_length, original_length);
  }

  // Closes every file; reports the first error met.
  absl::Status close() {
    std::lock_guard<std::mutex> lock(mu_);
    absl::Status status = first_.close();
    for (auto& w : others_) status.Update(w->close());
    return status;
  }

  // Packets written, over every file.
  std::uint64_t packets() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::uint64_t n = first_.packets();
    for (const auto& w : others_) n += w->packets();
    return n;
  }

  // The files written (those with packets), the capture's link type's
  // first.
  std::vector<std::string> paths() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    if (first_.packets() > 0) out.push_back(first_.path());
    for (const auto& w : others_) {
      if (w->packets() > 0) out.push_back(w->path());
    }
    return out;
  }

  // The file name for packets of `link_type` other than the capture's.
  static std::string file_name(const std::string& stem, int link_type) {
    const char* name = pcap_datalink_val_to_name(link_type);
    return name != nullptr ? absl::StrCat(stem, ".", name, ".pcap")
                           : absl::StrCat(stem, ".DLT", link_type, ".pcap");
  }

 private:
  pcap_writer* other(int link_type) {
    std::lock_guard<std::mutex> lock(mu_);
    for (std::size_t i = 0; i < others_.size(); ++i) {
      if (other_link_types_[i] == link_type) return others_[i].get();
    }
    others_.push_back(std::make_unique<pcap_writer>(
        folder_ + "/" + file_name(stem_, link_type), link_type, snapshot_length_));
    other_link_types_.push_back(link_type);
    return others_.back().get();
  }

  mutable std::mutex mu_;
  const std::string folder_;
  const std::string stem_;
  const int snapshot_length_;
  // The capture's link type and its file, used without the lock; the
  // other link types' files, under it.
  const int link_type_;
  pcap_writer first_;
  std::vector<std::unique_ptr<pcap_writer>> others_;
  std::vector<int> other_link_types_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_PCAP_WRITER_HPP_
