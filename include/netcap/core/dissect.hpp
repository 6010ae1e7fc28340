// Turns captured bytes into a chain of libtins PDUs, outermost first, without
// letting a malformed packet escape as an exception.
//
// libtins parses a packet whole: one truncated header anywhere makes the
// constructor of the outermost layer throw, losing the layers that were well
// formed. When that happens, `dissect` parses again one layer at a time and
// keeps every layer before the first broken one, so a packet with a cut TCP
// header still yields its Ethernet and IPv4 records, and the error names the
// layer that failed.
#ifndef NETCAP_CORE_DISSECT_HPP_
#define NETCAP_CORE_DISSECT_HPP_

#include <pcap/dlt.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tins/tins.h>
#include <tins/loopback.h>
#include <tins/pktap.h>
#include <tins/detail/pdu_helpers.h>  // is_dot3, ether_type_to_pdu_flag

#include "netcap/layers/eapol.hpp"
#include "netcap/layers/sll2.hpp"

namespace netcap {

struct dissection {
  // The outermost layer, or null when not even that could be parsed or the
  // link type is one libtins cannot dissect.
  std::unique_ptr<Tins::PDU> root;
  // Empty when the packet parsed cleanly; otherwise a stable error name for
  // the log summary, such as "TCP: malformed header". It never holds packet
  // data, so equal errors group together.
  std::string_view error;
};

// What a layer netcap adds to libtins (core/layer.hpp) throws for a
// malformed header when it has a more precise name for the problem than
// "<name>: malformed header": a `Tins::malformed_packet`, so that code that
// knows only libtins treats it as libtins' own, carrying a stable error
// name (a string literal) for errors.log.
class layer_error : public Tins::malformed_packet {
 public:
  explicit layer_error(std::string_view name) : name_(name) {}
  std::string_view name() const { return name_; }

