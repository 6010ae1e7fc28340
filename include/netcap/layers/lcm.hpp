// The LCM payload layer: decodes the header of a Lightweight Communications
// and Marshalling message (LCM UDP multicast protocol, lcm-proj.github.io,
// "UDP Multicast Protocol"), found in UDP by its magic number whatever the
// port (LCM's default is 7667, but each deployment picks its own).
//
// A small message is the magic "LC02", a sequence number, the channel name
// ended by a zero byte, and the data. A fragment is the magic "LC03", a
// sequence number, the whole message's size, the fragment's offset in it,
// its number and the number of fragments; the first fragment then carries
// the channel name as a small message does.
//
// Errors: fewer bytes than the header gives "LCM: truncated header"; a
// channel name without its zero byte gives "LCM: unterminated channel
// name".
#ifndef NETCAP_LAYERS_LCM_HPP_
#define NETCAP_LAYERS_LCM_HPP_

#include <cstdint>
#include <string_view>

#include <tins/pdu.h>
#include <tins/rawpdu.h>

#include "netcap/core/layer.hpp"
#include "netcap/layers/detail/big_endian.hpp"

namespace netcap::layers {

class lcm {
 public:
  static constexpr std::string_view name = "LCM";

  static constexpr std::uint32_t short_magic = 0x4c433032;       // "LC02"
  static constexpr std::uint32_t fragment_magic = 0x4c433033;    // "LC03"
  static constexpr std::uint32_t short_header_size = 8;
  static constexpr std::uint32_t fragment_header_size = 20;

  // Whether `transport` is UDP whose payload starts with an LCM magic.
  static bool claims(const Tins::PDU& transport) {
    if (transport.pdu_type() != Tins::PDU::UDP) return false;
    const Tins::PDU* inner = transport.inner_pdu();
    if (inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) return false;
    const auto& payload = static_cast<const Tins::RawPDU*>(inner)->payload();
    if (payload.size() < 4) return false;
    const std::uint32_t magic = detail::read_u32(payload.data());
    return magic == short_magic || magic == fragment_magic;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    message_ = data;
    channel_ = {};
    if (size < short_header_size) return "LCM: truncated header";
    const bool fragment = detail::read_u32(data) == fragment_magic;
    std::uint32_t pos = short_header_size;
    if (fragment) {
      if (size < fragment_header_size) return "LCM: truncated header";
      pos = fragment_header_size;
    }
    fragmented_ = fragment;
    if (!fragment || fragment_number() == 0) {
      const std::uint32_t start = pos;
      while (pos < size && data[pos] != 0) ++pos;
      if (pos == size) return "LCM: unterminated channel name";
      channel_ = {reinterpret_cast<const char*>(data + start), pos - start};
    }
    return {};
  }

  std::uint32_t magic() const { return detail::read_u32(message_); }
  std::uint32_t sequence_number() const { return detail::read_u32(message_ + 4); }
  bool fragmented() const { return fragmented_; }
  // Fragments only; zero otherwise.
  std::uint32_t payload_size() const { return fragmented_ ? detail::read_u32(message_ + 8) : 0; }
  std::uint32_t fragment_offset() const {
    return fragmented_ ? detail::read_u32(message_ + 12) : 0;
  }
  std::uint16_t fragment_number() const {
    return fragmented_ ? detail::read_u16(message_ + 16) : 0;
  }
  std::uint16_t total_fragments() const {
    return fragmented_ ? detail::read_u16(message_ + 18) : 0;
  }
  // The channel name's bytes; empty in fragments after the first.
  std::string_view channel_name() const { return channel_; }

 private:
  const std::uint8_t* message_ = nullptr;
  bool fragmented_ = false;
  std::string_view channel_;
};

static_assert(is_payload_layer_v<lcm>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_LCM_HPP_
