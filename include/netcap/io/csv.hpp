// Renders records as delimited text, one line per record: what `netcap -r
// TCP.ncap.gz` prints and what `-csv` capture writes. Works on any record
// type through protobuf reflection, so new record types print without code
// of their own.
//
// Values render as follows:
// - integers as decimal, booleans as true/false, floating point numbers in
//   the shortest form that reads back to the same value ("7.25", "0");
// - timestamps, when `utc` is set, as RFC 3339 UTC with nanoseconds
//   ("2023-11-14T22:13:20.600000123Z"); a field is a timestamp when it is an
//   int64 named `timestamp`, `created`, or ending in `_timestamp` or
//   starting with `timestamp_` (is_timestamp_field);
// - bytes fields that hold addresses, by naming convention (docs/format.md):
//   a field whose name ends in "ip", "address", "addresses" (a repeated
//   field) or "addr" and holds 4 or 16
//   bytes prints as an IPv4 or IPv6 address, one whose name ends in "mac",
//   "hw_address" or "hw_addr" and holds 6 bytes prints as a MAC address;
// - other bytes fields as lower-case hex;
// - a nested message as its fields between `begin` and `end`, separated by
//   `struct_separator`: "(1-2-abcd)"; repeated values one after the other,
//   nested messages each in their own delimiters, scalars separated by
//   `struct_separator` inside one pair of delimiters.
//
// A value that contains the separator, a double quote or a line break is
// quoted as RFC 4180 says ("a,b" becomes "\"a,b\"", a quote inside doubled),
// so any CSV parser reads the columns back; other values are written bare,
// as the Go netcap wrote them.
#ifndef NETCAP_IO_CSV_HPP_
#define NETCAP_IO_CSV_HPP_

#include <arpa/inet.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace netcap::io {

struct csv_options {
  // Between columns (-sep, -tsv).
  std::string separator = ",";
  // Around and inside nested structures (-begin, -end, -struct-sep).
  std::string begin = "(";
  std::string end = ")";
  std::string struct_separator = "-";
  // Timestamps as RFC 3339 UTC instead of nanoseconds since the epoch (-utc).
  bool utc = false;
  // Quote values holding the separator, a quote or a line break (RFC 4180).
  // Off for output meant for eyes only, such as tables.
  bool quote = true;
};

// Whether `field` holds a time in nanoseconds since the Unix epoch: an int64
// named `timestamp` or `created`, or whose name ends in `_timestamp` or
// starts with `timestamp_` (`timestamp_first`, `last_timestamp`).
inline bool is_timestamp_field(const google::protobuf::FieldDescriptor& field) {
  if (field.cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_INT64) return false;
  const std::string& name = field.name();
  return name == "timestamp" || name == "created" ||
         absl::EndsWith(name, "_timestamp") || absl::StartsWith(name, "timestamp_");
}

// Formats nanoseconds since the Unix epoch as RFC 3339 UTC with nine
// fractional digits: 1700000000600000123 is "2023-11-14T22:13:20.600000123Z".
inline std::string format_utc(std::int64_t unix_nanos) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%E9SZ", absl::FromUnixNanos(unix_nanos),
                          absl::UTCTimeZone());
}

namespace detail {

inline std::string format_address(absl::string_view name, const std::string& bytes) {
  const bool mac_name = absl::EndsWith(name, "mac") || absl::EndsWith(name, "hw_address") ||
                        absl::EndsWith(name, "hw_addr");
  // A hardware address of another size (DHCP's chaddr may hold 16 bytes) is
  // no IP address.
  const bool ip_name = !mac_name && (absl::EndsWith(name, "ip") ||
                                     absl::EndsWith(name, "address") ||
                                     absl::EndsWith(name, "addresses") ||
                                     absl::EndsWith(name, "addr"));
  if (mac_name && bytes.size() == 6) {
    const auto* b = reinterpret_cast<const unsigned char*>(bytes.data());
    return absl::StrFormat("%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3],
                           b[4], b[5]);
  }
  if (ip_name && (bytes.size() == 4 || bytes.size() == 16)) {
    char text[INET6_ADDRSTRLEN];
    if (inet_ntop(bytes.size() == 4 ? AF_INET : AF_INET6, bytes.data(), text,
                  sizeof(text)) != nullptr) {
      return text;
    }
  }
  return absl::BytesToHexString(bytes);
}

// The shortest text that reads back as the same value (C++17 to_chars).
template <class Float>
void append_float(Float value, std::string& out) {
  char text[64];
  const std::to_chars_result r = std::to_chars(text, text + sizeof(text), value);
  out.append(text, r.ec == std::errc() ? r.ptr : text);
}

// Quotes what `out` holds from `start` on when it needs quoting.
inline void quote_from(std::size_t start, const csv_options& options, std::string& out) {
  const std::string_view value(out.data() + start, out.size() - start);
  const bool needs = value.find_first_of("\"\r\n") != std::string_view::npos ||
                     (!options.separator.empty() &&
                      value.find(options.separator) != std::string_view::npos);
  if (!needs) return;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  out.replace(start, std::string::npos, quoted);
}

inline void append_value(const google::protobuf::Message& record,
                         const google::protobuf::FieldDescriptor& field, int index,
                         const csv_options& options, std::string& out);

}  // namespace detail

// Appends the text of `field` of `record` to `out`, unquoted: every value of
// a repeated field, nested messages in their delimiters.
inline void append_field(const google::protobuf::Message& record,
                         const google::protobuf::FieldDescriptor& field,
                         const csv_options& options, std::string& out) {
  const google::protobuf::Reflection& r = *record.GetReflection();
  if (!field.is_repeated()) {
    detail::append_value(record, field, -1, options, out);
    return;
  }
  const int n = r.FieldSize(record, &field);
  if (field.cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
    for (int i = 0; i < n; ++i) detail::append_value(record, field, i, options, out);
    return;
  }
  if (n == 0) return;
  out += options.begin;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += options.struct_separator;
    detail::append_value(record, field, i, options, out);
  }
  out += options.end;
}

