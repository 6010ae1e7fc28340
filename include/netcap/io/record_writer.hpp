// Writes records to one file per record type: `<Name>.ncap.gz`, or
// `<Name>.ncap` uncompressed. docs/format.md describes the bytes.
//
// Workers never share a lock per record. Each worker serialises records into
// a buffer per record type (block_sink); a full buffer becomes one block,
// compressed by that worker into a complete gzip member, and only appending
// the block to the file takes the file's lock. Concatenated gzip members are
// one valid gzip stream (RFC 1952, section 2.2), so readers see a single
// stream of framed records. The files and the block machinery do not care
// what a block holds: io/csv_writer.hpp writes CSV lines through them.
#ifndef NETCAP_IO_RECORD_WRITER_HPP_
#define NETCAP_IO_RECORD_WRITER_HPP_

#include <fcntl.h>
#include <unistd.h>
#include <libdeflate.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/stubs/common.h"
#include "netcap/core/absl_compat.hpp"
#include "netcap/version.hpp"
#include "proto/header.pb.h"

namespace netcap::io {

struct output_options {
  // The folder the files go to; it must exist.
  std::string directory = ".";
  // gzip the files (-comp).
  bool compress = true;
  // gzip level, 1 (fastest) to 9 (smallest). At 1, netcap took 10% to a
  // third less CPU time than at 6, for 5% more bytes (docs/performance.md).
  int compression_level = 1;
  // Bytes of framed records a worker gathers per type before writing them.
  std::size_t block_size = 256 * 1024;
  // What the header of every file says about the run.
  std::string input_source;
  bool contains_payloads = false;
};

// `bytes` as valid UTF-8, which protobuf's string fields must hold to parse
// back: each byte that starts no valid UTF-8 sequence becomes U+FFFD. A
// capture's path on Linux may be any bytes (a name in Latin-1), and a
// header holding it as such would make the file unreadable.
inline std::string valid_utf8(std::string_view bytes) {
  std::string out;
  while (!bytes.empty()) {
    const int valid = google::protobuf::internal::UTF8SpnStructurallyValid(
        google::protobuf::StringPiece(bytes.data(), bytes.size()));
    out.append(bytes.data(), static_cast<std::size_t>(valid));
    bytes.remove_prefix(static_cast<std::size_t>(valid));
    if (!bytes.empty()) {
      out += "\xef\xbf\xbd";
      bytes.remove_prefix(1);
    }
  }
  return out;
}

// Compresses blocks into complete gzip members (RFC 1952) with libdeflate,
// which compresses a whole buffer at once and so needs none of zlib's
// streaming state: at equal levels it is about twice as fast as zlib for the
// same size (bench/record_writer_benchmark.cc, docs/performance.md). zlib
// still reads the files (io/record_reader.hpp); any gzip reader can.
class gzip_compressor {
 public:
  // `level` as gzip's, 1 (fastest) to 9 (smallest); libdeflate also takes
  // 10 to 12, slower still.
  explicit gzip_compressor(int level) : compressor_(libdeflate_alloc_compressor(level)) {}
  ~gzip_compressor() {
    if (compressor_ != nullptr) libdeflate_free_compressor(compressor_);
  }
  gzip_compressor(const gzip_compressor&) = delete;
  gzip_compressor& operator=(const gzip_compressor&) = delete;

  // Replaces `out` with `in` compressed as one gzip member. Fails only when
  // the level was out of range.
  bool compress(std::string_view in, std::string& out) {
    if (compressor_ == nullptr) return false;
    out.resize(libdeflate_gzip_compress_bound(compressor_, in.size()));
    const std::size_t n =
        libdeflate_gzip_compress(compressor_, in.data(), in.size(), out.data(), out.size());
    out.resize(n);
    return n > 0;
  }

