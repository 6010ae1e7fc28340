#include "netcap/sensor.hpp"

#include <string_view>
#include <type_traits>

#include "gtest/gtest.h"
#include "netcap/encoders/all.hpp"
#include "netcap/registry.hpp"

namespace netcap {
namespace {

using encoders::all_encoders;

static_assert(find_encoder<all_encoders>("TCP") ==
              find_encoder<all_encoders>("tcp"));
static_assert(find_encoder<all_encoders>("NoSuchEncoder") == all_encoders::size);
static_assert(std::is_same_v<type_at_t<all_encoders, find_encoder<all_encoders>("UDP")>,
                             encoders::udp>);

// The order is the one given, and unknown names (index List::size) are
// left out, so that a misspelt name in a sensor gives one error: its own
// static_assert.
static_assert(std::is_same_v<
              select_t<all_encoders, find_encoder<all_encoders>("udp"),
                       find_encoder<all_encoders>("NoSuchEncoder"),
                       find_encoder<all_encoders>("IPv4")>,
              type_list<encoders::udp, encoders::ipv4>>);

using l3 = sensor_pipeline_t<all_encoders, find_encoder<all_encoders>("Ethernet"),
                             find_encoder<all_encoders>("IPv4"),
                             find_encoder<all_encoders>("TCP")>;
static_assert(std::is_same_v<l3, pipeline<encoders::ethernet, encoders::ipv4,
                                          encoders::tcp>>);

TEST(Sensor, FindsEveryEncoderOfTheListByItsName) {
  std::size_t i = 0;
  for (std::string_view name : encoders::full_pipeline::names) {
    EXPECT_EQ(find_encoder<all_encoders>(name), i) << name;
    ++i;
  }
}

TEST(Sensor, ASensorsRegistryKnowsOnlyItsOwnEncoders) {
  using reg = registry<l3>;
  EXPECT_TRUE(reg::select({"ipv4", "TCP"}, {}).ok());
  auto result = reg::select({"UDP"}, {});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "unknown encoder \"UDP\"; valid encoders are: Ethernet, IPv4, TCP");
  EXPECT_FALSE(reg::select({}, {"ARP"}).ok());
}

}  // namespace
}  // namespace netcap
