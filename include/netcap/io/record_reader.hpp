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
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "proto/header.pb.h"

namespace netcap::io {
namespace detail {

// Decompresses a series of gzip members (RFC 1952, section 2.2) from a file
// descriptor and tells a clean end, after a member's trailer, from a member
// cut short. protobuf's GzipInputStream cannot: it reports any end of input
// as the end of the stream, so a file cut inside the last member's trailer
// read as sound.
class gzip_members : public google::protobuf::io::CopyingInputStream {
 public:
  explicit gzip_members(int fd) : fd_(fd) {
    // 15 window bits plus 16: gzip format only.
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) error_ = "zlib cannot start";
  }
  ~gzip_members() override { inflateEnd(&stream_); }

  int Read(void* buffer, int size) override {
    if (!error_.empty()) return -1;
    stream_.next_out = static_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(size);
    while (stream_.avail_out > 0 && !eof_) {
      if (stream_.avail_in == 0) {
        ssize_t n;
        do {
          n = ::read(fd_, input_, sizeof(input_));
        } while (n < 0 && errno == EINTR);
        if (n < 0) {
          error_ = absl::StrCat("cannot read: ", std::strerror(errno));
          break;
        }
        if (n == 0) {
          eof_ = true;
          if (in_member_) error_ = "the gzip stream ends without its trailer";
          break;
        }
        stream_.next_in = input_;
        stream_.avail_in = static_cast<uInt>(n);
      }
      if (!in_member_) {
        inflateReset(&stream_);
        in_member_ = true;
      }
      const int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        in_member_ = false;
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        error_ = absl::StrCat("gzip data is corrupt (",
                              stream_.msg != nullptr ? stream_.msg : "zlib error", ")");
        break;
      }
    }
    const int produced = size - static_cast<int>(stream_.avail_out);
    if (produced > 0) return produced;  // an error shows on the next call
    return error_.empty() ? 0 : -1;
  }

  // Why reading stopped early, or empty.
  const std::string& error() const { return error_; }

 private:
  int fd_;
  z_stream stream_{};
  Bytef input_[64 * 1024];
  bool in_member_ = false;
  bool eof_ = false;
  std::string error_;
};

}  // namespace detail

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
    if (clean_eof && (gzip_ == nullptr || gzip_->error().empty())) return false;
    std::string why = "a record is cut short or does not parse";
    if (gzip_ != nullptr && !gzip_->error().empty()) why = gzip_->error();
    return absl::DataLossError(absl::StrCat(path_, " is damaged after ",
                                            records_read_, " records: ", why));
  }

  std::uint64_t records_read() const { return records_read_; }

  ~record_reader() { ::close(fd_); }

 private:
  record_reader(std::string path, int fd, bool gzipped)
      : path_(std::move(path)), fd_(fd), file_(fd) {
    if (gzipped) {
      gzip_ = std::make_unique<detail::gzip_members>(fd_);
      gzip_stream_ =
          std::make_unique<google::protobuf::io::CopyingInputStreamAdaptor>(gzip_.get());
    }
  }

  google::protobuf::io::ZeroCopyInputStream* stream() {
    if (gzip_stream_ != nullptr) return gzip_stream_.get();
    return &file_;
  }

  std::string path_;
  int fd_;
  google::protobuf::io::FileInputStream file_;
  std::unique_ptr<detail::gzip_members> gzip_;
  std::unique_ptr<google::protobuf::io::CopyingInputStreamAdaptor> gzip_stream_;
  Header header_;
  std::uint64_t records_read_ = 0;
};

// Reads a whole record file to prove it sound (-check): a valid header
// naming a record type this program knows, then frames that each hold a
// record of that type, up to a clean end. Returns the number of records, or
// the first damage found with the number of records read before it.
// `check`, when given, is called with every record and the number read so
// far; a status it returns that is not OK ends the reading with it.
inline absl::StatusOr<std::uint64_t> check_record_file(
    const std::string& path,
    const std::function<absl::Status(const google::protobuf::Message&, std::uint64_t)>& check =
        nullptr) {
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
    if (check) {
      absl::Status status = check(*record, (*reader)->records_read());
      if (!status.ok()) return status;
    }
  }
}

}  // namespace netcap::io

#endif  // NETCAP_IO_RECORD_READER_HPP_
