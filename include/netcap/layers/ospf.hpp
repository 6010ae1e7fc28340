// The OSPF layer (RFC 2328 version 2, RFC 5340 version 3), added to
// libtins, which has none, on IP protocol 89 (core/layer.hpp).
//
// The layer reads the packet as far as its packet length field says (what
// follows is not OSPF's, such as version 3's trailing link-local
// signalling block or link-layer padding) and checks the fixed part of
// each packet type. Lists after the fixed part (neighbors, LSA headers,
// requests, LSAs of an update) are walked entry by entry while whole
// entries fit, each at least 4 bytes long, so the walk is bounded by the
// packet's size.
//
// Errors: "OSPF: truncated header" (under 24 bytes for version 2, 16 for
// version 3, or a packet length shorter than that), "OSPF: unknown
// version", "OSPF: truncated packet" (a fixed part past the end). A
// truncated packet keeps its whole header (`truncated()`), as tshark shows
// it, so that it is still recorded; the error is logged all the same.
#ifndef NETCAP_LAYERS_OSPF_HPP_
#define NETCAP_LAYERS_OSPF_HPP_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/bytes.hpp"
#include "netcap/layers/detail/message_pdu.hpp"

namespace netcap::layers {

class ospf : public detail::message_pdu<ospf> {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 8);
  static constexpr std::string_view name = "OSPF";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {89};

  enum packet_type : std::uint8_t {
    hello = 1,
    database_description = 2,
    link_state_request = 3,
    link_state_update = 4,
    link_state_ack = 5,
  };

  // An LSA header (RFC 2328 A.4.1, RFC 5340 A.4.2). Version 2 has an
  // options byte and a one-byte type, version 3 a two-byte type.
  struct lsa_header {
    std::uint16_t age = 0;
    std::uint16_t type = 0;
    std::uint8_t options = 0;
    std::uint32_t link_state_id = 0;
    std::uint32_t advertising_router = 0;
    std::uint32_t sequence_number = 0;
    std::uint16_t checksum = 0;
    std::uint16_t length = 0;
  };

  struct request {
    std::uint32_t type = 0;
    std::uint32_t link_state_id = 0;
    std::uint32_t advertising_router = 0;
  };

  ospf(const std::uint8_t* data, std::uint32_t size) {
    const detail::bytes all(data, size);
    if (size < 16) throw layer_error("OSPF: truncated header");
    const std::uint8_t version = all.u8(0);
    if (version != 2 && version != 3) throw layer_error("OSPF: unknown version");
    const std::uint32_t header_length = version == 2 ? 24 : 16;
    const std::uint32_t length = all.be16(2);
    if (size < header_length || length < header_length) {
      throw layer_error("OSPF: truncated header");
    }
    const std::uint32_t kept = std::min(size, length);
    keep_header(data, kept);
    if (!header().fits(0, header_length + fixed_length())) {
      truncated_ = true;
      report_kept_layer_error("OSPF: truncated packet");
    }
  }

  // Whether the packet's fixed part after the header (a hello's 20 bytes,
  // ...) runs past the captured bytes or the packet length: then only the
  // header is to be read.
  bool truncated() const { return truncated_; }

  std::uint8_t version() const { return header().u8(0); }
  std::uint8_t type() const { return header().u8(1); }
  std::uint16_t packet_length() const { return header().be16(2); }
  std::uint32_t router_id() const { return header().be32(4); }
  std::uint32_t area_id() const { return header().be32(8); }
  std::uint16_t checksum() const { return header().be16(12); }
  // Version 2.
  std::uint16_t au_type() const { return version() == 2 ? header().be16(14) : 0; }
  std::uint64_t authentication() const { return version() == 2 ? header().be64(16) : 0; }
  // Version 3.
  std::uint8_t instance_id() const { return version() == 3 ? header().u8(14) : 0; }
  std::uint8_t reserved() const { return version() == 3 ? header().u8(15) : 0; }

  // The packet after the OSPF header.
  detail::bytes body() const { return header().from(version() == 2 ? 24 : 16); }

  // Database description: where its LSA headers start in body().
  std::size_t database_description_fixed_length() const {
    return version() == 2 ? 8 : 12;
  }

  // Calls `f(lsa_header)` for each LSA header in body() from `at` on, as
  // many as whole ones fit.
  template <class F>
  void for_each_lsa_header(std::size_t at, F&& f) const {
    const detail::bytes b = body();
    for (; b.fits(at, 20); at += 20) f(read_lsa_header(b, at));
  }

  // Link state requests (RFC 2328 A.3.4, RFC 5340 A.3.4): 12 bytes each.
  template <class F>
  void for_each_request(F&& f) const {
    const detail::bytes b = body();
    for (std::size_t at = 0; b.fits(at, 12); at += 12) {
      f(request{version() == 2 ? b.be32(at) : b.be16(at + 2), b.be32(at + 4),
                b.be32(at + 8)});
    }
  }

  // A link state update's count of LSAs and the header of each LSA it
  // holds, as long as whole LSAs fit; an LSA's length (at least its
  // 20-byte header) says where the next starts.
  std::uint32_t number_of_lsas() const { return body().be32(0); }
  template <class F>
  void for_each_updated_lsa(F&& f) const {
    const detail::bytes b = body();
    std::size_t at = 4;
    for (std::uint32_t i = 0; i < number_of_lsas() && b.fits(at, 20); ++i) {
      const lsa_header h = read_lsa_header(b, at);
      if (h.length < 20 || !b.fits(at, h.length)) return;
      f(h);
      at += h.length;
    }
  }

 private:
  // The fixed part after the header of each packet type.
  std::uint32_t fixed_length() const {
    switch (type()) {
      case hello: return 20;
      case database_description: return version() == 2 ? 8 : 12;
      case link_state_update: return 4;
      default: return 0;
    }
  }

  lsa_header read_lsa_header(const detail::bytes& b, std::size_t at) const {
    lsa_header h;
    h.age = b.be16(at);
    if (version() == 2) {
      h.options = b.u8(at + 2);
      h.type = b.u8(at + 3);
    } else {
      h.type = b.be16(at + 2);
    }
    h.link_state_id = b.be32(at + 4);
    h.advertising_router = b.be32(at + 8);
    h.sequence_number = b.be32(at + 12);
    h.checksum = b.be16(at + 16);
    h.length = b.be16(at + 18);
    return h;
  }

  bool truncated_ = false;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_OSPF_HPP_