 private:
  std::string_view name_;
};

namespace detail {

// The layers netcap adds to libtins (core/layer.hpp's `register_layer`),
// as dissection needs to know them: libtins allocates them behind their
// EtherTypes by itself, but the slow path below, the link types libtins
// has no dissector for, and the names in error messages are netcap's. Filled
// before any packet is dissected and only read afterwards.
struct netcap_layer {
  // Parses the layer and every layer inside it; throws on malformed input.
  Tins::PDU* (*parse)(const std::uint8_t*, std::uint32_t) = nullptr;
  std::string name;
  std::string error;
  // For a layer the slow path can step over when what it carries is
  // malformed: its header's length (0 when it does not fit) and the type of
  // the layer after it.
  std::uint32_t (*header_length)(const std::uint8_t*, std::uint32_t) = nullptr;
  Tins::PDU::PDUType payload_type = Tins::PDU::UNKNOWN;
  // For a layer whose header names what follows it (SLL2's protocol
  // field): that type, read from the parsed header; used instead of
  // `payload_type` when set.
  Tins::PDU::PDUType (*next_type)(const Tins::PDU&) = nullptr;
};
// A link type netcap dissects with one of its layers.
struct netcap_link_layer {
  Tins::PDU::PDUType type = Tins::PDU::UNKNOWN;
  // For a layer whose header depends on the link type (USB's 48-byte and
  // 64-byte usbmon headers), parses a packet of that link type; null for a
  // layer parsed as `type` whatever the link type.
  Tins::PDU* (*parse)(int link_type, const std::uint8_t*, std::uint32_t) = nullptr;
};
struct netcap_layer_registry {
  std::map<Tins::PDU::PDUType, netcap_layer> by_flag;
  std::map<std::uint16_t, Tins::PDU::PDUType> by_ether_type;
  std::map<std::uint8_t, Tins::PDU::PDUType> by_ip_protocol;
  std::map<int, netcap_link_layer> by_link_type;
};
inline netcap_layer_registry& registered_layers() {
  static netcap_layer_registry registry;
  return registry;
}
inline const netcap_layer* find_registered_layer(Tins::PDU::PDUType type) {
  if (type < Tins::PDU::USER_DEFINED_PDU) return nullptr;
  const auto& by_flag = registered_layers().by_flag;
  const auto it = by_flag.find(type);
  return it == by_flag.end() ? nullptr : &it->second;
}

// The name of a libtins layer type as netcap users know it.
inline std::string_view pdu_type_name(Tins::PDU::PDUType type) {
  using P = Tins::PDU;
  // netcap's EAPOL (frames other than keys) beside libtins' key layers.
  if (type == layers::eapol_frame::pdu_flag) return "EAPOL";
  switch (type) {
    case P::RAW: return "Payload";
    case P::ETHERNET_II: return "Ethernet";
    case P::IEEE802_3: return "IEEE802_3";
    case P::RADIOTAP: return "Radiotap";
    case P::LLC: return "LLC";
    case P::SNAP: return "SNAP";
    case P::IP: return "IPv4";
    case P::ARP: return "ARP";
    case P::TCP: return "TCP";
    case P::UDP: return "UDP";
    case P::ICMP: return "ICMPv4";
    case P::BOOTP: return "BOOTP";
    case P::DHCP: return "DHCPv4";
    case P::EAPOL: case P::RC4EAPOL: case P::RSNEAPOL:
      return "EAPOL";
    case P::DNS: return "DNS";
    case P::LOOPBACK: return "Loopback";
    case P::IPv6: return "IPv6";
    case P::ICMPv6: return "ICMPv6";
    case P::SLL: return "SLL";
    case P::DHCPv6: return "DHCPv6";
    case P::DOT1Q: return "Dot1Q";
    case P::PPPOE: return "PPPoE";
    case P::STP: return "STP";
    case P::PPI: return "PPI";
    case P::IPSEC_AH: return "IPSecAH";
    case P::IPSEC_ESP: return "IPSecESP";
    case P::PKTAP: return "PKTAP";
    case P::MPLS: return "MPLS";
    default:
      if (type >= P::USER_DEFINED_PDU) {
        const netcap_layer* layer = find_registered_layer(type);
        return layer != nullptr ? std::string_view(layer->name) : "Unknown";
      }
      return type >= P::DOT11 && type <= P::DOT11_QOS_DATA ? "Dot11"
                                                           : "Unknown";
  }
}

// The error names `dissect` reports, one per layer type, kept as literals (or
// in the registry, for netcap's own layers) so that a string_view to them
// stays valid for the whole run.
inline std::string_view malformed_error(Tins::PDU::PDUType type) {
  using P = Tins::PDU;
  if (type == layers::eapol_frame::pdu_flag) return "EAPOL: malformed header";
  switch (type) {
    case P::ETHERNET_II: return "Ethernet: malformed header";
    case P::IEEE802_3: return "IEEE802_3: malformed header";
    case P::SLL: return "SLL: malformed header";
    case P::LOOPBACK: return "Loopback: malformed header";
    case P::DOT1Q: return "Dot1Q: malformed header";
    case P::IP: return "IPv4: malformed header";
    case P::IPv6: return "IPv6: malformed header";
    case P::ARP: return "ARP: malformed header";
    case P::TCP: return "TCP: malformed header";
    case P::UDP: return "UDP: malformed header";
    case P::ICMP: return "ICMPv4: malformed header";
    case P::ICMPv6: return "ICMPv6: malformed header";
    case P::RADIOTAP: return "Radiotap: malformed header";
    case P::PPI: return "PPI: malformed header";
    case P::MPLS: return "MPLS: malformed header";
    case P::PPPOE: return "PPPoE: malformed header";
    case P::LLC: return "LLC: malformed header";
    case P::SNAP: return "SNAP: malformed header";
    case P::STP: return "STP: malformed header";
    case P::EAPOL: case P::RC4EAPOL: case P::RSNEAPOL:
      return "EAPOL: malformed header";
    case P::IPSEC_AH: return "IPSecAH: malformed header";
    case P::IPSEC_ESP: return "IPSecESP: malformed header";
    default:
      if (const netcap_layer* layer = find_registered_layer(type)) {
        return layer->error;
      }
      return type >= P::DOT11 && type <= P::DOT11_QOS_DATA
                 ? "Dot11: malformed header"
                 : "malformed layer";
  }
}

// Whether an Ethernet frame's type/length field is a length, making it an
// IEEE 802.3 frame: a value below 0x600 (IEEE Std 802.3, 3.2.6). libtins'
// own test (`Internals::is_dot3`) looks at the field's first byte only and
// puts the line at 0x800, which made EtherTypes 0x0600-0x07ff, such as
// 0x0707 in tcpdump's geonet-mac-lookup-heapoverflow.pcap, into lengths.
inline bool is_ieee802_3_length(const std::uint8_t* data, std::uint32_t size) {
  return size >= 14 && (data[12] << 8 | data[13]) < 0x600;
}

// The libtins layer type a capture's link type starts with, or UNKNOWN.
inline Tins::PDU::PDUType link_layer_type(int link_type, const std::uint8_t* data,
                                          std::uint32_t size) {
  using P = Tins::PDU;
  switch (link_type) {
    case DLT_EN10MB:
      return is_ieee802_3_length(data, size) ? P::IEEE802_3 : P::ETHERNET_II;
    case DLT_LINUX_SLL: return P::SLL;
    case DLT_NULL: case DLT_LOOP: return P::LOOPBACK;
    case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
      // Raw IP names no version; the first nibble of the header does.
      if (size == 0) return P::IP;
      return (data[0] >> 4) == 6 ? P::IPv6 : P::IP;
    case DLT_IEEE802_11: return P::DOT11;
    case DLT_IEEE802_11_RADIO: return P::RADIOTAP;
    case DLT_PPI: return P::PPI;
    default: return P::UNKNOWN;
  }
}

// Whether the packet being dissected was cut short by the capture's
// snapshot length (dissect's `original_size`). A frame check sequence a
// link layer announces at the end of the frame is then not among the
// captured bytes.
inline bool& frame_cut_short() {
  thread_local bool cut_short = false;
  return cut_short;
}

// Removes the HT control field (IEEE 802.11-2016, 9.2.4.6) of a QoS data
// frame that starts at `at` in `bytes` and has the +HTC/order flag: libtins
// 4.0 does not know the field and reads it as the start of the frame body
// (tcpdump-tests_ieee802.11_htc.pcap: the LLC/SNAP header, and the IPv4,
// UDP and DHCP behind it, were lost). The Dot11 encoder reads the field
// from the captured bytes, and payload.hpp's wire_header_size counts it.
inline void drop_ht_control(std::vector<std::uint8_t>& bytes, std::size_t at) {
  if (bytes.size() < at + 2) return;
  const std::uint8_t fc0 = bytes[at];
  const std::uint8_t fc1 = bytes[at + 1];
  // Type 2 (data) with the QoS subtype bit, and the order flag.
  if ((fc0 & 0x0c) != 0x08 || (fc0 & 0x80) == 0 || (fc1 & 0x80) == 0) return;
  // Both DS bits: a fourth address. Then the QoS control field.
  const std::size_t header = ((fc1 & 0x03) == 0x03 ? 30 : 24) + 2;
  if (bytes.size() < at + header + 4) return;
  bytes.erase(bytes.begin() + static_cast<std::ptrdiff_t>(at + header),
              bytes.begin() + static_cast<std::ptrdiff_t>(at + header + 4));
}

// Whether an 802.11 frame is a management frame whose body is encrypted
// (the protected flag, IEEE 802.11-2016, 9.2.4.1.9): the third frame of
// WEP shared key authentication, or any with management frame protection.
// libtins would read the encrypted bytes as the subtype's fields
// (chrissanders-packets_3e80211_wepauth.pcapng frame 4: it threw).
inline bool is_protected_management(const std::uint8_t* data, std::uint32_t size) {
  return size >= 2 && (data[0] & 0x0c) == 0 && (data[1] & 0x40) != 0;
}

// Parses an 802.11 frame (link type 105) without its HT control field,
// and a protected management frame as its header alone (a plain
// Tins::Dot11; the Dot11 encoder reads the rest of the header from the
// captured bytes), as tshark shows it.
inline Tins::PDU* parse_dot11(const std::uint8_t* data, std::uint32_t size) {
  if (is_protected_management(data, size)) return new Tins::Dot11(data, size);
  if (size < 2 || (data[0] & 0x8c) != 0x88 || (data[1] & 0x80) == 0) {
    return Tins::Dot11::from_bytes(data, size);
  }
  thread_local std::vector<std::uint8_t> bytes;
  bytes.assign(data, data + size);
  drop_ht_control(bytes, 0);
  return Tins::Dot11::from_bytes(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
}

// Parses a radiotap header (https://www.radiotap.org) and the 802.11 frame
// after it without letting libtins read the header's fields: libtins 4.0's
// RadioTap constructor reads out of bounds on crafted present bitmaps
// (tests/fuzz found it; tests/fuzz/regressions/packet/radiotap_* hold
// such headers). netcap records no radiotap field, so it reads the two
// things dissection needs itself, the header's length and its Flags field
// (whether the frame ends in a frame check sequence, and whether that
// check failed), and hands libtins a header holding only that field,
// followed by the frame. The layer keeps the real header's length.
inline Tins::PDU* parse_radiotap(const std::uint8_t* data, std::uint32_t size) {
  auto le32 = [data](std::uint32_t at) {
    return static_cast<std::uint32_t>(data[at]) | static_cast<std::uint32_t>(data[at + 1]) << 8 |
           static_cast<std::uint32_t>(data[at + 2]) << 16 |
           static_cast<std::uint32_t>(data[at + 3]) << 24;
  };
  // Version (0), pad, length (little endian), then present bitmaps, each
  // with bit 31 set when another follows.
  if (size < 8 || data[0] != 0) throw Tins::malformed_packet();
  const std::uint32_t length = data[2] | static_cast<std::uint32_t>(data[3]) << 8;
  if (length < 8 || length > size) throw Tins::malformed_packet();
  const std::uint32_t first_present = le32(4);
  std::uint32_t at = 4;
  while ((le32(at) & 0x80000000u) != 0) {
    at += 4;
    if (at + 4 > length) throw Tins::malformed_packet();
  }
  at += 4;
  // Fields follow in bit order, each aligned to its size from the start of
  // the header: TSFT (bit 0) is 8 bytes, Flags (bit 1) one.
  std::uint8_t header[9] = {0, 0, 8, 0, 0, 0, 0, 0, 0};
  if ((first_present & 2) != 0) {
    if ((first_present & 1) != 0) at = (at + 7) / 8 * 8 + 8;
    if (at >= length) throw Tins::malformed_packet();
    header[2] = 9;
    header[4] = 2;
    header[8] = data[at];
    // libtins drops the frame's last 4 bytes when the FCS flag (0x10) is
    // set; in a frame cut short they are not the FCS but the end of what
    // was captured (zeek-traces_arp-who-has-radiotap.pcap frame 1: 110 of
    // 149 bytes, the ARP reply's last 4 bytes would go, and libtins rejects
    // it). tshark likewise looks for no FCS in a frame cut short.
    if (frame_cut_short()) header[8] &= static_cast<std::uint8_t>(~0x10u);
  }
  // libtins' parser rejects a header with nothing after it: the header
  // alone (the slow path, dissect_layer_by_layer), or before a protected
  // management frame, which libtins is not handed (parse_dot11). Such a
  // layer is made, not parsed, with the Flags field (0 without one).
  const bool protected_management = is_protected_management(data + length, size - length);
  if (length == size || protected_management) {
    std::unique_ptr<Tins::RadioTap> radiotap(new Tins::RadioTap());
    radiotap->flags(static_cast<Tins::RadioTap::FrameFlags>(header[8]));
    radiotap->length(static_cast<std::uint16_t>(length));
    if (protected_management) radiotap->inner_pdu(parse_dot11(data + length, size - length));
    return radiotap.release();
  }
  thread_local std::vector<std::uint8_t> bytes;
  bytes.assign(header, header + header[2]);
  bytes.insert(bytes.end(), data + length, data + size);
  drop_ht_control(bytes, header[2]);
  auto* radiotap = new Tins::RadioTap(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  radiotap->length(static_cast<std::uint16_t>(length));
  return radiotap;
}

// Parses a layer of the given type and, as libtins does, every layer inside
// it. Throws on malformed input.
inline Tins::PDU* parse_layer(Tins::PDU::PDUType type, const std::uint8_t* data,
                              std::uint32_t size) {
  using P = Tins::PDU;
  switch (type) {
    case P::ETHERNET_II: return new Tins::EthernetII(data, size);
    case P::IEEE802_3: return new Tins::Dot3(data, size);
    case P::SLL: return new Tins::SLL(data, size);
    case P::LOOPBACK: return new Tins::Loopback(data, size);
    case P::DOT1Q: return new Tins::Dot1Q(data, size);
    case P::IP: return new Tins::IP(data, size);
    case P::IPv6: return new Tins::IPv6(data, size);
    case P::ARP: return new Tins::ARP(data, size);
    case P::TCP: return new Tins::TCP(data, size);
    case P::UDP: return new Tins::UDP(data, size);
    case P::ICMP: return new Tins::ICMP(data, size);
    case P::ICMPv6: return new Tins::ICMPv6(data, size);
    case P::RADIOTAP: return parse_radiotap(data, size);
    case P::PPI: return new Tins::PPI(data, size);
    case P::DOT11: return parse_dot11(data, size);
    case P::MPLS: return new Tins::MPLS(data, size);
    case P::PPPOE: return new Tins::PPPoE(data, size);
    case P::LLC: return new Tins::LLC(data, size);
    case P::SNAP: return new Tins::SNAP(data, size);
    case P::STP: return new Tins::STP(data, size);
    case P::EAPOL: return Tins::EAPOL::from_bytes(data, size);
    case P::IPSEC_AH: return new Tins::IPSecAH(data, size);
    case P::IPSEC_ESP: return new Tins::IPSecESP(data, size);
    default:
      if (const netcap_layer* layer = find_registered_layer(type)) {
        return layer->parse(data, size);
      }
      return new Tins::RawPDU(data, size);
  }
}

// An IPv6 header and the extension headers after it (RFC 8200 4), read from
// the bytes for the slow path, when libtins rejected the packet: its payload
// length runs past the captured bytes (a capture cut short), is 0 (a
// jumbogram, RFC 2675, whose Jumbo Payload option libtins 4.0 reads from the
// wrong place), or something inside is malformed. The extension headers
// followed are those measured in 8-byte units; an IPsec header (AH, ESP)
// ends the chain, as it does in a packet parsed whole.
struct ipv6_chain {
  // The IPv6 header and every extension header that fits: 40 or more, or 0
  // when not even the IPv6 header fits.
  std::uint32_t length = 0;
  // The Next Header value of the last header in the chain.
  std::uint8_t next_header = 0;
  bool fragment = false;
};
inline ipv6_chain read_ipv6_chain(const std::uint8_t* data, std::uint32_t size) {
  ipv6_chain chain;
  if (size < 40) return chain;
  std::uint32_t at = 40;
  std::uint8_t next = data[6];
  // Hop-by-hop 0, routing 43, fragment 44, destination options 60,
  // mobility 135. One cut short ends the chain before it.
  while (next == 0 || next == 43 || next == 44 || next == 60 || next == 135) {
    if (size - at < 2) break;
    const std::uint32_t length = (data[at + 1] + 1u) * 8;
    if (length > size - at) break;
    chain.fragment = chain.fragment || next == 44;
    next = data[at];
    at += length;
  }
  chain.length = at;
  chain.next_header = next;
  return chain;
}

// The length of a layer's own header, read from its first bytes, for the
// layers the slow path can step over; 0 for any other layer or a header
// that does not fit.
inline std::uint32_t header_length(Tins::PDU::PDUType type,
                                   const std::uint8_t* data,
                                   std::uint32_t size) {
  using P = Tins::PDU;
  std::uint32_t length = 0;
  switch (type) {
    case P::ETHERNET_II: length = 14; break;
    case P::SLL: length = 16; break;
    case P::LOOPBACK: length = 4; break;
    case P::DOT1Q: length = 4; break;
    case P::IP: length = size > 0 ? (data[0] & 0x0f) * 4u : 0; break;
    // The extension headers are part of libtins' IPv6 layer.
    case P::IPv6: length = read_ipv6_chain(data, size).length; break;
    case P::TCP: length = size > 12 ? (data[12] >> 4) * 4u : 0; break;
    case P::UDP: length = 8; break;
    // One label stack entry (RFC 3032, 2.1); each entry is its own layer.
    case P::MPLS: length = 4; break;
    case P::IEEE802_3: length = 14; break;
    // RFC 4302, 2.2: AH's length counts 4-byte words, less 2.
    case P::IPSEC_AH: length = size >= 2 ? (data[1] + 2u) * 4 : 0; break;
    // LLC's unnumbered frames, the only ones SNAP uses, have a one-byte
    // control field (IEEE 802.2): DSAP, SSAP, control, OUI and protocol.
    case P::SNAP: length = 8; break;
    // IEEE 802.2, 5.2: a one-byte control field ends in binary 11.
    case P::LLC: length = size > 2 ? ((data[2] & 0x03) == 0x03 ? 3 : 4) : 0; break;
    // The header's length field, little-endian.
    case P::RADIOTAP: length = size >= 8 ? data[2] | data[3] << 8 : 0; break;
    case P::PPI: length = size >= 8 ? data[2] | data[3] << 8 : 0; break;
    // Data frames only (IEEE 802.11-2016, 9.3.2.1): three addresses, a
    // fourth when both DS bits are set, QoS control for the QoS subtypes,
    // HT control after it with the order flag. Unprotected: the body is
    // then LLC/SNAP.
    case P::DOT11:
      if (size >= 2 && (data[0] & 0x0c) == 0x08 && (data[1] & 0x40) == 0) {
        length = (data[1] & 0x03) == 0x03 ? 30 : 24;
        if ((data[0] & 0x80) != 0) length += (data[1] & 0x80) != 0 ? 6 : 2;
      }
      break;
    default: {
      const netcap_layer* layer = find_registered_layer(type);
      if (layer == nullptr || layer->header_length == nullptr) return 0;
      length = layer->header_length(data, size);
      break;
    }
  }
  return length <= size ? length : 0;
}

// The layer an IP protocol number announces: libtins' own, or one netcap
// registered (core/layer.hpp's `ip_protocols`), or UNKNOWN.
inline Tins::PDU::PDUType ip_protocol_type(std::uint8_t protocol) {
  const Tins::PDU::PDUType type =
      Tins::Internals::ip_type_to_pdu_flag(static_cast<Tins::Constants::IP::e>(protocol));
  if (type != Tins::PDU::UNKNOWN) return type;
  const auto& netcap_types = registered_layers().by_ip_protocol;
  const auto it = netcap_types.find(protocol);
  return it == netcap_types.end() ? Tins::PDU::UNKNOWN : it->second;
}

// The type of the layer that follows `pdu`, for the layers `header_length`
// knows, or UNKNOWN.
inline Tins::PDU::PDUType next_layer_type(const Tins::PDU& pdu) {
  using P = Tins::PDU;
  auto by_ether_type = [](std::uint16_t ether_type) {
    // libtins' table lacks MPLS (unicast 0x8847, multicast 0x8848, RFC
    // 5332), which its EthernetII constructor handles on its own.
    if (ether_type == 0x8847 || ether_type == 0x8848) return P::MPLS;
    const P::PDUType type = Tins::Internals::ether_type_to_pdu_flag(
        static_cast<Tins::Constants::Ethernet::e>(ether_type));
    if (type != P::UNKNOWN) return type;
    const auto& netcap_types = registered_layers().by_ether_type;
    const auto it = netcap_types.find(ether_type);
    return it == netcap_types.end() ? P::UNKNOWN : it->second;
  };
  switch (pdu.pdu_type()) {
    case P::ETHERNET_II:
      return by_ether_type(static_cast<const Tins::EthernetII&>(pdu).payload_type());
    case P::SLL:
      return by_ether_type(static_cast<const Tins::SLL&>(pdu).protocol());
    case P::DOT1Q: {
      // A type field below 0x600 is a length, and LLC follows (IEEE 802.3,
      // 3.2.6), behind a tag as behind the Ethernet header.
      const std::uint16_t type = static_cast<const Tins::Dot1Q&>(pdu).payload_type();
      return type < 0x600 ? P::LLC : by_ether_type(type);
    }
    case P::IEEE802_3:
      return P::LLC;
    case P::SNAP:
      return by_ether_type(static_cast<const Tins::SNAP&>(pdu).eth_type());
    case P::LLC: {
      // libtins 4.0 dissects one protocol behind LLC: spanning tree.
      auto& llc = const_cast<Tins::LLC&>(static_cast<const Tins::LLC&>(pdu));
      return llc.dsap() == 0x42 && llc.ssap() == 0x42 ? P::STP : P::UNKNOWN;
    }
    case P::RADIOTAP:
      return P::DOT11;
    case P::PPI: {
      // The link type PPI names: 802.11 or Ethernet.
      const std::uint32_t dlt = static_cast<const Tins::PPI&>(pdu).dlt();
      return dlt == DLT_IEEE802_11 ? P::DOT11 : dlt == DLT_EN10MB ? P::ETHERNET_II : P::UNKNOWN;
    }
    case P::DOT11_DATA:
    case P::DOT11_QOS_DATA:
      return P::SNAP;
    case P::MPLS:
      // An entry above the bottom of the stack is followed by the next
      // entry; what the bottom one carries, dissect_layer_by_layer reads
      // from the payload's first nibble.
      return static_cast<const Tins::MPLS&>(pdu).bottom_of_stack() ? P::UNKNOWN : P::MPLS;
    case P::IP:
      return ip_protocol_type(static_cast<const Tins::IP&>(pdu).protocol());
    case P::IPv6:
      return ip_protocol_type(static_cast<const Tins::IPv6&>(pdu).next_header());
    case P::IPSEC_AH:
      return ip_protocol_type(static_cast<const Tins::IPSecAH&>(pdu).next_header());
    default: {
      const netcap_layer* layer = find_registered_layer(pdu.pdu_type());
      if (layer == nullptr) return P::UNKNOWN;
      return layer->next_type != nullptr ? layer->next_type(pdu) : layer->payload_type;
    }
  }
}

// Whether libtins read an IPsec header (RFC 4302 AH, RFC 4303 ESP) as one of
// an IPv6 layer's extension headers. It takes both for extension headers
// measured in 8-byte units, but AH's length is in 4-byte units less 2 and
// ESP has no length at all, so everything libtins found after one is read
// from the wrong place (an ICMPv6 echo request after a 16-byte AH came out
// as type 0, code 0, checksum 0).
inline bool ipv6_has_ipsec_header(const Tins::IPv6& ip) {
  for (const Tins::IPv6::ext_header& header : ip.headers()) {
    if (header.option() == Tins::IPv6::AUTHENTICATION ||
        header.option() == Tins::IPv6::SECURITY_ENCAPSULATION) {
      return true;
    }
  }
  return false;
}

// Whether a parsed chain holds an IPv6 layer with an IPsec header among its
// extension headers: such a packet is dissected layer by layer, where AH and
// ESP become layers of their own (`dissect_layer_by_layer`).
inline bool holds_misread_ipsec(const Tins::PDU& root) {
  for (const Tins::PDU* p = &root; p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() == Tins::PDU::IPv6 &&
        ipv6_has_ipsec_header(static_cast<const Tins::IPv6&>(*p))) {
      return true;
    }
  }
  return false;
}

// The slow path: parses one layer at a time, keeping each layer whose header
// parses, and stops at the first that does not.
// Parses one layer's header alone, without the layers inside it. When the
// header's options are what libtins rejects, the fixed part of the header
// is parsed instead, so that the fields before the options still reach a
// record: TCP's first 20 bytes (its data offset set back to the wire's
// afterwards), ICMPv6's fixed part for the message type. Returns null when
// even that fails.
// `well_formed`, when given, is set when the header was repaired only for
// libtins' sake and is valid as sent (an IPv4 header padded after End of
// Option List), so that no error is reported for it.
inline Tins::PDU* parse_header(Tins::PDU::PDUType type, const std::uint8_t* data,
                               std::uint32_t length, bool* well_formed = nullptr) {
  try {
    return parse_layer(type, data, length);
  } catch (const std::exception&) {
  }
  try {
    if (type == Tins::PDU::IP && length >= 20 && length <= 60) {
      // libtins 4.0 throws on an option whose length runs past the header
      // (or is below 2), and on any byte after End of Option List, even
      // RFC 791's zero padding. Such a header is parsed from a copy whose
      // option space, from that option (or the End) on, holds no-operations
      // and an End in the last byte, which libtins accepts; the header keeps
      // its wire length and every other field, and the IPv4 encoder reads
      // the options from the captured bytes. tshark shows such headers too,
      // and what they carry.
      std::uint8_t header[60];
      std::memcpy(header, data, length);
      // libtins reads an option whose number (low five bits) is 0 or 1 as
      // one byte.
      std::uint32_t at = 20;
      while (at < length) {
        const bool end = header[at] == 0;
        if (!end && (header[at] & 0x1f) <= 1) {
          ++at;
          continue;
        }
        if (end || length - at < 2 || header[at + 1] < 2 || header[at + 1] > length - at) {
          std::memset(header + at, 1, length - at);
          header[length - 1] = 0;
          if (end && well_formed != nullptr) *well_formed = true;
          break;
        }
        at += header[at + 1];
      }
      return new Tins::IP(header, length);
    }
    if (type == Tins::PDU::IPv6 && length >= 40 && length - 40 <= 0xffff) {
      // The header and the extension headers `read_ipv6_chain` found, with
      // the payload length made to cover just those; the wire's is put back.
      thread_local std::vector<std::uint8_t> chain;
      chain.assign(data, data + length);
      chain[4] = static_cast<std::uint8_t>((length - 40) >> 8);
      chain[5] = static_cast<std::uint8_t>(length - 40);
      auto* ip = new Tins::IPv6(chain.data(), length);
      ip->payload_length(static_cast<std::uint16_t>(data[4] << 8 | data[5]));
      return ip;
    }
    if (type == Tins::PDU::TCP && length >= 20) {
      std::uint8_t fixed[20];
      std::memcpy(fixed, data, sizeof(fixed));
      fixed[12] = static_cast<std::uint8_t>((5 << 4) | (fixed[12] & 0x0f));
      auto* tcp = new Tins::TCP(fixed, sizeof(fixed));
      tcp->data_offset(data[12] >> 4);
      return tcp;
    }
    if (type == Tins::PDU::ICMPv6) {
      // RFC 4443 and RFC 4861: the fixed parts of the messages with
      // options are 40 (redirect), 24 (neighbor solicitation and
      // advertisement), 16 (router advertisement) and 8 bytes.
      for (std::uint32_t fixed : {40u, 24u, 16u, 8u}) {
        if (fixed >= length) continue;
        try {
          return new Tins::ICMPv6(data, fixed);
        } catch (const std::exception&) {
        }
      }
      // A message shorter than its own fixed part still has the type, code
      // and checksum every ICMPv6 message starts with (RFC 4443, 2.1): read
      // the first bytes as an echo request, the shortest kind, and put the
      // type back. Encoders of the message kinds check that their fixed
      // part was captured before they use it.
      if (length >= 4) {
        std::uint8_t head[8] = {0};
        std::memcpy(head, data, std::min<std::uint32_t>(length, 8));
        head[0] = Tins::ICMPv6::ECHO_REQUEST;
        auto* icmp = new Tins::ICMPv6(head, sizeof(head));
        icmp->type(static_cast<Tins::ICMPv6::Types>(data[0]));
        return icmp;
      }
    }
  } catch (const std::exception&) {
  }
  return nullptr;
}

// The slow path: parses one layer at a time, keeping each layer whose header
// parses, and stops at the first that does not.
inline dissection dissect_layer_by_layer(Tins::PDU::PDUType type,
                                         const std::uint8_t* data,
                                         std::uint32_t size) {
  dissection result;
  Tins::PDU* last = nullptr;
  auto append = [&](Tins::PDU* pdu) {
    if (last == nullptr) {
      result.root.reset(pdu);
    } else {
      last->inner_pdu(pdu);
    }
    last = pdu;
  };
  while (true) {
    // The rest of the packet may parse whole from here, unless libtins
    // misread an IPsec header after IPv6 in it and this layer can be
    // stepped over towards it.
    try {
      std::unique_ptr<Tins::PDU> whole(parse_layer(type, data, size));
      if (!holds_misread_ipsec(*whole) || header_length(type, data, size) == 0) {
        append(whole.release());
        return result;
      }
    } catch (const layer_error& e) {
      // A layer netcap added names its own error; until the walk reaches
      // that layer, it is the reason the whole did not parse.
      result.error = e.name();
    } catch (const std::exception&) {
      result.error = malformed_error(type);
    }
    // ICMPv6 has no length field; a TCP header whose data offset reaches
    // past the captured bytes still has its fixed 20 bytes.
    std::uint32_t length = header_length(type, data, size);
    if (type == Tins::PDU::ICMPv6 || (type == Tins::PDU::TCP && length == 0 && size >= 20)) {
      length = size;
    }
    if (length == 0) return result;
    bool well_formed = false;
    Tins::PDU* header = parse_header(type, data, length, &well_formed);
    if (header == nullptr) return result;
    // The error names the innermost layer that failed; a well-formed header
    // is not it, and a layer after it that fails names itself.
    if (well_formed) result.error = {};
    append(header);
    const Tins::PDU::PDUType layer = type;
    type = next_layer_type(*header);
    if (layer == Tins::PDU::MPLS && type == Tins::PDU::UNKNOWN && size > length) {
      // RFC 3032 leaves what the bottom label carries to the label's
      // meaning; as libtins and tshark do, an IP version nibble decides.
      const int version = data[length] >> 4;
      type = version == 4 ? Tins::PDU::IP : version == 6 ? Tins::PDU::IPv6 : Tins::PDU::UNKNOWN;
    }
    if (layer == Tins::PDU::IP || layer == Tins::PDU::IPv6) {
      // What an IP header carries ends where its length field says (the
      // rest is link-layer padding); a length of 0 (segmentation offload,
      // jumbograms) or one past the captured bytes leaves them all.
      // Fragments are not reassembled: their payload stays undecoded, as
      // in a packet parsed whole.
      // How many bytes the length field gives the payload, or -1 for all.
      std::int64_t carried = -1;
      bool fragment = false;
      if (layer == Tins::PDU::IP) {
        const auto& ip = static_cast<const Tins::IP&>(*header);
        fragment = ip.is_fragmented();
        if (ip.tot_len() != 0 && ip.tot_len() >= length) carried = ip.tot_len() - length;
      } else {
        const ipv6_chain chain = read_ipv6_chain(data, size);
        fragment = chain.fragment;
        const std::uint32_t payload = data[4] << 8 | data[5];
        if (payload != 0 && payload >= length - 40) carried = payload - (length - 40);
        // AH and ESP (RFC 4302, 4303) follow as layers of their own, as
        // libtins has them after IPv4; libtins' IPv6 layer, which misreads
        // them, made the header fail, not the packet.
        type = chain.next_header == 51   ? Tins::PDU::IPSEC_AH
               : chain.next_header == 50 ? Tins::PDU::IPSEC_ESP
                                         : ip_protocol_type(chain.next_header);
        if (type == Tins::PDU::IPSEC_AH || type == Tins::PDU::IPSEC_ESP) {
          result.error = {};
        }
      }
      if (fragment || carried == 0) return result;
      if (carried > 0 && carried < size - length) size = length + static_cast<std::uint32_t>(carried);
    }
    data += length;
    size -= length;
    if (size == 0) return result;
    // A transport's payload stays with it, as in a packet parsed whole, so
    // its size is counted and payload layers can claim it.
    if (header->pdu_type() == Tins::PDU::TCP || header->pdu_type() == Tins::PDU::UDP) {
      append(new Tins::RawPDU(data, size));
      return result;
    }
    if (type == Tins::PDU::UNKNOWN) return result;
  }
}

// Parses a layer of the given type and everything inside it, salvaging the
// well-formed outer layers when libtins rejects the whole.
inline dissection dissect_as(Tins::PDU::PDUType type, const std::uint8_t* data,
                             std::uint32_t size) {
  try {
    std::unique_ptr<Tins::PDU> root(parse_layer(type, data, size));
    if (!holds_misread_ipsec(*root)) return {std::move(root), {}};
  } catch (const std::exception&) {
  }
  return dissect_layer_by_layer(type, data, size);
}

// The first error met inside a tunnel while the current packet is
// dissected: layers netcap adds to libtins parse what they carry from
// within libtins' own parsing, which has no way to return it.
inline std::string_view& inner_error() {
  thread_local std::string_view error;
  return error;
}

}  // namespace detail

// Dissects the bytes a layer netcap added to libtins carries (core/layer.hpp),
// as a layer of the given type and what is inside it, keeping the layers
// before a malformed one. Never throws; a malformed layer's error becomes
// the packet's error. Returns the outermost layer, which the caller owns, or
// null.
inline Tins::PDU* dissect_inner(Tins::PDU::PDUType type, const std::uint8_t* data,
                                std::uint32_t size) {
  if (size == 0) return nullptr;
  if (type == Tins::PDU::UNKNOWN) return new Tins::RawPDU(data, size);
  dissection d = detail::dissect_as(type, data, size);
  if (!d.error.empty() && detail::inner_error().empty()) detail::inner_error() = d.error;
  return d.root.release();
}

// Reports the problem of a layer netcap adds to libtins that keeps what it
// could read of a malformed packet rather than throwing (an OSPF packet cut
// short keeps its header): while a packet is dissected, the error becomes
// the packet's, unless another came first, and the layer is still
// recorded. `error` is a string literal, as for `layer_error`.
inline void report_kept_layer_error(std::string_view error) {
  if (detail::inner_error().empty()) detail::inner_error() = error;
}

namespace detail {

// BSD loopback (DLT_NULL, DLT_LOOP): a 4-byte address family, then the
// packet. libtins' Loopback knows only AF_INET; IPv6 has a different number
// on every system that captures it (RFC-less, see tcpdump's print-null.c):
// 10 Linux, 24 NetBSD and OpenBSD, 28 FreeBSD, 30 macOS. DLT_NULL stores it
// in the capturing host's byte order, DLT_LOOP in network order, so both
// orders are read and the one that gives a small number wins.
inline dissection dissect_loopback(const std::uint8_t* data, std::uint32_t size) {
  if (size < 4) return {nullptr, malformed_error(Tins::PDU::LOOPBACK)};
  const std::uint32_t little = data[0] | data[1] << 8 | data[2] << 16 |
                               static_cast<std::uint32_t>(data[3]) << 24;
  const std::uint32_t big = data[3] | data[2] << 8 | data[1] << 16 |
                            static_cast<std::uint32_t>(data[0]) << 24;
  const std::uint32_t family = little < 256 ? little : big;
  Tins::PDU::PDUType next = Tins::PDU::RAW;
  if (family == 2) next = Tins::PDU::IP;
  if (family == 10 || family == 24 || family == 28 || family == 30) next = Tins::PDU::IPv6;
  // Built rather than parsed: libtins' parser throws on a header alone.
  auto loopback = std::make_unique<Tins::Loopback>();
  loopback->family(family);
  dissection inner = dissect_as(next, data + 4, size - 4);
  if (inner.root != nullptr) loopback->inner_pdu(inner.root.release());
  return {std::move(loopback), inner.error};
}

// Cuts the chain at the first IP layer whose version field contradicts it:
// libtins follows an EtherType or protocol number without looking, while
// tshark and RFC 791 and 8200 make such a header malformed.
inline void drop_wrong_ip_versions(dissection& d) {
  Tins::PDU* parent = nullptr;
  for (Tins::PDU* p = d.root.get(); p != nullptr; parent = p, p = p->inner_pdu()) {
    const Tins::PDU::PDUType type = p->pdu_type();
    const bool wrong =
        (type == Tins::PDU::IP && static_cast<Tins::IP*>(p)->version() != 4) ||
        (type == Tins::PDU::IPv6 && static_cast<Tins::IPv6*>(p)->version() != 6);
    if (!wrong) continue;
    d.error = malformed_error(type);
    if (parent == nullptr) {
      d.root.reset();
    } else {
      parent->inner_pdu(nullptr);
    }
    return;
  }
}

// Replaces `old` in the chain by `replacement`, which takes over what `old`
// carried only if it carries nothing itself.
inline void replace_layer(dissection& d, Tins::PDU* parent, Tins::PDU* replacement) {
  if (parent == nullptr) {
    d.root.reset(replacement);
  } else {
    parent->inner_pdu(replacement);
  }
}

// Parses the LLC frame an 802.1Q tag carries when the tag's type field is a
// length: below 0x600, as in the Ethernet header (IEEE 802.3, 3.2.6). libtins
// looks the length up as an EtherType and leaves the frame raw; spanning
// tree BPDUs of MSTP and PVST travel so
// (tcpdump's MSTP_Intra-Region_BPDUs.pcap).
inline void expand_dot1q_llc(dissection& d) {
  for (Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() != Tins::PDU::DOT1Q) continue;
    auto& tag = static_cast<Tins::Dot1Q&>(*p);
    const Tins::PDU* inner = tag.inner_pdu();
    if (tag.payload_type() >= 0x600 || inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) {
      continue;
    }
    const auto& payload = static_cast<const Tins::RawPDU*>(inner)->payload();
    // The length counts the LLC frame; what follows it is padding.
    const auto size = static_cast<std::uint32_t>(
        std::min<std::size_t>(payload.size(), tag.payload_type()));
    dissection llc = dissect_as(Tins::PDU::LLC, payload.data(), size);
    if (llc.root == nullptr) return;
    tag.inner_pdu(llc.root.release());
    if (d.error.empty()) d.error = llc.error;
    return;
  }
}

// Drops the LLC layer libtins reads from an IEEE 802.3 frame that has none:
// one whose length field leaves no room for an LLC header (IEEE 802.2: at
// least 3 bytes), so that the bytes after it are not the frame's data
// (tshark reads a length of 0 as EtherType 0 and shows the bytes as data),
// and Novell's "raw" 802.3, whose data starts with an IPX header and its
// checksum 0xffff where LLC's SAPs would be (as tshark and tcpdump read it).
inline void drop_llc_past_ieee802_3_length(dissection& d) {
  for (Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() != Tins::PDU::IEEE802_3) continue;
    Tins::PDU* inner = p->inner_pdu();
    if (inner == nullptr || inner->pdu_type() != Tins::PDU::LLC) return;
    auto& llc = static_cast<Tins::LLC&>(*inner);
    if (static_cast<const Tins::Dot3*>(p)->length() < 3 ||
        (llc.dsap() == 0xff && llc.ssap() == 0xff)) {
      p->inner_pdu(nullptr);
    }
    return;
  }
}

// Decodes what an AH header carries when libtins left it raw: libtins'
// IPSecAH looks its next header up in libtins' own table only, not among
// the IP protocols netcap adds (core/layer.hpp), such as OSPF behind AH in
// tcpdump's OSPFv3_with_AH.pcap.
inline void expand_ah_payload(dissection& d) {
  for (Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() != Tins::PDU::IPSEC_AH) continue;
    const Tins::PDU* inner = p->inner_pdu();
    if (inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) continue;
    const Tins::PDU::PDUType type =
        ip_protocol_type(static_cast<const Tins::IPSecAH&>(*p).next_header());
    if (type == Tins::PDU::UNKNOWN || type == Tins::PDU::RAW) continue;
    const auto& raw = static_cast<const Tins::RawPDU*>(inner)->payload();
    dissection payload = dissect_as(type, raw.data(), static_cast<std::uint32_t>(raw.size()));
    if (d.error.empty()) d.error = payload.error;
    if (payload.root != nullptr) p->inner_pdu(payload.root.release());
  }
}

