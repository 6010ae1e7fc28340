#include "netcap/encoders/tlsclienthello.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/encoders/tlsserverhello.hpp"
#include "tests/testing.hpp"

namespace netcap::encoders {
namespace {

std::string u8(unsigned v) { return std::string(1, static_cast<char>(v)); }
std::string u16(unsigned v) { return u8(v >> 8) + u8(v & 0xff); }
std::string u24(unsigned v) { return u8(v >> 16) + u16(v & 0xffff); }
std::string ext(unsigned type, const std::string& data) { return u16(type) + u16(data.size()) + data; }
std::string record(const std::string& data) { return u8(22) + u16(0x0301) + u16(data.size()) + data; }

// A ClientHello with GREASE values (RFC 8701) among its ciphers, extensions
// and groups, as browsers send them.
std::string client_hello() {
  const std::string ciphers = u16(0x0a0a) + u16(0x1301) + u16(0x1302) + u16(0xc02b);
  const std::string sni = u8(0) + u16(11) + "example.com";
  const std::string alpn = u8(2) + "h2" + u8(8) + "http/1.1";
  const std::string extensions =
      ext(0x1a1a, "") + ext(0, u16(sni.size()) + sni) + ext(5, u8(1) + u16(0) + u16(0)) +
      ext(10, u16(6) + u16(0x2a2a) + u16(29) + u16(23)) + ext(11, u8(1) + u8(0)) +
      ext(13, u16(4) + u16(0x0403) + u16(0x0804)) + ext(16, u16(alpn.size()) + alpn) +
      ext(43, u8(4) + u16(0x0304) + u16(0x0303));
  const std::string body = u16(0x0303) + std::string(32, 'r') + u8(4) + "sess" +
                           u16(ciphers.size()) + ciphers + u8(1) + u8(0) +
                           u16(extensions.size()) + extensions;
  return u8(1) + u24(body.size()) + body;
}

std::string server_hello(const std::string& random = std::string(32, 's')) {
  const std::string extensions = ext(43, u16(0x0304)) + ext(51, std::string(36, 'k'));
  const std::string body = u16(0x0303) + random + u8(0) + u16(0x1301) + u8(0) +
                           u16(extensions.size()) + extensions;
  return u8(2) + u24(body.size()) + body;
}

// RFC 8446, section 4.1.3: the random that makes a ServerHello a
// HelloRetryRequest.
const std::string hello_retry_random =
    "\xcf\x21\xad\x74\xe5\x9a\x61\x11\xbe\x1d\x8c\x02\x1e\x65\xb8\x91"
    "\xc2\xa2\x11\x16\x7a\xbb\x8c\x5e\x07\x9e\x09\xe2\xc8\xa8\x33\x9c";
const std::string change_cipher_spec = u8(20) + u16(0x0303) + u16(1) + u8(1);
std::string application_data(const std::string& data) {
  return u8(23) + u16(0x0303) + u16(data.size()) + data;
}

std::vector<std::uint8_t> packet(bool from_client, std::uint32_t seq, const std::string& data,
                                 std::uint16_t flags = Tins::TCP::ACK) {
  Tins::TCP tcp = from_client ? Tins::TCP(8443, 50000) : Tins::TCP(50000, 8443);
  tcp.seq(seq);
  tcp.flags(flags);
  Tins::IP ip = from_client ? Tins::IP("192.0.2.2", "192.0.2.1") : Tins::IP("192.0.2.1", "192.0.2.2");
  Tins::EthernetII eth = Tins::EthernetII("00:00:00:00:00:02", "00:00:00:00:00:01") / ip / tcp;
  if (!data.empty()) eth /= Tins::RawPDU(data);
  return eth.serialize();
}

// Runs `Encoder` over the packets, one timestamp apart each, then flushes
// it.
template <class Encoder>
std::vector<typename Encoder::record_type> run(const std::vector<std::vector<std::uint8_t>>& packets) {
  return testing::run_frames<Encoder>(packets, /*spacing_ns=*/1, /*flush=*/true).records;
}

// The hello is cut into two TLS records, and the records into three TCP
// segments, the first ending inside the first record's header; the
// segments arrive out of order.
std::vector<std::vector<std::uint8_t>> split_handshake() {
  const std::string hello = client_hello();
  const std::string stream = record(hello.substr(0, 50)) + record(hello.substr(50));
  std::vector<std::vector<std::uint8_t>> packets;
  packets.push_back(packet(true, 100, "", Tins::TCP::SYN));
  packets.push_back(packet(false, 900, "", Tins::TCP::SYN | Tins::TCP::ACK));
  packets.push_back(packet(true, 101, stream.substr(0, 3)));
  packets.push_back(packet(true, 101 + 60, stream.substr(60)));
  packets.push_back(packet(true, 101 + 3, stream.substr(3, 57)));
  const std::string reply = record(server_hello());
  packets.push_back(packet(false, 901, reply.substr(0, 30)));
  packets.push_back(packet(false, 931, reply.substr(30)));
  return packets;
}

TEST(TlsClientHelloEncoder, ReassemblesAHelloSplitOverThreeSegmentsAndTwoRecords) {
  const auto records = run<tlsclienthello>(split_handshake());
  ASSERT_EQ(records.size(), 1u);
  const TLSClientHello& r = records[0];
  EXPECT_EQ(r.records(), 2);
  EXPECT_EQ(r.type(), 22);
  EXPECT_EQ(r.version(), 0x0301);
  EXPECT_EQ(r.message_len(), 50);
  EXPECT_EQ(r.handshake_type(), 1);
  EXPECT_EQ(r.handshake_len(), client_hello().size() - 4);
  EXPECT_EQ(r.handshake_version(), 0x0303);
  EXPECT_EQ(r.random(), std::string(32, 'r'));
  EXPECT_EQ(r.session_id(), "sess");
  EXPECT_EQ(r.sni(), "example.com");
  EXPECT_TRUE(r.oscp());
  EXPECT_EQ(r.cipher_suites_size(), 4);
  ASSERT_EQ(r.alpns_size(), 2);
  EXPECT_EQ(r.alpns(1), "http/1.1");
  EXPECT_EQ(r.supported_versions_size(), 2);
  EXPECT_EQ(r.signature_algs_size(), 2);
  EXPECT_EQ(r.extensions(0), 0x1a1a);  // the record keeps GREASE
  EXPECT_EQ(r.src_ip(), testing::ipv4_bytes("192.0.2.1"));  // the client
  EXPECT_EQ(r.src_port(), 50000);
  EXPECT_EQ(r.dst_port(), 8443);
  EXPECT_EQ(r.src_mac(), testing::mac_bytes("00:00:00:00:00:01"));
  // The first byte came with the third packet, though the hello was
  // complete only with the fifth.
  EXPECT_EQ(r.timestamp(), testing::test_timestamp_ns + 2);
  // JA3 leaves GREASE out of ciphers (0x0a0a), extensions (0x1a1a) and
  // groups (0x2a2a). The MD5 is Python's hashlib.md5 of the string.
  EXPECT_EQ(r.ja3_string(), "771,4865-4866-49195,0-5-10-11-13-16-43,29-23,0");
  EXPECT_EQ(r.ja3(), "544d951f57437b9b3999c6aa34b6341d");
}

TEST(TlsServerHelloEncoder, GivesJa3s) {
  const auto records = run<tlsserverhello>(split_handshake());
  ASSERT_EQ(records.size(), 1u);
  const TLSServerHello& r = records[0];
  EXPECT_EQ(r.cipher_suite(), 0x1301);
  EXPECT_EQ(r.supported_version(), 0x0304);
  EXPECT_EQ(r.src_port(), 8443);
  EXPECT_EQ(r.ja3s_string(), "771,4865,43-51");
  EXPECT_EQ(r.ja3s(), "f4febc55ea12b31ae17cfb7e614afda8");  // hashlib.md5
  EXPECT_EQ(r.records(), 1);
}

// Servers may send a warning alert ("unrecognized name", RFC 6066) before
// their ServerHello.
TEST(TlsServerHelloEncoder, SkipsAnAlertBeforeTheHello) {
  const std::string alert = u8(21) + u16(0x0303) + u16(2) + u8(1) + u8(112);
  const auto records =
      run<tlsserverhello>({packet(false, 1, alert + record(server_hello()))});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ja3s_string(), "771,4865,43-51");
  // Application data first is not a handshake.
  const std::string data = u8(23) + u16(0x0303) + u16(2) + "xy";
  EXPECT_TRUE(run<tlsserverhello>({packet(false, 1, data + record(server_hello()))}).empty());
}

TEST(TlsClientHelloEncoder, TruncatedAndGarbageHellosGiveNoRecord) {
  const std::string hello = client_hello();
  // Every truncation of the message, with the record and handshake lengths
  // claiming the full size, then the connection ends.
  for (std::size_t cut = 0; cut < hello.size(); cut += 7) {
    const std::string stream = record(hello).substr(0, 5 + cut);
    std::vector<std::vector<std::uint8_t>> packets = {packet(true, 1, stream)};
    EXPECT_TRUE(run<tlsclienthello>(packets).empty()) << cut;
  }
  // A hello whose inner lengths lie: a cipher list longer than the message.
  std::string bad = hello;
  bad[4 + 2 + 32 + 1 + 4] = '\x7f';
  EXPECT_TRUE(run<tlsclienthello>({packet(true, 1, record(bad))}).empty());
  // Not TLS at all.
  EXPECT_TRUE(run<tlsclienthello>({packet(true, 1, "GET / HTTP/1.1\r\n\r\n")}).empty());
  // A gap inside the hello: no record, no crash.
  const std::string stream = record(hello);
  EXPECT_TRUE(run<tlsclienthello>({packet(true, 1, stream.substr(0, 40)),
                                   packet(true, 61, stream.substr(60))})
                  .empty());
}

TEST(TlsClientHelloEncoder, WholeHelloInOneSegmentOverIpv6) {
  Tins::EthernetII eth = Tins::EthernetII() / Tins::IPv6("2001:db8::2", "2001:db8::1") /
                         Tins::TCP(443, 50000) / Tins::RawPDU(record(client_hello()));
  const auto records = testing::encode_packet<tlsclienthello>(eth);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].records(), 1);
  EXPECT_EQ(records[0].src_ip(), testing::ipv6_bytes("2001:db8::1"));
  EXPECT_EQ(records[0].ja3(), "544d951f57437b9b3999c6aa34b6341d");
}