// Appends one column: the field's text, quoted when it needs to be.
inline void append_cell(const google::protobuf::Message& record,
                        const google::protobuf::FieldDescriptor& field,
                        const csv_options& options, std::string& out) {
  const std::size_t start = out.size();
  append_field(record, field, options, out);
  if (options.quote) detail::quote_from(start, options, out);
}

namespace detail {

// Appends one value of `field`: the singular one for index -1.
inline void append_value(const google::protobuf::Message& record,
                         const google::protobuf::FieldDescriptor& field, int index,
                         const csv_options& options, std::string& out) {
  using F = google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection& r = *record.GetReflection();
  const bool one = index < 0;
  switch (field.cpp_type()) {
    case F::CPPTYPE_INT32:
      absl::StrAppend(&out, one ? r.GetInt32(record, &field) : r.GetRepeatedInt32(record, &field, index));
      break;
    case F::CPPTYPE_INT64: {
      const std::int64_t value =
          one ? r.GetInt64(record, &field) : r.GetRepeatedInt64(record, &field, index);
      if (options.utc && is_timestamp_field(field)) {
        out += format_utc(value);
      } else {
        absl::StrAppend(&out, value);
      }
      break;
    }
    case F::CPPTYPE_UINT32:
      absl::StrAppend(&out, one ? r.GetUInt32(record, &field) : r.GetRepeatedUInt32(record, &field, index));
      break;
    case F::CPPTYPE_UINT64:
      absl::StrAppend(&out, one ? r.GetUInt64(record, &field) : r.GetRepeatedUInt64(record, &field, index));
      break;
    case F::CPPTYPE_DOUBLE:
      append_float(one ? r.GetDouble(record, &field) : r.GetRepeatedDouble(record, &field, index), out);
      break;
    case F::CPPTYPE_FLOAT:
      append_float(one ? r.GetFloat(record, &field) : r.GetRepeatedFloat(record, &field, index), out);
      break;
    case F::CPPTYPE_BOOL:
      out += (one ? r.GetBool(record, &field) : r.GetRepeatedBool(record, &field, index))
                 ? "true" : "false";
      break;
    case F::CPPTYPE_ENUM:
      absl::StrAppend(&out, one ? r.GetEnumValue(record, &field)
                                : r.GetRepeatedEnumValue(record, &field, index));
      break;
    case F::CPPTYPE_STRING: {
      std::string scratch;
      const std::string& value =
          one ? r.GetStringReference(record, &field, &scratch)
              : r.GetRepeatedStringReference(record, &field, index, &scratch);
      if (field.type() == F::TYPE_BYTES) {
        out += format_address(field.name(), value);
      } else {
        out += value;
      }
      break;
    }
    case F::CPPTYPE_MESSAGE: {
      if (one && !r.HasField(record, &field)) break;
      const google::protobuf::Message& inner =
          one ? r.GetMessage(record, &field) : r.GetRepeatedMessage(record, &field, index);
      out += options.begin;
      const google::protobuf::Descriptor& d = *inner.GetDescriptor();
      for (int i = 0; i < d.field_count(); ++i) {
        if (i > 0) out += options.struct_separator;
        append_field(inner, *d.field(i), options, out);
      }
      out += options.end;
      break;
    }
  }
}

}  // namespace detail

// The columns of one record type and how to print them: every field in
// .proto order, or those chosen with select().
class csv_printer {
 public:
  csv_printer(const google::protobuf::Descriptor& descriptor, csv_options options)
      : descriptor_(&descriptor), options_(std::move(options)) {
    for (int i = 0; i < descriptor.field_count(); ++i) {
      columns_.push_back(descriptor.field(i));
    }
  }

  // Keeps only the named fields, in the order given. Fails on an unknown
  // name, listing the valid ones.
  absl::Status select(const std::vector<std::string>& names) {
    std::vector<const google::protobuf::FieldDescriptor*> columns;
    for (const std::string& name : names) {
      const google::protobuf::FieldDescriptor* field = descriptor_->FindFieldByName(name);
      if (field == nullptr) {
        std::vector<std::string> valid;
        for (int i = 0; i < descriptor_->field_count(); ++i) {
          valid.push_back(descriptor_->field(i)->name());
        }
        return absl::InvalidArgumentError(
            absl::StrCat("invalid field \"", name, "\" for ", descriptor_->name(),
                         "; valid fields are: ", absl::StrJoin(valid, ", ")));
      }
      columns.push_back(field);
    }
    columns_ = std::move(columns);
    return absl::OkStatus();
  }

  const std::vector<const google::protobuf::FieldDescriptor*>& columns() const {
    return columns_;
  }
  const csv_options& options() const { return options_; }

  // The column names joined by the separator, without a line break.
  std::string header_line() const {
    std::vector<std::string> names;
    for (const auto* field : columns_) names.push_back(field->name());
    return absl::StrJoin(names, options_.separator);
  }

  // Appends the record's line to `out`, without a line break.
  void append_line(const google::protobuf::Message& record, std::string& out) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += options_.separator;
      append_cell(record, *columns_[i], options_, out);
    }
  }

  std::string line(const google::protobuf::Message& record) const {
    std::string out;
    append_line(record, out);
    return out;
  }

 private:
  const google::protobuf::Descriptor* descriptor_;
  csv_options options_;
  std::vector<const google::protobuf::FieldDescriptor*> columns_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_CSV_HPP_
