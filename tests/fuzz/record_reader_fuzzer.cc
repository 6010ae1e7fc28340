// libFuzzer target: any bytes as a record file, read as `netcap -r` reads
// one: the header, every record up to a clean end or the damage (or ten
// thousand records), each record printed in one of the read mode's forms;
// then the file read again merged, as `netcap -r folder/` reads files. Reading must end with the records or
// an error saying where the damage is, never crash or hang.
//
// The first byte chooses how the rest becomes the file (bits 0-1), the
// output form (bits 2-3) and whether the merge sorts in memory or, as for
// inputs larger than its memory budget, through temporary files (bit 4):
//
//   0  the rest, as it is (the corpus holds real .ncap.gz and .ncap files)
//   1  the rest compressed as one gzip member, so that mutations reach the
//      framing and records behind gzip's checksum
//   2  the rest after the second byte, compressed as two gzip members split
//      where the second byte says
//   3  as 1 but with the last 1 to 16 bytes (the second byte says) cut off:
//      a member without its whole trailer
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "google/protobuf/stubs/logging.h"
#include "netcap/core/type_list.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/io/record_merge.hpp"
#include "netcap/io/record_printer.hpp"
#include "netcap/io/record_reader.hpp"
#include "netcap/io/record_writer.hpp"

namespace netcap::fuzz {
namespace {

std::string gzip(std::string_view bytes) {
  // One compressor for every input: allocating one costs more
  // than compressing a few KiB.
  static io::gzip_compressor compressor(1);
  std::string out;
  compressor.compress(bytes, out);
  return out;
}

std::string file_bytes(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] & 3) {
    case 0:
      return std::string(rest);
    case 1:
      return gzip(rest);
    case 2: {
      if (rest.empty()) return {};
      const std::string_view body = rest.substr(1);
      const std::size_t split = body.size() * static_cast<std::uint8_t>(rest[0]) / 256;
      return gzip(body.substr(0, split)) + gzip(body.substr(split));
    }
    default: {
      if (rest.empty()) return {};
      std::string out = gzip(rest.substr(1));
      const std::size_t cut = 1 + static_cast<std::uint8_t>(rest[0]) % 16;
      out.resize(out.size() - std::min(cut, out.size()));
      return out;
    }
  }
}

// A file in memory with a path, so that the reader opens it as it opens
// any file.
class memory_file {
 public:
  memory_file() : fd_(memfd_create("record_file", 0)), path_("/proc/self/fd/" + std::to_string(fd_)) {
    if (fd_ < 0) __builtin_trap();
  }
  const std::string& path() const { return path_; }
  void assign(const std::string& bytes) {
    if (ftruncate(fd_, 0) != 0) __builtin_trap();
    if (!bytes.empty() && pwrite(fd_, bytes.data(), bytes.size(), 0) !=
                              static_cast<ssize_t>(bytes.size())) {
      __builtin_trap();
    }
  }

 private:
  int fd_;
  std::string path_;
};

// Output goes nowhere: a stream without a buffer drops what it is given.
std::ostream null_stream(nullptr);

// Records read per input at most: gzip inflates up to about a thousand
// times, so a 4 KiB input can hold millions of empty records, each as good
// as the last for finding bugs but together slowing fuzzing a hundredfold.
constexpr std::uint64_t max_records = 10000;

// Reads the file as `netcap -r` does; returns the records read.
std::uint64_t read_file(const std::string& path, io::output_form form) {
  absl::StatusOr<std::unique_ptr<io::record_reader>> reader = io::record_reader::open(path);
  if (!reader.ok()) return 0;
  std::unique_ptr<google::protobuf::Message> record = (*reader)->new_record();
  if (record == nullptr) return 0;
  io::print_options options;
  options.form = form;
  absl::StatusOr<std::unique_ptr<io::record_printer>> printer =
      io::record_printer::make({record->GetDescriptor()}, false, options, null_stream);
  if (!printer.ok()) __builtin_trap();
  while ((*reader)->records_read() < max_records) {
    absl::StatusOr<bool> more = (*reader)->next(*record);
    if (!more.ok()) {
      // Damage is reported with the count of records before it.
      if (more.status().message().find("damaged after") == std::string_view::npos) {
        __builtin_trap();
      }
      break;
    }
    if (!*more) break;
    (*printer)->print(0, *record);
  }
  (*printer)->finish();
  return (*reader)->records_read();
}

void read_merged(const std::string& path, bool spill) {
  io::merge_options options;
  if (spill) options.memory_budget = 2048;
  absl::StatusOr<std::unique_ptr<io::merged_reader>> merged =
      io::merged_reader::open({path}, options);
  if (!merged.ok()) return;
  while (true) {
    absl::StatusOr<const google::protobuf::Message*> record = (*merged)->next();
    if (!record.ok() || *record == nullptr) break;
  }
}

}  // namespace
}  // namespace netcap::fuzz

namespace netcap::fuzz {
namespace {

// Names every record type, so that the linker keeps their generated code,
// which registers each type where the reader looks it up by the name in a
// file's header (netcap's read mode has them through its encoders).
template <class... Encoders>
void link_record_types(type_list<Encoders...>) {
  (Encoders::record_type::descriptor(), ...);
}

}  // namespace
}  // namespace netcap::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  netcap::fuzz::link_record_types(netcap::encoders::all_encoders{});
  // protobuf logs every string field that is not UTF-8, which mutated
  // records are full of; the reader reports them as damage anyway.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace netcap;
  static fuzz::memory_file file;
  file.assign(fuzz::file_bytes(data, size));
  const io::output_form forms[] = {io::output_form::csv, io::output_form::table,
                                   io::output_form::json, io::output_form::text};
  const std::uint64_t records = fuzz::read_file(file.path(), forms[size > 0 ? (data[0] >> 2) & 3 : 0]);
  if (records < fuzz::max_records) fuzz::read_merged(file.path(), size > 0 && (data[0] & 0x10) != 0);
  return 0;
}