// RFC 8446, section 4.1.4: after a HelloRetryRequest the client sends a
// second ClientHello, each side possibly behind a change_cipher_spec
// (appendix D.4). Every hello gets its record, as tshark and Zeek show them
// (zeek-traces_tls_hrr.pcap).
TEST(TlsClientHelloEncoder, HelloRetryRequestGivesTwoHellosEachWay) {
  const std::string ch1 = record(client_hello());
  const std::string hrr = record(server_hello(hello_retry_random)) + change_cipher_spec;
  const std::string ch2 = change_cipher_spec + record(client_hello());
  const std::string sh = record(server_hello()) + change_cipher_spec + application_data("enc");
  const std::vector<std::vector<std::uint8_t>> packets = {
      packet(true, 100, "", Tins::TCP::SYN),
      packet(false, 900, "", Tins::TCP::SYN | Tins::TCP::ACK),
      packet(true, 101, ch1),
      packet(false, 901, hrr),
      packet(true, 101 + ch1.size(), ch2),
      packet(false, 901 + hrr.size(), sh)};
  const auto clients = run<tlsclienthello>(packets);
  ASSERT_EQ(clients.size(), 2u);
  EXPECT_EQ(clients[0].timestamp(), testing::test_timestamp_ns + 2);
  EXPECT_EQ(clients[1].timestamp(), testing::test_timestamp_ns + 4);
  EXPECT_EQ(clients[1].ja3(), "544d951f57437b9b3999c6aa34b6341d");
  const auto servers = run<tlsserverhello>(packets);
  ASSERT_EQ(servers.size(), 2u);
  EXPECT_EQ(servers[0].random(), hello_retry_random);
  EXPECT_EQ(servers[1].random(), std::string(32, 's'));
}

