#include <tins/tins.h>
#include "gtest/gtest.h"
#include "absl/strings/str_cat.h"
#include "proto/header.pb.h"
TEST(Smoke, Works) {
  Tins::EthernetII eth = Tins::EthernetII() / Tins::IP("1.2.3.4", "5.6.7.8") / Tins::TCP(1, 2);
  auto bytes = eth.serialize();
  Tins::EthernetII back(bytes.data(), bytes.size());
  EXPECT_EQ(back.rfind_pdu<Tins::TCP>().sport(), 2);
  netcap::Header h; h.set_record_type(absl::StrCat("a", 1));
  EXPECT_EQ(h.record_type(), "a1");
}
