// The runtime view of a pipeline's encoders: listing them (-encoders) and
// turning the names of -include and -exclude into the pipeline's masks.
// It is derived from the pipeline's own type list, so it can never disagree
// with what the pipeline runs.
#ifndef NETCAP_REGISTRY_HPP_
#define NETCAP_REGISTRY_HPP_

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "netcap/core/absl_compat.hpp"
#include "netcap/pipeline.hpp"

namespace netcap {

template <class Pipeline>
class registry {
 public:
  using mask = typename Pipeline::mask;

  // Which encoders run, and which end the walk (see pipeline.hpp).
  struct selection {
    mask enabled;
    mask stops;
  };

  // Every encoder's name, sorted without regard to case.
  static std::vector<std::string_view> sorted_names() {
    std::vector<std::string_view> names(Pipeline::names.begin(),
                                        Pipeline::names.end());
    std::sort(names.begin(), names.end(), [](std::string_view a, std::string_view b) {
      return std::lexicographical_compare(
          a.begin(), a.end(), b.begin(), b.end(),
          [](char x, char y) { return detail::ascii_lower(x) < detail::ascii_lower(y); });
    });
    return names;
  }

  // The index of the encoder called `name`, matched without regard to case.
  static absl::StatusOr<std::size_t> find(std::string_view name) {
    for (std::size_t i = 0; i < Pipeline::size; ++i) {
      if (detail::iequals(Pipeline::names[i], name)) return i;
    }
    return absl::NotFoundError(absl::StrCat(
        "unknown encoder \"", detail::to_absl(name), "\"; valid encoders are: ",
        absl::StrJoin(sorted_names(), ", ", [](std::string* out, std::string_view n) {
          out->append(n.data(), n.size());
        })));
  }

  // Resolves -include and -exclude. An empty include list means every
  // encoder. Excluded encoders also stop the walk at their layer, so what
  // they encapsulate is not decoded; encoders merely left out of an include
  // list do not.
  static absl::StatusOr<selection> select(const std::vector<std::string>& include,
                                          const std::vector<std::string>& exclude) {
    selection s;
    if (include.empty()) s.enabled.set();
    for (const std::string& name : include) {
      absl::StatusOr<std::size_t> index = find(name);
      if (!index.ok()) return index.status();
      s.enabled.set(*index);
    }
    for (const std::string& name : exclude) {
      absl::StatusOr<std::size_t> index = find(name);
      if (!index.ok()) return index.status();
      s.stops.set(*index);
    }
    s.enabled &= ~s.stops;
    return s;
  }
};

}  // namespace netcap

#endif  // NETCAP_REGISTRY_HPP_
