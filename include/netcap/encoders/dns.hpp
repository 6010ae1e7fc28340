// The DNS layer encoder: one record per DNS message that netcap's own DNS
// layer (netcap/layers/dns.hpp) decoded, with its header, its questions and
// its three sections of resource records, and the data of the common record
// types interpreted.
//
// Names and strings are written into the record's existing strings and its
// repeated fields reuse their cleared elements, so a warmed-up record costs
// no allocation (tests/encoders/dns_test.cc counts them), except for SOA,
// SRV and MX records: protobuf's generated Clear() deletes singular
// sub-messages, so `mutable_soa()` allocates anew for each such record.
#ifndef NETCAP_ENCODERS_DNS_HPP_
#define NETCAP_ENCODERS_DNS_HPP_

#include <string_view>

#include "netcap/core/frame.hpp"
#include "netcap/layers/dns.hpp"
#include "proto/dns.pb.h"

namespace netcap::encoders {

struct dns {
  static constexpr std::string_view name = "DNS";
  using record_type = DNS;
  using layer_type = layers::dns;

  void encode(const layers::dns& message, const frame& f, DNS& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_id(message.id());
    r.set_qr(message.qr());
    r.set_op_code(message.op_code());
    r.set_aa(message.aa());
    r.set_tc(message.tc());
    r.set_rd(message.rd());
    r.set_ra(message.ra());
    r.set_z(message.z());
    r.set_response_code(message.response_code());
    r.set_qd_count(message.qd_count());
    r.set_an_count(message.an_count());
    r.set_ns_count(message.ns_count());
    r.set_ar_count(message.ar_count());
    for (const layers::dns::question& q : message.questions()) {
      DNSQuestion& out = *r.add_questions();
      message.name_text(q.name, *out.mutable_name());
      out.set_type(q.type);
      out.set_class_(q.dns_class);
    }
    for (const auto& rr : message.answers()) {
      encode_record(message, rr, *r.add_answers());
    }
    for (const auto& rr : message.authorities()) {
      encode_record(message, rr, *r.add_authorities());
    }
    for (const auto& rr : message.additionals()) {
      encode_record(message, rr, *r.add_additionals());
    }
  }

 private:
  static void encode_record(const layers::dns& message,
                            const layers::dns::resource_record& rr,
                            DNSResourceRecord& out) {
    namespace type = layers::dns_type;
    message.name_text(rr.name, *out.mutable_name());
    out.set_type(rr.type);
    out.set_class_(rr.dns_class);
    out.set_ttl(rr.ttl);
    out.set_data_length(rr.data_length);
    const std::string_view data = message.data(rr);
    out.mutable_data()->assign(data.data(), data.size());
    // Empty data (a dynamic update's RRset deletion, RFC 2136 2.5) has
    // nothing to interpret.
    if (data.empty()) return;
    switch (rr.type) {
      case type::a:
      case type::aaaa:
        out.mutable_ip()->assign(data.data(), data.size());
        break;
      case type::ns:
        message.name_text(message.data_name(rr), *out.mutable_ns());
        break;
      case type::cname:
        message.name_text(message.data_name(rr), *out.mutable_cname());
        break;
      case type::ptr:
        message.name_text(message.data_name(rr), *out.mutable_ptr());
        break;
      case type::mx: {
        const layers::dns::mx_data mx = message.mx(rr);
        DNSMX& m = *out.mutable_mx();
        m.set_preference(mx.preference);
        message.name_text(mx.exchange, *m.mutable_name());
        break;
      }
      case type::srv: {
        const layers::dns::srv_data srv = message.srv(rr);
        DNSSRV& s = *out.mutable_srv();
        s.set_priority(srv.priority);
        s.set_weight(srv.weight);
        s.set_port(srv.port);
        message.name_text(srv.target, *s.mutable_name());
        break;
      }
      case type::soa: {
        const layers::dns::soa_data soa = message.soa(rr);
        DNSSOA& s = *out.mutable_soa();
        message.name_text(soa.mname, *s.mutable_mname());
        message.name_text(soa.rname, *s.mutable_rname());
        s.set_serial(soa.serial);
        s.set_refresh(soa.refresh);
        s.set_retry(soa.retry);
        s.set_expire(soa.expire);
        s.set_minimum(soa.minimum);
        break;
      }
      case type::txt:
        message.for_each_txt(rr, [&out](std::string_view text) {
          std::string& t = *out.add_txts();
          t.clear();
          layers::dns::append_escaped_text(text, t);
        });
        break;
      default:
        break;
    }
  }
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_DNS_HPP_
