// Internal: the part every libtins layer netcap adds (core/layer.hpp) shares:
// it keeps the bytes of its own header, so that libtins can copy, size and
// serialise it, and decoders and encoders read fields from those bytes.
#ifndef NETCAP_LAYERS_DETAIL_MESSAGE_PDU_HPP_
#define NETCAP_LAYERS_DETAIL_MESSAGE_PDU_HPP_

#include <algorithm>
#include <cstdint>
#include <vector>

#include <tins/pdu.h>

#include "netcap/layers/detail/bytes.hpp"

namespace netcap::layers::detail {

// `Derived` is the layer; it passes the bytes of its header (for a protocol
// that carries nothing, the whole message) once it has checked them.
template <class Derived>
class message_pdu : public Tins::PDU {
 public:
  Tins::PDU::PDUType pdu_type() const override { return Derived::pdu_flag; }
  std::uint32_t header_size() const override {
    return static_cast<std::uint32_t>(header_.size());
  }
  Tins::PDU* clone() const override {
    return new Derived(static_cast<const Derived&>(*this));
  }

  // The header's bytes as captured.
  detail::bytes header() const { return {header_.data(), header_.size()}; }

 protected:
  message_pdu() = default;
  void keep_header(const std::uint8_t* data, std::uint32_t size) {
    header_.assign(data, data + size);
  }

 private:
  void write_serialization(std::uint8_t* buffer, std::uint32_t total_sz) override {
    std::copy_n(header_.data(), std::min<std::size_t>(header_.size(), total_sz), buffer);
  }

  std::vector<std::uint8_t> header_;
};

}  // namespace netcap::layers::detail

#endif  // NETCAP_LAYERS_DETAIL_MESSAGE_PDU_HPP_
