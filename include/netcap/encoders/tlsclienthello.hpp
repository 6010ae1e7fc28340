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

struct tlsclienthello : netcap::detail::stream_encoder<
    netcap::detail::tls_connection<netcap::detail::tls_client_hello>> {
  static constexpr std::string_view name = "TLSClientHello";
  using record_type = TLSClientHello;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_TLSCLIENTHELLO_HPP_
