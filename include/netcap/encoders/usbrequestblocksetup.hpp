// The USBRequestBlockSetup layer encoder: one record per usbmon header that
// carries a setup packet (a control transfer's submission); none for the
// others.
#ifndef NETCAP_ENCODERS_USBREQUESTBLOCKSETUP_HPP_
#define NETCAP_ENCODERS_USBREQUESTBLOCKSETUP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/usb.hpp"
#include "proto/usbrequestblocksetup.pb.h"

namespace netcap::encoders {

struct usbrequestblocksetup {
  static constexpr std::string_view name = "USBRequestBlockSetup";
  using record_type = USBRequestBlockSetup;
  using layer_type = layers::usb;

  bool encode(const layers::usb& u, const frame& f, USBRequestBlockSetup& r) const {
    if (!u.has_setup()) return false;
    r.set_timestamp(f.timestamp_ns);
    r.set_request_type(u.setup_request_type());
    r.set_request(u.setup_request());
    r.set_value(u.setup_value());
    r.set_index(u.setup_index());
    r.set_length(u.setup_length());
    return true;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_USBREQUESTBLOCKSETUP_HPP_
