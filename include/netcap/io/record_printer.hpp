// Prints records for people and programs: the read mode of `netcap -r`,
// usable by any program that embeds netcap. One printer handles every
// output form, chosen by `print_options::form`:
//
// | form  | flag     | output                                                     |
// |-------|----------|------------------------------------------------------------|
// | csv   | (none)   | a line of column names, then one line per record (csv.hpp) |
// | csv   | -tsv     | the same with tabs (or any -sep)                           |
// | table | -table   | aligned columns, a table per `table_rows` records          |
// | json  | -json    | one JSON object per line, protobuf's JSON mapping          |
// | text  | -struc   | protobuf text form, `TCP { ... }` per record               |
//
// A printer serves records of one type or, `merged`, of several at once
// (netcap -r out/): then the first column (or JSON key) is `record_type`
// and the other columns are the union of the types' fields by name, in
// the order first met (`timestamp` first); a record leaves the columns its
// type lacks empty. `-select` picks columns by name, across types too
// (`-select timestamp,src_ip,dst_ip` over IPv4 and IPv6), for every form.
//
// JSON follows protobuf's mapping exactly: every field is present, also at
// its default value, so each line of a type has the same keys; int64 and
// uint64 values are strings ("1700000000000000123") and bytes are base64,
// addresses included (docs/format.md shows how to turn them into addresses).
// -utc therefore applies to CSV and table output only.
#ifndef NETCAP_IO_RECORD_PRINTER_HPP_
#define NETCAP_IO_RECORD_PRINTER_HPP_

#include <algorithm>
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/util/json_util.h"
#include "netcap/io/csv.hpp"
#include "proto/header.pb.h"

namespace netcap::io {

enum class output_form { csv, table, json, text };

struct print_options {
  output_form form = output_form::csv;
  // Separators, nested-structure delimiters and -utc, for csv and table.
  csv_options csv;
  // Only these columns, in this order (-select); empty means every field.
  std::vector<std::string> select;
  // Records per table: each gets its own column widths and header.
  std::size_t table_rows = 100;
  // Longer cells are cut to this many characters, ending in "...".
  std::size_t table_cell_width = 40;
};

class record_printer {
 public:
  // A printer of records whose types are `types` (indexed as print() is
  // called) writing to `out`. Fails on a -select name no type has, and on
  // -utc with JSON or text output.
  static absl::StatusOr<std::unique_ptr<record_printer>> make(
      std::vector<const google::protobuf::Descriptor*> types, bool merged,
      print_options options, std::ostream& out) {
    if (options.csv.utc &&
        (options.form == output_form::json || options.form == output_form::text)) {
      return absl::InvalidArgumentError(
          "-utc applies to CSV and table output; JSON and -struc keep protobuf's own "
          "forms, with timestamps in nanoseconds since the epoch");
    }
    if (options.form == output_form::table) options.csv.quote = false;
    std::unique_ptr<record_printer> p(new record_printer(std::move(types), merged,
                                                          std::move(options), out));
    absl::Status status = p->choose_columns();
    if (!status.ok()) return status;
    return p;
  }

  ~record_printer() { finish(); }

  // The column names as the CSV header line, without a line break (-fields).
  std::string fields_line() const {
    std::vector<std::string> names;
    if (merged_) names.push_back("record_type");
    names.insert(names.end(), columns_.begin(), columns_.end());
    return absl::StrJoin(names, options_.csv.separator);
  }

  // Prints only the column names, as the CSV header line (-fields).
  void print_fields() {
    buffer_ += fields_line();
    buffer_ += '\n';
    started_ = true;
    rows_.clear();
    options_.form = output_form::csv;
    finish();
  }

  // Prints a record of types()[type]. For CSV the header line comes first.
  void print(std::size_t type, const google::protobuf::Message& record) {
    switch (options_.form) {
      case output_form::csv:
        if (!started_) {
          buffer_ += fields_line();
          buffer_ += '\n';
          started_ = true;
        }
        if (merged_) {
          buffer_ += types_[type]->name();
          buffer_ += options_.csv.separator;
        }
        append_cells(type, record, options_.csv.separator, buffer_);
        buffer_ += '\n';
        break;
      case output_form::table:
        add_table_row(type, record);
        break;
      case output_form::json:
        append_json(type, record);
        break;
      case output_form::text:
        append_text(type, record);
        break;
    }
    if (buffer_.size() >= 64 * 1024) write_buffer();
  }

  // Prints what is pending (the last table, a CSV header line when there
  // were no records) and flushes the stream. Called by the destructor too.
  void finish() {
    if (options_.form == output_form::csv && !started_) {
      buffer_ += fields_line();
      buffer_ += '\n';
      started_ = true;
    }
    if (options_.form == output_form::table) print_table();
    write_buffer();
    out_.flush();
  }

