#include "netcap/encoders/sip.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

struct outcome {
  std::vector<SIP> records;
  std::string error;
};

outcome run(Tins::PDU& packet) {
  const std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  f.timestamp_ns = netcap::testing::test_timestamp_ns;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.original_length = f.captured_length;
  f.link_type = DLT_EN10MB;
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  pipeline<sip> p;
  netcap::testing::memory_sink sink;
  outcome out;
  out.error = std::string(p.process(d.root.get(), f, sink).error);
  out.records = sink.of<SIP>(0);
  return out;
}

outcome run_udp(const std::string& payload, std::uint16_t dport = 5060,
                std::uint16_t sport = 5060) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::UDP(dport, sport) / Tins::RawPDU(payload);
  return run(packet);
}

outcome run_tcp(const std::string& payload, std::uint16_t dport = 5060,
                std::uint16_t sport = 40000) {
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") /
                            Tins::TCP(dport, sport) / Tins::RawPDU(payload);
  return run(packet);
}

// RFC 3261 24.2's INVITE from Alice to Bob, with a body.
const std::string invite =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

TEST(SipEncoder, FillsRequest) {
  const outcome out = run_udp(invite);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const SIP& r = out.records[0];
  EXPECT_EQ(r.timestamp(), netcap::testing::test_timestamp_ns);
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.method(), 1);
  EXPECT_EQ(r.method_name(), "INVITE");
  EXPECT_EQ(r.request_uri(), "sip:bob@biloxi.com");
  EXPECT_FALSE(r.is_response());
  EXPECT_EQ(r.response_code(), 0);
  ASSERT_EQ(r.headers_size(), 9);
  EXPECT_EQ(r.headers(0), "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
  EXPECT_EQ(r.headers(1), "Max-Forwards: 70");
  EXPECT_EQ(r.headers(8), "Content-Length: 4");
  EXPECT_EQ(r.call_id(), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(r.from(), "Alice <sip:alice@atlanta.com>;tag=1928301774");
  EXPECT_EQ(r.to(), "Bob <sip:bob@biloxi.com>");
  EXPECT_EQ(r.cseq(), "314159 INVITE");
  EXPECT_EQ(r.via(), "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
  EXPECT_EQ(r.contact(), "<sip:alice@pc33.atlanta.com>");
  EXPECT_EQ(r.content_type(), "application/sdp");
  EXPECT_EQ(r.content_length(), 4);
  EXPECT_EQ(r.user_agent(), "");
}

TEST(SipEncoder, FillsResponseWithCompactHeaders) {
  const std::string ok =
      "SIP/2.0 180 Ringing\n"  // a bare LF, which RFC 3261 7.5 accepts
      "v: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43\r\n"
      "f: <sip:alice@atlanta.example.com>;tag=9fxced76sl\r\n"
      "t: <sip:bob@biloxi.example.com>;tag=8321234356\r\n"
      "i: 3848276298220188511@atlanta.example.com\r\n"
      "CSeq: 1 INVITE\r\n"
      "User-Agent:   softphone 1.0  \r\n"
      "l: 0\r\n"
      "\r\n";
  const outcome out = run_tcp(ok, 40000, 5060);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  const SIP& r = out.records[0];
  EXPECT_TRUE(r.is_response());
  EXPECT_EQ(r.version(), 2);
  EXPECT_EQ(r.response_code(), 180);
  EXPECT_EQ(r.response_status(), "Ringing");
  EXPECT_EQ(r.method(), 0);
  EXPECT_EQ(r.method_name(), "");
  EXPECT_EQ(r.call_id(), "3848276298220188511@atlanta.example.com");
  EXPECT_EQ(r.via(), "SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74b43");
  EXPECT_EQ(r.from(), "<sip:alice@atlanta.example.com>;tag=9fxced76sl");
  EXPECT_EQ(r.to(), "<sip:bob@biloxi.example.com>;tag=8321234356");
  EXPECT_EQ(r.user_agent(), "softphone 1.0");
  EXPECT_EQ(r.content_length(), 0);
  EXPECT_EQ(r.headers(5), "User-Agent: softphone 1.0");
}

TEST(SipEncoder, UnknownMethodsAndMissingLengths) {
  const outcome out = run_udp("FOO sip:x@y SIP/2.0\r\nContent-Length: ten\r\n\r\n");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].method(), 0);
  EXPECT_EQ(out.records[0].method_name(), "FOO");
  EXPECT_EQ(out.records[0].content_length(), -1);
  const outcome none = run_udp("BYE sip:x@y SIP/2.0\r\n\r\n");
  ASSERT_EQ(none.records.size(), 1u);
  EXPECT_EQ(none.records[0].method(), 3);
  EXPECT_EQ(none.records[0].content_length(), -1);
}

