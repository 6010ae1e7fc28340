// The TLSServerHello encoder: one record per TLS ServerHello, with its
// JA3S fingerprint, found by content on any TCP port after stream
// reassembly (netcap/streams/reassembly.hpp), however many segments and
// TLS records the hello spans (encoders/detail/tls.hpp).
#ifndef NETCAP_ENCODERS_TLSSERVERHELLO_HPP_
#define NETCAP_ENCODERS_TLSSERVERHELLO_HPP_

#include <string_view>

#include <tins/ethernetII.h>
#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/tcp_stream.hpp"
#include "netcap/encoders/detail/tls.hpp"
#include "netcap/streams/reassembly.hpp"
#include "proto/tlsserverhello.pb.h"

namespace netcap::encoders {

struct tlsserverhello : netcap::detail::stream_encoder<
    netcap::detail::tls_connection<netcap::detail::tls_server_hello>> {
  static constexpr std::string_view name = "TLSServerHello";
  using record_type = TLSServerHello;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_TLSSERVERHELLO_HPP_
