// errors.log: one entry per packet that had a decoding error, and at the end
// a count of packets per error. The format is the seed's:
//
//   2023-11-14T22:13:20.600000123Z
//   Error: TCP: malformed header
//   Packet: 46 bytes captured, 46 on the wire, link type EN10MB
//   Layer 1 Ethernet: bytes 0-13
//   Layer 2 IPv4: bytes 14-33
//   Not decoded: bytes 34-45
//   00000000  02 00 00 00 00 fe 02 00  00 00 00 01 08 00 45 00  |..............E.|
//   ...
//
// with a blank line after each entry, and after the last
//
//   Summary:
//   TCP: malformed header: 1
//
// Error names never hold packet data, so the summary groups them.
#ifndef NETCAP_IO_ERROR_LOG_HPP_
#define NETCAP_IO_ERROR_LOG_HPP_

#include <pcap/pcap.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include <tins/pdu.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "netcap/core/absl_compat.hpp"
#include "netcap/core/dissect.hpp"
#include "netcap/encoders/detail/payload.hpp"

namespace netcap::io {

// Formats one entry: time, error, and the packet's bytes with the layers
// that were decoded.
inline std::string format_error_entry(std::int64_t timestamp_ns, std::string_view error,
                                      const std::uint8_t* data,
                                      std::uint32_t captured_length,
                                      std::uint32_t original_length, int link_type,
                                      const Tins::PDU* root) {
  std::string out = absl::FormatTime("%Y-%m-%dT%H:%M:%E9SZ",
                                     absl::FromUnixNanos(timestamp_ns),
                                     absl::UTCTimeZone());
  const char* link_name = pcap_datalink_val_to_name(link_type);
  absl::StrAppend(&out, "\nError: ", netcap::detail::to_absl(error), "\nPacket: ", captured_length,
                  " bytes captured, ", original_length, " on the wire, link type ",
                  link_name != nullptr ? link_name : absl::StrCat(link_type), "\n");
  std::uint32_t offset = 0;
  int index = 0;
  for (const Tins::PDU* p = root; p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() == Tins::PDU::RAW) break;
    // The header as it was on the wire; libtins recomputes header_size()
    // from what it kept, which for IPv4 and TCP options can differ.
    const std::uint32_t size = netcap::detail::wire_header_size(*p);
    absl::StrAppend(&out, "Layer ", ++index, " ",
                    netcap::detail::to_absl(netcap::detail::pdu_type_name(p->pdu_type())), ": ");
    if (size == 0) {
      absl::StrAppend(&out, "no bytes\n");
    } else {
      absl::StrAppend(&out, "bytes ", offset, "-", offset + size - 1, "\n");
    }
    offset += size;
  }
  if (offset < captured_length) {
    absl::StrAppend(&out, "Not decoded: bytes ", offset, "-", captured_length - 1, "\n");
  }
  for (std::uint32_t row = 0; row < captured_length; row += 16) {
    absl::StrAppendFormat(&out, "%08x ", row);
    std::string ascii;
    for (std::uint32_t i = row; i < row + 16; ++i) {
      if (i - row == 8) out += ' ';
      if (i < captured_length) {
        absl::StrAppendFormat(&out, " %02x", data[i]);
        ascii += data[i] >= 0x20 && data[i] < 0x7f ? static_cast<char>(data[i]) : '.';
      } else {
        out += "   ";
      }
    }
    absl::StrAppend(&out, "  |", ascii, "|\n");
  }
  out += "\n";
  return out;
}

class error_log {
 public:
  explicit error_log(std::string path) : path_(std::move(path)) {}
  ~error_log() { close().IgnoreError(); }
  error_log(const error_log&) = delete;
  error_log& operator=(const error_log&) = delete;

  // Appends a formatted entry and counts its error. Safe from any thread.
  void write(std::string_view error, const std::string& entry) {
    std::lock_guard<std::mutex> lock(mu_);
    ++counts_[std::string(error)];
    if (!status_.ok()) return;
    if (file_ == nullptr) {
      file_ = std::fopen(path_.c_str(), "w");
      if (file_ == nullptr) {
        status_ = absl::UnavailableError(
            absl::StrCat("cannot create ", path_, ": ", std::strerror(errno)));
        return;
      }
    }
    std::fwrite(entry.data(), 1, entry.size(), file_);
  }

  // Appends the summary and closes the file; reports the first error met.
  absl::Status close() {
    std::lock_guard<std::mutex> lock(mu_);
    if (file_ == nullptr) return status_;
    std::string summary = "Summary:\n";
    for (const auto& [error, count] : counts_) {
      absl::StrAppend(&summary, error, ": ", count, "\n");
    }
    std::fwrite(summary.data(), 1, summary.size(), file_);
    const bool failed = std::ferror(file_) != 0;
    if ((std::fclose(file_) != 0 || failed) && status_.ok()) {
      status_ = absl::UnavailableError(
          absl::StrCat("cannot write ", path_, ": ", std::strerror(errno)));
    }
    file_ = nullptr;
    return status_;
  }

  const std::string& path() const { return path_; }

 private:
  std::mutex mu_;
  const std::string path_;
  std::FILE* file_ = nullptr;
  std::map<std::string, std::uint64_t> counts_;
  absl::Status status_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_ERROR_LOG_HPP_
