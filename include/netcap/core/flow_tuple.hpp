// The addresses and ports of a packet, read straight from its captured bytes
// without dissecting it. The collector dispatches packets to workers by them
// and the flow encoders key their tables on them: both read a packet with
// this one function, so they agree on every packet by construction, however
// odd its bytes.
//
//   packet_tuple t = read_tuple(DLT_EN10MB, data, captured_length);
//   if (t.ip_version != 0 && t.has_ports) { ... t.src_port ... }
//
// It understands Ethernet (with any number of 802.1Q/802.1ad tags, up to
// eight), Linux cooked capture (SLL), BSD loopback and raw IP links; IPv4
// and IPv6 with extension headers; the ports of TCP, UDP and SCTP and the
// type and code of ICMPv4 and ICMPv6. A fragment other than an unfragmented
// "atomic" one has no ports: only the first fragment holds them and only
// reassembly could tell the others' (RFC 791, RFC 8200 section 4.5). Every
// read is bounds-checked; bytes it cannot follow end the reading, keeping
// what was read so far.
#ifndef NETCAP_CORE_FLOW_TUPLE_HPP_
#define NETCAP_CORE_FLOW_TUPLE_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace netcap {

struct packet_tuple {
  // The link layer's addresses, when it has them: both for Ethernet, the
  // sender's only for SLL (dst_mac stays zero).
  bool has_link = false;
  std::array<std::uint8_t, 6> src_mac{};
  std::array<std::uint8_t, 6> dst_mac{};
  // The EtherType after any VLAN tags (SLL's protocol); 0 when none.
  std::uint16_t ether_type = 0;
  // 4 or 6 for an IP packet, else 0. IPv4 addresses fill the first four
  // bytes of the arrays and leave the rest zero.
  std::uint8_t ip_version = 0;
  std::array<std::uint8_t, 16> src_ip{};
  std::array<std::uint8_t, 16> dst_ip{};
  // The IP protocol: IPv4's, or IPv6's next header after its extension
  // headers.
  std::uint8_t protocol = 0;
  // Part of a fragmented datagram (never set for an atomic IPv6 fragment).
  bool fragment = false;
  // TCP, UDP or SCTP ports; for ICMP the type and code (has_icmp) instead.
  bool has_ports = false;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  bool has_icmp = false;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  // TCP's flag byte (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10); 0 otherwise.
  std::uint8_t tcp_flags = 0;
  // The bytes the transport layer carries as application data, from the
  // length fields (IP's and the transport header's), so a capture cut by
  // its snapshot length still counts what was on the wire.
  std::uint32_t payload_size = 0;

  static constexpr std::uint8_t fin = 0x01;
  static constexpr std::uint8_t syn = 0x02;
  static constexpr std::uint8_t rst = 0x04;
  static constexpr std::uint8_t ack = 0x10;
};

// IANA protocol numbers the flow code names.
inline constexpr std::uint8_t ip_proto_icmp = 1;
inline constexpr std::uint8_t ip_proto_tcp = 6;
inline constexpr std::uint8_t ip_proto_udp = 17;
inline constexpr std::uint8_t ip_proto_icmpv6 = 58;
inline constexpr std::uint8_t ip_proto_sctp = 132;

