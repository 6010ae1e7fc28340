// The SIP layer encoder: one record per SIP message that netcap's SIP layer
// (netcap/layers/sip.hpp) decoded: its start line, every header field, and
// the main fields by name.
#ifndef NETCAP_ENCODERS_SIP_HPP_
#define NETCAP_ENCODERS_SIP_HPP_

#include <cstdint>
#include <string>
#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/layers/sip.hpp"
#include "proto/sip.pb.h"

namespace netcap::encoders {

struct sip {
  static constexpr std::string_view name = "SIP";
  using record_type = SIP;
  using layer_type = layers::sip;

  void encode(const layers::sip& m, const frame& f, SIP& r) const {
    using netcap::detail::append_utf8;
    using netcap::detail::assign_utf8;
    r.set_timestamp(f.timestamp_ns);
    r.set_version(m.version());
    r.set_method(m.method());
    for (const layers::sip::header& h : m.headers()) {
      std::string& out = *r.add_headers();
      assign_utf8(h.name, out);
      out += ": ";
      append_utf8(h.value, out);
    }
    r.set_is_response(m.is_response());
    r.set_response_code(m.status_code());
    assign_utf8(m.reason_phrase(), *r.mutable_response_status());
    assign_utf8(m.method_name(), *r.mutable_method_name());
    assign_utf8(m.request_uri(), *r.mutable_request_uri());
    assign_utf8(m.find("Call-ID", 'i'), *r.mutable_call_id());
    assign_utf8(m.find("From", 'f'), *r.mutable_from());
    assign_utf8(m.find("To", 't'), *r.mutable_to());
    assign_utf8(m.find("CSeq"), *r.mutable_cseq());
    assign_utf8(m.find("Via", 'v'), *r.mutable_via());
    assign_utf8(m.find("Contact", 'm'), *r.mutable_contact());
    assign_utf8(m.find("User-Agent"), *r.mutable_user_agent());
    assign_utf8(m.find("Content-Type", 'c'), *r.mutable_content_type());
    r.set_content_length(content_length(m.find("Content-Length", 'l')));
  }

 private:
  // The decimal number a Content-Length field holds, or -1.
  static std::int32_t content_length(std::string_view value) {
    if (value.empty() || value.size() > 9) return -1;
    std::int32_t n = 0;
    for (const char c : value) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_SIP_HPP_