// Turns an LLC layer that carries SNAP into a SNAP layer. libtins parses
// SNAP behind 802.11, where no LLC layer precedes it, but behind IEEE 802.3
// (and FDDI) it stops at LLC and leaves the SNAP header and everything after
// it raw. IEEE 802 SNAP is an LLC unnumbered information frame between
// SAPs 0xaa (IEEE Std 802-2014, clause 10.3); Tins::SNAP holds those three
// LLC bytes too, so it replaces the LLC layer, as libtins has it behind
// 802.11, and allocates the layer its protocol ID names: a libtins layer,
// or one netcap registered with `snap_protocols` (core/layer.hpp).
inline void expand_snap(dissection& d) {
  Tins::PDU* parent = nullptr;
  for (Tins::PDU* p = d.root.get(); p != nullptr; parent = p, p = p->inner_pdu()) {
    if (p->pdu_type() != Tins::PDU::LLC) continue;
    auto& llc = static_cast<Tins::LLC&>(*p);
    const Tins::PDU* inner = llc.inner_pdu();
    if (llc.dsap() != 0xaa || llc.ssap() != 0xaa || llc.type() != Tins::LLC::UNNUMBERED ||
        llc.modifier_function() != Tins::LLC::UI || inner == nullptr ||
        inner->pdu_type() != Tins::PDU::RAW) {
      return;
    }
    const auto& payload = static_cast<const Tins::RawPDU*>(inner)->payload();
    // IEEE 802.3's length field counts the LLC bytes; what follows them is
    // padding up to the minimum frame size, which libtins hands on as well.
    std::size_t size = payload.size();
    if (parent != nullptr && parent->pdu_type() == Tins::PDU::IEEE802_3) {
      const std::size_t length = static_cast<const Tins::Dot3*>(parent)->length();
      if (length >= 3 && length - 3 < size) size = length - 3;
    }
    thread_local std::vector<std::uint8_t> bytes;
    bytes.assign({0xaa, 0xaa, 0x03});
    bytes.insert(bytes.end(), payload.begin(), payload.begin() + size);
    dissection snap = dissect_as(Tins::PDU::SNAP, bytes.data(),
                                 static_cast<std::uint32_t>(bytes.size()));
    // A SNAP header cut short stays an LLC layer with raw bytes inside.
    if (snap.root == nullptr) return;
    // Cisco's PVST+ and Rapid PVST+ send their per-VLAN spanning tree BPDUs
    // behind SNAP, OUI 00000c and protocol 0x010b, as tshark reads them;
    // libtins leaves them raw.
    auto& header = static_cast<Tins::SNAP&>(*snap.root);
    const Tins::PDU* bpdu = header.inner_pdu();
    if (header.org_code() == 0x00000c && header.eth_type() == 0x010b && bpdu != nullptr &&
        bpdu->pdu_type() == Tins::PDU::RAW) {
      const auto& raw = static_cast<const Tins::RawPDU*>(bpdu)->payload();
      dissection stp = dissect_as(Tins::PDU::STP, raw.data(), static_cast<std::uint32_t>(raw.size()));
      if (stp.root != nullptr) header.inner_pdu(stp.root.release());
    }
    replace_layer(d, parent, snap.root.release());
    if (d.error.empty()) d.error = snap.error;
    return;
  }
}

