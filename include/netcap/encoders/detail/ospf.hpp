// Internal: what the OSPFv2 and OSPFv3 encoders share: filling the parts of
// their records that have the same form in both versions.
#ifndef NETCAP_ENCODERS_DETAIL_OSPF_HPP_
#define NETCAP_ENCODERS_DETAIL_OSPF_HPP_

#include <cstddef>

#include "netcap/layers/ospf.hpp"
#include "proto/ospfv2.pb.h"

namespace netcap::detail {

inline void fill_lsa_header(const layers::ospf::lsa_header& h, LSAheader& out) {
  out.set_ls_age(h.age);
  out.set_ls_type(h.type);
  out.set_link_state_id(h.link_state_id);
  out.set_adv_router(h.advertising_router);
  out.set_ls_seq_number(h.sequence_number);
  out.set_ls_checksum(h.checksum);
  out.set_length(h.length);
  out.set_ls_options(h.options);
}

// The header and the body of every packet type except hello, which differs
// between the versions; the header alone for a truncated packet.
template <class Record>
void fill_ospf(const layers::ospf& ospf, Record& r) {
  r.set_version(ospf.version());
  r.set_type(ospf.type());
  r.set_packet_length(ospf.packet_length());
  r.set_router_id(ospf.router_id());
  r.set_area_id(ospf.area_id());
  r.set_checksum(ospf.checksum());
  if (ospf.truncated()) {
    // The header alone: the body's fixed part is not all there.
    r.set_truncated(true);
    return;
  }
  const layers::detail::bytes body = ospf.body();
  switch (ospf.type()) {
    case layers::ospf::database_description: {
      DbDescPkg* dd = r.mutable_db_desc();
      // RFC 2328 A.3.3: MTU, options, flags, sequence number; RFC 5340
      // A.3.3: reserved, 24 bits of options, MTU, reserved, flags, number.
      if (ospf.version() == 2) {
        dd->set_interface_mtu(body.be16(0));
        dd->set_options(body.u8(2));
        dd->set_flags(body.u8(3));
        dd->set_dd_seq_number(body.be32(4));
      } else {
        dd->set_options(body.be24(1));
        dd->set_interface_mtu(body.be16(4));
        dd->set_flags(body.u8(7));
        dd->set_dd_seq_number(body.be32(8));
      }
      ospf.for_each_lsa_header(ospf.database_description_fixed_length(),
                               [dd](const layers::ospf::lsa_header& h) {
                                 fill_lsa_header(h, *dd->add_lsa_info());
                               });
      break;
    }
    case layers::ospf::link_state_request:
      ospf.for_each_request([&r](const layers::ospf::request& q) {
        LSReq* out = r.add_lsr();
        out->set_ls_type(static_cast<int>(q.type));
        out->set_lsid(q.link_state_id);
        out->set_adv_router(q.advertising_router);
      });
      break;
    case layers::ospf::link_state_update: {
      LSUpdate* lsu = r.mutable_lsu();
      lsu->set_num_of_lsas(ospf.number_of_lsas());
      ospf.for_each_updated_lsa([lsu](const layers::ospf::lsa_header& h) {
        fill_lsa_header(h, *lsu->add_lsas()->mutable_header());
      });
      break;
    }
    case layers::ospf::link_state_ack:
      ospf.for_each_lsa_header(0, [&r](const layers::ospf::lsa_header& h) {
        fill_lsa_header(h, *r.add_lsas());
      });
      break;
    default:
      break;
  }
}

// The hello fields both versions have, read from `body` (RFC 2328 A.3.2,
// RFC 5340 A.3.2), and the neighbors after the 20-byte fixed part.
template <class Hello>
void fill_hello(const layers::ospf& ospf, Hello& hello) {
  const layers::detail::bytes body = ospf.body();
  if (ospf.version() == 2) {
    hello.set_hello_interval(body.be16(4));
    hello.set_options(body.u8(6));
    hello.set_rtr_priority(body.u8(7));
    hello.set_router_dead_interval(body.be32(8));
  } else {
    hello.set_interface_id(body.be32(0));
    hello.set_rtr_priority(body.u8(4));
    hello.set_options(body.be24(5));
    hello.set_hello_interval(body.be16(8));
    hello.set_router_dead_interval(body.be16(10));
  }
  hello.set_designated_router_id(body.be32(12));
  hello.set_backup_designated_router_id(body.be32(16));
  for (std::size_t at = 20; body.fits(at, 4); at += 4) hello.add_neighbor_id(body.be32(at));
}

}  // namespace netcap::detail

#endif  // NETCAP_ENCODERS_DETAIL_OSPF_HPP_
