// Debian builds Abseil as C++14 (ABSL_OPTION_USE_STD_STRING_VIEW is 0), so
// absl::string_view is a type of its own and Abseil's string functions do not
// take std::string_view. netcap's own interfaces use std::string_view; this
// converts where they meet Abseil.
#ifndef NETCAP_CORE_ABSL_COMPAT_HPP_
#define NETCAP_CORE_ABSL_COMPAT_HPP_

#include <string_view>

#include "absl/strings/string_view.h"

namespace netcap::detail {

inline absl::string_view to_absl(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace netcap::detail

#endif  // NETCAP_CORE_ABSL_COMPAT_HPP_