// The EtherType a layer names for what follows it, or -1.
inline int announced_ether_type(const Tins::PDU& p) {
  switch (p.pdu_type()) {
    case Tins::PDU::ETHERNET_II: return static_cast<const Tins::EthernetII&>(p).payload_type();
    case Tins::PDU::DOT1Q: return static_cast<const Tins::Dot1Q&>(p).payload_type();
    case Tins::PDU::SLL: return static_cast<const Tins::SLL&>(p).protocol();
    case Tins::PDU::SNAP: return static_cast<const Tins::SNAP&>(p).eth_type();
    default:
      // Flags netcap adds lie outside libtins' enumeration, so no case
      // label names them.
      if (p.pdu_type() == layers::sll2::pdu_flag) {
        return static_cast<const layers::sll2&>(p).protocol();
      }
      return -1;
  }
}

// The length on the wire of a radiotap or PPI header, or of an 802.11 data
// frame's header (its HT control field included, which libtins was not
// shown: drop_ht_control); 0 for any other layer.
inline std::uint32_t wireless_header_size(const Tins::PDU& p) {
  switch (p.pdu_type()) {
    case Tins::PDU::RADIOTAP: return static_cast<const Tins::RadioTap&>(p).length();
    case Tins::PDU::PPI: return static_cast<const Tins::PPI&>(p).length();
    case Tins::PDU::DOT11_DATA: return p.header_size();
    case Tins::PDU::DOT11_QOS_DATA:
      return p.header_size() + (static_cast<const Tins::Dot11&>(p).order() ? 4 : 0);
    default: return 0;
  }
}

