// The USB layer encoder: one record per usbmon header (link types
// DLT_USB_LINUX and DLT_USB_LINUX_MMAPPED).
#ifndef NETCAP_ENCODERS_USB_HPP_
#define NETCAP_ENCODERS_USB_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "netcap/layers/usb.hpp"
#include "proto/usb.pb.h"

namespace netcap::encoders {

struct usb {
  static constexpr std::string_view name = "USB";
  using record_type = USB;
  using layer_type = layers::usb;

  void encode(const layers::usb& u, const frame& f, USB& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_id(u.id());
    r.set_event_type(u.event_type());
    r.set_transfer_type(u.transfer_type());
    r.set_direction(u.direction());
    r.set_endpoint_number(u.endpoint_number());
    r.set_device_address(u.device_address());
    r.set_bus_id(u.bus_id());
    r.set_timestamp_sec(u.timestamp_sec());
    r.set_timestamp_usec(u.timestamp_usec());
    r.set_setup(u.has_setup());
    r.set_data(u.has_data());
    r.set_status(u.status());
    r.set_urb_length(u.urb_length());
    r.set_urb_data_length(u.urb_data_length());
    r.set_urb_interval(u.interval());
    r.set_urb_start_frame(u.start_frame());
    r.set_urb_copy_of_transfer_flags(u.transfer_flags());
    r.set_iso_num_desc(u.iso_descriptors());
    r.set_header_length(static_cast<std::int32_t>(u.header_size()));
    if (f.options.payloads) {
      const std::string_view payload = detail::raw_payload(u);
      r.set_payload(payload.data(), payload.size());
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_USB_HPP_
