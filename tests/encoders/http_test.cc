#include "netcap/encoders/http.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

// A TCP connection between a client and a server, crafted packet by packet.
struct conversation {
  std::string client = "10.0.0.1";
  std::string server = "10.0.0.2";
  std::uint16_t client_port = 40000;
  std::uint16_t server_port = 8080;
  std::uint32_t client_seq = 1000;
  std::uint32_t server_seq = 5000;
  bool v6 = false;
  std::vector<std::vector<std::uint8_t>> packets;

  std::vector<std::uint8_t> make(bool from_client, std::uint32_t seq, const std::string& data,
                                 std::uint16_t flags) {
    Tins::TCP tcp = from_client ? Tins::TCP(server_port, client_port)
                                : Tins::TCP(client_port, server_port);
    tcp.seq(seq);
    tcp.flags(flags);
    Tins::EthernetII eth;
    if (v6) {
      Tins::IPv6 ip = from_client ? Tins::IPv6(server, client) : Tins::IPv6(client, server);
      eth = Tins::EthernetII() / ip / tcp;
    } else {
      Tins::IP ip = from_client ? Tins::IP(server, client) : Tins::IP(client, server);
      eth = Tins::EthernetII() / ip / tcp;
    }
    if (!data.empty()) eth /= Tins::RawPDU(data);
    return eth.serialize();
  }
  void handshake() {
    packets.push_back(make(true, client_seq++, "", Tins::TCP::SYN));
    packets.push_back(make(false, server_seq++, "", Tins::TCP::SYN | Tins::TCP::ACK));
  }
  // Sends data in order and returns its packet.
  void send(bool from_client, const std::string& data) {
    std::uint32_t& seq = from_client ? client_seq : server_seq;
    packets.push_back(make(from_client, seq, data, Tins::TCP::ACK | Tins::TCP::PSH));
    seq += static_cast<std::uint32_t>(data.size());
  }
  void fin(bool from_client) {
    std::uint32_t& seq = from_client ? client_seq : server_seq;
    packets.push_back(make(from_client, seq++, "", Tins::TCP::ACK | Tins::TCP::FIN));
  }
};

// Runs the HTTP encoder over the packets, one timestamp apart each, then
// flushes it.
std::vector<HTTP> run(const std::vector<std::vector<std::uint8_t>>& packets,
                      bool flush = true) {
  return testing::run_frames<http>(packets, /*spacing_ns=*/1, flush).records;
}

const std::string get =
    "GET /index.html?q=1 HTTP/1.1\r\nHost: example.org\r\nUser-Agent: test/1.0\r\n"
    "Referer: http://example.org/\r\nCookie: a=1; b=2\r\n\r\n";
const std::string ok =
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5\r\nServer: s\r\n\r\nhello";

