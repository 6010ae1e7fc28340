// Internal to netcap's flow encoders: the Community ID (version 1) of a
// flow, the identifier Zeek, Suricata and tshark attach to flows so that
// their logs can be joined (https://github.com/corelight/community-id-spec).
//
// The ID is "1:" and the base64 of the SHA-1 of
//
//   seed (2 bytes) | source address | destination address | protocol (1 byte)
//   | 0 (1 byte) | source port (2 bytes) | destination port (2 bytes)
//
// all in network byte order, with the endpoints ordered so that the smaller
// address (then the smaller port) comes first, which makes both directions
// one ID. ICMP has no ports: its type and the type of its counterpart stand
// in for them (an echo request and its reply share an ID); a message type
// without a counterpart uses type and code and keeps its direction
// (one-way). Protocols other than TCP, UDP, SCTP, ICMP and ICMPv6, and
// fragments, which hold no ports, hash without the ports.
#ifndef NETCAP_ENCODERS_DETAIL_COMMUNITY_ID_HPP_
#define NETCAP_ENCODERS_DETAIL_COMMUNITY_ID_HPP_

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "netcap/core/flow_tuple.hpp"

namespace netcap::detail {

// The Community ID of a flow seen from its originator: `src`/`dst` are the
// addresses (4 or 16 bytes used, by `ip_version`), ports as
// connection_ports() gives them for the originator's first packet (for
// ICMP, type and counterpart or code), and `has_ports` false for
// protocols without ports.
inline std::string community_id(std::uint8_t ip_version, const std::array<std::uint8_t, 16>& src,
                                const std::array<std::uint8_t, 16>& dst, std::uint8_t protocol,
                                bool has_ports, tuple_ports ports, std::uint16_t seed = 0) {
  const std::size_t length = ip_version == 4 ? 4 : 16;
  const std::uint8_t* a = src.data();
  const std::uint8_t* b = dst.data();
  std::uint16_t pa = ports.src;
  std::uint16_t pb = ports.dst;
  const int order = std::memcmp(a, b, length);
  const bool ordered = ports.one_way || order < 0 || (order == 0 && pa < pb);
  if (!ordered) {
    std::swap(a, b);
    std::swap(pa, pb);
  }
  std::uint8_t input[2 + 16 + 16 + 2 + 4];
  std::size_t n = 0;
  input[n++] = static_cast<std::uint8_t>(seed >> 8);
  input[n++] = static_cast<std::uint8_t>(seed);
  std::memcpy(input + n, a, length);
  n += length;
  std::memcpy(input + n, b, length);
  n += length;
  input[n++] = protocol;
  input[n++] = 0;
  if (has_ports) {
    input[n++] = static_cast<std::uint8_t>(pa >> 8);
    input[n++] = static_cast<std::uint8_t>(pa);
    input[n++] = static_cast<std::uint8_t>(pb >> 8);
    input[n++] = static_cast<std::uint8_t>(pb);
  }
  unsigned char digest[20];
  EVP_Digest(input, n, digest, nullptr, EVP_sha1(), nullptr);
  std::string out = "1:";
  out += absl::Base64Escape(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  return out;
}

// Whether the Community ID of this protocol hashes ports (TCP, UDP, SCTP,
// ICMP, ICMPv6).
inline bool community_id_has_ports(std::uint8_t protocol) {
  return protocol == ip_proto_tcp || protocol == ip_proto_udp || protocol == ip_proto_sctp ||
         protocol == ip_proto_icmp || protocol == ip_proto_icmpv6;
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_COMMUNITY_ID_HPP_
