#include "netcap/pipeline.hpp"

#include <pcap/dlt.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/core/dissect.hpp"
#include "netcap/encoders/all.hpp"
#include "netcap/encoders/udp.hpp"
#include "proto/ipv4.pb.h"
#include "tests/testing.hpp"

namespace netcap {
namespace {

// A small IPv4 encoder of the test's own, so the pipeline's rules are
// tested apart from the real encoders.
struct test_ip {
  static constexpr std::string_view name = "TestIP";
  using record_type = IPv4;
  using layer_type = Tins::IP;
  void encode(const Tins::IP& ip, const frame& f, IPv4& r) const {
    r.set_timestamp(f.timestamp_ns);
    r.set_ttl(ip.ttl());
  }
};

// A payload layer claiming UDP port 7 (echo) and failing on "bad".
struct echo_layer {
  static constexpr std::string_view name = "Echo";
  static bool claims(const Tins::PDU& transport) {
    return transport.pdu_type() == Tins::PDU::UDP &&
           static_cast<const Tins::UDP&>(transport).dport() == 7;
  }
  std::string_view decode(const std::uint8_t* data, std::uint32_t size,
                          const Tins::PDU&) {
    text.assign(reinterpret_cast<const char*>(data), size);
    return text == "bad" ? "Echo: bad" : "";
  }
  std::string text;
};

struct echo {
  static constexpr std::string_view name = "Echo";
  using record_type = UDP;
  using layer_type = echo_layer;
  void encode(const echo_layer& layer, const frame&, UDP& r) const {
    r.set_payload(layer.text);
  }
};

// A custom encoder emitting one record per packet with its length.
struct packet_length {
  static constexpr std::string_view name = "PacketLength";
  using record_type = UDP;
  template <class Sink>
  void encode(const Tins::PDU&, const frame& f, Sink& sink) {
    record_.set_length(static_cast<std::int32_t>(f.captured_length));
    sink.emit(record_);
  }
  UDP record_;
};

// An encoder that writes a record only for IPv4 headers with TTL 9.
struct ttl_nine {
  static constexpr std::string_view name = "TtlNine";
  using record_type = IPv4;
  using layer_type = Tins::IP;
  bool encode(const Tins::IP& ip, const frame&, IPv4& r) const {
    r.set_ttl(ip.ttl());
    return ip.ttl() == 9;
  }
};

// A second encoder on the echo layer, to check it is decoded once.
struct echo_length {
  static constexpr std::string_view name = "EchoLength";
  using record_type = UDP;
  using layer_type = echo_layer;
  void encode(const echo_layer& layer, const frame&, UDP& r) const {
    r.set_length(static_cast<std::int32_t>(layer.text.size()));
  }
};

// A tunnel: UDP port 4789 carrying an Ethernet frame after 8 bytes, as
// VXLAN does; the pipeline walks the frame it dissects.
struct tunnel_layer {
  static constexpr std::string_view name = "Tunnel";
  static bool claims(const Tins::PDU& transport) {
    return transport.pdu_type() == Tins::PDU::UDP &&
           static_cast<const Tins::UDP&>(transport).dport() == 4789;
  }
  std::string_view decode(const std::uint8_t* data, std::uint32_t size,
                          const Tins::PDU&) {
    if (size < 8) return "Tunnel: truncated header";
    ++decodes;
    inner_ = dissect(DLT_EN10MB, data + 8, size - 8).root;
    return "";
  }
  const Tins::PDU* inner() const { return inner_.get(); }
  std::unique_ptr<Tins::PDU> inner_;
  int decodes = 0;
};

struct tunnel {
  static constexpr std::string_view name = "Tunnel";
  using record_type = UDP;
  using layer_type = tunnel_layer;
  void encode(const tunnel_layer& layer, const frame&, UDP& r) const {
    r.set_length(layer.decodes);
  }
};

// A protocol libtins lacks, on IP protocol 253 (RFC 3692: for experiments),
// added to libtins as a layer of its own.
class experiment_pdu : public Tins::PDU {
 public:
  static constexpr Tins::PDU::PDUType pdu_flag =
      static_cast<Tins::PDU::PDUType>(Tins::PDU::USER_DEFINED_PDU + 23);
  static constexpr std::string_view name = "Experiment";
  static constexpr std::array<std::uint8_t, 1> ip_protocols = {253};
  experiment_pdu(const std::uint8_t* data, std::uint32_t size) {
    if (size < 2) throw Tins::malformed_packet();
    value_ = data[0] << 8 | data[1];
  }
  std::uint16_t value() const { return value_; }
  std::uint32_t header_size() const override { return 2; }
  Tins::PDU::PDUType pdu_type() const override { return pdu_flag; }
  experiment_pdu* clone() const override { return new experiment_pdu(*this); }
  void write_serialization(std::uint8_t*, std::uint32_t) override {}