// Hands on the bytes that follow the last layer when libtins dropped or
// misread them, as a raw payload, as libtins makes of EtherTypes it does
// not know, so that payload layers can claim them and unknown.pcap sees
// them.
//
// - For some EtherTypes libtins returns no layer at all rather than raw
//   bytes, leaving a layer that carries nothing though bytes follow.
// - libtins reads every IEEE 802.1X EAPOL frame as a key (packet type 3):
//   it takes an EAP packet's code for a key descriptor type, and then makes
//   a key of the EAP packet's bytes, throws (which made the whole packet
//   look malformed), or returns nothing. EAPOL frames of the other packet
//   types (IEEE 802.1X-2010, 11.3.2: EAP-Packet 0, Start 1, Logoff 2, ...)
//   become netcap's EAPOL layer instead (layers/eapol.hpp), its body raw
//   for the EAP payload layer, and the error libtins' misreading caused is
//   dropped.
//
// Only layers whose offsets are exact (Ethernet, IEEE 802.3, 802.1Q, SLL,
// SLL2, SNAP, and radiotap, PPI and 802.11 data frames before SNAP) are
// counted; any other layer in the chain leaves the packet as it is. Behind
// 802.11 only EAPOL is repaired: there the frame may end in its FCS.
inline void restore_dropped_payload(dissection& d, const std::uint8_t* data,
                                    std::uint32_t size) {
  std::uint64_t offset = 0;
  Tins::PDU* last = nullptr;
  Tins::PDU* next = d.root.get();
  bool wireless = false;
  for (; next != nullptr; next = next->inner_pdu()) {
    const std::uint32_t wireless_header = wireless_header_size(*next);
    if (wireless_header != 0) {
      wireless = true;
      offset += wireless_header;
      last = next;
      continue;
    }
    if (announced_ether_type(*next) < 0 && next->pdu_type() != Tins::PDU::IEEE802_3) break;
    offset += next->header_size();
    last = next;
  }
  if (last == nullptr || offset >= size) return;
  const int ether_type = announced_ether_type(*last);
  if (ether_type < 0) return;
  const bool eapol = ether_type == 0x888e && size - offset >= 2;
  if (wireless && !eapol) return;
  const auto rest = static_cast<std::uint32_t>(size - offset);
  if (eapol && data[offset + 1] != layers::eapol_frame::key_packet_type) {
    const Tins::PDU::PDUType type = next != nullptr ? next->pdu_type() : Tins::PDU::UNKNOWN;
    const bool misread = type == Tins::PDU::EAPOL || type == Tins::PDU::RC4EAPOL ||
                         type == Tins::PDU::RSNEAPOL;
    if (next == nullptr && d.error == malformed_error(last->pdu_type())) {
      d.error = {};
    } else if (!misread && next != nullptr) {
      return;
    }
    if (rest >= layers::eapol_frame::header_bytes) {
      last->inner_pdu(new layers::eapol_frame(data + offset, rest));
      return;
    }
    // Not even the EAPOL header: the bytes stay raw, and the frame is
    // malformed.
    d.error = malformed_error(layers::eapol_frame::pdu_flag);
  } else if (next != nullptr || !d.error.empty()) {
    return;
  }
  last->inner_pdu(new Tins::RawPDU(data + offset, rest));
}

