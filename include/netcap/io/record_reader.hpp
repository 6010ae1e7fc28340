// Reads record files back: the header, then one record at a time, telling a
// clean end of file from a damaged one.
//
//   auto reader = netcap::io::record_reader::open("TCP.ncap.gz");
//   if (!reader.ok()) return reader.status();
//   auto record = (*reader)->new_record();  // a netcap.TCP
//   while (true) {
//     absl::StatusOr<bool> more = (*reader)->next(*record);
//     if (!more.ok()) return more.status();  // damaged: says where
//     if (!*more) break;                      // clean end
//     ...
//   }
#ifndef NETCAP_IO_RECORD_READER_HPP_
#define NETCAP_IO_RECORD_READER_HPP_

#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/gzip_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "proto/header.pb.h"

namespace netcap::io {

class record_reader {
 public:
  // Opens a record file, gzip-compressed or not (told apart by its first
  // bytes, not its name), and reads its header.
  static absl::StatusOr<std::unique_ptr<record_reader>> open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
    }
    unsigned char magic[2] = {0, 0};
    const bool gzipped = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f &&
                         magic[1] == 0x8b;
    std::unique_ptr<record_reader> reader(new record_reader(path, fd, gzipped));
    bool clean_eof = false;
    if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(
            &reader->header_, reader->stream(), &clean_eof) ||
        reader->header_.record_type().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, " is not a netcap record file: no valid header"));
    }
    return reader;
  }

  const Header& header() const { return header_; }

  // A new, empty message of the file's record type, or null when this
  // program was not built with that type.
  std::unique_ptr<google::protobuf::Message> new_record() const {
    const google::protobuf::Descriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
            absl::StrCat("netcap.", header_.record_type()));
    if (descriptor == nullptr) return nullptr;
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(
            descriptor);
    return std::unique_ptr<google::protobuf::Message>(prototype->New());
  }

  // Reads the next record into `record`. Returns true when it read one,
  // false at the clean end of the file, and an error when the file is
  // truncated or corrupt, saying how many records were read before.
  absl::StatusOr<bool> next(google::protobuf::MessageLite& record) {
    // The delimited parser merges into the message, so a field the previous
    // record set and this one lacks would survive without this.
    record.Clear();
    bool clean_eof = false;
    if (google::protobuf::util::ParseDelimitedFromZeroCopyStream(
            &record, stream(), &clean_eof)) {
      ++records_read_;
      return true;
    }
    if (clean_eof && (gzip_ == nullptr || gzip_->ZlibErrorCode() == Z_STREAM_END)) {
      return false;
    }
    std::string why = "a record is cut short or does not parse";
    if (gzip_ != nullptr && gzip_->ZlibErrorCode() != Z_STREAM_END &&
        gzip_->ZlibErrorCode() != Z_OK) {
      why = absl::StrCat("gzip data is corrupt (", gzip_->ZlibErrorMessage()
                             ? gzip_->ZlibErrorMessage() : "zlib error", ")");
    } else if (clean_eof) {
      why = "the gzip stream ends without its trailer";
    }
    return absl::DataLossError(absl::StrCat(path_, " is damaged after ",
                                            records_read_, " records: ", why));
  }

  std::uint64_t records_read() const { return records_read_; }

  ~record_reader() { ::close(fd_); }

 private:
  record_reader(std::string path, int fd, bool gzipped)
      : path_(std::move(path)), fd_(fd), file_(fd) {
    if (gzipped) {
      gzip_ = std::make_unique<google::protobuf::io::GzipInputStream>(
          &file_, google::protobuf::io::GzipInputStream::GZIP);
    }
  }

  google::protobuf::io::ZeroCopyInputStream* stream() {
    if (gzip_ != nullptr) return gzip_.get();
    return &file_;
  }

  std::string path_;
  int fd_;
  google::protobuf::io::FileInputStream file_;
  std::unique_ptr<google::protobuf::io::GzipInputStream> gzip_;
  Header header_;
  std::uint64_t records_read_ = 0;
};

// Reads a whole record file to prove it sound (-check): a valid header
// naming a record type this program knows, then frames that each hold a
// record of that type, up to a clean end. Returns the number of records, or
// the first damage found with the number of records read before it.
inline absl::StatusOr<std::uint64_t> check_record_file(const std::string& path) {
  absl::StatusOr<std::unique_ptr<record_reader>> reader = record_reader::open(path);
  if (!reader.ok()) return reader.status();
  std::unique_ptr<google::protobuf::Message> record = (*reader)->new_record();
  if (record == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(path, " holds ", (*reader)->header().record_type(),
                                                   " records, which this netcap cannot read"));
  }
  while (true) {
    absl::StatusOr<bool> more = (*reader)->next(*record);
    if (!more.ok()) return more.status();
    if (!*more) return (*reader)->records_read();
  }
}

}  // namespace netcap::io

#endif  // NETCAP_IO_RECORD_READER_HPP_
