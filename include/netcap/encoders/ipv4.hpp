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
    encode_options(ip, f, r);
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
  // (RFC 791, section 3.1). What follows end of option list is `padding`.
  //
  // They are read from the captured bytes, not from libtins: libtins 4.0
  // drops end of option list and rejects a header in which any byte follows
  // it, so netcap parses such headers, and headers with an option that runs
  // past the header, from a repaired copy (core/dissect.hpp) whose options
  // are not the wire's. An option that runs past the header ends the list.
  // Only when the header is not where the layers before it say (a layer
  // that was rebuilt) are libtins' options used.
  static void encode_options(const Tins::IP& ip, const frame& f, IPv4& r) {
    const std::uint32_t header_length = ip.head_len() * 4u;
    const std::string_view header =
        detail::frame_bytes(f, detail::layer_offset(ip), header_length);
    if (header_length < 20 || !is_header_of(header, ip)) {
      encode_parsed_options(ip, r);
      return;
    }
    auto u8 = [&](std::uint32_t at) { return static_cast<std::uint8_t>(header[at]); };
    std::uint32_t at = 20;
    while (at < header_length) {
      const std::uint8_t type = u8(at);
      // libtins reads an option as one byte when its number, the type's
      // five low bits, is end of option list or no operation; so does this.
      std::uint32_t length = 1;
      if ((type & 0x1f) > Tins::IP::NOOP) {
        if (header_length - at < 2 || u8(at + 1) < 2 || u8(at + 1) > header_length - at) break;
        length = u8(at + 1);
      }
      IPv4Option* out = r.add_options();
      out->set_option_type(type);
      out->set_option_length(length);
      if (length > 2) out->set_option_data(header.data() + at + 2, length - 2);
      at += length;
      if (type == Tins::IP::END) {
        if (at < header_length) r.set_padding(header.data() + at, header_length - at);
        break;
      }
    }
  }

  // Whether `header` holds the fixed part of `ip`: the version and header
  // length, protocol and addresses.
  static bool is_header_of(std::string_view header, const Tins::IP& ip) {
    if (header.size() < 20) return false;
    const std::uint32_t src = ip.src_addr();  // network byte order
    const std::uint32_t dst = ip.dst_addr();
    return static_cast<std::uint8_t>(header[0]) == (ip.version() << 4 | ip.head_len()) &&
           static_cast<std::uint8_t>(header[9]) == ip.protocol() &&
           header.compare(12, 4, reinterpret_cast<const char*>(&src), 4) == 0 &&
           header.compare(16, 4, reinterpret_cast<const char*>(&dst), 4) == 0;
  }

  // The options as libtins parsed them, with the end of option list it
  // drops restored from the header length.
  static void encode_parsed_options(const Tins::IP& ip, IPv4& r) {
    std::uint32_t length = 0;
    for (const Tins::IP::option& option : ip.options()) {
      const Tins::IP::option_identifier id = option.option();
      IPv4Option* out = r.add_options();
      out->set_option_type(id.copied << 7 | id.op_class << 5 | id.number);
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