// Without a HelloRetryRequest, a change_cipher_spec starts encryption:
// what follows is never read as a hello, even a record that looks like one
// (here an "encrypted" Finished holding a ClientHello's bytes). Before it,
// several handshake messages may share a record: a duplicate ClientHello
// gets its record (suricata-verify_tls-duplicate-hello_input.pcap).
TEST(TlsClientHelloEncoder, FollowsHandshakeMessagesUntilChangeCipherSpec) {
  const std::string key_exchange = u8(16) + u24(3) + "abc";
  const std::string stream = record(client_hello() + client_hello()) + record(key_exchange) +
                             change_cipher_spec + record(client_hello());
  const auto records = run<tlsclienthello>({packet(true, 1, stream)});
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].records(), 1);
  EXPECT_EQ(records[1].ja3(), "544d951f57437b9b3999c6aa34b6341d");
  // The second hello began inside the record.
  EXPECT_EQ(records[1].records(), 1);
}

// TLS 1.3 drafts before 22 sent ServerHellos without session id and
// compression method (draft-ietf-tls-tls13-16, section 4.1.3);
// zeek-traces_tls_tls13draft16-chrome55.0.2879.0-canary.pcap has them.
TEST(TlsServerHelloEncoder, ReadsEarlyTls13DraftServerHello) {
  const std::string extensions = ext(40, std::string(36, 'k'));
  const std::string body = u16(0x7f10) + std::string(32, 's') + u16(0x1301) +
                           u16(extensions.size()) + extensions;
  const auto records =
      run<tlsserverhello>({packet(false, 1, record(u8(2) + u24(body.size()) + body))});
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].session_id_len(), 0);
  EXPECT_EQ(records[0].cipher_suite(), 0x1301);
  EXPECT_EQ(records[0].ja3s_string(), "32528,4865,40");
}