 private:
  libdeflate_compressor* compressor_;
};

// Frames a record as the file format wants it: its length as an unsigned
// varint, then its bytes. Appends to `out`.
template <class Record>
void append_framed(const Record& record, std::string& out) {
  using google::protobuf::io::CodedOutputStream;
  const std::size_t size = record.ByteSizeLong();
  const std::size_t offset = out.size();
  out.resize(offset + CodedOutputStream::VarintSize32(
                          static_cast<std::uint32_t>(size)) + size);
  auto* p = reinterpret_cast<std::uint8_t*>(out.data() + offset);
  p = CodedOutputStream::WriteVarint32ToArray(static_cast<std::uint32_t>(size), p);
  record.SerializeWithCachedSizesToArray(p);
}

// One record type's file, shared by every worker. It is created when the
// first block arrives, so a record type without records leaves no file.
class record_file {
 public:
  record_file(std::string path, std::string header_block)
      : path_(std::move(path)), header_block_(std::move(header_block)) {}
  ~record_file() { close().IgnoreError(); }
  record_file(const record_file&) = delete;
  record_file& operator=(const record_file&) = delete;

  // Appends a block of framed records, already compressed when the output is.
  // Safe to call from any thread. Returns false once writing has failed.
  bool append(std::string_view block, std::uint64_t records) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!status_.ok()) return false;
    if (fd_ < 0) {
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (fd_ < 0) return fail("cannot create");
      if (!write_all(header_block_)) return false;
    }
    if (!write_all(block)) return false;
    records_ += records;
    return true;
  }

  // Closes the file and reports the first error writing it met.
  absl::Status close() {
    std::lock_guard<std::mutex> lock(mu_);
    if (fd_ >= 0) {
      if (::close(fd_) != 0 && status_.ok()) fail("cannot close");
      fd_ = -1;
    }
    return status_;
  }

  const std::string& path() const { return path_; }
  // Records and bytes written so far; read them after the workers finished.
  std::uint64_t records() const { return records_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  bool write_all(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail("cannot write");
      }
      data.remove_prefix(static_cast<std::size_t>(n));
      bytes_ += static_cast<std::uint64_t>(n);
    }
    return true;
  }

  bool fail(std::string_view what) {
    status_ = absl::UnavailableError(
        absl::StrCat(netcap::detail::to_absl(what), " ", path_, ": ", std::strerror(errno)));
    return false;
  }

  std::mutex mu_;
  const std::string path_;
  const std::string header_block_;
  int fd_ = -1;
  std::uint64_t records_ = 0;
  std::uint64_t bytes_ = 0;
  absl::Status status_;
};

// What one output file is: where it goes and the bytes it starts with
// (already compressed when the output is).
struct file_spec {
  std::string path;
  std::string header_block;
};

// The files of a run, one per record type, indexed like the pipeline's
// encoders. Record files (`<Name>.ncap.gz`) and CSV files (io/csv_writer.hpp)
// differ only in their specs; blocks reach both the same way.
class record_files {
 public:
  // Record files named after `names`, each starting with its header record.
  template <std::size_t N>
  record_files(const std::array<std::string_view, N>& names,
               const output_options& options)
      : record_files(record_file_specs(names, options), options) {}

  record_files(std::vector<file_spec> specs, const output_options& options)
      : options_(options) {
    files_.reserve(specs.size());
    for (file_spec& spec : specs) {
      files_.push_back(std::make_unique<record_file>(std::move(spec.path),
                                                     std::move(spec.header_block)));
    }
  }

  // The specs of `<Name>.ncap[.gz]` files with their header records.
  template <std::size_t N>
  static std::vector<file_spec> record_file_specs(
      const std::array<std::string_view, N>& names, const output_options& options) {
    std::vector<file_spec> specs;
    for (std::string_view name : names) {
      Header header;
      header.set_record_type(std::string(name));
      header.set_version(std::string(version));
      header.set_input_source(valid_utf8(options.input_source));
      header.set_created(absl::ToUnixNanos(absl::Now()));
      header.set_contains_payloads(options.contains_payloads);
      std::string framed;
      append_framed(header, framed);
      specs.push_back({absl::StrCat(options.directory, "/", netcap::detail::to_absl(name),
                                    options.compress ? ".ncap.gz" : ".ncap"),
                       compress_block(framed, options)});
    }
    return specs;
  }

