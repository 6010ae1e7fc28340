#include "netcap/encoders/dns.hpp"

#include <pcap/dlt.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

// Counts heap allocations, to show that encoding a warmed-up record
// allocates nothing.
namespace {
std::atomic<long> allocations{0};
}  // namespace

// Not inlined: GCC 12 otherwise sees free() meet memory from `new` at each
// call site and warns (-Wmismatched-new-delete) though they match here.
[[gnu::noinline]] void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace netcap::encoders {
namespace {

using netcap::testing::ipv4_bytes;
using netcap::testing::ipv6_bytes;

// What `pipeline<dns>` made of packets: its records and the error the
// pipeline reported for the last one.
using outcome = netcap::testing::packet_outcome<DNS>;

outcome run(Tins::PDU& packet) { return netcap::testing::run_packet<dns>(packet); }

// A DNS message in a UDP datagram from port 40000 to `port`.
outcome run_udp(const std::string& message, std::uint16_t port = 53) {
  return netcap::testing::run_payload<dns>(message, port, 40000, "10.0.0.1", "10.0.0.2");
}

std::string u16(std::uint16_t v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}
std::string u32(std::uint32_t v) { return u16(v >> 16) + u16(v & 0xffff); }

std::string header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd,
                   std::uint16_t an = 0, std::uint16_t ns = 0, std::uint16_t ar = 0) {
  return u16(id) + u16(flags) + u16(qd) + u16(an) + u16(ns) + u16(ar);
}

std::string serialized(Tins::DNS& message) {
  const std::vector<std::uint8_t> bytes = message.serialize();
  return std::string(bytes.begin(), bytes.end());
}

TEST(DnsEncoder, FillsQueryFields) {
  Tins::DNS query;
  query.id(0x1234);
  query.recursion_desired(1);
  query.add_query(Tins::DNS::query("www.example.com", Tins::DNS::AAAA, Tins::DNS::INTERNET));
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(53, 40000) / query;
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DNS& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.id(), 0x1234);
  EXPECT_FALSE(r.qr());
  EXPECT_EQ(r.op_code(), 0);
  EXPECT_FALSE(r.aa());
  EXPECT_FALSE(r.tc());
  EXPECT_TRUE(r.rd());
  EXPECT_FALSE(r.ra());
  EXPECT_EQ(r.z(), 0);
  EXPECT_EQ(r.response_code(), 0);
  EXPECT_EQ(r.qd_count(), 1);
  EXPECT_EQ(r.an_count(), 0);
  ASSERT_EQ(r.questions_size(), 1);
  EXPECT_EQ(r.questions(0).name(), "www.example.com");
  EXPECT_EQ(r.questions(0).type(), 28);
  EXPECT_EQ(r.questions(0).class_(), 1);
  EXPECT_EQ(r.answers_size(), 0);
}