 private:
  std::uint16_t value_ = 0;
};

struct experiment {
  static constexpr std::string_view name = "Experiment";
  using record_type = UDP;
  using layer_type = experiment_pdu;
  void encode(const experiment_pdu& layer, const frame&, UDP& r) const {
    r.set_src_port(layer.value());
  }
};

static_assert(is_layer_encoder_v<test_ip>);
static_assert(is_layer_encoder_v<echo>);
static_assert(is_custom_encoder_v<packet_length>);
static_assert(!is_encoder_v<int>);
static_assert(is_payload_layer_v<echo_layer>);
static_assert(is_tins_layer_v<Tins::TCP>);

using test_pipeline = pipeline<test_ip, encoders::udp, echo, packet_length>;

struct run {
  testing::memory_sink sink;
  packet_result result;
};

template <class Pipeline>
run process_with(Pipeline& p, Tins::PDU& packet) {
  std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.link_type = DLT_EN10MB;
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  run r;
  r.result = p.process(d.root.get(), f, r.sink);
  return r;
}

run process(test_pipeline& p, Tins::PDU& packet) { return process_with(p, packet); }

Tins::EthernetII tunnelled() {
  Tins::IP outer("10.0.0.1", "10.0.0.2");
  outer.ttl(64);
  Tins::IP inner("192.168.0.1", "192.168.0.2");
  inner.ttl(9);
  return Tins::EthernetII() / outer / inner / Tins::UDP(7, 1000) / Tins::RawPDU("hi");
}

TEST(Pipeline, EncodesEveryLayerOfItsTypeOutermostFirst) {
  test_pipeline p;
  Tins::EthernetII packet = tunnelled();
  run r = process(p, packet);
  std::vector<IPv4> ips = r.sink.of<IPv4>(0);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[0].ttl(), 64);
  EXPECT_EQ(ips[1].ttl(), 9);
  EXPECT_EQ(r.sink.of<UDP>(1).size(), 1u);
  ASSERT_EQ(r.sink.of<UDP>(2).size(), 1u);
  EXPECT_EQ(r.sink.of<UDP>(2)[0].payload(), "hi");
  ASSERT_EQ(r.sink.of<UDP>(3).size(), 1u);
  EXPECT_EQ(r.sink.of<UDP>(3)[0].length(), static_cast<int>(packet.size()));
  EXPECT_TRUE(r.result.error.empty());
}

TEST(Pipeline, LeavingAnEncoderOutKeepsWalking) {
  test_pipeline::mask enabled;
  enabled.set(1);  // UDP only
  test_pipeline p(enabled, {});
  Tins::EthernetII packet = tunnelled();
  run r = process(p, packet);
  EXPECT_TRUE(r.sink.of<IPv4>(0).empty());
  EXPECT_EQ(r.sink.of<UDP>(1).size(), 1u);
  EXPECT_TRUE(r.sink.of<UDP>(2).empty());
}

TEST(Pipeline, AStoppedEncoderEndsTheWalkAtItsLayer) {
  test_pipeline::mask all;
  all.set();
  test_pipeline::mask stops;
  stops.set(0);  // TestIP
  test_pipeline p(all, stops);
  Tins::EthernetII packet = tunnelled();
  run r = process(p, packet);
  EXPECT_TRUE(r.sink.of<IPv4>(0).empty());
  EXPECT_TRUE(r.sink.of<UDP>(1).empty());
  EXPECT_TRUE(r.sink.of<UDP>(2).empty());
  // Custom encoders still see the packet.
  EXPECT_EQ(r.sink.of<UDP>(3).size(), 1u);
}

TEST(Pipeline, ReportsAMalformedPayloadLayer) {
  test_pipeline p;
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(7, 1000) / Tins::RawPDU("bad");
  run r = process(p, packet);
  EXPECT_EQ(r.result.error, "Echo: bad");
  EXPECT_TRUE(r.sink.of<UDP>(2).empty());
  EXPECT_EQ(r.sink.of<UDP>(1).size(), 1u);
}

TEST(Pipeline, LeavesUnclaimedPayloadsAlone) {
  test_pipeline p;
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(8, 1000) / Tins::RawPDU("bad");
  run r = process(p, packet);
  EXPECT_TRUE(r.result.error.empty());
  EXPECT_FALSE(r.result.unknown);
  EXPECT_TRUE(r.sink.of<UDP>(2).empty());
}

TEST(Pipeline, NamesTheLayerWhosePayloadNobodyDecoded) {
  test_pipeline p;
  Tins::EthernetII packet = Tins::EthernetII() / Tins::RawPDU("mystery");
  packet.payload_type(0x88b5);
  run r = process(p, packet);
  EXPECT_EQ(r.result.unknown.what, unknown_layer::kind::payload);
  EXPECT_EQ(r.result.unknown.layer, "Ethernet");
  EXPECT_EQ(r.result.unknown.number_name, "EtherType");
  EXPECT_EQ(r.result.unknown.number, 0x88b5);
}

// A stateful custom encoder: counts UDP packets and emits nothing until
// flush, when it emits one record holding the count.
struct udp_counter {
  static constexpr std::string_view name = "UDPCount";
  using record_type = UDP;
  template <class Sink>
  void encode(const Tins::PDU& root, const frame&, Sink&) {
    if (root.find_pdu<Tins::UDP>() != nullptr) ++count_;
  }
  template <class Sink>
  void flush(Sink& sink) {
    UDP record;
    record.set_length(count_);
    sink.emit(record);
  }
  std::int32_t count_ = 0;
};

// A layer encoder that also keeps state: it writes a record per IPv4 layer
// like any layer encoder and, at flush, one more with the largest TTL seen.
struct max_ttl {
  static constexpr std::string_view name = "MaxTTL";
  using record_type = IPv4;
  using layer_type = Tins::IP;
  void encode(const Tins::IP& ip, const frame&, IPv4& r) {
    r.set_ttl(ip.ttl());
    max_ = std::max(max_, static_cast<std::int32_t>(ip.ttl()));
  }
  template <class Sink>
  void flush(Sink& sink) {
    IPv4 record;
    record.set_ttl(max_);
    sink.emit(record);
  }
  std::int32_t max_ = 0;
};

static_assert(is_custom_encoder_v<udp_counter> && has_flush_v<udp_counter>);
static_assert(is_layer_encoder_v<max_ttl> && has_flush_v<max_ttl>);
static_assert(!has_flush_v<encoders::udp>);

TEST(Pipeline, FlushLetsStatefulEncodersEmitWhatTheyHold) {
  pipeline<udp_counter, encoders::udp, max_ttl> p;
  testing::memory_sink sink;
  for (int i = 0; i < 3; ++i) {
    Tins::EthernetII packet = tunnelled();
    run r = process_with(p, packet);
    EXPECT_TRUE(r.sink.of<UDP>(0).empty()) << "a custom encoder emits only when it wants";
    EXPECT_EQ(r.sink.of<IPv4>(2).size(), 2u);
  }
  p.flush(sink);
  ASSERT_EQ(sink.of<UDP>(0).size(), 1u);
  EXPECT_EQ(sink.of<UDP>(0)[0].length(), 3);
  EXPECT_TRUE(sink.of<UDP>(1).empty());
  ASSERT_EQ(sink.of<IPv4>(2).size(), 1u);
  EXPECT_EQ(sink.of<IPv4>(2)[0].ttl(), 64);
}

TEST(Pipeline, FlushSkipsEncodersThatAreOff) {
  using flushing = pipeline<udp_counter, max_ttl>;
  flushing::mask enabled;
  enabled.set(1);  // MaxTTL only
  flushing p(enabled, {});
  Tins::EthernetII packet = tunnelled();
  process_with(p, packet);
  testing::memory_sink sink;
  p.flush(sink);
  EXPECT_TRUE(sink.of<UDP>(0).empty());
  EXPECT_EQ(sink.of<IPv4>(1).size(), 1u);
}

TEST(Pipeline, HandsOnOnlyTheBytesTheUdpLengthCovers) {
  test_pipeline p;
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(7, 1000) / Tins::RawPDU("hello");
  std::vector<std::uint8_t> bytes = packet.serialize();
  bytes[14 + 20 + 5] = 8 + 3;  // the UDP length's low byte: three bytes of data
  frame f;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  testing::memory_sink sink;
  p.process(d.root.get(), f, sink);
  ASSERT_EQ(sink.of<UDP>(2).size(), 1u);
  EXPECT_EQ(sink.of<UDP>(2)[0].payload(), "hel");
}

TEST(Pipeline, WritesARecordOnlyWhenABoolEncoderSaysSo) {
  pipeline<ttl_nine> p;
  Tins::EthernetII packet = tunnelled();
  std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  testing::memory_sink sink;
  p.process(d.root.get(), f, sink);
  std::vector<IPv4> records = sink.of<IPv4>(0);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].ttl(), 9);
}

