// Capture straight to CSV (`netcap -r capture.pcap -csv`): one
// `<Name>.csv.gz` (or `<Name>.csv` with -comp=false) per record type, the
// column names on the first line, then one line per record. The lines are
// exactly what `netcap -r <Name>.ncap.gz` prints for the same records
// (io/csv.hpp renders both), and there is no header record.
//
// Blocks travel as record files' do (io/record_writer.hpp): each worker
// gathers lines per type and compresses a full block into one gzip member,
// so a .csv.gz file is a series of members that gzip, zcat, Python's gzip
// module and pandas read as one stream.
#ifndef NETCAP_IO_CSV_WRITER_HPP_
#define NETCAP_IO_CSV_WRITER_HPP_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "netcap/io/csv.hpp"
#include "netcap/io/record_writer.hpp"

namespace netcap::io {

// The specs of `<Name>.csv[.gz]` files, one per record type; `descriptors`
// holds the message type of each name, in the same order.
inline std::vector<file_spec> csv_file_specs(
    const std::vector<std::string_view>& names,
    const std::vector<const google::protobuf::Descriptor*>& descriptors,
    const output_options& output, const csv_options& format) {
  std::vector<file_spec> specs;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string header = csv_printer(*descriptors[i], format).header_line();
    header += '\n';
    specs.push_back({absl::StrCat(output.directory, "/", netcap::detail::to_absl(names[i]),
                                  output.compress ? ".csv.gz" : ".csv"),
                     record_files::compress_block(header, output)});
  }
  return specs;
}

// A worker's side of CSV files: renders each record as a line and gathers
// lines per type into blocks. Not thread-safe; one per worker.
class csv_sink {
 public:
  csv_sink(record_files& files,
           const std::vector<const google::protobuf::Descriptor*>& descriptors,
           const csv_options& format)
      : blocks_(files) {
    printers_.reserve(descriptors.size());
    for (const auto* descriptor : descriptors) printers_.emplace_back(*descriptor, format);
  }

  template <class Record>
  void write(std::size_t index, const Record& record) {
    std::string& block = blocks_.buffer(index);
    printers_[index].append_line(record, block);
    block += '\n';
    blocks_.added(index);
  }

  void flush() { blocks_.flush(); }
  std::uint64_t written() const { return blocks_.written(); }

 private:
  detail::block_buffers blocks_;
  std::vector<csv_printer> printers_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_CSV_WRITER_HPP_