  // `block` as the files store it: one gzip member when compressing.
  static std::string compress_block(const std::string& block, const output_options& options) {
    if (!options.compress) return block;
    std::string compressed;
    gzip_compressor(options.compression_level).compress(block, compressed);
    return compressed;
  }

  bool append(std::size_t index, std::string_view block, std::uint64_t records) {
    if (files_[index]->append(block, records)) return true;
    failed_.store(true, std::memory_order_relaxed);
    return false;
  }

  // Whether any write failed; the run should stop early when it has.
  bool failed() const { return failed_.load(std::memory_order_relaxed); }

  // Closes every file and returns the first error.
  absl::Status close() {
    absl::Status first;
    for (auto& file : files_) {
      absl::Status status = file->close();
      if (first.ok() && !status.ok()) first = status;
    }
    return first;
  }

  const output_options& options() const { return options_; }
  std::size_t size() const { return files_.size(); }
  const record_file& operator[](std::size_t index) const { return *files_[index]; }

 private:
  output_options options_;
  std::vector<std::unique_ptr<record_file>> files_;
  std::atomic<bool> failed_{false};
};

namespace detail {

// A worker's buffers, one per file: a sink appends a record's bytes to
// buffer(index), then calls added(index); a full buffer is compressed into
// one gzip member and appended to its file. Shared by every kind of sink.
class block_buffers {
 public:
  explicit block_buffers(record_files& files)
      : files_(files),
        compressor_(files.options().compression_level),
        buffers_(files.size()) {}
  ~block_buffers() { flush(); }
  block_buffers(const block_buffers&) = delete;
  block_buffers& operator=(const block_buffers&) = delete;

  std::string& buffer(std::size_t index) {
    std::string& bytes = buffers_[index].bytes;
    if (bytes.capacity() == 0) bytes.reserve(files_.options().block_size + 1024);
    return bytes;
  }

  // Counts one record appended to buffer(index); writes the block when full.
  void added(std::size_t index) {
    buffer_state& b = buffers_[index];
    ++b.records;
    ++written_;
    if (b.bytes.size() >= files_.options().block_size) flush(index);
  }

  // Writes out every partly filled block.
  void flush() {
    for (std::size_t i = 0; i < buffers_.size(); ++i) flush(i);
  }

  std::uint64_t written() const { return written_; }

 private:
  struct buffer_state {
    std::string bytes;
    std::uint64_t records = 0;
  };

  void flush(std::size_t index) {
    buffer_state& b = buffers_[index];
    if (b.records == 0) return;
    if (files_.options().compress) {
      compressor_.compress(b.bytes, compressed_);
      files_.append(index, compressed_, b.records);
    } else {
      files_.append(index, b.bytes, b.records);
    }
    b.bytes.clear();
    b.records = 0;
  }

  record_files& files_;
  gzip_compressor compressor_;
  std::vector<buffer_state> buffers_;
  std::string compressed_;
  std::uint64_t written_ = 0;
};

}  // namespace detail

// A worker's side of the writers: gathers framed records per record type and
// hands each full block to the files. Not thread-safe; one per worker.
class block_sink {
 public:
  explicit block_sink(record_files& files) : blocks_(files) {}

  template <class Record>
  void write(std::size_t index, const Record& record) {
    append_framed(record, blocks_.buffer(index));
    blocks_.added(index);
  }

  // Writes out every partly filled block.
  void flush() { blocks_.flush(); }

  // Records written through this sink.
  std::uint64_t written() const { return blocks_.written(); }

 private:
  detail::block_buffers blocks_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_RECORD_WRITER_HPP_