using payload_pipeline = pipeline<test_ip, echo, echo_length, tunnel>;

testing::memory_sink process_bytes(payload_pipeline& p, Tins::PDU& packet) {
  std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  testing::memory_sink sink;
  p.process(d.root.get(), f, sink);
  return sink;
}

TEST(Pipeline, DecodesAPayloadLayerOnceForAllItsEncoders) {
  payload_pipeline p;
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                            Tins::UDP(7, 1000) / Tins::RawPDU("hello");
  testing::memory_sink sink = process_bytes(p, packet);
  ASSERT_EQ(sink.of<UDP>(1).size(), 1u);
  EXPECT_EQ(sink.of<UDP>(1)[0].payload(), "hello");
  ASSERT_EQ(sink.of<UDP>(2).size(), 1u);
  EXPECT_EQ(sink.of<UDP>(2)[0].length(), 5);
}

Tins::EthernetII vxlan_like(int depth) {
  Tins::EthernetII inner = Tins::EthernetII() / Tins::IP("192.168.0.1", "192.168.0.2");
  inner.rfind_pdu<Tins::IP>().ttl(static_cast<std::uint8_t>(depth));
  std::vector<std::uint8_t> payload(8, 0);
  std::vector<std::uint8_t> frame_bytes = inner.serialize();
  payload.insert(payload.end(), frame_bytes.begin(), frame_bytes.end());
  Tins::IP outer("10.0.0.1", "10.0.0.2");
  outer.ttl(64);
  return Tins::EthernetII() / outer / Tins::UDP(4789, 1000) /
         Tins::RawPDU(payload.data(), static_cast<std::uint32_t>(payload.size()));
}

