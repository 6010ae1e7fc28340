// What the stream encoders (HTTP, TLS) share: turning a dissected packet
// into the `tcp_segment` the reassembler takes (netcap/streams/), the
// context their parsers emit records through, and `stream_encoder`, which
// is each of them but for its name and record type.
#ifndef NETCAP_ENCODERS_DETAIL_TCP_STREAM_HPP_
#define NETCAP_ENCODERS_DETAIL_TCP_STREAM_HPP_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <tins/ethernetII.h>
#include <tins/ip.h>
#include <tins/ipv6.h>
#include <tins/pdu.h>
#include <tins/tcp.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/payload.hpp"
#include "netcap/streams/reassembly.hpp"

namespace netcap::detail {

// Describes the first TCP layer of a packet, and the IPv4 or IPv6 layer
// around it, as a segment; false for a packet without both. The payload
// points into libtins' copy of the packet, valid while the packet is.
inline bool tcp_segment_of(const Tins::PDU& root, const frame& f, streams::tcp_segment& s) {
  const auto* tcp = root.find_pdu<Tins::TCP>();
  if (tcp == nullptr) return false;
  const Tins::PDU* ip = tcp->parent_pdu();
  if (ip == nullptr) return false;
  if (ip->pdu_type() == Tins::PDU::IP) {
    const auto& v4 = static_cast<const Tins::IP&>(*ip);
    const std::uint32_t src = v4.src_addr();  // network byte order
    const std::uint32_t dst = v4.dst_addr();
    s.address_size = 4;
    s.src.fill(0);
    s.dst.fill(0);
    std::memcpy(s.src.data(), &src, 4);
    std::memcpy(s.dst.data(), &dst, 4);
  } else if (ip->pdu_type() == Tins::PDU::IPv6) {
    const auto& v6 = static_cast<const Tins::IPv6&>(*ip);
    s.address_size = 16;
    std::memcpy(s.src.data(), v6.src_addr().begin(), 16);
    std::memcpy(s.dst.data(), v6.dst_addr().begin(), 16);
  } else {
    return false;
  }
  s.timestamp_ns = f.timestamp_ns;
  s.src_port = tcp->sport();
  s.dst_port = tcp->dport();
  s.seq = tcp->seq();
  const unsigned flags = tcp->flags();
  s.syn = (flags & Tins::TCP::SYN) != 0;
  s.ack = (flags & Tins::TCP::ACK) != 0;
  s.fin = (flags & Tins::TCP::FIN) != 0;
  s.rst = (flags & Tins::TCP::RST) != 0;
  const std::string_view payload = raw_payload(*tcp);
  s.data = reinterpret_cast<const std::uint8_t*>(payload.data());
  s.size = payload.size();
  return true;
}

// The reassembler's bounds as the run's options set them.
inline streams::stream_limits stream_limits_of(const encode_options& options) {
  streams::stream_limits limits;
  limits.max_stream_buffer = options.max_stream_buffer;
  limits.max_buffer_total = options.max_buffer_total;
  limits.max_streams = options.max_streams;
  return limits;
}

// What a stream parser emits records through: the encoder's sink, and the
// MAC addresses of the packet being processed (none at the end of input).
template <class Sink>
struct stream_context {
  Sink& sink;
  const Tins::EthernetII* ethernet = nullptr;
};

// Sets a record's MAC fields from the Ethernet layer of the packet being
// processed, if it has one.
template <class Record>
void set_macs(const Tins::EthernetII* ethernet, Record& r) {
  if (ethernet == nullptr) return;
  r.set_src_mac(ethernet->src_addr().begin(), Tins::EthernetII::address_type::address_size);
  r.set_dst_mac(ethernet->dst_addr().begin(), Tins::EthernetII::address_type::address_size);
}

// Sets a record's addresses and ports: from the endpoint that sent
// direction `from` to the other.
template <class Record>
void set_endpoints(const streams::connection_info& info, int from, Record& r) {
  const std::size_t n = info.key.address_size;
  r.set_src_ip(info.address(from), n);
  r.set_dst_ip(info.address(1 - from), n);
  r.set_src_port(info.port(from));
  r.set_dst_port(info.port(1 - from));
}

// The body of a stream encoder: it reassembles the TCP connections it sees
// and hands each direction's bytes to `Connection`, the protocol's parser,
// which emits records through a `stream_context`. An encoder derives from it
// and adds `name` and `record_type`:
//
//   struct http : netcap::detail::stream_encoder<netcap::detail::http_connection> {
//     static constexpr std::string_view name = "HTTP";
//     using record_type = HTTP;
//   };
template <class Connection>
class stream_encoder {
 public:
  template <class Sink>
  void encode(const Tins::PDU& root, const frame& f, Sink& sink) {
    if (!configured_) {
      table_.set_limits(stream_limits_of(f.options));
      configured_ = true;
    }
    if (!tcp_segment_of(root, f, segment_)) return;
    stream_context<Sink> ctx{sink, root.find_pdu<Tins::EthernetII>()};
    table_.add(segment_, ctx);
  }

  template <class Sink>
  void flush(Sink& sink) {
    stream_context<Sink> ctx{sink};
    table_.flush(ctx);
  }

 private:
  streams::stream_table<Connection> table_;
  streams::tcp_segment segment_;  // reused for every packet: no allocation
  bool configured_ = false;
};

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_TCP_STREAM_HPP_