// STARTTLS: POP3 commands and replies in plain text, then TLS in the next
// segments (zeek-traces_tls_pop3-starttls.pcap). Plain text that never
// turns into TLS is given up after a few segments.
TEST(TlsClientHelloEncoder, FindsHellosAfterAStartTlsPrelude) {
  const std::string greeting = "+OK POP3 server ready\r\n";
  const std::string go = "+OK Begin TLS negotiation now\r\n";
  const std::string ch = record(client_hello());
  std::vector<std::vector<std::uint8_t>> packets = {
      packet(true, 100, "", Tins::TCP::SYN),
      packet(false, 900, "", Tins::TCP::SYN | Tins::TCP::ACK),
      packet(false, 901, greeting),
      packet(true, 101, "STLS\r\n"),
      packet(false, 901 + greeting.size(), go),
      packet(true, 107, ch),
      packet(false, 901 + greeting.size() + go.size(), record(server_hello()))};
  const auto clients = run<tlsclienthello>(packets);
  ASSERT_EQ(clients.size(), 1u);
  EXPECT_EQ(clients[0].ja3(), "544d951f57437b9b3999c6aa34b6341d");
  EXPECT_EQ(clients[0].timestamp(), testing::test_timestamp_ns + 5);
  const auto servers = run<tlsserverhello>(packets);
  ASSERT_EQ(servers.size(), 1u);
  EXPECT_EQ(servers[0].ja3s_string(), "771,4865,43-51");

  // Nine segments of plain text: the hello in the tenth is not looked for.
  std::vector<std::vector<std::uint8_t>> chatty;
  std::uint32_t seq = 1;
  for (int i = 0; i < 9; ++i) {
    chatty.push_back(packet(true, seq, "NOOP\r\n"));
    seq += 6;
  }
  chatty.push_back(packet(true, seq, ch));
  EXPECT_TRUE(run<tlsclienthello>(chatty).empty());
  // Eight are still a prelude (the stream starts at its first data).
  chatty.erase(chatty.begin());
  EXPECT_EQ(run<tlsclienthello>(chatty).size(), 1u);
}

}  // namespace
}  // namespace netcap::encoders