TEST(SipEncoder, BareCarriageReturnsEndLines) {
  const outcome out =
      run_udp("CANCEL sip:x@y SIP/2.0\rCSeq: 1 CANCEL\rContent-Length: 0\r\n\r\n");
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].method(), 4);
  EXPECT_EQ(out.records[0].cseq(), "1 CANCEL");
  EXPECT_EQ(out.records[0].content_length(), 0);
  EXPECT_EQ(out.records[0].headers_size(), 2);
}

TEST(SipEncoder, KeepsFoldedValues) {
  const outcome out =
      run_udp("OPTIONS sip:x@y SIP/2.0\r\nSubject: I know you're there,\r\n  pick up\r\n\r\n");
  ASSERT_EQ(out.records.size(), 1u);
  ASSERT_EQ(out.records[0].headers_size(), 1);
  EXPECT_EQ(out.records[0].headers(0), "Subject: I know you're there,\r\n  pick up");
}

TEST(SipEncoder, KeepsCompleteLinesOfAMessageCutShort) {
  const std::string cut = invite.substr(0, invite.find("Call-ID") + 10);
  const outcome out = run_tcp(cut);
  EXPECT_EQ(out.error, "");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].headers_size(), 4);
  EXPECT_EQ(out.records[0].call_id(), "");
}

TEST(SipEncoder, ClaimsByPortAndByStartLine) {
  // On another port, a status line or a request for a SIP URI.
  EXPECT_EQ(run_udp(invite, 40000, 40001).records.size(), 1u);
  EXPECT_EQ(run_tcp("SIP/2.0 200 OK\r\n\r\n", 40000, 40001).records.size(), 1u);
  EXPECT_EQ(run_udp("GET / HTTP/1.1\r\n\r\n", 40000, 40001).records.size(), 0u);
  EXPECT_EQ(run_udp("INVITE bob SIP/2.0\r\n\r\n", 40000, 40001).records.size(), 0u);
  // On 5060, a keep-alive or a body segment is not claimed.
  const outcome keepalive = run_udp("\r\n\r\n");
  EXPECT_EQ(keepalive.error, "");
  EXPECT_TRUE(keepalive.records.empty());
  EXPECT_TRUE(run_tcp("v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\n").records.empty());
}

TEST(SipEncoder, TextThatIsNotUtf8StaysReadable) {
  const outcome out = run_udp("MESSAGE sip:x@y SIP/2.0\r\nFrom: \xff\xfe\r\n\r\n");
  ASSERT_EQ(out.records.size(), 1u);
  EXPECT_EQ(out.records[0].from(), "\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_EQ(out.records[0].headers(0), "From: \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(SipEncoder, MalformedMessagesGiveErrorsAndNoRecord) {
  const struct {
    std::string message;
    const char* error;
  } cases[] = {
      {"INVITE sip:bob@biloxi.com SIP/2.0", "SIP: truncated start line"},
      {"INVITE sip:bob@biloxi.com\r\n\r\n", "SIP: malformed request line"},
      {"INVITE sip:bob@biloxi.com SIP/2\r\n\r\n", "SIP: malformed request line"},
      {"INV(TE sip:bob SIP/2.0\r\n\r\n", "SIP: malformed request line"},
      {"SIP/2.0 20 OK\r\n\r\n", "SIP: malformed status line"},
      {"SIP/2.0 200OK\r\n\r\n", "SIP: malformed status line"},
      {"SIP/2.0\r\n\r\n", "SIP: malformed status line"},
      {"BYE sip:x@y SIP/2.0\r\nno colon here\r\n\r\n", "SIP: malformed header"},
      {"BYE sip:x@y SIP/2.0\r\n continuation first\r\n\r\n", "SIP: malformed header"},
  };
  for (const auto& c : cases) {
    const outcome out = run_udp(c.message);
    EXPECT_EQ(out.error, c.error) << c.message;
    EXPECT_TRUE(out.records.empty()) << c.message;
  }
}

}  // namespace
}  // namespace netcap::encoders