TEST(DnsEncoder, FillsEveryRecordType) {
  Tins::DNS response;
  response.id(0xabcd);
  response.type(Tins::DNS::RESPONSE);
  response.authoritative_answer(1);
  response.recursion_desired(1);
  response.recursion_available(1);
  response.rcode(3);
  response.add_query(Tins::DNS::query("example.com", Tins::DNS::A, Tins::DNS::INTERNET));
  using resource = Tins::DNS::resource;
  response.add_answer(resource("example.com", "192.0.2.1", Tins::DNS::A, 1, 300));
  response.add_answer(resource("example.com", "2001:db8::1", Tins::DNS::AAAA, 1, 301));
  response.add_answer(resource("www.example.com", "example.com", Tins::DNS::CNAME, 1, 302));
  response.add_answer(resource("example.com", "mail.example.com", Tins::DNS::MX, 1, 303, 10));
  response.add_answer(resource("1.2.0.192.in-addr.arpa", "host.example.com",
                               Tins::DNS::PTR, 1, 304));
  response.add_answer(resource("example.com", std::string("\x05hello\x07w.o\\rld", 14),
                               Tins::DNS::TXT, 1, 305));
  // RFC 2782: priority 1, weight 2, port 5060, target sip.example.com.
  response.add_answer(resource("_sip._udp.example.com",
                               u16(1) + u16(2) + u16(5060) +
                                   std::string("\x03sip\x07" "example\x03" "com\x00", 17),
                               Tins::DNS::SRV, 1, 306));
  response.add_authority(resource("example.com", "ns1.example.com", Tins::DNS::NS, 1, 400));
  const Tins::DNS::soa_record soa("ns1.example.com", "hostmaster.example.com", 2021010201,
                                  7200, 3600, 1209600, 300);
  const std::vector<std::uint8_t> soa_bytes = soa.serialize();
  response.add_authority(resource("example.com",
                                  std::string(soa_bytes.begin(), soa_bytes.end()),
                                  Tins::DNS::SOA, 1, 401));
  response.add_additional(resource("ns1.example.com", "192.0.2.53", Tins::DNS::A, 1, 500));

  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(40000, 53) / response;
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DNS& r = out.records[0];
  EXPECT_EQ(r.id(), 0xabcd);
  EXPECT_TRUE(r.qr());
  EXPECT_TRUE(r.aa());
  EXPECT_TRUE(r.rd());
  EXPECT_TRUE(r.ra());
  EXPECT_EQ(r.response_code(), 3);
  EXPECT_EQ(r.qd_count(), 1);
  EXPECT_EQ(r.an_count(), 7);
  EXPECT_EQ(r.ns_count(), 2);
  EXPECT_EQ(r.ar_count(), 1);
  ASSERT_EQ(r.answers_size(), 7);
  ASSERT_EQ(r.authorities_size(), 2);
  ASSERT_EQ(r.additionals_size(), 1);

  const DNSResourceRecord& a = r.answers(0);
  EXPECT_EQ(a.name(), "example.com");
  EXPECT_EQ(a.type(), 1);
  EXPECT_EQ(a.class_(), 1);
  EXPECT_EQ(a.ttl(), 300u);
  EXPECT_EQ(a.data_length(), 4);
  EXPECT_EQ(a.data(), ipv4_bytes("192.0.2.1"));
  EXPECT_EQ(a.ip(), ipv4_bytes("192.0.2.1"));

  const DNSResourceRecord& aaaa = r.answers(1);
  EXPECT_EQ(aaaa.type(), 28);
  EXPECT_EQ(aaaa.data_length(), 16);
  EXPECT_EQ(aaaa.ip(), ipv6_bytes("2001:db8::1"));

  const DNSResourceRecord& cname = r.answers(2);
  EXPECT_EQ(cname.name(), "www.example.com");
  EXPECT_EQ(cname.cname(), "example.com");
  EXPECT_EQ(cname.data(), std::string("\x07" "example\x03" "com\x00", 13));
  EXPECT_TRUE(cname.ip().empty());

  const DNSResourceRecord& mx = r.answers(3);
  EXPECT_EQ(mx.ttl(), 303u);
  EXPECT_EQ(mx.mx().preference(), 10);
  EXPECT_EQ(mx.mx().name(), "mail.example.com");

  const DNSResourceRecord& ptr = r.answers(4);
  EXPECT_EQ(ptr.name(), "1.2.0.192.in-addr.arpa");
  EXPECT_EQ(ptr.ptr(), "host.example.com");

  const DNSResourceRecord& txt = r.answers(5);
  ASSERT_EQ(txt.txts_size(), 2);
  EXPECT_EQ(txt.txts(0), "hello");
  // As text: the backslash is escaped, the dot is not.
  EXPECT_EQ(txt.txts(1), "w.o\\\\rld");

  const DNSResourceRecord& srv = r.answers(6);
  EXPECT_EQ(srv.name(), "_sip._udp.example.com");
  EXPECT_EQ(srv.srv().priority(), 1);
  EXPECT_EQ(srv.srv().weight(), 2);
  EXPECT_EQ(srv.srv().port(), 5060);
  EXPECT_EQ(srv.srv().name(), "sip.example.com");

  const DNSResourceRecord& ns = r.authorities(0);
  EXPECT_EQ(ns.ttl(), 400u);
  EXPECT_EQ(ns.ns(), "ns1.example.com");

  const DNSSOA& s = r.authorities(1).soa();
  EXPECT_EQ(s.mname(), "ns1.example.com");
  EXPECT_EQ(s.rname(), "hostmaster.example.com");
  EXPECT_EQ(s.serial(), 2021010201u);
  EXPECT_EQ(s.refresh(), 7200u);
  EXPECT_EQ(s.retry(), 3600u);
  EXPECT_EQ(s.expire(), 1209600u);
  EXPECT_EQ(s.minimum(), 300u);

  EXPECT_EQ(r.additionals(0).name(), "ns1.example.com");
  EXPECT_EQ(r.additionals(0).ip(), ipv4_bytes("192.0.2.53"));
}

