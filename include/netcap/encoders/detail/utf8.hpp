// Internal to netcap's encoders: text from packets (names, descriptions,
// header values) into protobuf string fields, which must hold valid UTF-8
// for the record to parse back.
#ifndef NETCAP_ENCODERS_DETAIL_UTF8_HPP_
#define NETCAP_ENCODERS_DETAIL_UTF8_HPP_

#include <cstddef>
#include <string>
#include <string_view>

#include "google/protobuf/stubs/common.h"
#include "google/protobuf/stubs/stringpiece.h"

namespace netcap::detail {

// Appends `bytes` to `out`, each byte that starts no valid UTF-8 sequence
// written as U+FFFD.
inline void append_utf8(std::string_view bytes, std::string& out) {
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
}

// Replaces `out` with `bytes` as `append_utf8` writes them. `out` keeps its
// capacity, so text that fits allocates nothing.
inline void assign_utf8(std::string_view bytes, std::string& out) {
  out.clear();
  append_utf8(bytes, out);
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_UTF8_HPP_
