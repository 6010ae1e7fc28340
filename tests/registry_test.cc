#include "netcap/registry.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/encoders/all.hpp"

namespace netcap {
namespace {

struct a_layer {
  static constexpr std::string_view name = "Zeta";
  using record_type = UDP;
  using layer_type = Tins::UDP;
  void encode(const Tins::UDP&, const frame&, UDP&) const {}
};
struct b_layer : a_layer {
  static constexpr std::string_view name = "alpha";
};
struct c_layer : a_layer {
  static constexpr std::string_view name = "Mid";
};

using test_registry = registry<pipeline<a_layer, b_layer, c_layer>>;

TEST(Registry, ListsItselfSortedWithoutRegardToCase) {
  EXPECT_EQ(test_registry::sorted_names(),
            (std::vector<std::string_view>{"alpha", "Mid", "Zeta"}));
}

TEST(Registry, FindsNamesWithoutRegardToCase) {
  EXPECT_EQ(*test_registry::find("zeta"), 0u);
  EXPECT_EQ(*test_registry::find("ALPHA"), 1u);
}

TEST(Registry, RejectsUnknownNamesListingTheValidOnes) {
  auto result = test_registry::select({"Mid", "Bogus"}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "unknown encoder \"Bogus\"; valid encoders are: alpha, Mid, Zeta");
  EXPECT_FALSE(test_registry::select({}, {"nope"}).ok());
}

TEST(Registry, IncludeEnablesOnlyTheNamedEncoders) {
  auto s = test_registry::select({"mid"}, {});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->enabled.to_string(), "100");
  EXPECT_TRUE(s->stops.none());
}

TEST(Registry, ExcludeDisablesAndStops) {
  auto s = test_registry::select({}, {"zeta"});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->enabled.to_string(), "110");
  EXPECT_EQ(s->stops.to_string(), "001");
}

TEST(Registry, TheFullRegistryKnowsEveryEncoderOfTheList) {
  using full = registry<encoders::full_pipeline>;
  EXPECT_EQ(full::sorted_names().size(), encoders::all_encoders::size);
  for (std::string_view name : encoders::full_pipeline::names) {
    EXPECT_TRUE(full::find(name).ok()) << name;
  }
}

}  // namespace
}  // namespace netcap
