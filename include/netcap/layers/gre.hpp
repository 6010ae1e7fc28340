// The GRE layer (RFC 2784, RFC 2890, RFC 1701's routing, RFC 2637's
// enhanced GRE of PPTP), added to libtins on IP protocol 47 (core/layer.hpp).
//
// libtins 4.0 has no GRE, so without it a GRE packet ended at its IP layer
// and went to unknown.pcap. The layer checks its header against the flags
// that announce each optional field, and hands what it carries on by its
// protocol type: IPv4, IPv6, Ethernet (transparent Ethernet bridging,
// 0x6558), ARP, MPLS, and the Ethernet frame inside ERSPAN types I, II and
// III (whose own header it steps over). Other protocol types stay bytes.
//
// Errors: "GRE: truncated header" when the fields its flags announce are
// not all there, "GRE: malformed routing" when a source route entry runs
// past the packet.
#ifndef NETCAP_LAYERS_GRE_HPP_
#define NETCAP_LAYERS_GRE_HPP_

#include <pcap/dlt.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/dissect.hpp"
#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/bytes.hpp"
#include "netcap/layers/detail/message_pdu.hpp"

namespace netcap::layers {

class gre : public detail::message_pdu<gre> {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 5);
  static constexpr std::string_view name = "GRE";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {47};

  // One source route entry (RFC 1701, section 2.1.6).
  struct route {
    std::uint16_t address_family = 0;
    std::uint8_t sre_offset = 0;
    std::uint8_t sre_length = 0;
    std::string_view information;
  };

  gre(const std::uint8_t* data, std::uint32_t size) {
    const detail::bytes b(data, size);
    if (!b.fits(0, 4)) throw layer_error("GRE: truncated header");
    const std::uint8_t flags = b.u8(0);
    std::size_t at = 4;
    // RFC 2784: checksum and a reserved word are there when either the
    // checksum or (RFC 1701) the routing bit is set.
    if ((flags & 0xc0) != 0) at += 4;
    if ((flags & 0x20) != 0) at += 4;  // key (version 1: length and call ID)
    if ((flags & 0x10) != 0) at += 4;  // sequence number
    if ((b.u8(1) & 0x80) != 0) at += 4;  // RFC 2637: acknowledgment number
    if (!b.fits(0, at)) throw layer_error("GRE: truncated header");
    routing_at_ = static_cast<std::uint32_t>(at);
    if ((flags & 0x40) != 0) {
      // Entries until one with address family 0 and length 0; each has
      // at least four bytes, so the loop ends within the packet.
      while (true) {
        if (!b.fits(at, 4)) throw layer_error("GRE: malformed routing");
        const std::uint16_t family = b.be16(at);
        const std::uint8_t length = b.u8(at + 3);
        at += 4;
        if (family == 0 && length == 0) break;
        if (!b.fits(at, length)) throw layer_error("GRE: malformed routing");
        at += length;
      }
    }
    // payload_type moves `at` past an ERSPAN or WCCP header, which the
    // layer's header then counts, so that the layers inside are found where
    // they are in the captured bytes (detail::layer_offset).
    Tins::PDU::PDUType type = payload_type(b, at);
    keep_header(data, static_cast<std::uint32_t>(at));
    if (type == Tins::PDU::ETHERNET_II) {
      type = netcap::detail::link_layer_type(DLT_EN10MB, data + at,
                                             static_cast<std::uint32_t>(size - at));
    }
    inner_pdu(dissect_inner(type, data + at, static_cast<std::uint32_t>(size - at)));
  }