 private:
  record_printer(std::vector<const google::protobuf::Descriptor*> types, bool merged,
                 print_options options, std::ostream& out)
      : types_(std::move(types)), merged_(merged), options_(std::move(options)), out_(out) {}

  absl::Status choose_columns() {
    std::vector<std::string> all;
    for (const auto* type : types_) {
      for (int i = 0; i < type->field_count(); ++i) {
        const std::string& name = type->field(i)->name();
        if (std::find(all.begin(), all.end(), name) == all.end()) all.push_back(name);
      }
    }
    if (options_.select.empty()) {
      columns_ = all;
    } else {
      for (const std::string& name : options_.select) {
        if (std::find(all.begin(), all.end(), name) == all.end()) {
          return absl::InvalidArgumentError(absl::StrCat(
              "invalid field \"", name, "\" for ", type_names(),
              "; valid fields are: ", absl::StrJoin(all, ", ")));
        }
      }
      columns_ = options_.select;
    }
    fields_.resize(types_.size());
    for (std::size_t t = 0; t < types_.size(); ++t) {
      for (const std::string& name : columns_) {
        fields_[t].push_back(types_[t]->FindFieldByName(name));
      }
    }
    if (!options_.select.empty() &&
        (options_.form == output_form::json || options_.form == output_form::text)) {
      return make_selected_types();
    }
    return absl::OkStatus();
  }

  std::string type_names() const {
    std::vector<std::string> names;
    for (const auto* type : types_) names.push_back(type->name());
    return absl::StrJoin(names, ", ");
  }

  void append_cells(std::size_t type, const google::protobuf::Message& record,
                    const std::string& separator, std::string& out) const {
    const auto& fields = fields_[type];
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += separator;
      if (fields[i] != nullptr) append_cell(record, *fields[i], options_.csv, out);
    }
  }

  // For -select with JSON and text output: per type a message type of its
  // own holding only the chosen fields, in the order chosen, so that the
  // printers keep protobuf's forms (and print chosen fields at their
  // default values) while leaving the others out. A record is copied into
  // it through its wire form, where fields keep their numbers.
  absl::Status make_selected_types() {
    select_pool_ = std::make_unique<google::protobuf::DescriptorPool>(
        google::protobuf::DescriptorPool::generated_pool());
    for (std::size_t t = 0; t < types_.size(); ++t) {
      const google::protobuf::Descriptor& d = *types_[t];
      google::protobuf::FileDescriptorProto file;
      file.set_name(absl::StrCat("netcap_selected/", d.full_name(), ".proto"));
      file.set_package("netcap.selected");
      file.set_syntax("proto3");
      file.add_dependency(d.file()->name());
      google::protobuf::DescriptorProto* message = file.add_message_type();
      message->set_name(d.name());
      for (const auto* field : fields_[t]) {
        if (field != nullptr) field->CopyTo(message->add_field());
      }
      const google::protobuf::FileDescriptor* built = select_pool_->BuildFile(file);
      if (built == nullptr) {
        return absl::InternalError(absl::StrCat("cannot select fields of ", d.name()));
      }
      selected_.emplace_back(factory_.GetPrototype(built->message_type(0))->New());
    }
    return absl::OkStatus();
  }

  // The record itself, or its selected fields (make_selected_types).
  const google::protobuf::Message& selected(std::size_t type,
                                            const google::protobuf::Message& record) {
    if (selected_.empty()) return record;
    google::protobuf::Message& copy = *selected_[type];
    copy.Clear();
    record.SerializeToString(&wire_);
    copy.ParseFromString(wire_);
    copy.GetReflection()->MutableUnknownFields(&copy)->Clear();
    return copy;
  }

  void append_json(std::size_t type, const google::protobuf::Message& record) {
    google::protobuf::util::JsonPrintOptions json;
    json.preserve_proto_field_names = true;
    json.always_print_primitive_fields = true;
    text_.clear();
    google::protobuf::util::MessageToJsonString(selected(type, record), &text_, json);
    if (merged_) {
      buffer_ += "{\"record_type\":\"";
      buffer_ += types_[type]->name();
      buffer_ += text_.size() > 2 ? "\"," : "\"";
      buffer_.append(text_, 1, std::string::npos);
    } else {
      buffer_ += text_;
    }
    buffer_ += '\n';
  }

  void append_text(std::size_t type, const google::protobuf::Message& record) {
    google::protobuf::TextFormat::Printer printer;
    printer.SetInitialIndentLevel(1);
    text_.clear();
    printer.PrintToString(selected(type, record), &text_);
    absl::StrAppend(&buffer_, types_[type]->name(), " {\n", text_, "}\n");
  }