TEST(HttpEncoder, PairsRequestAndResponseOnAnyPort) {
  conversation c;
  c.handshake();
  c.send(true, get);
  c.send(false, ok);
  c.fin(true);
  c.fin(false);
  const auto records = run(c.packets, /*flush=*/false);  // FINs end it
  ASSERT_EQ(records.size(), 1u);
  const HTTP& r = records[0];
  EXPECT_EQ(r.method(), "GET");
  EXPECT_EQ(r.url(), "/index.html?q=1");
  EXPECT_EQ(r.proto(), "HTTP/1.1");
  EXPECT_EQ(r.host(), "example.org");
  EXPECT_EQ(r.user_agent(), "test/1.0");
  EXPECT_EQ(r.referer(), "http://example.org/");
  ASSERT_EQ(r.req_cookies_size(), 2);
  EXPECT_EQ(r.req_cookies(1), "b=2");
  EXPECT_EQ(r.req_content_length(), -1);
  EXPECT_EQ(r.status_code(), 200);
  EXPECT_EQ(r.status_text(), "OK");
  EXPECT_EQ(r.content_type(), "text/html");
  EXPECT_EQ(r.res_content_length(), 5);
  EXPECT_EQ(r.res_body_size(), 5);
  EXPECT_EQ(r.server(), "s");
  EXPECT_EQ(r.src_ip(), testing::ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(r.dst_port(), 8080);
  EXPECT_EQ(r.src_port(), 40000);
  EXPECT_EQ(r.timestamp(), testing::test_timestamp_ns + 2);
  EXPECT_EQ(r.response_timestamp(), testing::test_timestamp_ns + 3);
  EXPECT_FALSE(r.incomplete());
}

TEST(HttpEncoder, PipelinedKeepAliveRequestsEachGetTheirResponse) {
  conversation c;
  c.v6 = true;
  c.client = "2001:db8::1";
  c.server = "2001:db8::2";
  c.handshake();
  // Three requests in one segment, the second with a body.
  c.send(true,
         "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
         "POST /b HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbody"
         "HEAD /c HTTP/1.1\r\nHost: h\r\n\r\n");
  // Responses split at awkward places: inside a header, inside a body.
  const std::string responses =
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
      "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: x/y\r\n\r\n";  // HEAD: no body
  c.send(false, responses.substr(0, 20));
  c.send(false, responses.substr(20, 23));
  c.send(false, responses.substr(43));
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].url(), "/a");
  EXPECT_EQ(records[0].status_code(), 200);
  EXPECT_EQ(records[0].res_body_size(), 3);
  EXPECT_EQ(records[1].method(), "POST");
  EXPECT_EQ(records[1].req_content_length(), 4);
  EXPECT_EQ(records[1].req_body_size(), 4);
  EXPECT_EQ(records[1].req_content_type(), "text/plain");
  EXPECT_EQ(records[1].status_code(), 201);
  EXPECT_EQ(records[2].method(), "HEAD");
  EXPECT_EQ(records[2].res_content_length(), 1000);
  EXPECT_EQ(records[2].res_body_size(), 0);
  EXPECT_EQ(records[2].content_type(), "x/y");
  EXPECT_EQ(records[2].src_ip(), testing::ipv6_bytes("2001:db8::1"));
}

TEST(HttpEncoder, ChunkedResponsesAreFollowedToTheirEnd) {
  conversation c;
  c.handshake();
  c.send(true, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n");
  c.send(false,
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: a/b\r\n\r\n"
         "5\r\nhello\r\n1;ext=1\r\n");
  c.send(false, "!\r\n0\r\nTrailer: x\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno");
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_TRUE(records[0].res_chunked());
  EXPECT_EQ(records[0].res_body_size(), 6);
  EXPECT_EQ(records[0].content_type(), "a/b");
  EXPECT_EQ(records[1].url(), "/2");
  EXPECT_EQ(records[1].status_code(), 404);
  EXPECT_EQ(records[1].status_text(), "Not Found");
}

TEST(HttpEncoder, OutOfOrderAndRetransmittedSegments) {
  conversation c;
  c.handshake();
  const std::uint32_t seq = c.client_seq;
  c.packets.push_back(c.make(true, seq + 10, get.substr(10), Tins::TCP::ACK));
  c.packets.push_back(c.make(true, seq, get.substr(0, 12), Tins::TCP::ACK));
  c.packets.push_back(c.make(true, seq, get.substr(0, 12), Tins::TCP::ACK));  // again
  c.client_seq += static_cast<std::uint32_t>(get.size());
  c.send(false, ok);
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].host(), "example.org");
  EXPECT_EQ(records[0].status_code(), 200);
  // The request's time is that of the segment with its first byte.
  EXPECT_EQ(records[0].timestamp(), testing::test_timestamp_ns + 3);
}

TEST(HttpEncoder, GapInBodyIsCountedAndParsingGoesOn) {
  conversation c;
  c.handshake();
  c.send(true, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
  const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n";
  c.send(false, first + "01");
  c.server_seq += 5;  // "23456" never captured
  c.send(false, "789HTTP/1.1 204 No Content\r\n\r\n");
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].res_body_size(), 10);
  EXPECT_TRUE(records[0].incomplete());
  EXPECT_EQ(records[1].status_code(), 204);
  EXPECT_FALSE(records[1].incomplete());
}

TEST(HttpEncoder, UnansweredRequestsAndLoneResponsesStillGetRecords) {
  conversation c;
  c.send(false, ok);  // the capture missed the request
  c.send(true, get);  // and the response to this one
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].status_code(), 200);
  EXPECT_EQ(records[0].method(), "");
  EXPECT_EQ(records[0].src_ip(), testing::ipv4_bytes("10.0.0.1"));
  EXPECT_EQ(records[1].method(), "GET");
  EXPECT_EQ(records[1].status_code(), 0);
}