TEST(DnsEncoder, FollowsCompressionPointers) {
  // www.example.com at 12; "example.com" starts at 16.
  const std::string question = std::string("\x03www\x07" "example\x03" "com\x00", 17) +
                               u16(1) + u16(1);
  const std::string cname_data = std::string("\x03" "cdn", 4) + "\xc0\x10";
  const std::string message = header(7, 0x8180, 1, 2) + question +
                              "\xc0\x0c" + u16(5) + u16(1) + u32(60) + u16(6) + cname_data +
                              "\xc0\x2d" + u16(1) + u16(1) + u32(60) + u16(4) + u32(0x0a000001);
  const outcome out = run_udp(message);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const DNS& r = out.records[0];
  ASSERT_EQ(r.answers_size(), 2);
  EXPECT_EQ(r.answers(0).name(), "www.example.com");
  EXPECT_EQ(r.answers(0).cname(), "cdn.example.com");
  // The data stays as sent, pointer included.
  EXPECT_EQ(r.answers(0).data(), cname_data);
  // The second answer's name points at the CNAME's data (offset 45).
  EXPECT_EQ(r.answers(1).name(), "cdn.example.com");
  EXPECT_EQ(r.answers(1).ip(), ipv4_bytes("10.0.0.1"));
}

TEST(DnsEncoder, PointerLoopIsAnErrorNotAHang) {
  // tcpdump's dns-zlip-1: a name that is a pointer to itself.
  const outcome out = run_udp(header(0xed69, 0, 1) + "\xc0\x0c" + u16(1) + u16(1));
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "DNS: name pointer loop");
}

TEST(DnsEncoder, ForwardPointerIsAnError) {
  const outcome out = run_udp(header(1, 0, 2) + "\xc0\x12" + u16(1) + u16(1) +
                              std::string("\x01" "a\x00", 3) + u16(1) + u16(1));
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "DNS: forward name pointer");
}

TEST(DnsEncoder, TruncatedHeaderIsAnError) {
  const outcome out = run_udp(header(1, 0, 0).substr(0, 11));
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "DNS: truncated header");
}

TEST(DnsEncoder, TruncatedRecordIsAnError) {
  const std::string message = header(1, 0x8180, 1, 1) + std::string("\x01" "a\x00", 3) +
                              u16(1) + u16(1) + "\xc0\x0c" + u16(1) + u16(1) + u32(60) +
                              u16(4) + "\x01\x02\x03";
  const outcome out = run_udp(message);
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "DNS: truncated record");
}

TEST(DnsEncoder, LabelLongerThan63IsAnError) {
  const outcome out = run_udp(header(1, 0, 1) + "\x40" + std::string(64, 'a') + '\0' +
                              u16(1) + u16(1));
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "DNS: label too long");
}

TEST(DnsEncoder, EscapesNames) {
  // One label "a.b", one holding a zero byte, then "example".
  const std::string name = std::string("\x03" "a.b\x03" "x\x00y\x07" "example\x00", 17);
  const outcome out = run_udp(header(1, 0, 1) + name + u16(1) + u16(1));
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].questions(0).name(), "a\\.b.x\\000y.example");
}

TEST(DnsEncoder, DecodesDnsOverTcp) {
  Tins::DNS query;
  query.id(0x4242);
  query.add_query(Tins::DNS::query("example.com", Tins::DNS::SOA, Tins::DNS::INTERNET));
  const std::string message = serialized(query);
  Tins::EthernetII packet =
      Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(53, 40000) /
      Tins::RawPDU(u16(static_cast<std::uint16_t>(message.size())) + message);
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].id(), 0x4242);
  EXPECT_EQ(out.records[0].questions(0).name(), "example.com");
  EXPECT_EQ(out.records[0].questions(0).type(), 6);

  // A segment with only the start of a message is not decoded.
  Tins::EthernetII cut =
      Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / Tins::TCP(53, 40000) /
      Tins::RawPDU(u16(static_cast<std::uint16_t>(message.size() + 100)) + message);
  const outcome cut_out = run(cut);
  EXPECT_TRUE(cut_out.records.empty());
  EXPECT_EQ(cut_out.error, "DNS: TCP message spans segments");
}