namespace detail {

inline std::uint16_t read_be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// Reads the transport header at data[offset, end); `ip_payload` is the
// length IP announced for it.
inline void read_transport(packet_tuple& t, const std::uint8_t* data, std::uint32_t offset,
                           std::uint32_t end, std::uint32_t ip_payload) {
  if (end <= offset) return;
  const std::uint32_t avail = end - offset;
  const std::uint8_t* p = data + offset;
  switch (t.protocol) {
    case ip_proto_tcp:
      if (avail < 4) return;
      t.has_ports = true;
      t.src_port = read_be16(p);
      t.dst_port = read_be16(p + 2);
      if (avail >= 14) t.tcp_flags = p[13];
      if (avail >= 13) {
        // RFC 9293: the data offset counts 32-bit words.
        const std::uint32_t header = (p[12] >> 4) * 4u;
        if (header >= 20 && ip_payload > header) t.payload_size = ip_payload - header;
      }
      return;
    case ip_proto_udp:
      if (avail < 4) return;
      t.has_ports = true;
      t.src_port = read_be16(p);
      t.dst_port = read_be16(p + 2);
      if (avail >= 6) {
        // RFC 768: the length counts the 8-byte header. IP's length bounds
        // it, as libtins and tshark bound it.
        std::uint32_t length = read_be16(p + 4);
        if (length > ip_payload) length = ip_payload;
        if (length > 8) t.payload_size = length - 8;
      }
      return;
    case ip_proto_sctp:
      if (avail < 4) return;
      t.has_ports = true;
      t.src_port = read_be16(p);
      t.dst_port = read_be16(p + 2);
      return;
    case ip_proto_icmp:
    case ip_proto_icmpv6:
      if ((t.protocol == ip_proto_icmp) != (t.ip_version == 4)) return;
      if (avail < 2) return;
      t.has_icmp = true;
      t.icmp_type = p[0];
      t.icmp_code = p[1];
      return;
    default:
      return;
  }
}

inline void read_ipv4(packet_tuple& t, const std::uint8_t* data, std::uint32_t offset,
                      std::uint32_t size) {
  if (size < offset + 20) return;
  const std::uint8_t* p = data + offset;
  if ((p[0] >> 4) != 4) return;
  const std::uint32_t header = (p[0] & 0x0f) * 4u;
  if (header < 20) return;
  t.ip_version = 4;
  std::memcpy(t.src_ip.data(), p + 12, 4);
  std::memcpy(t.dst_ip.data(), p + 16, 4);
  t.protocol = p[9];
  // RFC 791: more fragments flag or a fragment offset.
  const std::uint16_t frag = read_be16(p + 6);
  if ((frag & 0x3fff) != 0) {
    t.fragment = true;
    return;
  }
  if (size < offset + header) return;
  std::uint32_t total = read_be16(p + 2);
  // A total length of 0 comes from TCP segmentation offload: the capture
  // saw the segment before the card split it. Its bytes say how long it
  // is, as Wireshark reads it.
  if (total == 0) total = size - offset;
  const std::uint32_t ip_payload = total > header ? total - header : 0;
  std::uint32_t end = offset + header + ip_payload;
  if (end > size) end = size;
  read_transport(t, data, offset + header, end, ip_payload);
}

inline void read_ipv6(packet_tuple& t, const std::uint8_t* data, std::uint32_t offset,
                      std::uint32_t size) {
  if (size < offset + 40) return;
  const std::uint8_t* p = data + offset;
  if ((p[0] >> 4) != 6) return;
  t.ip_version = 6;
  std::memcpy(t.src_ip.data(), p + 8, 16);
  std::memcpy(t.dst_ip.data(), p + 24, 16);
  std::uint8_t next = p[6];
  std::uint32_t remaining = read_be16(p + 4);
  offset += 40;
  // RFC 8200, section 4: each extension header starts with the next one's
  // type and its length; a packet with more than eight is left there.
  for (int i = 0; i < 8; ++i) {
    std::uint32_t length;
    if (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination
      if (size < offset + 2) {
        t.protocol = next;
        return;
      }
      length = (data[offset + 1] + 1u) * 8u;
    } else if (next == 44) {  // fragment
      if (size < offset + 8) {
        t.protocol = next;
        return;
      }
      const std::uint16_t frag = read_be16(data + offset + 2);
      if ((frag & 0xfff9) != 0) {  // an offset or the M flag
        t.protocol = data[offset];
        t.fragment = true;
        return;
      }
      length = 8;
    } else if (next == 51) {  // RFC 4302: AH counts 32-bit words, minus 2
      if (size < offset + 2) {
        t.protocol = next;
        return;
      }
      length = (data[offset + 1] + 2u) * 4u;
    } else {
      break;
    }
    next = data[offset];
    if (length > remaining) {
      t.protocol = next;
      return;
    }
    remaining -= length;
    offset += length;
  }
  t.protocol = next;
  std::uint32_t end = offset + remaining;
  if (end > size || end < offset) end = size;
  read_transport(t, data, offset, end, remaining);
}

inline void read_network(packet_tuple& t, std::uint16_t ether_type, const std::uint8_t* data,
                         std::uint32_t offset, std::uint32_t size) {
  t.ether_type = ether_type;
  if (ether_type == 0x0800) read_ipv4(t, data, offset, size);
  if (ether_type == 0x86dd) read_ipv6(t, data, offset, size);
}

}  // namespace detail

