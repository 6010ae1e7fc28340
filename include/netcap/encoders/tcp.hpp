// The TCP layer encoder: one record per TCP header.
#ifndef NETCAP_ENCODERS_TCP_HPP_
#define NETCAP_ENCODERS_TCP_HPP_

#include <cstdint>
#include <string>
#include <string_view>

#include <tins/tcp.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "proto/tcp.pb.h"

namespace netcap::encoders {

struct tcp {
  static constexpr std::string_view name = "TCP";
  using record_type = TCP;
  using layer_type = Tins::TCP;

  void encode(const Tins::TCP& tcp, const frame& f, TCP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_src_port(tcp.sport());
    r.set_dst_port(tcp.dport());
    r.set_seq_num(tcp.seq());
    r.set_ack_num(tcp.ack_seq());
    r.set_data_offset(tcp.data_offset());
    // libtins' flags() holds the flags byte in its low eight bits and the
    // four bits before it (RFC 9293, section 3.1) above them; the lowest of
    // those is RFC 3540's nonce sum bit.
    const unsigned flags = tcp.flags();
    r.set_fin(flags & Tins::TCP::FIN);
    r.set_syn(flags & Tins::TCP::SYN);
    r.set_rst(flags & Tins::TCP::RST);
    r.set_psh(flags & Tins::TCP::PSH);
    r.set_ack(flags & Tins::TCP::ACK);
    r.set_urg(flags & Tins::TCP::URG);
    r.set_ece(flags & Tins::TCP::ECE);
    r.set_cwr(flags & Tins::TCP::CWR);
    r.set_ns(flags & 0x100);
    r.set_window(tcp.window());
    r.set_checksum(tcp.checksum());
    r.set_urgent(tcp.urg_ptr());
    encode_options(tcp, r);
    r.set_payload_size(detail::payload_size(tcp));
    if (f.options.entropy || f.options.payloads) {
      const std::string_view payload = detail::raw_payload(tcp);
      if (f.options.entropy) r.set_payload_entropy(detail::entropy(payload));
      if (f.options.payloads) r.set_payload(payload.data(), payload.size());
    }
  }

 private:
  // The options up to and including the first end of option list, as the Go
  // netcap listed them; the bytes after it are the padding. End of option
  // list and no operation are one byte long; every other option has a length
  // field that counts its kind and length bytes (RFC 9293, section 3.1).
  //
  // libtins 4.0 reads the whole option space, past an end of option list,
  // and keeps every option it finds there with its data but without its
  // length field, which it checked to be the data's length plus two. So the
  // bytes are restored exactly, the padding included.
  static void encode_options(const Tins::TCP& tcp, TCP& r) {
    std::string* padding = nullptr;
    for (const Tins::TCP::option& option : tcp.options()) {
      const std::uint8_t kind = option.option();
      const bool one_byte = kind == Tins::TCP::EOL || kind == Tins::TCP::NOP;
      const std::size_t length = one_byte ? 1 : 2 + option.data_size();
      if (padding != nullptr) {
        padding->push_back(static_cast<char>(kind));
        if (!one_byte) {
          padding->push_back(static_cast<char>(length));
          padding->append(reinterpret_cast<const char*>(option.data_ptr()),
                          option.data_size());
        }
        continue;
      }
      TCPOption* out = r.add_options();
      out->set_option_type(kind);
      out->set_option_length(static_cast<std::int32_t>(length));
      out->set_option_data(option.data_ptr(), option.data_size());
      if (kind == Tins::TCP::EOL) padding = r.mutable_padding();
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_TCP_HPP_