// Dissects a link type libtins has no dissector for with the layer netcap
// registered for it (core/layer.hpp's `link_types`), or returns false.
inline bool dissect_registered_link_type(int link_type, const std::uint8_t* data,
                                         std::uint32_t size, dissection& d) {
  const auto& by_link_type = registered_layers().by_link_type;
  const auto it = by_link_type.find(link_type);
  if (it == by_link_type.end()) return false;
  const netcap_link_layer& layer = it->second;
  if (layer.parse != nullptr) {
    // Such a layer carries nothing libtins parses, so there is nothing
    // inside it to salvage when it is malformed.
    try {
      d = {std::unique_ptr<Tins::PDU>(layer.parse(link_type, data, size)), {}};
    } catch (const std::exception&) {
      d = {nullptr, malformed_error(layer.type)};
    }
    return true;
  }
  d = dissect_as(layer.type, data, size);
  if (d.root == nullptr && d.error.empty()) d.error = malformed_error(layer.type);
  return true;
}

// Ends the chain at an IPv6 layer that still has an IPsec header: one the
// layer-by-layer path could not reach, behind a layer whose header length
// it does not know (`header_length`). What libtins found after the header
// is read from the wrong place, so it is not decoded.
inline void drop_layers_after_ipv6_ipsec(dissection& d) {
  for (Tins::PDU* p = d.root.get(); p != nullptr; p = p->inner_pdu()) {
    if (p->pdu_type() == Tins::PDU::IPv6 &&
        ipv6_has_ipsec_header(static_cast<const Tins::IPv6&>(*p))) {
      p->inner_pdu(nullptr);
      return;
    }
  }
}

}  // namespace detail