TEST(DnsEncoder, DecodesMdns) {
  // RFC 6762 10.2: the top bit of the class is the cache-flush bit; the
  // record keeps the class as sent.
  Tins::DNS response;
  response.type(Tins::DNS::RESPONSE);
  response.authoritative_answer(1);
  response.add_answer(Tins::DNS::resource("printer.local", "192.168.1.20", Tins::DNS::A,
                                          0x8001, 120));
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("224.0.0.251", "192.168.1.20") /
                            Tins::UDP(5353, 5353) / response;
  const outcome out = run(packet);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  ASSERT_EQ(out.records[0].answers_size(), 1);
  EXPECT_EQ(out.records[0].answers(0).name(), "printer.local");
  EXPECT_EQ(out.records[0].answers(0).class_(), 0x8001);
  EXPECT_EQ(out.records[0].answers(0).ip(), ipv4_bytes("192.168.1.20"));
}

TEST(DnsEncoder, IgnoresOtherPorts) {
  Tins::DNS query;
  query.add_query(Tins::DNS::query("example.com", Tins::DNS::A, Tins::DNS::INTERNET));
  const outcome out = run_udp(serialized(query), 8053);
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.error, "");
}

TEST(DnsEncoder, ReusedRecordKeepsNothingFromThePreviousPacket) {
  Tins::DNS response;
  response.type(Tins::DNS::RESPONSE);
  response.add_query(Tins::DNS::query("example.com", Tins::DNS::MX, Tins::DNS::INTERNET));
  response.add_answer(
      Tins::DNS::resource("example.com", "mail.example.com", Tins::DNS::MX, 1, 60, 5));
  response.add_answer(
      Tins::DNS::resource("example.com", "192.0.2.1", Tins::DNS::A, 1, 60));
  Tins::DNS query;
  query.add_query(Tins::DNS::query("a", Tins::DNS::A, Tins::DNS::INTERNET));
  Tins::EthernetII first = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                           Tins::UDP(40000, 53) / response;
  Tins::EthernetII second = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(53, 40000) / query;
  const outcome out = netcap::testing::run_frames<dns>({first.serialize(), second.serialize()});
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].answers_size(), 2);
  const DNS& r = out.records[1];
  EXPECT_EQ(r.answers_size(), 0);
  ASSERT_EQ(r.questions_size(), 1);
  EXPECT_EQ(r.questions(0).name(), "a");
  EXPECT_FALSE(r.qr());
}

// Drops every record; for measuring the pipeline alone.
struct null_sink {
  template <class Record>
  void write(std::size_t, const Record&) {}
};

TEST(DnsEncoder, WarmRecordAllocatesNothing) {
  Tins::DNS response;
  response.type(Tins::DNS::RESPONSE);
  response.add_query(Tins::DNS::query("www.example.com", Tins::DNS::A, Tins::DNS::INTERNET));
  response.add_answer(
      Tins::DNS::resource("www.example.com", "cdn.example.net", Tins::DNS::CNAME, 1, 60));
  response.add_answer(
      Tins::DNS::resource("cdn.example.net", "192.0.2.1", Tins::DNS::A, 1, 60));
  response.add_answer(Tins::DNS::resource("cdn.example.net", std::string("\x03" "abc", 4),
                                          Tins::DNS::TXT, 1, 60));
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(40000, 53) / response;
  const std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  f.data = bytes.data();
  f.captured_length = f.original_length = static_cast<std::uint32_t>(bytes.size());
  f.link_type = DLT_EN10MB;
  const dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  pipeline<dns> p;
  null_sink sink;
  ASSERT_EQ(p.process(d.root.get(), f, sink).error, "");  // warms the record
  const long before = allocations.load();
  for (int i = 0; i < 3; ++i) p.process(d.root.get(), f, sink);
  EXPECT_EQ(allocations.load() - before, 0);
}

}  // namespace
}  // namespace netcap::encoders