TEST(HttpEncoder, NonHttpAndGarbageGiveNoRecordAndNoCrash) {
  conversation c;
  c.handshake();
  c.send(true, "\x16\x03\x01\x00\x05hello");
  c.send(false, "SSH-2.0-OpenSSH\r\n");
  EXPECT_TRUE(run(c.packets).empty());

  conversation d;
  d.handshake();
  d.send(true, "GET / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n");
  d.send(false, "HTTP/1.1 2x0 Bad\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
  d.send(false, std::string(20000, 'A'));  // far longer than a head may be
  const auto records = run(d.packets);
  // The malformed status line is skipped; the next response answers the
  // request, and its bad chunk size leaves it incomplete.
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].method(), "GET");
  EXPECT_EQ(records[0].req_content_length(), -1);
  EXPECT_EQ(records[0].status_code(), 200);
  EXPECT_TRUE(records[0].incomplete());
}

// A request line the parser does not take (no version, no target) leaves
// the client's direction unparsed until the server answers it with an HTTP
// response: then it was a malformed request, recorded with the response,
// its fields split as far as the line allows, as tshark does
// (zeek-traces_http_methods.pcap, zeek-traces_http_no-uri.pcap).
TEST(HttpEncoder, MalformedRequestLineAnsweredByAServerIsRecorded) {
  const std::string bad_request =
      "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\nbad";
  struct line_case {
    std::string head;
    std::string method, url, proto;
  };
  for (const line_case& t : std::vector<line_case>{
           {"GET /HTTP/1.1\r\nHost: example.org\r\n\r\n", "GET", "/HTTP/1.1", ""},
           {"GET HTTP/1.1\nHost: example.org\n\n", "GET", "HTTP/1.1", ""},
           {"OPTIONS\nHost: example.org\n\n", "OPTIONS", "", ""},
           {"POST / HTTP/1.\nHost: example.org\n\n", "POST", "/", "HTTP/1."}}) {
    conversation c;
    c.handshake();
    c.send(true, t.head);
    c.send(false, bad_request);
    c.fin(true);
    c.fin(false);
    const auto records = run(c.packets, /*flush=*/false);
    ASSERT_EQ(records.size(), 1u) << t.head;
    EXPECT_EQ(records[0].method(), t.method);
    EXPECT_EQ(records[0].url(), t.url);
    EXPECT_EQ(records[0].proto(), t.proto);
    EXPECT_EQ(records[0].host(), "example.org");
    EXPECT_EQ(records[0].timestamp(), testing::test_timestamp_ns + 2);
    EXPECT_EQ(records[0].status_code(), 400);
    EXPECT_EQ(records[0].content_type(), "text/html");
    EXPECT_EQ(records[0].res_body_size(), 3);
    EXPECT_EQ(records[0].src_port(), 40000);  // src is the client
    EXPECT_FALSE(records[0].incomplete());
  }
  // Bytes that are no request at all (a TLS ClientHello) stay unrecorded;
  // the server's answer is a response without its request.
  conversation c;
  c.handshake();
  c.send(true, "\x16\x03\x01\x00\x05hello\r\n\r\n");
  c.send(false, bad_request);
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].method(), "");
  EXPECT_EQ(records[0].status_code(), 400);
  EXPECT_EQ(records[0].src_port(), 40000);
}

// RFC 9112, section 3: a request line split on runs of whitespace; the
// target has none of the spaces around it (ndpi-tests_http-manipulated.pcap).
TEST(HttpEncoder, TargetAfterSeveralSpacesIsTrimmed) {
  conversation c;
  c.handshake();
  c.send(true, "GET      /long_uri   HTTP/1.1\r\nHost: example.org\r\n\r\n");
  c.send(false, ok);
  const auto records = run(c.packets);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].url(), "/long_uri");
  EXPECT_EQ(records[0].proto(), "HTTP/1.1");
  EXPECT_EQ(records[0].status_code(), 200);
}

}  // namespace
}  // namespace netcap::encoders