namespace detail {

// What every dissection ends with: the error of a malformed layer inside a
// tunnel, if none outside it, and the repairs of what libtins got wrong.
inline void finish_dissection(dissection& d, const std::uint8_t* data, std::uint32_t size) {
  if (d.error.empty()) d.error = inner_error();
  inner_error() = {};
  drop_llc_past_ieee802_3_length(d);
  expand_ah_payload(d);
  expand_dot1q_llc(d);
  expand_snap(d);
  restore_dropped_payload(d, data, size);
  drop_wrong_ip_versions(d);
  drop_layers_after_ipv6_ipsec(d);
}

}  // namespace detail

// Dissects bytes that start with a layer of the given libtins type: a
// captured packet, or what a tunnel decoded from a payload (a payload layer,
// core/layer.hpp) carries. Never throws.
inline dissection dissect_from(Tins::PDU::PDUType type, const std::uint8_t* data,
                               std::uint32_t size) {
  detail::inner_error() = {};
  dissection d = type == Tins::PDU::LOOPBACK ? detail::dissect_loopback(data, size)
                                             : detail::dissect_as(type, data, size);
  if (d.error.empty()) d.error = detail::inner_error();
  if (d.root == nullptr && d.error.empty()) d.error = detail::malformed_error(type);
  detail::finish_dissection(d, data, size);
  return d;
}

// Dissects one captured packet. Never throws. `original_size`, the
// packet's length on the wire when the capture says so, tells a packet cut
// short by the snapshot length (its frame check sequence was not captured).
inline dissection dissect(int link_type, const std::uint8_t* data,
                          std::uint32_t size, std::uint32_t original_size = 0) {
  detail::frame_cut_short() = original_size > size;
  const Tins::PDU::PDUType type = detail::link_layer_type(link_type, data, size);
  if (type != Tins::PDU::UNKNOWN) return dissect_from(type, data, size);
  // A link type libtins has no dissector for, dissected with the layer
  // netcap registered for it (core/layer.hpp's `link_types`), if any.
  dissection d;
  detail::inner_error() = {};
  if (!detail::dissect_registered_link_type(link_type, data, size, d)) return {};
  detail::finish_dissection(d, data, size);
  return d;
}

}  // namespace netcap

#endif  // NETCAP_CORE_DISSECT_HPP_
