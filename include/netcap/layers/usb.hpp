// USB packets as Linux's usbmon captures them, link types DLT_USB_LINUX (189)
// and DLT_USB_LINUX_MMAPPED (220), as a layer netcap adds to libtins, which
// cannot dissect them: registered with `link_types` (core/layer.hpp), so such
// captures are decoded rather than sent whole to unknown.pcap.
//
// Every packet starts with usbmon's header (Linux
// Documentation/usb/usbmon.rst, `struct usbmon_packet`), 48 bytes for
// DLT_USB_LINUX and 64 for DLT_USB_LINUX_MMAPPED:
//
//   | offset | size | field                                            |
//   |--------|------|--------------------------------------------------|
//   | 0      | 8    | URB id                                           |
//   | 8      | 1    | event type: 'S' submit, 'C' complete, 'E' error  |
//   | 9      | 1    | transfer type: 0 isochronous, 1 interrupt,       |
//   |        |      | 2 control, 3 bulk                                |
//   | 10     | 1    | endpoint number, bit 7 the direction (1 = IN)    |
//   | 11     | 1    | device address                                   |
//   | 12     | 2    | bus number                                       |
//   | 14     | 1    | setup flag: 0 when a setup packet follows        |
//   | 15     | 1    | data flag: 0 when data follows the header        |
//   | 16     | 8    | seconds, signed                                  |
//   | 24     | 4    | microseconds, signed                             |
//   | 28     | 4    | status, signed                                   |
//   | 32     | 4    | URB length                                       |
//   | 36     | 4    | length of the data captured                      |
//   | 40     | 8    | the setup packet, or isochronous error count and |
//   |        |      | descriptor count                                 |
//   | 48     | 4    | interval (64-byte header only)                   |
//   | 52     | 4    | start frame (64-byte header only)                |
//   | 56     | 4    | copy of the URB's transfer flags (64 only)       |
//   | 60     | 4    | number of isochronous descriptors (64 only)      |
//
// The header is in the capturing host's byte order; libpcap hands it on in
// the reading host's, swapping it for files written on the other, so it is
// read here in host byte order. The setup packet (USB 2.0 9.3) is USB wire
// data, little endian: request type, request, value, index and length.
// What follows the header (isochronous descriptors and data) is kept as a
// raw payload.
#ifndef NETCAP_LAYERS_USB_HPP_
#define NETCAP_LAYERS_USB_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <tins/exceptions.h>
#include <tins/pdu.h>
#include <tins/rawpdu.h>

namespace netcap::layers {

class usb : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 13);
  static constexpr std::array<int, 2> link_types = {DLT_USB_LINUX, DLT_USB_LINUX_MMAPPED};
  static constexpr std::string_view name = "USB";
  static constexpr std::uint32_t header_size_linux = 48;
  static constexpr std::uint32_t header_size_mmapped = 64;

  // Parses the header of `link_type`: 64 bytes for DLT_USB_LINUX_MMAPPED, 48
  // otherwise. Throws Tins::malformed_packet when it is cut short.
  usb(const std::uint8_t* data, std::uint32_t size, int link_type)
      : header_size_(link_type == DLT_USB_LINUX_MMAPPED ? header_size_mmapped
                                                         : header_size_linux) {
    if (size < header_size_) throw Tins::malformed_packet();
    std::memcpy(header_.data(), data, header_size_);
    if (size > header_size_) inner_pdu(new Tins::RawPDU(data + header_size_, size - header_size_));
  }
  // A DLT_USB_LINUX packet (48-byte header).
  usb(const std::uint8_t* data, std::uint32_t size) : usb(data, size, DLT_USB_LINUX) {}

  std::uint64_t id() const { return host<std::uint64_t>(0); }
  std::uint8_t event_type() const { return header_[8]; }
  std::uint8_t transfer_type() const { return header_[9]; }
  std::uint8_t endpoint_number() const { return header_[10] & 0x7f; }
  // 1 for IN (device to host), 0 for OUT.
  std::uint8_t direction() const { return header_[10] >> 7; }
  std::uint8_t device_address() const { return header_[11]; }
  std::uint16_t bus_id() const { return host<std::uint16_t>(12); }
  // usbmon sets these flags to 0 when the setup packet, or data, is there.
  bool has_setup() const { return header_[14] == 0; }
  bool has_data() const { return header_[15] == 0; }
  std::int64_t timestamp_sec() const { return host<std::int64_t>(16); }
  std::int32_t timestamp_usec() const { return host<std::int32_t>(24); }
  std::int32_t status() const { return host<std::int32_t>(28); }
  std::uint32_t urb_length() const { return host<std::uint32_t>(32); }
  std::uint32_t urb_data_length() const { return host<std::uint32_t>(36); }
  // The 64-byte header's fields; zero for a 48-byte header.
  std::uint32_t interval() const { return mmapped() ? host<std::uint32_t>(48) : 0; }
  std::uint32_t start_frame() const { return mmapped() ? host<std::uint32_t>(52) : 0; }
  std::uint32_t transfer_flags() const { return mmapped() ? host<std::uint32_t>(56) : 0; }
  std::uint32_t iso_descriptors() const { return mmapped() ? host<std::uint32_t>(60) : 0; }
  bool mmapped() const { return header_size_ == header_size_mmapped; }

  // The setup packet's fields, meaningful when `has_setup()`.
  std::uint8_t setup_request_type() const { return header_[40]; }
  std::uint8_t setup_request() const { return header_[41]; }
  std::uint16_t setup_value() const { return little_u16(42); }
  std::uint16_t setup_index() const { return little_u16(44); }
  std::uint16_t setup_length() const { return little_u16(46); }

  std::uint32_t header_size() const override { return header_size_; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  usb* clone() const override { return new usb(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  // Every offset read is inside the 48 bytes both headers have, or, for the
  // 64-byte header's own fields, checked with `mmapped()` first.
  template <class T>
  T host(std::size_t at) const {
    T value;
    std::memcpy(&value, header_.data() + at, sizeof(value));
    return value;
  }
  std::uint16_t little_u16(std::size_t at) const {
    return static_cast<std::uint16_t>(header_[at] | header_[at + 1] << 8);
  }

  std::uint32_t header_size_;
  std::array<std::uint8_t, header_size_mmapped> header_{};
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_USB_HPP_
