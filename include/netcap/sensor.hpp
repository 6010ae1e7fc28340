// Chooses encoders by name at compile time, for trimmed sensors: programs
// built with only the encoders a deployment needs. The `netcap_sensor` Bazel
// macro (tools/sensor.bzl) generates a program from a list of names, and the
// names are looked up here in the encoders' own `name`, so the one list in
// encoders/all.hpp is all a sensor needs:
//
//   using all = netcap::encoders::all_encoders;
//   static_assert(netcap::find_encoder<all>("udp") < all::size, "no UDP");
//   using udp_sensor = netcap::sensor_pipeline_t<
//       all, netcap::find_encoder<all>("IPv4"), netcap::find_encoder<all>("UDP")>;
//
// Names match as -include matches them, without regard to case. An unknown
// name gives the index `List::size`; `sensor_pipeline_t` leaves such indexes
// out, so the generated `static_assert` is the one error a misspelt name
// causes.
#ifndef NETCAP_SENSOR_HPP_
#define NETCAP_SENSOR_HPP_

#include <array>
#include <cstddef>
#include <string_view>

#include "netcap/core/type_list.hpp"
#include "netcap/pipeline.hpp"

namespace netcap {

namespace detail {

template <class List>
struct encoder_names;
template <class... Encoders>
struct encoder_names<type_list<Encoders...>> {
  static constexpr std::array<std::string_view, sizeof...(Encoders)> value = {
      Encoders::name...};
};

// Appends the type at index I of List to Picked when I is in range.
template <bool InRange, class List, class Picked, std::size_t I>
struct append_at {
  using type = Picked;
};
template <class List, class... Picked, std::size_t I>
struct append_at<true, List, type_list<Picked...>, I> {
  using type = type_list<Picked..., type_at_t<List, I>>;
};

template <class List, class Picked, std::size_t... Is>
struct pick;
template <class List, class Picked>
struct pick<List, Picked> {
  using type = Picked;
};
template <class List, class Picked, std::size_t I, std::size_t... Is>
struct pick<List, Picked, I, Is...> {
  using type = typename pick<
      List, typename append_at<(I < List::size), List, Picked, I>::type,
      Is...>::type;
};

}  // namespace detail

// The index in List of the encoder called `name`, compared without regard to
// case, or `List::size` when no encoder of List has that name.
template <class List>
constexpr std::size_t find_encoder(std::string_view name) {
  const auto& names = detail::encoder_names<List>::value;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (detail::iequals(names[i], name)) return i;
  }
  return List::size;
}

// The encoders of List at the given indexes, in that order; indexes out of
// range (unknown names) are left out.
template <class List, std::size_t... Is>
using select_t = typename detail::pick<List, type_list<>, Is...>::type;

// The pipeline of those encoders.
template <class List, std::size_t... Is>
using sensor_pipeline_t = apply_t<pipeline, select_t<List, Is...>>;

}  // namespace netcap

#endif  // NETCAP_SENSOR_HPP_
