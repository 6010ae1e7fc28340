// Finding an IPv6 extension header for the encoders of one kind of them.
//
// libtins keeps a packet's extension headers inside its IPv6 layer, each
// as its type and the bytes after its next header and length fields. The
// next header field itself is read from the captured bytes, where the
// header starts: libtins does not keep it, and for the last header it names
// the upper layer, which may be one libtins left raw.
#ifndef NETCAP_ENCODERS_DETAIL_IPV6_EXTENSION_HPP_
#define NETCAP_ENCODERS_DETAIL_IPV6_EXTENSION_HPP_

#include <algorithm>
#include <cstdint>
#include <string_view>

#include <tins/ipv6.h>

#include "google/protobuf/repeated_field.h"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/ipv6hopbyhop.pb.h"

namespace netcap::detail {

struct ipv6_extension {
  // The header's bytes after its next header and length fields.
  std::string_view data;
  // Its first two bytes on the wire: the next header field and the byte
  // after it (the length, or the fragment header's reserved byte).
  std::uint8_t next_header = 0;
  std::uint8_t second_byte = 0;
};

// Finds the first extension header of `type` (RFC 8200, section 4) in an
// IPv6 layer; false when there is none.
inline bool find_ipv6_extension(const Tins::IPv6& ip, std::uint8_t type,
                                const frame& f, ipv6_extension& out) {
  // RFC 8200: the fixed header is 40 bytes; each extension header starts
  // with its next header and length bytes.
  std::uint64_t offset = layer_offset(ip) + 40;
  for (const Tins::IPv6::ext_header& header : ip.headers()) {
    // libtins measures AH and ESP as if they were 8-byte-unit extension
    // headers (core/dissect.hpp), so the headers it lists after one are
    // not where it says.
    if (header.option() == Tins::IPv6::AUTHENTICATION ||
        header.option() == Tins::IPv6::SECURITY_ENCAPSULATION) {
      return false;
    }
    if (header.option() == type) {
      out.data = std::string_view(reinterpret_cast<const char*>(header.data_ptr()),
                                  header.data_size());
      const std::string_view wire = frame_bytes(f, offset, 2);
      out.next_header = wire.size() == 2 ? static_cast<std::uint8_t>(wire[0]) : 0;
      out.second_byte = wire.size() == 2 ? static_cast<std::uint8_t>(wire[1]) : 0;
      return true;
    }
    offset += 2 + header.data_size();
  }
  return false;
}

// Decodes the options of a hop-by-hop or destination options header (RFC
// 8200, section 4.2): Pad1 is a lone zero byte, every other option a type,
// a length and that many bytes of data.
inline void encode_ipv6_options(std::string_view data,
                                google::protobuf::RepeatedPtrField<IPv6HopByHopOption>& out) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    IPv6HopByHopOption* option = out.Add();
    const auto type = static_cast<std::uint8_t>(data[pos++]);
    option->set_option_type(type);
    if (type == 0 || pos >= data.size()) continue;
    const auto length = static_cast<std::uint8_t>(data[pos++]);
    const std::size_t actual = std::min<std::size_t>(length, data.size() - pos);
    option->set_option_length(length);
    option->set_actual_length(static_cast<std::int32_t>(actual));
    option->set_option_data(data.data() + pos, actual);
    pos += actual;
  }
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_IPV6_EXTENSION_HPP_
