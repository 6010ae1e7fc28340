#include "netcap/layers/dns.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"

// Counts heap allocations, to show that decoding allocates nothing once the
// layer's vectors have grown.
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

namespace netcap::layers {
namespace {

// Builds DNS messages byte by byte, so tests can say exactly what is on the
// wire, malformed or not.
class message_builder {
 public:
  message_builder& header(std::uint16_t id, std::uint16_t flags, std::uint16_t qd,
                          std::uint16_t an = 0, std::uint16_t ns = 0,
                          std::uint16_t ar = 0) {
    return u16(id).u16(flags).u16(qd).u16(an).u16(ns).u16(ar);
  }
  message_builder& u8(std::uint8_t v) {
    bytes_.push_back(v);
    return *this;
  }
  message_builder& u16(std::uint16_t v) { return u8(v >> 8).u8(v & 0xff); }
  message_builder& u32(std::uint32_t v) { return u16(v >> 16).u16(v & 0xffff); }
  message_builder& raw(std::string_view s) {
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  // One label: its length byte, then its bytes.
  message_builder& label(std::string_view s) {
    return u8(static_cast<std::uint8_t>(s.size())).raw(s);
  }
  // A name without compression: "www.example.com" as three labels and the
  // root; "" is the root alone.
  message_builder& name(std::string_view dotted) {
    while (!dotted.empty()) {
      const std::size_t dot = dotted.find('.');
      label(dotted.substr(0, dot));
      dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
    }
    return u8(0);
  }
  message_builder& pointer(std::uint16_t offset) { return u16(0xc000 | offset); }
  // TYPE, CLASS, TTL and RDLENGTH of a record.
  message_builder& record_fields(std::uint16_t type, std::uint16_t dns_class,
                                 std::uint32_t ttl, std::uint16_t data_length) {
    return u16(type).u16(dns_class).u32(ttl).u16(data_length);
  }
  // Sets the two bytes at `at` to `v`, to fill in a length afterwards.
  message_builder& patch_u16(std::size_t at, std::uint16_t v) {
    bytes_[at] = static_cast<std::uint8_t>(v >> 8);
    bytes_[at + 1] = static_cast<std::uint8_t>(v & 0xff);
    return *this;
  }

  std::size_t size() const { return bytes_.size(); }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

std::string_view decode(dns& layer, const std::vector<std::uint8_t>& bytes) {
  return layer.decode_message(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
}

std::string_view decode(const std::vector<std::uint8_t>& bytes) {
  dns layer;
  return decode(layer, bytes);
}

std::string text(const dns& layer, dns::name_offset offset) {
  std::string out;
  layer.name_text(offset, out);
  return out;
}

// A query for www.example.com/A: the name starts at 12.
message_builder example_query() {
  message_builder m;
  m.header(0xbeef, 0x0100, 1).name("www.example.com").u16(1).u16(1);
  return m;
}

TEST(DnsLayer, DecodesHeaderFields) {
  message_builder m;
  // QR, opcode 2, AA, TC, RD, RA, Z bits 101, RCODE 3.
  m.header(0x1234, 0x8000 | 2 << 11 | 0x0400 | 0x0200 | 0x0100 | 0x0080 | 5 << 4 | 3, 0);
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  EXPECT_EQ(layer.id(), 0x1234);
  EXPECT_TRUE(layer.qr());
  EXPECT_EQ(layer.op_code(), 2);
  EXPECT_TRUE(layer.aa());
  EXPECT_TRUE(layer.tc());
  EXPECT_TRUE(layer.rd());
  EXPECT_TRUE(layer.ra());
  EXPECT_EQ(layer.z(), 5);
  EXPECT_EQ(layer.response_code(), 3);
  EXPECT_TRUE(layer.questions().empty());
  EXPECT_TRUE(layer.answers().empty());
}

TEST(DnsLayer, DecodesQuestion) {
  // The layer points into the bytes it decoded, so they must outlive it.
  const message_builder m = example_query();
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  ASSERT_EQ(layer.questions().size(), 1u);
  const dns::question& q = layer.questions()[0];
  EXPECT_EQ(q.name, 12u);
  EXPECT_EQ(q.type, 1);
  EXPECT_EQ(q.dns_class, 1);
  EXPECT_EQ(text(layer, q.name), "www.example.com");
}

TEST(DnsLayer, SplitsRecordsIntoSections) {
  message_builder m;
  m.header(1, 0x8180, 1, 2, 1, 1).name("example.com").u16(1).u16(1);
  // Two answers, one authority and one additional, all A records for the
  // question's name, told apart by their TTL.
  for (std::uint32_t ttl : {10, 11, 20, 30}) {
    m.pointer(12).record_fields(1, 1, ttl, 4).u32(0x0a000000 + ttl);
  }
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  ASSERT_EQ(layer.answers().size(), 2u);
  ASSERT_EQ(layer.authorities().size(), 1u);
  ASSERT_EQ(layer.additionals().size(), 1u);
  EXPECT_EQ(layer.answers().begin()[1].ttl, 11u);
  EXPECT_EQ(layer.authorities().begin()->ttl, 20u);
  EXPECT_EQ(layer.additionals().begin()->ttl, 30u);
  const dns::resource_record& rr = *layer.answers().begin();
  EXPECT_EQ(text(layer, rr.name), "example.com");
  EXPECT_EQ(layer.data(rr), std::string("\x0a\x00\x00\x0a", 4));
}

TEST(DnsLayer, FollowsPointersToEarlierNames) {
  message_builder m;
  m.header(1, 0x8180, 1, 1).name("www.example.com").u16(1).u16(1);
  // A CNAME whose target is "cdn" followed by a pointer to "example.com",
  // which starts at 16; its own name points at the question.
  m.pointer(12).record_fields(5, 1, 60, 6);
  const std::uint32_t target = static_cast<std::uint32_t>(m.size());
  m.label("cdn").pointer(16);
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  const dns::resource_record& rr = *layer.answers().begin();
  EXPECT_EQ(text(layer, rr.name), "www.example.com");
  EXPECT_EQ(layer.data_name(rr), target);
  EXPECT_EQ(text(layer, layer.data_name(rr)), "cdn.example.com");
}

TEST(DnsLayer, FollowsAChainOfPointers) {
  message_builder m;
  m.header(1, 0x8180, 3).name("example.com").u16(1).u16(1);  // at 12
  const auto second = static_cast<std::uint16_t>(m.size());
  m.label("b").pointer(12).u16(1).u16(1);                      // b.example.com
  m.label("a").pointer(second).u16(1).u16(1);                  // a.b.example.com
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  EXPECT_EQ(text(layer, layer.questions()[2].name), "a.b.example.com");
}

TEST(DnsLayer, RootNameIsEmptyText) {
  message_builder m;
  m.header(1, 0, 1).name("").u16(2).u16(1);
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  EXPECT_EQ(text(layer, layer.questions()[0].name), "");
}

TEST(DnsLayer, EscapesLabelsAsMasterFiles) {
  message_builder m;
  m.header(1, 0, 1)
      .label("a.b")
      .label(std::string_view("x\0y", 3))
      .label("back\\slash")
      .label("sp ace\x7f\xff")
      .label("ok-_*")
      .u8(0)
      .u16(1)
      .u16(1);
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  EXPECT_EQ(text(layer, 12), "a\\.b.x\\000y.back\\\\slash.sp\\032ace\\127\\255.ok-_*");
}

TEST(DnsLayer, NameTextReplacesAndKeepsCapacity) {
  const message_builder m = example_query();
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  std::string out(100, 'x');
  const std::size_t capacity = out.capacity();
  layer.name_text(12, out);
  EXPECT_EQ(out, "www.example.com");
  EXPECT_EQ(out.capacity(), capacity);
}

TEST(DnsLayer, AcceptsLongestName) {
  // Three labels of 63 bytes and one of 61: 3 * 64 + 62 + 1 = 255 bytes.
  const std::string l63(63, 'a'), l61(61, 'b');
  message_builder m;
  m.header(1, 0, 1).label(l63).label(l63).label(l63).label(l61).u8(0).u16(1).u16(1);
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  EXPECT_EQ(text(layer, 12).size(), 253u);
}

TEST(DnsLayer, RefusesNameLongerThan255Bytes) {
  const std::string l63(63, 'a'), l62(62, 'b');
  message_builder m;
  m.header(1, 0, 1).label(l63).label(l63).label(l63).label(l62).u8(0).u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: name too long");
}

TEST(DnsLayer, RefusesNameMadeTooLongThroughPointers) {
  // Each name adds 64 bytes to the previous one; the fourth passes 255.
  const std::string l63(63, 'a');
  message_builder m;
  m.header(1, 0, 4).label(l63).u8(0).u16(1).u16(1);
  std::uint16_t previous = 12;
  for (int i = 0; i < 3; ++i) {
    const auto here = static_cast<std::uint16_t>(m.size());
    m.label(l63).pointer(previous).u16(1).u16(1);
    previous = here;
  }
  EXPECT_EQ(decode(m.bytes()), "DNS: name too long");
}

TEST(DnsLayer, RefusesLabelLongerThan63) {
  message_builder m;
  m.header(1, 0, 1).label(std::string(64, 'a')).u8(0).u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: label too long");
  // 0x80 (the reserved 10 bits) is no length either.
  message_builder n;
  n.header(1, 0, 1).u8(0x80).u8(0).u16(1).u16(1);
  EXPECT_EQ(decode(n.bytes()), "DNS: label too long");
}

TEST(DnsLayer, RefusesPointerToItself) {
  // tcpdump's dns-zlip-1: the question's name is a pointer to itself.
  message_builder m;
  m.header(0xed69, 0, 1).pointer(12).u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: name pointer loop");
}

TEST(DnsLayer, RefusesPointerBackIntoItsOwnName) {
  // "a" then a pointer to the "a": pointing before the pointer is not
  // enough, it must point before the run of labels it ends.
  message_builder m;
  m.header(1, 0, 1).label("a").pointer(12).u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: name pointer loop");
}

TEST(DnsLayer, RefusesLoopAcrossTwoNames) {
  // The second name points at the first, which points forward at the
  // second: a two-step loop, caught as the forward pointer it needs.
  message_builder m;
  m.header(1, 0, 2).label("a").pointer(20).u16(1).u16(1);  // 12..19
  m.label("b").pointer(12).u16(1).u16(1);                  // 20..
  EXPECT_EQ(decode(m.bytes()), "DNS: forward name pointer");
}

TEST(DnsLayer, RefusesForwardPointer) {
  message_builder m;
  m.header(1, 0, 2).pointer(18).u16(1).u16(1).name("example.com").u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: forward name pointer");
}

TEST(DnsLayer, RefusesPointerIntoHeader) {
  message_builder m;
  m.header(1, 0, 1).pointer(2).u16(1).u16(1);
  EXPECT_EQ(decode(m.bytes()), "DNS: name pointer into header");
}

TEST(DnsLayer, RefusesTooManyPointers) {
  // 128 questions, each a pointer to the previous one: the last name
  // follows 127 pointers (allowed), one more question makes 128.
  auto chain = [](int questions) {
    message_builder m;
    m.header(1, 0, static_cast<std::uint16_t>(questions)).name("").u16(1).u16(1);
    std::uint16_t previous = 12;
    for (int i = 1; i < questions; ++i) {
      const auto here = static_cast<std::uint16_t>(m.size());
      m.pointer(previous).u16(1).u16(1);
      previous = here;
    }
    return m;
  };
  EXPECT_EQ(decode(chain(128).bytes()), "");
  EXPECT_EQ(decode(chain(129).bytes()), "DNS: too many name pointers");
}

TEST(DnsLayer, RefusesTruncatedHeader) {
  std::vector<std::uint8_t> bytes = example_query().bytes();
  bytes.resize(11);
  EXPECT_EQ(decode(bytes), "DNS: truncated header");
  EXPECT_EQ(decode(std::vector<std::uint8_t>()), "DNS: truncated header");
}

TEST(DnsLayer, RefusesTruncatedNameAndQuestion) {
  std::vector<std::uint8_t> bytes = example_query().bytes();
  bytes.resize(12 + 5);  // inside "example"
  EXPECT_EQ(decode(bytes), "DNS: truncated name");
  bytes = example_query().bytes();
  bytes.resize(bytes.size() - 1);  // one byte of QCLASS missing
  EXPECT_EQ(decode(bytes), "DNS: truncated question");
  // A pointer's second byte missing.
  message_builder m;
  m.header(1, 0, 1).u8(0xc0);
  EXPECT_EQ(decode(m.bytes()), "DNS: truncated name");
}

TEST(DnsLayer, RefusesTruncatedRecord) {
  message_builder m;
  m.header(1, 0x8180, 1, 1).name("example.com").u16(1).u16(1);
  m.pointer(12).record_fields(1, 1, 60, 4).u32(0x01020304);
  std::vector<std::uint8_t> bytes = m.bytes();
  bytes.resize(bytes.size() - 1);  // RDATA one byte short
  EXPECT_EQ(decode(bytes), "DNS: truncated record");
  bytes.resize(bytes.size() - 8);  // inside TTL
  EXPECT_EQ(decode(bytes), "DNS: truncated record");
}

TEST(DnsLayer, RefusesFewerRecordsThanCounted) {
  // The header promises two answers and holds one.
  message_builder m;
  m.header(1, 0x8180, 1, 2).name("example.com").u16(1).u16(1);
  m.pointer(12).record_fields(1, 1, 60, 4).u32(0x01020304);
  EXPECT_EQ(decode(m.bytes()), "DNS: truncated record");
  message_builder q;
  q.header(1, 0, 2).name("example.com").u16(1).u16(1);
  EXPECT_EQ(decode(q.bytes()), "DNS: truncated question");
}

TEST(DnsLayer, IgnoresBytesAfterTheLastRecord) {
  message_builder m = example_query();
  m.raw("trailer");
  EXPECT_EQ(decode(m.bytes()), "");
}

TEST(DnsLayer, RefusesMalformedRecordData) {
  auto with_record = [](std::uint16_t type, const message_builder& data) {
    message_builder m;
    m.header(1, 0x8180, 1, 1).name("example.com").u16(1).u16(1);
    m.pointer(12).record_fields(type, 1, 60, static_cast<std::uint16_t>(data.size()));
    m.raw(std::string_view(reinterpret_cast<const char*>(data.bytes().data()),
                           data.size()));
    return decode(m.bytes());
  };
  message_builder three_bytes;
  three_bytes.u8(1).u8(2).u8(3);
  EXPECT_EQ(with_record(dns_type::a, three_bytes), "DNS: malformed record data");
  EXPECT_EQ(with_record(dns_type::aaaa, three_bytes), "DNS: malformed record data");
  // A CNAME with a byte after its name.
  message_builder cname;
  cname.name("x").u8(0);
  EXPECT_EQ(with_record(dns_type::cname, cname), "DNS: malformed record data");
  // A CNAME whose name runs past RDATA into the message's end.
  message_builder cut;
  cut.label("abc");
  EXPECT_EQ(with_record(dns_type::ptr, cut), "DNS: truncated name");
  // A name inside data obeys the pointer rules too.
  // The data starts after the header, the question (13 + 4 bytes), the
  // record's name (2) and its fields (10); a pointer there to itself.
  message_builder loop;
  loop.pointer(12 + 13 + 4 + 2 + 10);
  EXPECT_EQ(with_record(dns_type::ns, loop), "DNS: name pointer loop");
  message_builder short_mx;
  short_mx.u8(0);
  EXPECT_EQ(with_record(dns_type::mx, short_mx), "DNS: malformed record data");
  message_builder short_srv;
  short_srv.u16(1).u16(2).name("");
  EXPECT_EQ(with_record(dns_type::srv, short_srv), "DNS: malformed record data");
  message_builder short_soa;
  short_soa.name("a").name("b").u32(1).u32(2).u32(3).u32(4);
  EXPECT_EQ(with_record(dns_type::soa, short_soa), "DNS: malformed record data");
  message_builder txt_overrun;
  txt_overrun.u8(5).raw("abc");
  EXPECT_EQ(with_record(dns_type::txt, txt_overrun), "DNS: malformed record data");
  // Types the layer does not interpret keep any data.
  EXPECT_EQ(with_record(99, three_bytes), "");
  // Empty data is fine for every type (RFC 2136 updates).
  EXPECT_EQ(with_record(dns_type::soa, message_builder()), "");
  EXPECT_EQ(with_record(dns_type::a, message_builder()), "");
}

TEST(DnsLayer, InterpretsRecordData) {
  message_builder m;
  m.header(1, 0x8180, 1, 4).name("example.com").u16(1).u16(1);
  // MX 10 mail.example.com
  m.pointer(12).record_fields(dns_type::mx, 1, 60, 2 + 7).u16(10).label("mail").pointer(12);
  // SRV 1 2 5060 sip.example.com
  m.pointer(12).record_fields(dns_type::srv, 1, 60, 6 + 6).u16(1).u16(2).u16(5060);
  m.label("sip").pointer(12);
  // SOA ns1.example.com hostmaster.example.com 1 2 3 4 5
  m.pointer(12).record_fields(dns_type::soa, 1, 60, 6 + 13 + 20);
  m.label("ns1").pointer(12).label("hostmaster").pointer(12);
  m.u32(1).u32(2).u32(3).u32(4).u32(5);
  // TXT "v=1" "" "x y"
  m.pointer(12).record_fields(dns_type::txt, 1, 60, 4 + 1 + 4);
  m.label("v=1").u8(0).label("x y");
  dns layer;
  ASSERT_EQ(decode(layer, m.bytes()), "");
  ASSERT_EQ(layer.answers().size(), 4u);
  const dns::resource_record* rr = layer.answers().begin();

  const dns::mx_data mx = layer.mx(rr[0]);
  EXPECT_EQ(mx.preference, 10);
  EXPECT_EQ(text(layer, mx.exchange), "mail.example.com");

  const dns::srv_data srv = layer.srv(rr[1]);
  EXPECT_EQ(srv.priority, 1);
  EXPECT_EQ(srv.weight, 2);
  EXPECT_EQ(srv.port, 5060);
  EXPECT_EQ(text(layer, srv.target), "sip.example.com");

  const dns::soa_data soa = layer.soa(rr[2]);
  EXPECT_EQ(text(layer, soa.mname), "ns1.example.com");
  EXPECT_EQ(text(layer, soa.rname), "hostmaster.example.com");
  EXPECT_EQ(soa.serial, 1u);
  EXPECT_EQ(soa.refresh, 2u);
  EXPECT_EQ(soa.retry, 3u);
  EXPECT_EQ(soa.expire, 4u);
  EXPECT_EQ(soa.minimum, 5u);

  std::vector<std::string> txts;
  layer.for_each_txt(rr[3], [&](std::string_view s) { txts.emplace_back(s); });
  EXPECT_EQ(txts, (std::vector<std::string>{"v=1", "", "x y"}));
}

TEST(DnsLayer, DecodingAllocatesNothingOnceWarm) {
  message_builder m;
  m.header(1, 0x8180, 1, 3).name("www.example.com").u16(1).u16(1);
  m.pointer(12).record_fields(dns_type::cname, 1, 60, 6).label("cdn").pointer(16);
  m.pointer(16).record_fields(dns_type::a, 1, 60, 4).u32(0x0a000001);
  m.pointer(16).record_fields(dns_type::a, 1, 60, 4).u32(0x0a000002);
  dns layer;
  std::string text;
  auto decode_and_render = [&] {
    EXPECT_EQ(decode(layer, m.bytes()), "");
    for (const auto& q : layer.questions()) layer.name_text(q.name, text);
    for (const auto& rr : layer.answers()) layer.name_text(rr.name, text);
  };
  decode_and_render();  // grows the vectors and the string
  long before = allocations.load();
  std::vector<int>(100).swap(*std::make_unique<std::vector<int>>());
  ASSERT_GT(allocations.load(), before) << "the counter counts nothing";
  before = allocations.load();
  decode_and_render();
  decode_and_render();
  EXPECT_EQ(allocations.load() - before, 0);
}

TEST(DnsLayer, FailedDecodeLeavesNothingBehind) {
  dns layer;
  message_builder m;
  m.header(1, 0x8180, 1, 1).name("example.com").u16(1).u16(1);
  m.pointer(12).record_fields(1, 1, 60, 4).u32(0x01020304);
  ASSERT_EQ(decode(layer, m.bytes()), "");
  ASSERT_EQ(layer.answers().size(), 1u);
  std::vector<std::uint8_t> bytes = m.bytes();
  bytes.resize(bytes.size() - 1);
  ASSERT_NE(decode(layer, bytes), "");
  EXPECT_EQ(layer.id(), 0);
  EXPECT_EQ(layer.an_count(), 0);
  EXPECT_TRUE(layer.questions().empty());
  EXPECT_TRUE(layer.answers().empty());
  EXPECT_TRUE(layer.additionals().empty());
}

TEST(DnsLayer, EveryPrefixOfAMessageFailsCleanly) {
  message_builder m;
  m.header(7, 0x8180, 1, 2, 0, 1).name("www.example.com").u16(1).u16(1);
  m.pointer(12).record_fields(dns_type::cname, 1, 60, 6).label("cdn").pointer(16);
  m.pointer(16).record_fields(dns_type::txt, 1, 60, 4).label("abc");
  m.name("").record_fields(41, 4096, 0, 0);
  const std::vector<std::uint8_t>& full = m.bytes();
  dns layer;
  for (std::size_t n = 0; n < full.size(); ++n) {
    // Cut the message into a buffer of its own so a read past the prefix
    // would be a read past the allocation (caught by sanitizers).
    std::vector<std::uint8_t> prefix(full.begin(), full.begin() + n);
    EXPECT_NE(decode(layer, prefix), "") << "prefix of " << n << " bytes";
  }
  EXPECT_EQ(decode(layer, full), "");
}

TEST(DnsLayer, SurvivesRandomBytesQuickly) {
  // Random mutations of a message with compression, and random messages
  // that claim many records: decoding always ends, and fast.
  message_builder m;
  m.header(7, 0x8180, 1, 2).name("www.example.com").u16(1).u16(1);
  m.pointer(12).record_fields(dns_type::cname, 1, 60, 6).label("cdn").pointer(16);
  m.pointer(16).record_fields(dns_type::mx, 1, 60, 4).u16(5).pointer(12);
  std::mt19937 random(42);
  dns layer;
  std::string rendered;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> bytes = m.bytes();
    if (i % 2 == 0) {
      for (int flips = 0; flips < 3; ++flips) {
        bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
      }
    } else {
      bytes.resize(12 + random() % 600);
      for (std::size_t k = 4; k < bytes.size(); ++k) {
        // Mostly pointers and short labels, to provoke the name walker.
        const std::uint32_t r = random();
        bytes[k] = static_cast<std::uint8_t>(r % 3 == 0 ? 0xc0 : r % 3 == 1 ? r % 20 : r >> 8);
      }
    }
    if (!decode(layer, bytes).empty()) continue;
    for (const auto& q : layer.questions()) layer.name_text(q.name, rendered);
    for (const auto& rr : layer.answers()) layer.name_text(rr.name, rendered);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(DnsLayer, DecodesTcpMessageAfterItsLength) {
  const Tins::TCP tcp(53, 40000);
  message_builder m;
  m.u16(0);
  m.header(0xbeef, 0x0100, 1).name("www.example.com").u16(1).u16(1);
  m.patch_u16(0, static_cast<std::uint16_t>(m.size() - 2));
  std::vector<std::uint8_t> bytes = m.bytes();
  dns layer;
  auto decode_tcp = [&](const std::vector<std::uint8_t>& b) {
    return layer.decode(b.data(), static_cast<std::uint32_t>(b.size()), tcp);
  };
  ASSERT_EQ(decode_tcp(bytes), "");
  EXPECT_EQ(layer.id(), 0xbeef);
  // Compression offsets count from the message, not from the length.
  EXPECT_EQ(layer.questions()[0].name, 12u);
  EXPECT_EQ(text(layer, 12), "www.example.com");
  // A second message in the same segment is left alone.
  std::vector<std::uint8_t> two = bytes;
  two.insert(two.end(), bytes.begin(), bytes.end());
  EXPECT_EQ(decode_tcp(two), "");
  // A message longer than the segment is not decoded.
  std::vector<std::uint8_t> cut = bytes;
  cut.pop_back();
  EXPECT_EQ(decode_tcp(cut), "DNS: TCP message spans segments");
  EXPECT_EQ(decode_tcp({0}), "DNS: truncated TCP length");
  EXPECT_EQ(decode_tcp({0, 5, 1, 2, 3, 4, 5}), "DNS: truncated header");
  // A length alone, as Windows sends it before the message.
  EXPECT_EQ(decode_tcp({bytes[0], bytes[1]}), "DNS: TCP message spans segments");
  // The message after it, without prefix, is decoded whole.
  const std::vector<std::uint8_t> bare(bytes.begin() + 2, bytes.end());
  ASSERT_EQ(decode_tcp(bare), "");
  EXPECT_EQ(layer.id(), 0xbeef);
  EXPECT_EQ(text(layer, layer.questions()[0].name), "www.example.com");
  // Also with the two bytes Windows appends.
  std::vector<std::uint8_t> bare_and_more = bare;
  bare_and_more.push_back('M');
  bare_and_more.push_back('S');
  EXPECT_EQ(decode_tcp(bare_and_more), "");
  // A message without question is not taken for one without prefix.
  message_builder no_question;
  no_question.header(0x7000, 0x8180, 0);
  EXPECT_EQ(decode_tcp(no_question.bytes()), "DNS: TCP message spans segments");
  // A message without prefix whose ID happens to be a short length is still
  // found whole.
  message_builder small_id;
  small_id.header(7, 0x0100, 1).name("example.com").u16(252).u16(1);
  ASSERT_EQ(decode_tcp(small_id.bytes()), "");
  EXPECT_EQ(layer.id(), 7);
  // Over UDP the same bytes are a message whose header is the length.
  const Tins::UDP udp(53, 40000);
  EXPECT_NE(layer.decode(bytes.data(), static_cast<std::uint32_t>(bytes.size()), udp), "");
}

// Whether the layer claims the transport of a packet, dissected from its
// bytes as the pipeline gets it. (Passing a crafted temporary straight in
// lets GCC see its type and warn about the cast on the branch not taken.)
bool claims_transport(Tins::PDU&& transport) {
  Tins::EthernetII crafted = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2");
  crafted.inner_pdu()->inner_pdu(transport.clone());
  const std::vector<std::uint8_t> bytes = crafted.serialize();
  const Tins::EthernetII packet(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  return dns::claims(*packet.inner_pdu()->inner_pdu());
}

TEST(DnsLayer, ClaimsDnsAndMdnsPorts) {
  EXPECT_TRUE(claims_transport(Tins::UDP(53, 40000)));
  EXPECT_TRUE(claims_transport(Tins::UDP(40000, 53)));
  EXPECT_TRUE(claims_transport(Tins::UDP(5353, 5353)));
  EXPECT_TRUE(claims_transport(Tins::UDP(40000, 5353)));
  EXPECT_TRUE(claims_transport(Tins::TCP(53, 40000)));
  EXPECT_TRUE(claims_transport(Tins::TCP(40000, 53)));
  // mDNS is UDP only; LLMNR (5355) and other ports are not claimed.
  EXPECT_FALSE(claims_transport(Tins::TCP(5353, 40000)));
  EXPECT_FALSE(claims_transport(Tins::UDP(5355, 40000)));
  EXPECT_FALSE(claims_transport(Tins::UDP(8053, 40000)));
  EXPECT_FALSE(claims_transport(Tins::ICMP()));
}

TEST(DnsLayer, IsAPayloadLayer) {
  static_assert(netcap::is_payload_layer_v<dns>);
  static_assert(!netcap::is_tins_layer_v<dns>);
}

TEST(DnsLayer, TxtTextKeepsDotsAndSpaces) {
  std::string out;
  dns::append_escaped_text(std::string("v=spf1 a.b \\\x01\x7f", 14), out);
  EXPECT_EQ(out, "v=spf1 a.b \\\\\\001\\127");
}

TEST(DnsLayer, AppendEscapedCoversEveryByte) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  std::string out;
  dns::append_escaped(all, out);
  std::string expected;
  for (int b = 0; b < 256; ++b) {
    if (b == '.' || b == '\\') {
      expected += '\\';
      expected += static_cast<char>(b);
    } else if (b >= 0x21 && b <= 0x7e) {
      expected += static_cast<char>(b);
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\%03d", b);
      expected += buffer;
    }
  }
  EXPECT_EQ(out, expected);
}

}  // namespace
}  // namespace netcap::layers
