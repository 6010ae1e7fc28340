// The SCTP layer (RFC 9260, formerly RFC 4960): the common header and the
// chunks after it, added to libtins, which has none, on IP protocol 132
// (core/layer.hpp).
//
// The layer checks that the chunks tile the packet: each at least 4 bytes
// long, none past the end, each but the last padded to a multiple of 4
// (RFC 9260, section 3.2: the last chunk's padding may be left out by some
// stacks, and tshark accepts that too). The chunk count is bounded by the
// packet's size, so a crafted packet cannot make the walk long. What the
// chunks carry (the user data of DATA chunks) is not dissected further.
//
// Errors: "SCTP: truncated header" (under 12 bytes), "SCTP: malformed
// chunk" (a length under 4 or past the end).
#ifndef NETCAP_LAYERS_SCTP_HPP_
#define NETCAP_LAYERS_SCTP_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <tins/pdu.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/bytes.hpp"
#include "netcap/layers/detail/message_pdu.hpp"

namespace netcap::layers {

class sctp : public detail::message_pdu<sctp> {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 9);
  static constexpr std::string_view name = "SCTP";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {132};

  struct chunk {
    std::uint8_t type = 0;
    std::uint8_t flags = 0;
    // The chunk's length field: header and value, without padding.
    std::uint16_t length = 0;
    std::string_view value;
  };

  sctp(const std::uint8_t* data, std::uint32_t size) {
    const detail::bytes b(data, size);
    if (size < 12) throw layer_error("SCTP: truncated header");
    std::size_t at = 12;
    while (at < size) {
      const std::uint16_t length = b.be16(at + 2);
      if (!b.fits(at, 4) || length < 4 || !b.fits(at, length)) {
        throw layer_error("SCTP: malformed chunk");
      }
      at += (length + 3u) & ~3u;
    }
    keep_header(data, size);
  }

  std::uint16_t src_port() const { return header().be16(0); }
  std::uint16_t dst_port() const { return header().be16(2); }
  std::uint32_t verification_tag() const { return header().be32(4); }
  std::uint32_t checksum() const { return header().be32(8); }

  // Calls `f(chunk)` for each chunk, in order.
  template <class F>
  void for_each_chunk(F&& f) const {
    const detail::bytes b = header();
    std::size_t at = 12;
    while (b.fits(at, 4)) {
      chunk c{b.u8(at), b.u8(at + 1), b.be16(at + 2), {}};
      if (c.length < 4 || !b.fits(at, c.length)) return;
      c.value = b.view(at + 4, c.length - 4u);
      f(c);
      at += (c.length + 3u) & ~3u;
    }
  }
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_SCTP_HPP_