TEST(Pipeline, WalksTheLayersATunnelCarries) {
  payload_pipeline p;
  Tins::EthernetII packet = vxlan_like(5);
  testing::memory_sink sink = process_bytes(p, packet);
  std::vector<IPv4> ips = sink.of<IPv4>(0);
  ASSERT_EQ(ips.size(), 2u);
  EXPECT_EQ(ips[0].ttl(), 64);
  EXPECT_EQ(ips[1].ttl(), 5);
  EXPECT_EQ(sink.of<UDP>(3).size(), 1u);
}

TEST(Pipeline, WalksIntoATunnelWhoseEncoderIsLeftOut) {
  payload_pipeline::mask enabled;
  enabled.set(0);  // TestIP only
  payload_pipeline p(enabled, {});
  Tins::EthernetII packet = vxlan_like(5);
  testing::memory_sink sink = process_bytes(p, packet);
  EXPECT_EQ(sink.of<IPv4>(0).size(), 2u);
  EXPECT_TRUE(sink.of<UDP>(3).empty());
}

TEST(Pipeline, StopsAtAnExcludedTunnel) {
  payload_pipeline::mask all;
  all.set();
  payload_pipeline::mask stops;
  stops.set(3);
  payload_pipeline p(all, stops);
  Tins::EthernetII packet = vxlan_like(5);
  testing::memory_sink sink = process_bytes(p, packet);
  EXPECT_EQ(sink.of<IPv4>(0).size(), 1u);
  EXPECT_TRUE(sink.of<UDP>(3).empty());
}

