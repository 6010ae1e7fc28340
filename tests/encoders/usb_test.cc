#include "netcap/encoders/usb.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "netcap/encoders/ethernet.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

using netcap::testing::encode_bytes;
using netcap::testing::usbmon_packet;

TEST(UsbEncoder, FillsTheLinuxHeader) {
  auto records = encode_bytes<usb>(usbmon_packet{}.bytes(), DLT_USB_LINUX);
  ASSERT_EQ(records.size(), 1u);
  const USB& r = records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.id(), 0xffff88810a2b3c00u);
  EXPECT_EQ(r.event_type(), 'S');
  EXPECT_EQ(r.transfer_type(), 2);
  EXPECT_EQ(r.direction(), 1);
  EXPECT_EQ(r.endpoint_number(), 0);
  EXPECT_EQ(r.device_address(), 7);
  EXPECT_EQ(r.bus_id(), 3);
  EXPECT_EQ(r.timestamp_sec(), 1609556645);
  EXPECT_EQ(r.timestamp_usec(), 123456);
  EXPECT_TRUE(r.setup());
  EXPECT_FALSE(r.data());
  EXPECT_EQ(r.status(), -115);
  EXPECT_EQ(r.urb_length(), 18u);
  EXPECT_EQ(r.urb_data_length(), 0u);
  EXPECT_EQ(r.header_length(), 48);
  // The 64-byte header's fields are not in a 48-byte one.
  EXPECT_EQ(r.urb_copy_of_transfer_flags(), 0u);
  EXPECT_TRUE(r.payload().empty());
}

// A bulk completion on the 64-byte header, with data after it.
TEST(UsbEncoder, FillsTheMmappedHeaderAndPayload) {
  usbmon_packet p;
  p.event_type = 'C';
  p.transfer_type = 3;
  p.endpoint = 0x02;
  p.setup_flag = '-';
  p.data_flag = 0;
  p.status = 0;
  p.length = 4;
  p.captured = 4;
  p.interval = 1;
  p.start_frame = 77;
  p.transfer_flags = 0x5;
  p.iso_descriptors = 2;
  p.data = {0xde, 0xad, 0xbe, 0xef};
  encode_options with_payloads;
  with_payloads.payloads = true;
  auto records = encode_bytes<usb>(p.bytes(DLT_USB_LINUX_MMAPPED), DLT_USB_LINUX_MMAPPED,
                                   with_payloads);
  ASSERT_EQ(records.size(), 1u);
  const USB& r = records[0];
  EXPECT_EQ(r.event_type(), 'C');
  EXPECT_EQ(r.transfer_type(), 3);
  EXPECT_EQ(r.direction(), 0);
  EXPECT_EQ(r.endpoint_number(), 2);
  EXPECT_FALSE(r.setup());
  EXPECT_TRUE(r.data());
  EXPECT_EQ(r.urb_data_length(), 4u);
  EXPECT_EQ(r.urb_interval(), 1u);
  EXPECT_EQ(r.urb_start_frame(), 77u);
  EXPECT_EQ(r.urb_copy_of_transfer_flags(), 5u);
  EXPECT_EQ(r.iso_num_desc(), 2u);
  EXPECT_EQ(r.header_length(), 64);
  EXPECT_EQ(r.payload(), "\xde\xad\xbe\xef");
  // Without -payload the bytes are not kept.
  auto plain = encode_bytes<usb>(p.bytes(DLT_USB_LINUX_MMAPPED), DLT_USB_LINUX_MMAPPED);
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_TRUE(plain[0].payload().empty());
}

// The link type, not the bytes, says which header a packet has: a 64-byte
// packet of DLT_USB_LINUX is a 48-byte header and 16 bytes of data.
TEST(UsbEncoder, TheLinkTypeChoosesTheHeader) {
  usbmon_packet p;
  p.transfer_flags = 0x1234;
  encode_options with_payloads;
  with_payloads.payloads = true;
  auto records = encode_bytes<usb>(p.bytes(DLT_USB_LINUX_MMAPPED), DLT_USB_LINUX, with_payloads);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].header_length(), 48);
  EXPECT_EQ(records[0].urb_copy_of_transfer_flags(), 0u);
  EXPECT_EQ(records[0].payload().size(), 16u);
}

TEST(UsbEncoder, TruncatedHeadersAreMalformed) {
  pipeline<usb>::register_layers();
  for (int link_type : {DLT_USB_LINUX, DLT_USB_LINUX_MMAPPED}) {
    std::vector<std::uint8_t> bytes = usbmon_packet{}.bytes(link_type);
    for (std::size_t size : {std::size_t{0}, std::size_t{14}, bytes.size() - 1}) {
      std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + size);
      EXPECT_TRUE(encode_bytes<usb>(cut, link_type).empty()) << link_type << " " << size;
      dissection d = dissect(link_type, cut.data(), static_cast<std::uint32_t>(cut.size()));
      EXPECT_EQ(d.root, nullptr);
      EXPECT_EQ(d.error, "USB: malformed header") << link_type << " " << size;
    }
  }
}

// Registering USB claims its two link types and no other: the usbmon bytes
// are no Ethernet frame, and an unknown link type stays undissected.
TEST(UsbEncoder, OnlyItsLinkTypesAreUsb) {
  pipeline<usb, ethernet>::register_layers();
  std::vector<std::uint8_t> bytes = usbmon_packet{}.bytes();
  EXPECT_TRUE(encode_bytes<usb>(bytes, DLT_EN10MB).empty());
  dissection d = dissect(DLT_BLUETOOTH_HCI_H4, bytes.data(),
                         static_cast<std::uint32_t>(bytes.size()));
  EXPECT_EQ(d.root, nullptr);
  EXPECT_TRUE(d.error.empty());
}

}  // namespace
}  // namespace netcap::encoders
