#include "netcap/encoders/usbrequestblocksetup.hpp"

#include <pcap/dlt.h>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::usbmon_packet;

TEST(UsbRequestBlockSetupEncoder, FillsTheSetupPacket) {
  for (int link_type : {DLT_USB_LINUX, DLT_USB_LINUX_MMAPPED}) {
    usbmon_packet p;
    // SET_ADDRESS-like fields with every byte of the little-endian words set.
    const std::uint8_t setup[8] = {0x21, 0x09, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    std::copy(std::begin(setup), std::end(setup), p.setup);
    auto records = encode_bytes<usbrequestblocksetup>(p.bytes(link_type), link_type);
    ASSERT_EQ(records.size(), 1u) << link_type;
    const USBRequestBlockSetup& r = records[0];
    EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
    EXPECT_EQ(r.request_type(), 0x21);
    EXPECT_EQ(r.request(), 9);
    EXPECT_EQ(r.value(), 0x0302);
    EXPECT_EQ(r.index(), 0x0504);
    EXPECT_EQ(r.length(), 0x0706);
  }
}

// usbmon's setup flag is 0 only when the setup packet was captured: a
// completion ('-') and a submission whose setup was not captured ('Z')
// carry none, though the bytes are there.
TEST(UsbRequestBlockSetupEncoder, NoRecordWithoutASetupPacket) {
  for (std::uint8_t flag : {std::uint8_t{'-'}, std::uint8_t{'Z'}}) {
    usbmon_packet p;
    p.setup_flag = flag;
    EXPECT_TRUE(encode_bytes<usbrequestblocksetup>(p.bytes(), DLT_USB_LINUX).empty()) << flag;
  }
}

TEST(UsbRequestBlockSetupEncoder, TruncatedHeaderGivesNoRecord) {
  std::vector<std::uint8_t> bytes = usbmon_packet{}.bytes(DLT_USB_LINUX_MMAPPED);
  // The setup packet is whole but the 64-byte header is not.
  bytes.resize(50);
  EXPECT_TRUE(
      encode_bytes<usbrequestblocksetup>(bytes, DLT_USB_LINUX_MMAPPED).empty());
  bytes.resize(44);
  EXPECT_TRUE(encode_bytes<usbrequestblocksetup>(bytes, DLT_USB_LINUX).empty());
}

}  // namespace
}  // namespace netcap::encoders
