// The IPv4 layer encoder: one record per IPv4 header, so a tunnelled packet
// (IP in IP) gives one record per header, outermost first.
#ifndef NETCAP_ENCODERS_IPV4_HPP_
#define NETCAP_ENCODERS_IPV4_HPP_

#include <cstdint>
#include <string_view>

#include <tins/ip.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ipv4.pb.h"

namespace netcap::encoders {

struct ipv4 {
  static constexpr std::string_view name = "IPv4";
  using record_type = IPv4;
  using layer_type = Tins::IP;

  void encode(const Tins::IP& ip, const frame& f, IPv4& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_version(ip.version());
    r.set_ihl(ip.head_len());
    r.set_tos(ip.tos());
    r.set_length(ip.tot_len());
    r.set_id(ip.id());
    r.set_flags(ip.flags());
    r.set_frag_offset(ip.fragment_offset());
    r.set_ttl(ip.ttl());
    r.set_protocol(ip.protocol());
    r.set_checksum(ip.checksum());
    const std::uint32_t src = ip.src_addr();  // network byte order
    const std::uint32_t dst = ip.dst_addr();
    r.set_src_ip(&src, sizeof(src));
    r.set_dst_ip(&dst, sizeof(dst));
    encode_options(ip, r);
    const std::uint32_t size = detail::payload_size(ip);
    r.set_payload_size(size);
    if (f.options.entropy) {
      r.set_payload_entropy(detail::entropy(detail::captured_payload(ip, size, f)));
    }
  }

 private:
  // The options as they were sent, one per option, as the Go netcap listed
  // them: end of option list and no operation are one byte long; every other
  // option has a length field that counts its type and length bytes
  // (RFC 791, section 3.1).
  //
  // libtins 4.0 drops the end of option list option and rejects, as a
  // malformed packet, a header in which any byte follows it. So an IPv4 layer
  // that reaches an encoder either has options that fill its header exactly,
  // or ends them with end of option list in the header's last byte, which
  // is restored here from the header length. RFC 791's padding, the zeros
  // after end of option list, therefore never survives libtins, and
  // `padding` always stays empty.
  static void encode_options(const Tins::IP& ip, IPv4& r) {
    std::uint32_t length = 0;
    for (const Tins::IP::option& option : ip.options()) {
      const Tins::IP::option_identifier id = option.option();
      IPv4Option* out = r.add_options();
      out->set_option_type(id.copied << 7 | id.op_class << 5 | id.number);
      // libtins reads an option as one byte when its number, the type's
      // five low bits, is end of option list or no operation.
      const std::uint32_t option_length =
          id.number > Tins::IP::NOOP ? 2 + option.data_size() : 1;
      out->set_option_length(option_length);
      out->set_option_data(option.data_ptr(), option.data_size());
      length += option_length;
    }
    if (20 + length < ip.head_len() * 4u) {
      IPv4Option* out = r.add_options();
      out->set_option_type(Tins::IP::END);
      out->set_option_length(1);
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_IPV4_HPP_
