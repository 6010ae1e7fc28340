// Reads several record files as one stream in capture-time order, for
// `netcap -r out/` and `netcap -r TCP.ncap.gz,UDP.ncap.gz`.
//
// The records of one file are in no order (worker threads append blocks as
// they fill), so the files are sorted, not just merged: an external merge
// sort. Records are read in file order into a buffer of at most
// `memory_budget` bytes; a full buffer is sorted and written to an anonymous
// temporary file (a run); at the end every run, and the last buffer kept in
// memory, are merged with a heap. Memory stays near the budget whatever the
// input size; temporary files take about the uncompressed size of the input
// beyond it. A run holds each record's serialised bytes, so nothing is
// parsed twice but the record handed out.
//
// The order is by timestamp (a record's `timestamp` field, else its first
// timestamp field as io/csv.hpp defines them, else 0); records with equal
// timestamps, such as the Ethernet, IPv4 and UDP records of one packet,
// come in the order of `type_order` (outside in, as the encoders are
// listed), then by file, then by their position in their file.
//
//   auto merged = netcap::io::merged_reader::open({"out/TCP.ncap.gz", ...}, {});
//   while (true) {
//     absl::StatusOr<const google::protobuf::Message*> record = (*merged)->next();
//     if (!record.ok()) return record.status();  // a damaged file
//     if (*record == nullptr) break;
//     std::size_t type = (*merged)->type();  // index into types()
//   }
#ifndef NETCAP_IO_RECORD_MERGE_HPP_
#define NETCAP_IO_RECORD_MERGE_HPP_

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "netcap/io/csv.hpp"
#include "netcap/io/record_reader.hpp"

namespace netcap::io {

struct merge_options {
  // Bytes of records held in memory before a sorted run goes to disk.
  std::size_t memory_budget = 256u << 20;
  // Record type names in the order records of equal timestamps come out;
  // types not listed come after, by name.
  std::vector<std::string> type_order;
};

// The field that orders records of `descriptor`, or null when it has none.
inline const google::protobuf::FieldDescriptor* order_field(
    const google::protobuf::Descriptor& descriptor) {
  const google::protobuf::FieldDescriptor* field = descriptor.FindFieldByName("timestamp");
  if (field != nullptr && is_timestamp_field(*field) && !field->is_repeated()) return field;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    field = descriptor.field(i);
    if (is_timestamp_field(*field) && !field->is_repeated()) return field;
  }
  return nullptr;
}

class merged_reader {
 public:
  static absl::StatusOr<std::unique_ptr<merged_reader>> open(std::vector<std::string> paths,
                                                             merge_options options) {
    std::unique_ptr<merged_reader> merged(new merged_reader(std::move(options)));
    absl::Status status = merged->sort(std::move(paths));
    if (!status.ok()) return status;
    return merged;
  }

  // The record types found, each once; type() indexes into it.
  const std::vector<const google::protobuf::Descriptor*>& types() const { return types_; }
  // The files in the order that breaks timestamp ties.
  const std::vector<std::string>& paths() const { return paths_; }
  // Runs written to temporary files (0 when everything fitted in memory).
  std::size_t spilled_runs() const { return runs_.size() - (memory_run_ ? 1 : 0); }

  // The next record in timestamp order, or null after the last. The record
  // stays valid until the next call.
  absl::StatusOr<const google::protobuf::Message*> next() {
    if (heap_.empty()) return nullptr;
    const std::size_t run = heap_.top().run;
    heap_.pop();
    const entry& e = runs_[run]->current();
    const std::size_t type = file_types_[e.file];
    google::protobuf::Message& record = *records_[type];
    record.Clear();
    if (!record.ParseFromArray(runs_[run]->bytes(), static_cast<int>(e.size))) {
      return absl::DataLossError("a temporary file of the merge does not read back");
    }
    type_ = type;
    if (runs_[run]->advance()) heap_.push({runs_[run]->current(), run});
    if (!runs_[run]->status().ok()) return runs_[run]->status();
    return &record;
  }

  // The index into types() of the record next() returned last.
  std::size_t type() const { return type_; }

 private:
  // One record's place in the order, and where its bytes are.
  struct entry {
    std::int64_t timestamp;
    std::uint32_t file;
    std::uint64_t position;
    std::uint64_t offset;  // into the buffer; unused in runs on disk
    std::uint32_t size;

    bool operator<(const entry& o) const {
      if (timestamp != o.timestamp) return timestamp < o.timestamp;
      if (file != o.file) return file < o.file;
      return position < o.position;
    }
  };

  // A sorted run: in memory (the last one) or in a temporary file.
  class run {
   public:
    // The run of a full buffer, written to a temporary file.
    static absl::StatusOr<std::unique_ptr<run>> spill(const std::vector<entry>& entries,
                                                       const std::string& bytes) {
      std::unique_ptr<run> r(new run);
      r->file_ = std::tmpfile();
      if (r->file_ == nullptr) {
        return absl::UnavailableError(
            absl::StrCat("cannot create a temporary file to sort records: ",
                         std::strerror(errno)));
      }
      for (const entry& e : entries) {
        if (std::fwrite(&e, sizeof(e), 1, r->file_) != 1 ||
            std::fwrite(bytes.data() + e.offset, 1, e.size, r->file_) != e.size) {
          return absl::UnavailableError(absl::StrCat(
              "cannot write a temporary file to sort records: ", std::strerror(errno)));
        }
      }
      if (std::fflush(r->file_) != 0 || std::fseek(r->file_, 0, SEEK_SET) != 0) {
        return absl::UnavailableError("cannot rewind a temporary file of the merge");
      }
      r->remaining_ = entries.size();
      return r;
    }
    // The last buffer's run, kept in memory.
    static std::unique_ptr<run> in_memory(std::vector<entry> entries, std::string bytes) {
      std::unique_ptr<run> r(new run);
      r->entries_ = std::move(entries);
      r->buffer_ = std::move(bytes);
      r->remaining_ = r->entries_.size();
      return r;
    }
    ~run() {
      if (file_ != nullptr) std::fclose(file_);
    }