  void add_table_row(std::size_t type, const google::protobuf::Message& record) {
    row r;
    r.type = type;
    for (const auto* field : fields_[type]) {
      r.cells.emplace_back();
      if (field != nullptr) append_cell(record, *field, options_.csv, r.cells.back());
    }
    rows_.push_back(std::move(r));
    if (rows_.size() >= options_.table_rows) print_table();
  }

  // Whether the column is best right-aligned: numbers in every type.
  bool numeric(std::size_t column) const {
    using F = google::protobuf::FieldDescriptor;
    for (const auto& fields : fields_) {
      const F* f = fields[column];
      if (f == nullptr) continue;
      if (f->is_repeated() || f->cpp_type() == F::CPPTYPE_STRING ||
          f->cpp_type() == F::CPPTYPE_MESSAGE || f->cpp_type() == F::CPPTYPE_BOOL ||
          (options_.csv.utc && is_timestamp_field(*f))) {
        return false;
      }
    }
    return true;
  }

  void print_table() {
    if (rows_.empty()) return;
    const std::size_t max = std::max<std::size_t>(options_.table_cell_width, 4);
    auto cut = [max](std::string& cell) {
      if (cell.size() > max) cell = cell.substr(0, max - 3) + "...";
    };
    // Columns: the record type when merged, then those some row's type has.
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> cells(rows_.size());
    std::vector<bool> right;
    if (merged_) {
      header.push_back("record_type");
      right.push_back(false);
      for (std::size_t r = 0; r < rows_.size(); ++r) {
        cells[r].push_back(types_[rows_[r].type]->name());
      }
    }
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      bool present = false;
      for (const row& r : rows_) present = present || fields_[r.type][c] != nullptr;
      if (!present) continue;
      header.push_back(columns_[c]);
      right.push_back(numeric(c));
      for (std::size_t r = 0; r < rows_.size(); ++r) {
        cells[r].push_back(std::move(rows_[r].cells[c]));
        cut(cells[r].back());
      }
    }
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
      width[c] = header[c].size();
      for (const auto& line : cells) width[c] = std::max(width[c], line[c].size());
    }
    auto emit = [&](const std::vector<std::string>& line, bool align) {
      std::string text;
      for (std::size_t c = 0; c < line.size(); ++c) {
        if (c > 0) text += "  ";
        const std::string pad(width[c] - line[c].size(), ' ');
        text += align && right[c] ? pad + line[c] : line[c] + pad;
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      buffer_ += text;
      buffer_ += '\n';
    };
    if (tables_++ > 0) buffer_ += '\n';
    emit(header, false);
    std::vector<std::string> rule;
    for (std::size_t w : width) rule.emplace_back(w, '-');
    emit(rule, false);
    for (const auto& line : cells) emit(line, true);
    rows_.clear();
  }

  void write_buffer() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

  struct row {
    std::size_t type;
    std::vector<std::string> cells;
  };

  std::vector<const google::protobuf::Descriptor*> types_;
  bool merged_;
  print_options options_;
  std::ostream& out_;
  // Column names, and per type the field behind each column (null: none).
  std::vector<std::string> columns_;
  std::vector<std::vector<const google::protobuf::FieldDescriptor*>> fields_;
  std::unique_ptr<google::protobuf::DescriptorPool> select_pool_;
  google::protobuf::DynamicMessageFactory factory_;
  std::vector<std::unique_ptr<google::protobuf::Message>> selected_;
  std::string wire_;
  std::vector<row> rows_;
  std::size_t tables_ = 0;
  bool started_ = false;
  std::string buffer_;
  std::string text_;
};

// Prints a file's header record (-header): in CSV and table form as
// field/value rows (`created` in RFC 3339 with -utc), in JSON and text form
// as the message.
inline absl::Status print_header(const Header& header, const print_options& options,
                                 std::ostream& out) {
  if (options.form == output_form::json || options.form == output_form::text) {
    absl::StatusOr<std::unique_ptr<record_printer>> printer =
        record_printer::make({Header::descriptor()}, false, options, out);
    if (!printer.ok()) return printer.status();
    (*printer)->print(0, header);
    return absl::OkStatus();
  }
  csv_options values = options.csv;
  values.quote = options.form == output_form::csv;
  const google::protobuf::Descriptor& d = *Header::descriptor();
  std::size_t width = 0;
  for (int i = 0; i < d.field_count(); ++i) width = std::max(width, d.field(i)->name().size());
  std::string text;
  for (int i = 0; i < d.field_count(); ++i) {
    const std::string& name = d.field(i)->name();
    if (options.form == output_form::table) {
      absl::StrAppend(&text, name, std::string(width - name.size() + 2, ' '));
    } else {
      absl::StrAppend(&text, name, options.csv.separator);
    }
    append_cell(header, *d.field(i), values, text);
    text += '\n';
  }
  out << text;
  out.flush();
  return absl::OkStatus();
}

}  // namespace netcap::io

#endif  // NETCAP_IO_RECORD_PRINTER_HPP_