TEST(Pipeline, EncodesLayersRegisteredWithLibtins) {
  using experiment_pipeline = pipeline<test_ip, experiment>;
  experiment_pipeline::register_layers();
  experiment_pipeline p;
  Tins::IP ip = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::RawPDU(std::string("\x12\x34", 2));
  ip.protocol(253);
  Tins::EthernetII packet = Tins::EthernetII() / ip;
  std::vector<std::uint8_t> bytes = packet.serialize();
  frame f;
  dissection d = dissect(DLT_EN10MB, bytes.data(), bytes.size());
  testing::memory_sink sink;
  packet_result result = p.process(d.root.get(), f, sink);
  ASSERT_EQ(sink.of<UDP>(1).size(), 1u);
  EXPECT_EQ(sink.of<UDP>(1)[0].src_port(), 0x1234);
  EXPECT_FALSE(result.unknown);
}


// What sends a packet to unknown.pcap, with every encoder netcap has.
unknown_layer unknown_in(const std::vector<std::uint8_t>& bytes,
                         encoders::full_pipeline::mask stops = {}) {
  encoders::full_pipeline::mask all;
  all.set();
  encoders::full_pipeline p(all, stops);
  const frame f = testing::frame_of(bytes);
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  EXPECT_TRUE(d.error.empty()) << d.error;
  testing::memory_sink sink;
  return p.process(d.root.get(), f, sink).unknown;
}

unknown_layer unknown_in(Tins::PDU& packet) { return unknown_in(packet.serialize()); }

TEST(PipelineUnknown, NamesTheIpProtocolNobodyDecoded) {
  Tins::IP ip = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::RawPDU("gre?");
  ip.protocol(47);
  Tins::EthernetII packet = Tins::EthernetII() / ip;
  const unknown_layer u = unknown_in(packet);
  EXPECT_EQ(u.what, unknown_layer::kind::payload);
  EXPECT_EQ(u.layer, "IPv4");
  EXPECT_EQ(u.number_name, "protocol");
  EXPECT_EQ(u.number, 47);
  EXPECT_EQ(describe(u), "with an undecoded layer inside IPv4 (protocol 47)");
}

TEST(PipelineUnknown, NamesTheEtherTypeInsideAVlanTag) {
  Tins::Dot1Q tag(5);
  tag.payload_type(0x88b5);
  Tins::EthernetII packet = Tins::EthernetII() / tag / Tins::RawPDU("local experiment");
  const unknown_layer u = unknown_in(packet);
  EXPECT_EQ(u.layer, "Dot1Q");
  EXPECT_EQ(describe(u), "with an undecoded layer inside Dot1Q (EtherType 0x88b5)");
}

// Ethernet, then an IPv6 header whose hop-by-hop options header (RFC 8200,
// section 4.3) announces `last_next_header`, then eight bytes of it.
std::vector<std::uint8_t> ipv6_with_hop_by_hop(std::uint8_t first_next_header,
                                               std::uint8_t last_next_header) {
  std::vector<std::uint8_t> bytes = {
      2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd,  // Ethernet
      0x60, 0, 0, 0, 0, 16, first_next_header, 64};      // IPv6: 16 bytes of payload
  bytes.resize(bytes.size() + 32, 0);                  // addresses
  bytes[22] = 0x20;
  bytes[38] = 0x20;
  const std::vector<std::uint8_t> extension = {last_next_header, 0, 1, 4, 0, 0, 0, 0};
  bytes.insert(bytes.end(), extension.begin(), extension.end());
  const std::vector<std::uint8_t> payload = {1, 2, 3, 4, 5, 6, 7, 8};
  bytes.insert(bytes.end(), payload.begin(), payload.end());
  return bytes;
}

TEST(PipelineUnknown, NamesTheNextHeaderAfterIpv6ExtensionHeaders) {
  // 254: RFC 3692's other number for experiments (a test above registers
  // 253 with libtins).
  const unknown_layer u = unknown_in(ipv6_with_hop_by_hop(0, 254));
  EXPECT_EQ(u.what, unknown_layer::kind::payload);
  EXPECT_EQ(u.layer, "IPv6");
  EXPECT_EQ(u.number_name, "next header");
  EXPECT_EQ(u.number, 254);
}

