// Text from packets for protobuf string fields, shared by the encoders of
// protocols that carry names and descriptions (LLDP, CDP).
#ifndef NETCAP_ENCODERS_DETAIL_TEXT_HPP_
#define NETCAP_ENCODERS_DETAIL_TEXT_HPP_

#include <cstddef>
#include <string>
#include <string_view>

#include "google/protobuf/stubs/common.h"
#include "google/protobuf/stubs/stringpiece.h"

namespace netcap::detail {

// Sets `out` to `bytes` as valid UTF-8, which protobuf's string fields must
// hold to parse back: each byte that starts no valid UTF-8 sequence becomes
// U+FFFD. `out` keeps its storage, so a reused record allocates nothing.
inline void assign_utf8(std::string* out, std::string_view bytes) {
  out->clear();
  while (!bytes.empty()) {
    const int valid = google::protobuf::internal::UTF8SpnStructurallyValid(
        google::protobuf::StringPiece(bytes.data(), bytes.size()));
    out->append(bytes.data(), static_cast<std::size_t>(valid));
    bytes.remove_prefix(static_cast<std::size_t>(valid));
    if (!bytes.empty()) {
      out->append("\xef\xbf\xbd");
      bytes.remove_prefix(1);
    }
  }
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_TEXT_HPP_
