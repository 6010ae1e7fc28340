// The SCTP layer encoder: one record per SCTP packet, with its chunk
// headers (netcap/layers/sctp.hpp).
#ifndef NETCAP_ENCODERS_SCTP_HPP_
#define NETCAP_ENCODERS_SCTP_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/sctp.hpp"
#include "proto/sctp.pb.h"

namespace netcap::encoders {

struct sctp {
  static constexpr std::string_view name = "SCTP";
  using record_type = SCTP;
  using layer_type = layers::sctp;

  void encode(const layers::sctp& sctp, const frame& f, SCTP& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_src_port(sctp.src_port());
    r.set_dst_port(sctp.dst_port());
    r.set_verification_tag(sctp.verification_tag());
    r.set_checksum(sctp.checksum());
    sctp.for_each_chunk([&r](const layers::sctp::chunk& c) {
      SCTPChunk* out = r.add_chunks();
      out->set_type(c.type);
      out->set_flags(c.flags);
      out->set_length(c.length);
    });
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_SCTP_HPP_