TEST(PipelineUnknown, FragmentsAreNotUnknown) {
  // The first fragment of a UDP datagram and a later one: libtins decodes
  // neither's payload, which is part of a datagram, not a protocol.
  Tins::IP first = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::RawPDU("first part");
  first.protocol(17);
  first.flags(Tins::IP::MORE_FRAGMENTS);
  Tins::EthernetII first_packet = Tins::EthernetII() / first;
  EXPECT_FALSE(unknown_in(first_packet));
  Tins::IP later = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::RawPDU("later part");
  later.protocol(17);
  later.fragment_offset(100);
  // A packet of its own rather than one move-assigned over the first:
  // libtins' PDU move assignment (tins/pdu.h) swaps the inner PDUs and then
  // drops the one it took, leaking the first packet's IP layer (the ASan
  // leak this test reported).
  Tins::EthernetII later_packet = Tins::EthernetII() / later;
  EXPECT_FALSE(unknown_in(later_packet));
  // IPv6 with a fragment header (RFC 8200, section 4.5) in place of the
  // hop-by-hop one.
  std::vector<std::uint8_t> v6 = ipv6_with_hop_by_hop(44, 17);
  v6[14 + 40 + 2] = 0;  // offset 0, more fragments
  v6[14 + 40 + 3] = 1;
  EXPECT_FALSE(unknown_in(v6));
}

TEST(PipelineUnknown, NamesALayerNoEncoderRecords) {
  // A spanning tree frame: IEEE 802.3, LLC with the STP SAPs, STP, in a
  // pipeline without the STP encoder (netcap's own has one).
  Tins::Dot3 packet = Tins::Dot3() / Tins::LLC(0x42, 0x42) / Tins::STP();
  const std::vector<std::uint8_t> bytes = packet.serialize();
  pipeline<encoders::ieee802_3, encoders::llc> p;
  const frame f = testing::frame_of(bytes);
  dissection d = dissect(DLT_EN10MB, f.data, f.captured_length);
  ASSERT_TRUE(d.error.empty()) << d.error;
  testing::memory_sink sink;
  const unknown_layer u = p.process(d.root.get(), f, sink).unknown;
  EXPECT_EQ(u.what, unknown_layer::kind::layer);
  EXPECT_EQ(u.layer, "STP");
  EXPECT_EQ(describe(u), "ending in a layer no encoder records: STP");
  // With the STP encoder, as in netcap's full pipeline, the frame is known.
  EXPECT_FALSE(unknown_in(packet));
}

TEST(PipelineUnknown, WhatAnEncoderRecordsIsNotUnknown) {
  Tins::EthernetII tcp = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                         Tins::TCP(80, 1234) / Tins::RawPDU("data");
  EXPECT_FALSE(unknown_in(tcp));
  // The payload of a UDP port nothing claims is application data.
  Tins::EthernetII udp = Tins::EthernetII() / Tins::IPv6("2001:db8::1", "2001:db8::2") /
                         Tins::UDP(4000, 4001) / Tins::RawPDU("data");
  EXPECT_FALSE(unknown_in(udp));
  Tins::EthernetII arp = Tins::ARP::make_arp_request("10.0.0.1", "10.0.0.2");
  EXPECT_FALSE(unknown_in(arp));
  Tins::EthernetII ping = Tins::EthernetII() / Tins::IP("10.0.0.1", "10.0.0.2") /
                          Tins::ICMP() / Tins::RawPDU("ping");
  EXPECT_FALSE(unknown_in(ping));
}

TEST(PipelineUnknown, AnExcludedLayerHidesWhatIsInside) {
  Tins::IP ip = Tins::IP("10.0.0.1", "10.0.0.2") / Tins::RawPDU("gre?");
  ip.protocol(47);
  Tins::EthernetII packet = Tins::EthernetII() / ip;
  encoders::full_pipeline::mask stops;
  const auto& names = encoders::full_pipeline::names;
  const auto ipv4 = std::find(names.begin(), names.end(), "IPv4");
  ASSERT_NE(ipv4, names.end());
  stops.set(static_cast<std::size_t>(ipv4 - names.begin()));  // as -exclude IPv4 asks
  EXPECT_FALSE(unknown_in(packet.serialize(), stops));
}

}  // namespace
}  // namespace netcap
