// The TLSClientHello encoder: one record per TLS ClientHello, with its
// JA3 fingerprint, found by content on any TCP port after stream
// reassembly (netcap/streams/reassembly.hpp), however many segments and
// TLS records the hello spans (encoders/detail/tls.hpp).
#ifndef NETCAP_ENCODERS_TLSCLIENTHELLO_HPP_
#define NETCAP_ENCODERS_TLSCLIENTHELLO_HPP_

#include <string_view>

#include <tins/ethernetII.h>
#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/tcp_stream.hpp"
#include "netcap/encoders/detail/tls.hpp"
#include "netcap/streams/reassembly.hpp"
#include "proto/tlsclienthello.pb.h"

namespace netcap::encoders {

struct tlsclienthello {
  static constexpr std::string_view name = "TLSClientHello";
  using record_type = TLSClientHello;

  template <class Sink>
  void encode(const Tins::PDU& root, const frame& f, Sink& sink) {
    if (!configured_) {
      table_.set_limits(netcap::detail::stream_limits_of(f.options));
      configured_ = true;
    }
    if (!netcap::detail::tcp_segment_of(root, f, segment_)) return;
    netcap::detail::stream_context<Sink> ctx{sink, root.find_pdu<Tins::EthernetII>()};
    table_.add(segment_, ctx);
  }

  template <class Sink>
  void flush(Sink& sink) {
    netcap::detail::stream_context<Sink> ctx{sink};
    table_.flush(ctx);
  }

 private:
  streams::stream_table<netcap::detail::tls_connection<netcap::detail::tls_client_hello>> table_;
  streams::tcp_segment segment_;
  bool configured_ = false;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_TLSCLIENTHELLO_HPP_
