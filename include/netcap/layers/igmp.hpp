// The IGMP layer (RFC 1112 version 1, RFC 2236 version 2, RFC 3376 version
// 3), added to libtins, which has none, on IP protocol 2 (core/layer.hpp).
//
// The version follows from the message type and, for a membership query,
// from its length and maximum response code (RFC 3376, section 7.1): 12
// bytes or more is version 3, 8 bytes with a zero code version 1, else
// version 2. The layer checks that every source address and group record a
// version 3 message counts is there, so an encoder can walk them without
// failing; other message types (DVMRP, mtrace) keep their first 8 bytes'
// fields.
//
// Errors: "IGMP: truncated message" (under 8 bytes, or a version 3 query
// under 12), "IGMP: truncated source list", "IGMP: truncated group record".
#ifndef NETCAP_LAYERS_IGMP_HPP_
#define NETCAP_LAYERS_IGMP_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/bytes.hpp"
#include "netcap/layers/detail/message_pdu.hpp"

namespace netcap::layers {

class igmp : public detail::message_pdu<igmp> {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 6);
  static constexpr std::string_view name = "IGMP";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {2};

  static constexpr std::uint8_t membership_query = 0x11;
  static constexpr std::uint8_t v1_membership_report = 0x12;
  static constexpr std::uint8_t v2_membership_report = 0x16;
  static constexpr std::uint8_t leave_group = 0x17;
  static constexpr std::uint8_t v3_membership_report = 0x22;

  // A version 3 group record (RFC 3376, section 4.2.4); `sources` holds
  // `number_of_sources` addresses of 4 bytes.
  struct group_record {
    std::uint8_t type = 0;
    std::uint8_t aux_data_len = 0;
    std::uint16_t number_of_sources = 0;
    std::string_view multicast_address;
    std::string_view sources;
  };

  igmp(const std::uint8_t* data, std::uint32_t size) {
    const detail::bytes b(data, size);
    if (size < 8) throw layer_error("IGMP: truncated message");
    const std::uint8_t type = b.u8(0);
    if (type == membership_query) {
      version_ = size >= 12 ? 3 : b.u8(1) == 0 ? 1 : 2;
      if (size > 8 && size < 12) throw layer_error("IGMP: truncated message");
      if (version_ == 3 && !b.fits(12, 4u * b.be16(10))) {
        throw layer_error("IGMP: truncated source list");
      }
      length_ = version_ == 3 ? 12u + 4u * b.be16(10) : 8u;
    } else if (type == v3_membership_report) {
      version_ = 3;
      std::size_t at = 8;
      for (std::uint32_t i = 0; i < b.be16(6); ++i) {
        if (!b.fits(at, 8)) throw layer_error("IGMP: truncated group record");
        const std::size_t record = 8u + 4u * b.be16(at + 2) + 4u * b.u8(at + 1);
        if (!b.fits(at, record)) throw layer_error("IGMP: truncated group record");
        at += record;
      }
      length_ = static_cast<std::uint32_t>(at);
    } else {
      version_ = type == v1_membership_report ? 1
                 : type == v2_membership_report || type == leave_group ? 2
                                                                       : 0;
      length_ = 8;
    }
    keep_header(data, size);
  }

  std::uint8_t type() const { return header().u8(0); }
  // 1, 2 or 3; 0 for message types of other protocols on IGMP (DVMRP,
  // mtrace).
  int version() const { return version_; }
  // The maximum response time in tenths of a second: the code itself in
  // version 2, its floating-point form decoded in version 3 (RFC 3376,
  // section 4.1.1); version 1 has none.
  std::uint32_t max_response_time() const {
    const std::uint8_t code = header().u8(1);
    if (version_ != 3 || code < 128) return version_ == 1 ? 0 : code;
    return static_cast<std::uint32_t>((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
  }
  std::uint16_t checksum() const { return header().be16(2); }
  // Four bytes; empty in a version 3 report, which has none.
  std::string_view group_address() const {
    return type() == v3_membership_report ? std::string_view() : header().view(4, 4);
  }
  bool is_v3_query() const { return version_ == 3 && type() == membership_query; }
  bool suppress_router_processing() const {
    return is_v3_query() && (header().u8(8) & 0x08) != 0;
  }
  std::uint8_t robustness_value() const { return is_v3_query() ? header().u8(8) & 0x07 : 0; }
  // The querier's query interval in seconds, decoded from its code as the
  // maximum response time is (RFC 3376, section 4.1.7).
  std::uint32_t interval_time() const {
    if (!is_v3_query()) return 0;
    const std::uint8_t code = header().u8(9);
    if (code < 128) return code;
    return static_cast<std::uint32_t>((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
  }
  std::uint16_t number_of_sources() const { return is_v3_query() ? header().be16(10) : 0; }
  // The query's source addresses, 4 bytes each.
  std::string_view sources() const {
    return is_v3_query() ? header().view(12, 4u * number_of_sources()) : std::string_view();
  }
  std::uint16_t number_of_group_records() const {
    return type() == v3_membership_report ? header().be16(6) : 0;
  }
  // The bytes of the message, as far as its fields reach; what follows is
  // not IGMP's.
  std::uint32_t message_length() const { return length_; }

  // Calls `f(group_record)` for each group record of a version 3 report.
  template <class F>
  void for_each_group_record(F&& f) const {
    const detail::bytes b = header();
    std::size_t at = 8;
    for (std::uint32_t i = 0; i < number_of_group_records(); ++i) {
      if (!b.fits(at, 8)) return;
      group_record r{b.u8(at), b.u8(at + 1), b.be16(at + 2), b.view(at + 4, 4), {}};
      r.sources = b.view(at + 8, 4u * r.number_of_sources);
      f(r);
      at += 8u + 4u * r.number_of_sources + 4u * r.aux_data_len;
    }
  }

 private:
  int version_ = 0;
  std::uint32_t length_ = 0;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_IGMP_HPP_
