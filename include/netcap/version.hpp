// The netcap version written into every record file's header.
#ifndef NETCAP_VERSION_HPP_
#define NETCAP_VERSION_HPP_

#include <string_view>

namespace netcap {

inline constexpr std::string_view version = "0.1.0";

}  // namespace netcap

#endif  // NETCAP_VERSION_HPP_