  bool checksum_present() const { return (header().u8(0) & 0x80) != 0; }
  bool routing_present() const { return (header().u8(0) & 0x40) != 0; }
  bool key_present() const { return (header().u8(0) & 0x20) != 0; }
  bool seq_present() const { return (header().u8(0) & 0x10) != 0; }
  bool strict_source_route() const { return (header().u8(0) & 0x08) != 0; }
  bool ack_present() const { return (header().u8(1) & 0x80) != 0; }
  std::uint8_t recursion_control() const { return header().u8(0) & 0x07; }
  // The flag bits between the acknowledgment bit and the version.
  std::uint8_t flags() const { return (header().u8(1) >> 3) & 0x0f; }
  std::uint8_t version() const { return header().u8(1) & 0x07; }
  std::uint16_t protocol() const { return header().be16(2); }
  std::uint16_t checksum() const { return has_checksum_word() ? header().be16(4) : 0; }
  std::uint16_t offset() const { return has_checksum_word() ? header().be16(6) : 0; }
  std::uint32_t key() const { return key_present() ? header().be32(key_at()) : 0; }
  std::uint32_t seq() const { return seq_present() ? header().be32(seq_at()) : 0; }
  std::uint32_t ack() const {
    return ack_present() ? header().be32(seq_at() + (seq_present() ? 4 : 0)) : 0;
  }

  // Calls `f(route)` for each source route entry, the last (empty) one left
  // out.
  template <class F>
  void for_each_route(F&& f) const {
    if (!routing_present()) return;
    const detail::bytes b = header();
    std::size_t at = routing_at_;
    while (b.fits(at, 4)) {
      route r{b.be16(at), b.u8(at + 2), b.u8(at + 3), {}};
      if (r.address_family == 0 && r.sre_length == 0) return;
      r.information = b.view(at + 4, r.sre_length);
      f(r);
      at += 4u + r.sre_length;
    }
  }

 private:
  bool has_checksum_word() const { return (header().u8(0) & 0xc0) != 0; }
  std::size_t key_at() const { return has_checksum_word() ? 8 : 4; }
  std::size_t seq_at() const { return key_at() + (key_present() ? 4 : 0); }

  // The layer the protocol type announces, where the payload starts
  // (moving `at` past an ERSPAN header), or UNKNOWN to keep the payload as
  // bytes.
  static Tins::PDU::PDUType payload_type(const detail::bytes& b, std::size_t& at) {
    using P = Tins::PDU;
    switch (b.be16(2)) {
      case 0x0800: return P::IP;
      case 0x86dd: return P::IPv6;
      case 0x6558: return P::ETHERNET_II;
      case 0x0806: return P::ARP;
      case 0x8847: case 0x8848: return P::MPLS;
      case 0x883e:
        // WCCP redirection: version 2 puts a 4-byte redirect header before
        // the IPv4 packet, version 1 none; an IPv4 header's first nibble
        // tells them apart (as Wireshark's GRE dissector does).
        if (!b.fits(at, 1)) return P::UNKNOWN;
        if ((b.u8(at) >> 4) != 4) {
          if (!b.fits(at, 4)) return P::UNKNOWN;
          at += 4;
        }
        return P::IP;
      case 0x88be:
        // ERSPAN type I has no header of its own and no sequence number;
        // type II has both, its header 8 bytes (draft-foschiano-erspan).
        if ((b.u8(0) & 0x10) != 0) {
          if (!b.fits(at, 8)) return P::UNKNOWN;
          at += 8;
        }
        return P::ETHERNET_II;
      case 0x22eb: {
        // ERSPAN type III: a 12-byte header, and 8 more bytes of platform
        // specific data when its O bit is set. Its 5-bit frame type says
        // what follows: 0 an Ethernet frame; other values (2 is IP, 7 in
        // tcpdump's erspan-type-iii-ft-7.pcap unassigned) stay bytes.
        if (!b.fits(at, 12)) return P::UNKNOWN;
        const std::size_t length = (b.u8(at + 11) & 0x01) != 0 ? 20 : 12;
        if (!b.fits(at, length)) return P::UNKNOWN;
        const int frame_type = b.u8(at + 10) >> 2 & 0x1f;
        at += length;
        return frame_type == 0 ? P::ETHERNET_II : P::UNKNOWN;
      }
      default: return P::UNKNOWN;
    }
  }

  std::uint32_t routing_at_ = 0;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_GRE_HPP_
