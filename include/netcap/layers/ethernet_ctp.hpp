// The Ethernet Configuration Testing Protocol (the "loopback" protocol of
// Ethernet II, EtherType 0x9000), as a layer netcap adds to libtins.
//
// Layout (Ethernet II specification, version 2.0, section 8; see also
// http://www.mit.edu/people/jhawk/ctp.html): a little-endian skip count,
// then a list of functions, each a little-endian function code: forward
// data (2) with the 6-byte address to send the frame to next, or reply (1)
// with a little-endian receipt number and data. As gopacket does, the
// functions are read in order from the start, whatever the skip count says,
// up to the first reply.
#ifndef NETCAP_LAYERS_ETHERNET_CTP_HPP_
#define NETCAP_LAYERS_ETHERNET_CTP_HPP_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/exceptions.h>
#include <tins/pdu.h>

namespace netcap::layers {

class ethernet_ctp : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 3);
  static constexpr std::array<std::uint16_t, 1> ether_types = {0x9000};
  static constexpr std::string_view name = "EthernetCTP";

  static constexpr std::uint16_t reply_function = 1;
  static constexpr std::uint16_t forward_data_function = 2;

  // Throws Tins::malformed_packet when the skip count is cut short or odd
  // (it counts bytes of whole functions, so gopacket rejects an odd one), or
  // when a function is cut short or has an unknown code.
  ethernet_ctp(const std::uint8_t* data, std::uint32_t size) {
    if (size < 2) throw Tins::malformed_packet();
    skip_count_ = le16(data);
    if (skip_count_ % 2 != 0) throw Tins::malformed_packet();
    std::uint32_t at = 2;
    // Each forward function takes 8 bytes, so this ends.
    while (at < size) {
      if (size - at < 2) throw Tins::malformed_packet();
      const std::uint16_t function = le16(data + at);
      if (function == forward_data_function) {
        if (size - at < 8) throw Tins::malformed_packet();
        at += 8;
        ++forwards_;
      } else if (function == reply_function) {
        if (size - at < 4) throw Tins::malformed_packet();
        has_reply_ = true;
        receipt_number_ = le16(data + at + 2);
        data_.assign(data + at + 4, data + size);
        break;
      } else {
        throw Tins::malformed_packet();
      }
    }
    size_ = size;
  }

  std::uint16_t skip_count() const { return skip_count_; }
  // The number of forward data functions before the reply.
  int forwards() const { return forwards_; }
  bool has_reply() const { return has_reply_; }
  std::uint16_t receipt_number() const { return receipt_number_; }
  // Everything after the reply's receipt number, link-layer padding included
  // (as gopacket's Data).
  std::string_view reply_data() const {
    return {reinterpret_cast<const char*>(data_.data()), data_.size()};
  }

  std::uint32_t header_size() const override { return size_; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  ethernet_ctp* clone() const override { return new ethernet_ctp(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  static std::uint16_t le16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
  }

  std::uint16_t skip_count_ = 0;
  int forwards_ = 0;
  bool has_reply_ = false;
  std::uint16_t receipt_number_ = 0;
  std::vector<std::uint8_t> data_;
  std::uint32_t size_ = 0;
};

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_ETHERNET_CTP_HPP_
