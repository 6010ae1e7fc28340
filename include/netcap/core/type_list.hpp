// Compile-time lists of types: the one list of encoders (encoders/all.hpp)
// is a type_list, and the pipeline, the registry, the tests and the
// benchmarks are all derived from it with the helpers here.
#ifndef NETCAP_CORE_TYPE_LIST_HPP_
#define NETCAP_CORE_TYPE_LIST_HPP_

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace netcap {

template <class... Ts>
struct type_list {
  static constexpr std::size_t size = sizeof...(Ts);
};

// Applies a template to the types of a list:
// `apply_t<pipeline, type_list<tcp, udp>>` is `pipeline<tcp, udp>`.
template <template <class...> class Template, class List>
struct apply;
template <template <class...> class Template, class... Ts>
struct apply<Template, type_list<Ts...>> {
  using type = Template<Ts...>;
};
template <template <class...> class Template, class List>
using apply_t = typename apply<Template, List>::type;

// The type at index I of a list: `type_at_t<type_list<tcp, udp>, 1>` is `udp`.
template <class List, std::size_t I>
struct type_at;
template <class... Ts, std::size_t I>
struct type_at<type_list<Ts...>, I> {
  static_assert(I < sizeof...(Ts), "type_at: index out of range");
  using type = std::tuple_element_t<I, std::tuple<Ts...>>;
};
template <class List, std::size_t I>
using type_at_t = typename type_at<List, I>::type;

// Calls `fn(std::integral_constant<std::size_t, I>{}, (T*)nullptr)` for each
// type T of the pack at index I, in order. The pointer carries the type
// without constructing one.
namespace detail {
template <class... Ts, class Fn, std::size_t... Is>
constexpr void for_each_type(Fn& fn, std::index_sequence<Is...>) {
  (fn(std::integral_constant<std::size_t, Is>{}, static_cast<Ts*>(nullptr)),
   ...);
}
}  // namespace detail

template <class... Ts, class Fn>
constexpr void for_each_type(type_list<Ts...>, Fn&& fn) {
  detail::for_each_type<Ts...>(fn, std::index_sequence_for<Ts...>{});
}

}  // namespace netcap

#endif  // NETCAP_CORE_TYPE_LIST_HPP_