// Reads what it can of a packet of the given libpcap link type.
inline packet_tuple read_tuple(int link_type, const std::uint8_t* data, std::uint32_t size) {
  packet_tuple t;
  if (data == nullptr) return t;
  switch (link_type) {
    case DLT_EN10MB: {
      if (size < 14) return t;
      t.has_link = true;
      std::memcpy(t.dst_mac.data(), data, 6);
      std::memcpy(t.src_mac.data(), data + 6, 6);
      std::uint32_t offset = 12;
      std::uint16_t type = detail::read_be16(data + 12);
      // IEEE 802.1Q and 802.1ad tags, and the pre-standard 0x9100.
      for (int tags = 0; (type == 0x8100 || type == 0x88a8 || type == 0x9100) && tags < 8;
           ++tags) {
        if (size < offset + 6) return t;
        offset += 4;
        type = detail::read_be16(data + offset);
      }
      if (type < 0x0600) return t;  // an 802.3 length: LLC follows
      detail::read_network(t, type, data, offset + 2, size);
      return t;
    }
    case DLT_LINUX_SLL: {
      if (size < 16) return t;
      t.has_link = true;
      const std::uint16_t length = detail::read_be16(data + 4);
      std::memcpy(t.src_mac.data(), data + 6, length < 6 ? length : 6);
      detail::read_network(t, detail::read_be16(data + 14), data, 16, size);
      return t;
    }
    case DLT_NULL:
    case DLT_LOOP: {
      // The address family in host or network byte order; either way the
      // IP version in the first byte after it says which.
      if (size < 5) return t;
      const int version = data[4] >> 4;
      if (version == 4) detail::read_ipv4(t, data, 4, size);
      if (version == 6) detail::read_ipv6(t, data, 4, size);
      return t;
    }
    case DLT_RAW:
    case DLT_IPV4:
    case DLT_IPV6: {
      if (size < 1) return t;
      const int version = data[0] >> 4;
      if (version == 4) detail::read_ipv4(t, data, 0, size);
      if (version == 6) detail::read_ipv6(t, data, 0, size);
      return t;
    }
    default:
      return t;
  }
}

// How finely the packets a stateful encoder keeps state for must stay
// together on one worker thread (netcap/collector.hpp):
//
// - `connection`: the packets of one connection (addresses, protocol and
//   ports, either direction) go to one worker. Flow, Connection, TCP
//   streams.
// - `host_pair`: every packet between two IP addresses. NetworkFlow.
// - `single`: every packet goes to one worker. LinkFlow and TransportFlow,
//   whose keys (a MAC pair, a port pair) cut across the others.
//
// Packets without IP addresses go by their link addresses under the first
// two, so that any state keyed finer than those stays on one worker too; a
// packet with neither goes to the first worker.
enum class dispatch_scope : unsigned char { none, connection, host_pair, single };

