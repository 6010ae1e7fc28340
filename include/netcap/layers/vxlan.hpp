// The VXLAN payload layer (RFC 7348, with the group based policy extension
// of draft-smith-vxlan-group-policy): the 8-byte header in a UDP datagram
// to port 4789 and the Ethernet frame after it, which it dissects and
// hands on (core/layer.hpp: a tunnel), so the frame's layers are recorded
// after the VXLAN record.
//
// Errors: "VXLAN: truncated header" (under 8 bytes); a malformed layer in
// the inner frame is reported under its own name.
#ifndef NETCAP_LAYERS_VXLAN_HPP_
#define NETCAP_LAYERS_VXLAN_HPP_

#include <pcap/dlt.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include <tins/pdu.h>
#include <tins/udp.h>

#include "netcap/core/dissect.hpp"
#include "netcap/layers/detail/bytes.hpp"

namespace netcap::layers {

class vxlan {
 public:
  static constexpr std::string_view name = "VXLAN";
  static constexpr std::uint16_t port = 4789;  // IANA, RFC 7348 section 5

  static bool claims(const Tins::PDU& transport) {
    return transport.pdu_type() == Tins::PDU::UDP &&
           static_cast<const Tins::UDP&>(transport).dport() == port;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    inner_.reset();
    inner_error_ = {};
    const detail::bytes b(data, size);
    if (size < 8) return "VXLAN: truncated header";
    flags_ = b.u8(0);
    gbp_flags_ = b.u8(1);
    group_policy_id_ = b.be16(2);
    vni_ = b.be24(4);
    if (size > 8) {
      dissection d = dissect(DLT_EN10MB, data + 8, size - 8);
      inner_ = std::move(d.root);
      inner_error_ = d.error;
    }
    return {};
  }

  // RFC 7348: the I flag, that the VNI is valid.
  bool valid_id_flag() const { return (flags_ & 0x08) != 0; }
  std::uint32_t vni() const { return vni_; }
  // Group based policy: the G flag, the D (don't learn) and A (policy
  // applied) bits and the group policy ID.
  bool gbp_extension() const { return (flags_ & 0x80) != 0; }
  bool gbp_dont_learn() const { return (gbp_flags_ & 0x40) != 0; }
  bool gbp_applied() const { return (gbp_flags_ & 0x08) != 0; }
  std::uint16_t gbp_group_policy_id() const { return group_policy_id_; }

  const Tins::PDU* inner() const { return inner_.get(); }
  std::string_view inner_error() const { return inner_error_; }

 private:
  std::uint8_t flags_ = 0;
  std::uint8_t gbp_flags_ = 0;
  std::uint16_t group_policy_id_ = 0;
  std::uint32_t vni_ = 0;
  std::unique_ptr<Tins::PDU> inner_;
  std::string_view inner_error_;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_VXLAN_HPP_
