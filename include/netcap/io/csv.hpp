// Renders records as delimited text, one line per record, for the read mode
// (`netcap -r TCP.ncap.gz`). Works on any record type through protobuf
// reflection, so new record types print without code of their own.
//
// Values render as follows:
// - numbers and booleans as protobuf's text form does;
// - bytes fields that hold addresses, by naming convention (docs/format.md):
//   a field whose name ends in "ip" or "address" and holds 4 or 16 bytes
//   prints as an IPv4 or IPv6 address, one whose name ends in "mac" or
//   "hw_address" and holds 6 bytes prints as a MAC address;
// - other bytes fields as lower-case hex;
// - a nested message as its fields between `begin` and `end`, separated by
//   `struct_separator`: "(1-2-abcd)"; repeated values one after the other,
//   nested messages each in their own delimiters, scalars separated by
//   `struct_separator` inside one pair of delimiters.
#ifndef NETCAP_IO_CSV_HPP_
#define NETCAP_IO_CSV_HPP_

#include <arpa/inet.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace netcap::io {

struct csv_options {
  std::string separator = ",";
  std::string begin = "(";
  std::string end = ")";
  std::string struct_separator = "-";
};

namespace detail {

inline std::string format_address(absl::string_view name, const std::string& bytes) {
  const bool ip_name = absl::EndsWith(name, "ip") || absl::EndsWith(name, "address") ||
                       absl::EndsWith(name, "addr");
  const bool mac_name = absl::EndsWith(name, "mac") || absl::EndsWith(name, "hw_address");
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

}  // namespace detail

class csv_printer {
 public:
  csv_printer(const google::protobuf::Descriptor& descriptor, csv_options options)
      : descriptor_(descriptor), options_(std::move(options)) {
    for (int i = 0; i < descriptor.field_count(); ++i) {
      columns_.push_back(descriptor.field(i));
    }
  }

  // Keeps only the named fields, in the order given. Fails on an unknown
  // name, listing the valid ones.
  absl::Status select(const std::vector<std::string>& names) {
    std::vector<const google::protobuf::FieldDescriptor*> columns;
    for (const std::string& name : names) {
      const google::protobuf::FieldDescriptor* field = descriptor_.FindFieldByName(name);
      if (field == nullptr) {
        std::vector<std::string> valid;
        for (int i = 0; i < descriptor_.field_count(); ++i) {
          valid.push_back(descriptor_.field(i)->name());
        }
        return absl::InvalidArgumentError(
            absl::StrCat("invalid field \"", name, "\" for ", descriptor_.name(),
                         "; valid fields are: ", absl::StrJoin(valid, ", ")));
      }
      columns.push_back(field);
    }
    columns_ = std::move(columns);
    return absl::OkStatus();
  }

  std::string header_line() const {
    std::vector<std::string> names;
    for (const auto* field : columns_) names.push_back(field->name());
    return absl::StrJoin(names, options_.separator);
  }

  std::string line(const google::protobuf::Message& record) const {
    std::string out;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += options_.separator;
      append_field(record, *columns_[i], out);
    }
    return out;
  }

 private:
  void append_field(const google::protobuf::Message& record,
                    const google::protobuf::FieldDescriptor& field,
                    std::string& out) const {
    const google::protobuf::Reflection& r = *record.GetReflection();
    if (!field.is_repeated()) {
      append_value(record, r, field, -1, out);
      return;
    }
    const int n = r.FieldSize(record, &field);
    if (field.cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      for (int i = 0; i < n; ++i) append_value(record, r, field, i, out);
      return;
    }
    if (n == 0) return;
    out += options_.begin;
    for (int i = 0; i < n; ++i) {
      if (i > 0) out += options_.struct_separator;
      append_value(record, r, field, i, out);
    }
    out += options_.end;
  }

  // Appends one value of `field`: the singular one for index -1.
  void append_value(const google::protobuf::Message& record,
                    const google::protobuf::Reflection& r,
                    const google::protobuf::FieldDescriptor& field, int index,
                    std::string& out) const {
    using F = google::protobuf::FieldDescriptor;
    const bool one = index < 0;
    switch (field.cpp_type()) {
      case F::CPPTYPE_INT32:
        absl::StrAppend(&out, one ? r.GetInt32(record, &field) : r.GetRepeatedInt32(record, &field, index));
        break;
      case F::CPPTYPE_INT64:
        absl::StrAppend(&out, one ? r.GetInt64(record, &field) : r.GetRepeatedInt64(record, &field, index));
        break;
      case F::CPPTYPE_UINT32:
        absl::StrAppend(&out, one ? r.GetUInt32(record, &field) : r.GetRepeatedUInt32(record, &field, index));
        break;
      case F::CPPTYPE_UINT64:
        absl::StrAppend(&out, one ? r.GetUInt64(record, &field) : r.GetRepeatedUInt64(record, &field, index));
        break;
      case F::CPPTYPE_DOUBLE:
        absl::StrAppend(&out, one ? r.GetDouble(record, &field) : r.GetRepeatedDouble(record, &field, index));
        break;
      case F::CPPTYPE_FLOAT:
        absl::StrAppend(&out, one ? r.GetFloat(record, &field) : r.GetRepeatedFloat(record, &field, index));
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
          out += detail::format_address(field.name(), value);
        } else {
          out += value;
        }
        break;
      }
      case F::CPPTYPE_MESSAGE: {
        const google::protobuf::Message& inner =
            one ? r.GetMessage(record, &field) : r.GetRepeatedMessage(record, &field, index);
        if (one && !r.HasField(record, &field)) break;
        out += options_.begin;
        const google::protobuf::Descriptor& d = *inner.GetDescriptor();
        for (int i = 0; i < d.field_count(); ++i) {
          if (i > 0) out += options_.struct_separator;
          append_field(inner, *d.field(i), out);
        }
        out += options_.end;
        break;
      }
    }
  }

  const google::protobuf::Descriptor& descriptor_;
  csv_options options_;
  std::vector<const google::protobuf::FieldDescriptor*> columns_;
};

}  // namespace netcap::io

#endif  // NETCAP_IO_CSV_HPP_