namespace detail {

inline std::uint64_t mix64(std::uint64_t x) {
  // The finaliser of MurmurHash3 (fmix64): every input bit affects every
  // output bit.
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb93fe53ab363ULL;
  x ^= x >> 33;
  return x;
}

inline std::uint64_t load64(const std::uint8_t* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// A hash of one endpoint, read as whole 64-bit words.
inline std::uint64_t endpoint_hash(const std::array<std::uint8_t, 16>& ip, std::uint16_t port) {
  std::uint64_t h = mix64(load64(ip.data()) ^ 0x9e3779b97f4a7c15ULL);
  h = mix64(h ^ load64(ip.data() + 8));
  return mix64(h ^ port);
}

inline std::uint64_t mac_hash(const std::array<std::uint8_t, 6>& mac) {
  std::uint64_t v = 0;
  std::memcpy(&v, mac.data(), 6);
  return mix64(v ^ 0x51af);
}

// Combines two endpoint hashes so that swapping them changes nothing.
inline std::uint64_t symmetric(std::uint64_t a, std::uint64_t b) {
  return a < b ? mix64(a ^ mix64(b)) : mix64(b ^ mix64(a));
}

}  // namespace detail

// The ports a connection's key uses: TCP, UDP and SCTP ports, or for ICMP
// the Community ID's port equivalents (community_id.hpp), so that an echo
// request and its reply are one connection; 0 and 0 otherwise.
struct tuple_ports {
  std::uint16_t src = 0;
  std::uint16_t dst = 0;
  // ICMP messages without a counterpart (an unreachable) are one-way.
  bool one_way = false;
};

// RFC 792 and RFC 4443 message types and their counterparts, as the
// Community ID spec (v1) pairs them: echo, timestamp, information, router
// and address mask for ICMPv4; echo, MLD query/report, router and neighbour
// discovery, who-are-you and home agent address discovery for ICMPv6.
inline tuple_ports icmp_port_equivalents(bool v6, std::uint8_t type, std::uint8_t code) {
  int other = -1;
  if (!v6) {
    switch (type) {
      case 8: other = 0; break;
      case 0: other = 8; break;
      case 13: other = 14; break;
      case 14: other = 13; break;
      case 15: other = 16; break;
      case 16: other = 15; break;
      case 10: other = 9; break;
      case 9: other = 10; break;
      case 17: other = 18; break;
      case 18: other = 17; break;
      default: break;
    }
  } else {
    switch (type) {
      case 128: other = 129; break;
      case 129: other = 128; break;
      case 130: other = 131; break;
      case 131: other = 130; break;
      case 133: other = 134; break;
      case 134: other = 133; break;
      case 135: other = 136; break;
      case 136: other = 135; break;
      case 139: other = 140; break;
      case 140: other = 139; break;
      case 144: other = 145; break;
      case 145: other = 144; break;
      default: break;
    }
  }
  if (other < 0) return {type, code, true};
  return {type, static_cast<std::uint16_t>(other), false};
}

inline tuple_ports connection_ports(const packet_tuple& t) {
  if (t.has_ports) return {t.src_port, t.dst_port, false};
  if (t.has_icmp) return icmp_port_equivalents(t.ip_version == 6, t.icmp_type, t.icmp_code);
  return {};
}

// The worker-choosing hash of a packet under `scope`: equal for both
// directions of a connection (or host pair), computed from whole words.
// Returns 0 for packets that have nothing to hash.
inline std::uint64_t dispatch_hash(const packet_tuple& t, dispatch_scope scope) {
  if (scope == dispatch_scope::single) return 0;
  if (t.ip_version != 0) {
    if (scope == dispatch_scope::connection) {
      const tuple_ports ports = connection_ports(t);
      return detail::mix64(
          detail::symmetric(detail::endpoint_hash(t.src_ip, ports.src),
                            detail::endpoint_hash(t.dst_ip, ports.dst)) ^
          t.protocol);
    }
    return detail::symmetric(detail::endpoint_hash(t.src_ip, 0),
                             detail::endpoint_hash(t.dst_ip, 0));
  }
  if (t.has_link) {
    return detail::symmetric(detail::mac_hash(t.src_mac), detail::mac_hash(t.dst_mac));
  }
  return 0;
}

}  // namespace netcap

#endif  // NETCAP_CORE_FLOW_TUPLE_HPP_