    // Moves to the next entry; false at the end of the run or on an error.
    bool advance() {
      if (remaining_ == 0) return false;
      --remaining_;
      if (file_ == nullptr) {
        current_ = entries_[next_++];
        return true;
      }
      if (std::fread(&current_, sizeof(current_), 1, file_) != 1) return fail();
      record_.resize(current_.size);
      if (std::fread(record_.data(), 1, current_.size, file_) != current_.size) return fail();
      return true;
    }
    const entry& current() const { return current_; }
    const char* bytes() const {
      return file_ == nullptr ? buffer_.data() + current_.offset : record_.data();
    }
    const absl::Status& status() const { return status_; }

   private:
    bool fail() {
      status_ = absl::DataLossError("a temporary file of the merge ends early");
      remaining_ = 0;
      return false;
    }

    std::FILE* file_ = nullptr;
    std::vector<entry> entries_;
    std::string buffer_;
    std::size_t next_ = 0;
    std::size_t remaining_ = 0;
    entry current_{};
    std::string record_;
    absl::Status status_;
  };

  struct head {
    entry e;
    std::size_t run;
    // std::priority_queue puts the largest on top; the smallest should be.
    bool operator<(const head& o) const { return o.e < e; }
  };

  explicit merged_reader(merge_options options) : options_(std::move(options)) {}

  std::size_t rank(const std::string& name) const {
    const auto& order = options_.type_order;
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), name) - order.begin());
  }

  absl::Status sort(std::vector<std::string> paths) {
    std::vector<std::unique_ptr<record_reader>> readers;
    for (const std::string& path : paths) {
      absl::StatusOr<std::unique_ptr<record_reader>> reader = record_reader::open(path);
      if (!reader.ok()) return reader.status();
      readers.push_back(*std::move(reader));
    }
    // Files in tie-breaking order: by type rank, then type name, then as given.
    std::vector<std::size_t> order(readers.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const std::string& ta = readers[a]->header().record_type();
      const std::string& tb = readers[b]->header().record_type();
      const std::size_t ra = rank(ta);
      const std::size_t rb = rank(tb);
      if (ra != rb) return ra < rb;
      return ta < tb;
    });

    std::vector<entry> entries;
    std::string bytes;
    std::string serialized;
    for (std::size_t f = 0; f < order.size(); ++f) {
      record_reader& reader = *readers[order[f]];
      paths_.push_back(paths[order[f]]);
      const std::string& name = reader.header().record_type();
      std::size_t type = 0;
      while (type < types_.size() && types_[type]->name() != name) ++type;
      if (type == types_.size()) {
        std::unique_ptr<google::protobuf::Message> record = reader.new_record();
        if (record == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat(
              paths[order[f]], " holds ", name, " records, which this netcap cannot read"));
        }
        types_.push_back(record->GetDescriptor());
        records_.push_back(std::move(record));
      }
      file_types_.push_back(type);
      google::protobuf::Message& record = *records_[type];
      const google::protobuf::FieldDescriptor* time = order_field(*types_[type]);
      while (true) {
        absl::StatusOr<bool> more = reader.next(record);
        if (!more.ok()) return more.status();
        if (!*more) break;
        serialized.clear();
        record.SerializeToString(&serialized);
        entries.push_back({time == nullptr ? 0 : record.GetReflection()->GetInt64(record, time),
                           static_cast<std::uint32_t>(f), reader.records_read(), bytes.size(),
                           static_cast<std::uint32_t>(serialized.size())});
        bytes += serialized;
        if (bytes.size() + entries.size() * sizeof(entry) >= options_.memory_budget) {
          std::sort(entries.begin(), entries.end());
          absl::StatusOr<std::unique_ptr<run>> spilled = run::spill(entries, bytes);
          if (!spilled.ok()) return spilled.status();
          runs_.push_back(*std::move(spilled));
          entries.clear();
          bytes.clear();
        }
      }
    }
    std::sort(entries.begin(), entries.end());
    if (!entries.empty()) {
      runs_.push_back(run::in_memory(std::move(entries), std::move(bytes)));
      memory_run_ = true;
    }
    for (std::size_t i = 0; i < runs_.size(); ++i) {
      if (runs_[i]->advance()) heap_.push({runs_[i]->current(), i});
      if (!runs_[i]->status().ok()) return runs_[i]->status();
    }
    return absl::OkStatus();
  }

  merge_options options_;
  std::vector<std::string> paths_;
  std::vector<const google::protobuf::Descriptor*> types_;
  std::vector<std::unique_ptr<google::protobuf::Message>> records_;
  std::vector<std::size_t> file_types_;
  std::vector<std::unique_ptr<run>> runs_;
  bool memory_run_ = false;
  std::priority_queue<head> heap_;
  std::size_t type_ = 0;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_RECORD_MERGE_HPP_
