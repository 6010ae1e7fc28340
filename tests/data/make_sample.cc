// Writes tests/data/sample.pcap, the small capture the README runs netcap
// on: a few seconds of a host's life on an Ethernet segment, crafted with
// libtins so that every byte is ours and the file is the same on every run.
//
//   bazel run //tests/data:make_sample -- tests/data/sample.pcap
//
// It holds ARP, DNS over UDP on IPv4 and IPv6, an HTTP exchange over TCP on
// IPv4, a TCP handshake over IPv6, ICMP and ICMPv6 echo, a VLAN-tagged
// datagram, one frame with an EtherType nobody decodes and one whose TCP
// header is cut short, so the summary has something to say about each; then
// DHCP, DHCPv6, NTP, SIP, Modbus/TCP, BFD and LCM (write_applications); the
// hellos of a TLS handshake (write_tls); and GRE, IGMP, VRRP, OSPF, SCTP,
// VXLAN and Geneve (write_ip_protocols).
#include <pcap/pcap.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <tins/tins.h>

namespace {

using Tins::EthernetII;

constexpr std::int64_t start_ns = 1700000000'000000000;  // 2023-11-14T22:13:20Z

const Tins::HWAddress<6> client_mac("02:00:00:00:00:01");
const Tins::HWAddress<6> router_mac("02:00:00:00:00:fe");
const char* client_ip = "192.168.1.10";
const char* router_ip = "192.168.1.1";
const char* server_ip = "93.184.216.34";
const char* client_ip6 = "2001:db8::10";
const char* resolver_ip6 = "2001:db8::53";
const char* server_ip6 = "2001:db8:1::80";

class sample_writer {
 public:
  explicit sample_writer(const char* path, int link_type = DLT_EN10MB) {
    dead_ = pcap_open_dead_with_tstamp_precision(link_type, 65535,
                                                 PCAP_TSTAMP_PRECISION_NANO);
    dumper_ = pcap_dump_open(dead_, path);
  }
  ~sample_writer() {
    if (dumper_ != nullptr) pcap_dump_close(dumper_);
    pcap_close(dead_);
  }
  bool ok() const { return dumper_ != nullptr; }

  // Makes later writes count their milliseconds from `origin_ms`.
  void begin_section(int origin_ms) { origin_ms_ = origin_ms; }
  const char* error() { return pcap_geterr(dead_); }

  // Writes a packet `ms` milliseconds after the start, cut to `cut` bytes
  // when that is shorter than the packet.
  void write(Tins::PDU&& pdu, int ms) { write(pdu, ms); }

  void write(Tins::PDU& pdu, int ms, std::size_t cut = SIZE_MAX) {
    write(pdu.serialize(), ms, cut);
  }

  void write(std::vector<std::uint8_t> bytes, int ms, std::size_t cut = SIZE_MAX) {
    const std::uint32_t length = static_cast<std::uint32_t>(bytes.size());
    if (cut < bytes.size()) bytes.resize(cut);
    const std::int64_t ns = start_ns + std::int64_t{origin_ms_ + ms} * 1'000'000 + 123;
    pcap_pkthdr header{};
    header.ts.tv_sec = ns / 1'000'000'000;
    header.ts.tv_usec = ns % 1'000'000'000;  // nanoseconds in a nano file
    header.caplen = static_cast<std::uint32_t>(bytes.size());
    header.len = length;
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, bytes.data());
  }

 private:
  pcap_t* dead_;
  pcap_dumper_t* dumper_;
  int origin_ms_ = 0;
};

Tins::IPv6 ip6(const char* dst, const char* src) {
  Tins::IPv6 ip(dst, src);
  ip.hop_limit(64);
  return ip;
}

EthernetII from_client() { return EthernetII(router_mac, client_mac); }
EthernetII to_client() { return EthernetII(client_mac, router_mac); }

Tins::TCP tcp(std::uint16_t dport, std::uint16_t sport, std::uint32_t seq,
              std::uint32_t ack, std::uint16_t flags) {
  Tins::TCP t(dport, sport);
  t.seq(seq);
  t.ack_seq(ack);
  t.flags(flags);
  t.window(64240);
  return t;
}

Tins::DNS dns_query(std::uint16_t id, const std::string& name,
                    Tins::DNS::QueryType type) {
  Tins::DNS dns;
  dns.id(id);
  dns.recursion_desired(1);
  dns.add_query(Tins::DNS::query(name, type, Tins::DNS::IN));
  return dns;
}

// For the flow encoders (Flow, Connection, LinkFlow, NetworkFlow,
// TransportFlow): a whole TCP connection closed by FIN both ways, an ICMP
// echo, and 70 s later a datagram that ends, by idle time, every flow still
// open, so that each encoder writes records while packets still come.
void write_flows(sample_writer& out) {
  using Tins::TCP;
  const char* web = "93.184.216.35";
  out.write(from_client() / Tins::IP(web, client_ip) / tcp(443, 40100, 1000, 0, TCP::SYN), 700);
  out.write(to_client() / Tins::IP(client_ip, web) /
                tcp(40100, 443, 5000, 1001, TCP::SYN | TCP::ACK),
            710);
  out.write(from_client() / Tins::IP(web, client_ip) / tcp(443, 40100, 1001, 5001, TCP::ACK),
            711);
  out.write(from_client() / Tins::IP(web, client_ip) /
                tcp(443, 40100, 1001, 5001, TCP::ACK | TCP::PSH) /
                Tins::RawPDU(std::string(100, 'q')),
            712);
  out.write(to_client() / Tins::IP(client_ip, web) /
                tcp(40100, 443, 5001, 1101, TCP::ACK | TCP::PSH) /
                Tins::RawPDU(std::string(300, 'r')),
            730);
  out.write(from_client() / Tins::IP(web, client_ip) /
                tcp(443, 40100, 1101, 5301, TCP::FIN | TCP::ACK),
            740);
  out.write(to_client() / Tins::IP(client_ip, web) /
                tcp(40100, 443, 5301, 1102, TCP::FIN | TCP::ACK),
            750);
  out.write(from_client() / Tins::IP(web, client_ip) / tcp(443, 40100, 1102, 5302, TCP::ACK),
            751);
  Tins::ICMP echo(Tins::ICMP::ECHO_REQUEST);
  echo.id(7);
  echo.sequence(1);
  out.write(from_client() / Tins::IP(web, client_ip) / echo / Tins::RawPDU("ping"), 800);
  Tins::ICMP reply(Tins::ICMP::ECHO_REPLY);
  reply.id(7);
  reply.sequence(1);
  out.write(to_client() / Tins::IP(client_ip, web) / reply / Tins::RawPDU("ping"), 820);
  out.write(from_client() / Tins::IP(router_ip, client_ip) / Tins::UDP(9, 51010) /
                Tins::RawPDU("late"),
            70'000);
}

// Application protocols netcap decodes from UDP and TCP payloads: the client
// gets its address over DHCP and DHCPv6, sets its clock over NTP, places a
// SIP call, polls a Modbus controller, and the router keeps a BFD session
// up; a robot publishes on LCM.
void write_applications(sample_writer& out) {
  using Tins::TCP;
  {
    Tins::DHCP discover;
    discover.opcode(Tins::BootP::BOOTREQUEST);
    discover.xid(0x5a5a0001);
    discover.chaddr(client_mac);
    discover.type(Tins::DHCP::DISCOVER);
    discover.hostname("sample-host");
    discover.end();
    EthernetII d = EthernetII("ff:ff:ff:ff:ff:ff", client_mac) /
                   Tins::IP("255.255.255.255", "0.0.0.0") / Tins::UDP(67, 68) / discover;
    out.write(d, 700);
    Tins::DHCP offer;
    offer.opcode(Tins::BootP::BOOTREPLY);
    offer.xid(0x5a5a0001);
    offer.yiaddr(client_ip);
    offer.siaddr(router_ip);
    offer.chaddr(client_mac);
    offer.type(Tins::DHCP::OFFER);
    offer.server_identifier(router_ip);
    offer.lease_time(3600);
    offer.subnet_mask("255.255.255.0");
    offer.routers({Tins::IPv4Address(router_ip)});
    offer.end();
    EthernetII o = to_client() / Tins::IP(client_ip, router_ip) / Tins::UDP(68, 67) / offer;
    out.write(o, 701);
  }
  {
    Tins::DHCPv6 solicit;
    solicit.msg_type(Tins::DHCPv6::SOLICIT);
    solicit.transaction_id(0xc0ffee);
    solicit.client_id(Tins::DHCPv6::duid_type(Tins::DHCPv6::duid_ll(
        1, std::vector<std::uint8_t>(client_mac.begin(), client_mac.end()))));
    solicit.elapsed_time(0);
    EthernetII s = EthernetII("33:33:00:01:00:02", client_mac) /
                   ip6("ff02::1:2", "fe80::10") / Tins::UDP(547, 546) / solicit;
    out.write(s, 710);
  }
  {
    // RFC 5905 7.3: a version 4 client request and a stratum 2 server reply.
    auto ntp = [](std::uint8_t first, std::uint8_t stratum, std::uint32_t seconds) {
      std::vector<std::uint8_t> m(48, 0);
      m[0] = first;
      m[1] = stratum;
      m[2] = 6;
      m[3] = 0xe9;
      for (int i = 0; i < 4; ++i) m[40 + i] = static_cast<std::uint8_t>(seconds >> (24 - 8 * i));
      return Tins::RawPDU(m.data(), static_cast<std::uint32_t>(m.size()));
    };
    EthernetII q = from_client() / Tins::IP(router_ip, client_ip) / Tins::UDP(123, 40123) /
                   ntp(0x23, 0, 0xe8fa1a20);
    out.write(q, 720);
    EthernetII a = to_client() / Tins::IP(client_ip, router_ip) / Tins::UDP(40123, 123) /
                   ntp(0x24, 2, 0xe8fa1a21);
    out.write(a, 721);
  }
  {
    const std::string invite =
        "INVITE sip:bob@example.com SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK0001\r\n"
        "Max-Forwards: 70\r\n"
        "From: <sip:alice@example.com>;tag=1\r\n"
        "To: <sip:bob@example.com>\r\n"
        "Call-ID: 1@192.168.1.10\r\n"
        "CSeq: 1 INVITE\r\n"
        "Contact: <sip:alice@192.168.1.10>\r\n"
        "Content-Length: 0\r\n"
        "\r\n";
    EthernetII i = from_client() / Tins::IP(server_ip, client_ip) / Tins::UDP(5060, 5060) /
                   Tins::RawPDU(invite);
    out.write(i, 730);
    const std::string ringing =
        "SIP/2.0 180 Ringing\r\n"
        "Via: SIP/2.0/UDP 192.168.1.10:5060;branch=z9hG4bK0001\r\n"
        "From: <sip:alice@example.com>;tag=1\r\n"
        "To: <sip:bob@example.com>;tag=2\r\n"
        "Call-ID: 1@192.168.1.10\r\n"
        "CSeq: 1 INVITE\r\n"
        "Content-Length: 0\r\n"
        "\r\n";
    EthernetII r = to_client() / Tins::IP(client_ip, server_ip) / Tins::UDP(5060, 5060) /
                   Tins::RawPDU(ringing);
    out.write(r, 731);
  }
  {
    // Read Holding Registers and its answer (Modbus Application Protocol
    // V1.1b3, 6.3).
    const std::uint8_t request[] = {0, 1, 0, 0, 0, 6, 1, 3, 0, 0x6b, 0, 2};
    EthernetII q = from_client() / Tins::IP("192.168.1.50", client_ip) /
                   tcp(502, 40502, 1000, 2000, TCP::PSH | TCP::ACK) /
                   Tins::RawPDU(request, sizeof(request));
    out.write(q, 740);
    const std::uint8_t response[] = {0, 1, 0, 0, 0, 7, 1, 3, 4, 0x02, 0x2b, 0, 0};
    EthernetII a = to_client() / Tins::IP(client_ip, "192.168.1.50") /
                   tcp(40502, 502, 2000, 1012, TCP::PSH | TCP::ACK) /
                   Tins::RawPDU(response, sizeof(response));
    out.write(a, 741);
  }
  {
    // RFC 5880 4.1: a BFD control packet, state Up, from the router.
    const std::uint8_t control[] = {0x20, 0xc0, 3, 24, 0, 0, 0, 1, 0, 0, 0, 2,
                                    0, 0x0f, 0x42, 0x40, 0, 0x0f, 0x42, 0x40, 0, 0, 0, 0};
    EthernetII b = to_client() / Tins::IP(client_ip, router_ip) / Tins::UDP(3784, 49152) /
                   Tins::RawPDU(control, sizeof(control));
    out.write(b, 750);
  }
  {
    // An LCM message on the default group and port.
    std::string lcm("LC02\x00\x00\x00\x01", 8);
    lcm += "ROBOT_POSE";
    lcm += '\0';
    lcm += "pose data";
    EthernetII l = EthernetII("01:00:5e:7f:4c:43", client_mac) /
                   Tins::IP("239.255.76.67", client_ip) / Tins::UDP(7667, 40767) /
                   Tins::RawPDU(lcm);
    out.write(l, 760);
  }
}


// Discovery and other link protocols netcap decodes itself (l2misc): an
// LLDP announcement, a CDP announcement behind IEEE 802.3 and LLC/SNAP, an
// Ethernet loopback (CTP) reply and an EAP identity request in EAPOL.
void write_l2misc_samples(sample_writer& out) {
  auto frame = [](std::vector<std::uint8_t> header, const std::vector<std::uint8_t>& body) {
    header.insert(header.end(), body.begin(), body.end());
    if (header.size() < 60) header.resize(60, 0);
    return Tins::RawPDU(header.data(), static_cast<std::uint32_t>(header.size()));
  };
  const std::vector<std::uint8_t> router = {0x02, 0x00, 0x00, 0x00, 0x00, 0xfe};
  auto ethernet = [&](std::vector<std::uint8_t> dst, std::uint16_t type) {
    dst.insert(dst.end(), router.begin(), router.end());
    dst.push_back(static_cast<std::uint8_t>(type >> 8));
    dst.push_back(static_cast<std::uint8_t>(type));
    return dst;
  };
  const std::vector<std::uint8_t> lldp = {
      0x02, 0x07, 0x04, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,  // chassis ID: MAC
      0x04, 0x05, 0x05, 'e', 't', 'h', '0',                  // port ID: "eth0"
      0x06, 0x02, 0x00, 0x78,                                // TTL 120
      0x0a, 0x06, 'r', 'o', 'u', 't', 'e', 'r',              // system name
      0x0e, 0x04, 0x00, 0x14, 0x00, 0x10,                    // capabilities
      0x00, 0x00};
  out.write(frame(ethernet({0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e}, 0x88cc), lldp), 700);

  const std::vector<std::uint8_t> cdp = {
      0x02, 0xb4, 0x00, 0x00,                                // version 2, TTL 180
      0x00, 0x01, 0x00, 0x0a, 'r', 'o', 'u', 't', 'e', 'r',  // device ID
      0x00, 0x03, 0x00, 0x08, 'e', 't', 'h', '0',            // port ID
      0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01};       // capabilities: router
  std::vector<std::uint8_t> dot3 = {0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc};
  dot3.insert(dot3.end(), router.begin(), router.end());
  const auto length = static_cast<std::uint16_t>(8 + cdp.size());
  dot3.insert(dot3.end(), {static_cast<std::uint8_t>(length >> 8),
                           static_cast<std::uint8_t>(length), 0xaa, 0xaa, 0x03, 0x00, 0x00,
                           0x0c, 0x20, 0x00});
  out.write(frame(dot3, cdp), 710);

  // Skip count 0, a reply with receipt number 1.
  out.write(frame(ethernet({0x02, 0x00, 0x00, 0x00, 0x00, 0x01}, 0x9000),
                  {0x00, 0x00, 0x01, 0x00, 0x01, 0x00}),
            720);

  // EAPOL version 2, EAP-Packet: request 1, identity.
  out.write(frame(ethernet({0x02, 0x00, 0x00, 0x00, 0x00, 0x01}, 0x888e),
                  {0x02, 0x00, 0x00, 0x05, 0x01, 0x01, 0x00, 0x05, 0x01}),
            730);

  // A SONMP (Nortel discovery) hello in IEEE 802.3 LLC/SNAP, OUI 00:00:81,
  // protocol 0x01a2: 10.0.0.254, segment 00:01:02, chassis 12, backplane
  // 12, state 1, one link.
  const std::vector<std::uint8_t> sonmp = {0x0a, 0x00, 0x00, 0xfe, 0x00, 0x01,
                                           0x02, 0x0c, 0x0c, 0x01, 0x01};
  std::vector<std::uint8_t> sonmp_header = {0x01, 0x00, 0x81, 0x00, 0x01, 0x00};
  sonmp_header.insert(sonmp_header.end(), router.begin(), router.end());
  sonmp_header.insert(sonmp_header.end(), {0x00, static_cast<std::uint8_t>(8 + sonmp.size()),
                                           0xaa, 0xaa, 0x03, 0x00, 0x00, 0x81, 0x01, 0xa2});
  out.write(frame(sonmp_header, sonmp), 740);
}

// An FDDI LLC frame carrying a UDP datagram behind LLC/SNAP.
void write_fddi_samples(sample_writer& out) {
  std::vector<std::uint8_t> bytes = {0x50, 0x02, 0x00, 0x00, 0x00, 0x00, 0xfe,
                                     0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
                                     0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00};
  Tins::IP ip = Tins::IP(router_ip, client_ip) / Tins::UDP(9, 51005) / Tins::RawPDU("fddi");
  const std::vector<std::uint8_t> inner = ip.serialize();
  bytes.insert(bytes.end(), inner.begin(), inner.end());
  Tins::RawPDU frame(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
  out.write(frame, 800);
}

// A usbmon header (netcap/layers/usb.hpp), 48 bytes or, `mmapped`, 64, in
// this host's byte order as libpcap writes and reads it, then `data`.
struct usbmon_event {
  std::uint64_t id;
  char event;         // 'S', 'C' or 'E'
  std::uint8_t transfer_type;
  std::uint8_t endpoint;  // bit 7: IN
  std::vector<std::uint8_t> setup;  // the setup packet, or empty
  std::int32_t status;
  std::uint32_t length;
  std::vector<std::uint8_t> data;
};
std::vector<std::uint8_t> usbmon_bytes(const usbmon_event& e, bool mmapped, int ms) {
  std::vector<std::uint8_t> out(mmapped ? 64 : 48, 0);
  auto put = [&](std::size_t at, auto value) {
    std::memcpy(out.data() + at, &value, sizeof(value));
  };
  put(0, e.id);
  out[8] = static_cast<std::uint8_t>(e.event);
  out[9] = e.transfer_type;
  out[10] = e.endpoint;
  out[11] = 5;                   // device address
  put(12, std::uint16_t{1});     // bus
  out[14] = e.setup.empty() ? '-' : 0;
  out[15] = e.data.empty() ? (e.endpoint & 0x80 ? '<' : '>') : 0;
  const std::int64_t ns = start_ns + std::int64_t{ms} * 1'000'000;
  put(16, std::int64_t{ns / 1'000'000'000});
  put(24, static_cast<std::int32_t>(ns % 1'000'000'000 / 1000));
  put(28, e.status);
  put(32, e.length);
  put(36, static_cast<std::uint32_t>(e.data.size()));
  std::copy(e.setup.begin(), e.setup.end(), out.begin() + 40);
  // The URB's transfer flags: Linux's URB_DIR_IN (0x200) for IN transfers.
  if (mmapped) put(56, std::uint32_t{e.endpoint & 0x80 ? 0x200u : 0u});
  out.insert(out.end(), e.data.begin(), e.data.end());
  return out;
}

// A device's descriptor read over USB (GET_DESCRIPTOR, submitted and
// completed) and a bulk write, on usbmon's 48-byte header or, `mmapped`,
// its 64-byte one.
void write_usb_samples(sample_writer& out, bool mmapped) {
  const std::vector<usbmon_event> events = {
      {0xffff8881'0a2b3c00u, 'S', 2, 0x80, {0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00},
       -115, 18, {}},
      {0xffff8881'0a2b3c00u, 'C', 2, 0x80, {}, 0, 18,
       {0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x6b, 0x1d, 0x04, 0x01, 0x00, 0x01,
        0x01, 0x02, 0x00, 0x01}},
      {0xffff8881'0a2b3d00u, 'S', 3, 0x02, {}, -115, 4, {'p', 'i', 'n', 'g'}},
  };
  int ms = 900;
  for (const usbmon_event& e : events) {
    std::vector<std::uint8_t> bytes = usbmon_bytes(e, mmapped, ms);
    Tins::RawPDU packet(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
    out.write(packet, ms);
    ms += 10;
  }
}

// Link layers and what 802.2, 802.11 and PPPoE frames carry. A capture has
// one link type: the Ethernet frames are a section of sample.pcap
// (write_link_frames), the other link types get captures of their own
// beside it, named sample_<link type>.pcap (write_link_type_samples); the
// contract test reads them all.
std::vector<std::uint8_t> concat(std::vector<std::uint8_t> a, const std::vector<std::uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::uint8_t> ethernet_header(std::uint16_t ether_type) {
  return {0x02, 0, 0, 0, 0, 0xfe, 0x02, 0, 0, 0, 0, 0x01,
          static_cast<std::uint8_t>(ether_type >> 8), static_cast<std::uint8_t>(ether_type)};
}

// IPv4 (protocol `protocol`, total length set for `body`) followed by body.
std::vector<std::uint8_t> ipv4_with(std::uint8_t protocol, const std::vector<std::uint8_t>& body) {
  std::vector<std::uint8_t> ip = Tins::IP("198.51.100.2", "198.51.100.1").serialize();
  ip[9] = protocol;
  const std::size_t total = ip.size() + body.size();
  ip[2] = static_cast<std::uint8_t>(total >> 8);
  ip[3] = static_cast<std::uint8_t>(total);
  return concat(ip, body);
}

std::vector<std::uint8_t> udp_datagram() {
  return (Tins::IP("198.51.100.2", "198.51.100.1") / Tins::UDP(9, 40000) /
          Tins::RawPDU("links"))
      .serialize();
}

// A WPA2 4-way handshake message 1 (IEEE 802.11-2016, 12.7.6.2).
std::vector<std::uint8_t> eapol_key_message_1() {
  std::vector<std::uint8_t> bytes = {0x02, 0x03, 0x00, 0x5f, 0x02, 0x00, 0x8a, 0x00, 0x10};
  bytes.insert(bytes.end(), 7, 0);
  bytes.push_back(1);
  bytes.insert(bytes.end(), 32, 0x5a);
  bytes.insert(bytes.end(), 16 + 8 + 8 + 16 + 2, 0);
  return bytes;
}

// Ethernet frames: spanning tree and SNAP in 802.3, MPLS, PPPoE, IPsec and
// an EAPOL-Key frame.
void write_link_frames(sample_writer& out) {
  {
    // A spanning tree configuration BPDU in 802.3 and LLC.
    out.write(std::vector<std::uint8_t>{
                  0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
                  0x00, 0x26, 0x42, 0x42, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0x01,
                  0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x80, 0x01,
                  0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x14, 0x00,
                  0x02, 0x00, 0x0f, 0x00, 0, 0, 0, 0, 0, 0, 0, 0},
              0);
    // IPv4 in SNAP in 802.3 (RFC 1042).
    {
      const std::vector<std::uint8_t> inner = udp_datagram();
      std::vector<std::uint8_t> p = {0x02, 0, 0, 0, 0, 0xfe, 0x02, 0, 0, 0, 0, 0x01,
                                     static_cast<std::uint8_t>((inner.size() + 8) >> 8),
                                     static_cast<std::uint8_t>(inner.size() + 8),
                                     0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00};
      out.write(concat(p, inner), 10);
    }
    // Two MPLS labels over IPv4.
    out.write(concat(concat(ethernet_header(0x8847),
                            {0x00, 0x01, 0x0a, 0x40, 0x00, 0x3e, 0x81, 0xff}),
                     udp_datagram()),
              20);
    // PPPoE discovery (PADI with Service-Name and Host-Uniq tags), then
    // session data carrying IPv4.
    out.write(concat(ethernet_header(0x8863),
                     {0x11, 0x09, 0x00, 0x00, 0x00, 0x0c, 0x01, 0x01, 0x00, 0x00, 0x01, 0x03,
                      0x00, 0x04, 0xde, 0xad, 0xbe, 0xef}),
              30);
    {
      const std::vector<std::uint8_t> inner = udp_datagram();
      const std::size_t length = inner.size() + 2;
      out.write(concat(concat(ethernet_header(0x8864),
                              {0x11, 0x00, 0x12, 0x34, static_cast<std::uint8_t>(length >> 8),
                               static_cast<std::uint8_t>(length), 0x00, 0x21}),
                       inner),
                40);
    }
    // IPsec: an authentication header over UDP, and an ESP packet.
    out.write(concat(ethernet_header(0x0800),
                     ipv4_with(51, {17, 4, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6,
                                    7, 8, 9, 10, 11, 12, 0x9c, 0x40, 0, 9, 0, 8, 0, 0})),
              50);
    out.write(concat(ethernet_header(0x0800),
                     ipv4_with(50, {0, 0, 0x20, 0x01, 0, 0, 0, 7, 0x8f, 0x31, 0x07, 0xe2, 0x55,
                                    0x10, 0x77, 0x3a})),
              60);
    // An EAPOL-Key frame.
    out.write(concat(ethernet_header(0x888e), eapol_key_message_1()), 70);
  }
}

// Writes `sample`'s name with `suffix` before ".pcap": sample_sll.pcap.
std::string beside(std::string sample, const char* suffix) {
  const std::size_t dot = sample.rfind(".pcap");
  sample.insert(dot == std::string::npos ? sample.size() : dot, suffix);
  return sample;
}

// The captures of link types other than Ethernet, beside the sample.
bool write_link_type_samples(const std::string& sample) {
  {
    sample_writer out(beside(sample, "_sll").c_str(), DLT_LINUX_SLL);
    if (!out.ok()) return false;
    out.write(concat({0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0, 0, 0, 0, 0x01, 0, 0, 0x08, 0x00},
                     udp_datagram()),
              100);
  }
  {
    // Linux cooked capture v2 (LINKTYPE_LINUX_SLL2): interface 2.
    sample_writer out(beside(sample, "_sll2").c_str(), 276);
    if (!out.ok()) return false;
    out.write(concat({0x08, 0x00, 0, 0, 0, 0, 0, 2, 0x00, 0x01, 0x04, 0x06, 0x02, 0, 0, 0, 0, 0x01,
                      0, 0},
                     udp_datagram()),
              150);
  }
  {
    sample_writer out(beside(sample, "_null").c_str(), DLT_NULL);
    if (!out.ok()) return false;
    out.write(concat({2, 0, 0, 0}, udp_datagram()), 200);
  }
  {
    sample_writer out(beside(sample, "_radiotap").c_str(), DLT_IEEE802_11_RADIO);
    if (!out.ok()) return false;
    // Flags (FCS at the end), rate, channel 2437 MHz, signal -40 dBm.
    const std::vector<std::uint8_t> radiotap = {0x00, 0x00, 0x0f, 0x00, 0x2e, 0x00, 0x00, 0x00,
                                                0x10, 0x30, 0x85, 0x09, 0xa0, 0x00, 0xd8};
    const Tins::HWAddress<6> ap("02:00:00:00:0a:01"), station("02:00:00:00:0a:02");
    int ms = 300;
    auto frame = [&](Tins::PDU& pdu) {
      // The FCS (radiotap flags say it is there); its value is not checked.
      out.write(concat(concat(radiotap, pdu.serialize()), {0xde, 0xad, 0xbe, 0xef}), ms++);
    };
    Tins::Dot11Beacon beacon("ff:ff:ff:ff:ff:ff", ap);
    beacon.addr3(ap);
    beacon.interval(100);
    beacon.capabilities().ess(1);
    beacon.capabilities().privacy(1);
    beacon.ssid("netcap");
    beacon.supported_rates({1.0f, 2.0f, 5.5f, 11.0f});
    beacon.ds_parameter_set(6);
    frame(beacon);
    Tins::Dot11ProbeRequest probe("ff:ff:ff:ff:ff:ff", station);
    probe.ssid("netcap");
    frame(probe);
    Tins::Dot11ProbeResponse response(station, ap);
    response.addr3(ap);
    response.ssid("netcap");
    response.ds_parameter_set(6);
    frame(response);
    Tins::Dot11Authentication auth(ap, station);
    auth.addr3(ap);
    auth.auth_seq_number(1);
    frame(auth);
    Tins::Dot11AssocRequest assoc(ap, station);
    assoc.addr3(ap);
    assoc.listen_interval(10);
    assoc.ssid("netcap");
    frame(assoc);
    Tins::Dot11AssocResponse assoc_response(station, ap);
    assoc_response.addr3(ap);
    assoc_response.aid(0xc001);
    frame(assoc_response);
    Tins::Dot11ReAssocRequest reassoc(ap, station);
    reassoc.addr3(ap);
    reassoc.current_ap(ap);
    frame(reassoc);
    Tins::Dot11ReAssocResponse reassoc_response(station, ap);
    reassoc_response.addr3(ap);
    reassoc_response.aid(0xc001);
    frame(reassoc_response);
    // The handshake's first message, in a QoS data frame from the AP.
    {
      Tins::Dot11QoSData data(station, ap);
      data.from_ds(1);
      data.addr3(ap);
      data.qos_control(0x0006);
      const std::vector<std::uint8_t> header = data.serialize();
      const std::vector<std::uint8_t> snap = {0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0x8e};
      out.write(concat(concat(concat(radiotap, header), concat(snap, eapol_key_message_1())),
                       {0xde, 0xad, 0xbe, 0xef}),
                ms++);
    }
    Tins::Dot11Data data(ap, station);
    data.to_ds(1);
    data.addr3("02:00:00:00:0b:01");
    data.inner_pdu(Tins::SNAP() / Tins::IP("198.51.100.2", "198.51.100.1") /
                   Tins::UDP(9, 40000) / Tins::RawPDU("wireless"));
    frame(data);
    Tins::Dot11RTS rts(ap, station);
    frame(rts);
    Tins::Dot11Ack ack(station);
    frame(ack);
    Tins::Dot11Deauthentication deauth(station, ap);
    deauth.addr3(ap);
    deauth.reason_code(3);
    frame(deauth);
    Tins::Dot11Disassoc disassoc(station, ap);
    disassoc.addr3(ap);
    disassoc.reason_code(8);
    frame(disassoc);
  }
  {
    sample_writer out(beside(sample, "_ppi").c_str(), DLT_PPI);
    if (!out.ok()) return false;
    const std::vector<std::uint8_t> ppi = {
        0x00, 0x00, 0x20, 0x00, 0x69, 0x00, 0x00, 0x00, 0x02, 0x00, 0x14, 0x00,
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00, 0x00, 0x0c, 0x00,
        0x6c, 0x09, 0xc0, 0x00, 0x00, 0x00, 0xce, 0xa6};
    out.write(concat(ppi, Tins::Dot11Ack("02:00:00:00:0a:02").serialize()), 400);
  }
  {
    sample_writer out(beside(sample, "_fddi").c_str(), DLT_FDDI);
    if (!out.ok()) return false;
    write_fddi_samples(out);
  }
  // Linux usbmon: its 48-byte header and, mmapped, its 64-byte one.
  for (const bool mmapped : {false, true}) {
    sample_writer out(beside(sample, mmapped ? "_usb_mmapped" : "_usb").c_str(),
                      mmapped ? DLT_USB_LINUX_MMAPPED : DLT_USB_LINUX);
    if (!out.ok()) return false;
    write_usb_samples(out, mmapped);
  }
  return true;
}


// IP protocols and tunnels netcap decodes itself: GRE, IGMP, VRRP, OSPFv2
// and OSPFv3, SCTP, VXLAN and Geneve, each carrying what a real one would.
void write_ip_protocols(sample_writer& out) {
  auto over_ip = [](const char* dst, const char* src, std::uint8_t protocol,
                    const std::string& message) {
    Tins::IP ip(dst, src);
    ip.ttl(1);
    ip.protocol(protocol);
    return from_client() / ip / Tins::RawPDU(message);
  };
  auto bytes_of = [](Tins::PDU& pdu) {
    const std::vector<std::uint8_t> b = pdu.serialize();
    return std::string(b.begin(), b.end());
  };
  // GRE with a key (RFC 2890) carrying an IPv4 datagram.
  {
    Tins::IP inner("10.200.0.2", "10.200.0.1");
    Tins::IP packet = inner / Tins::UDP(9, 52000) / Tins::RawPDU("through the tunnel");
    EthernetII p = over_ip("198.51.100.2", client_ip, 47,
                           std::string("\x20\x00\x08\x00\x00\x00\x00\x2a", 8) + bytes_of(packet));
    out.write(p, 1000);
  }
  // An IGMPv2 membership report for 239.1.2.3 (RFC 2236).
  out.write(over_ip("239.1.2.3", client_ip, 2, std::string("\x16\x00\xfa\xf9\xef\x01\x02\x03", 8)),
            1010);
  // A VRRPv2 advertisement from the router (RFC 3768).
  out.write(over_ip("224.0.0.18", router_ip, 112,
                    std::string("\x21\x01\x64\x01\x00\x01\xa4\x48\xc0\xa8\x01\x01", 12) +
                        std::string(8, '\0')),
            1020);
  // An OSPFv2 hello (RFC 2328) with no authentication.
  out.write(over_ip("224.0.0.5", router_ip, 89,
                    std::string("\x02\x01\x00\x2c\xc0\xa8\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00"
                                "\x00\x00\x00\x00\x00\x00\x00\x00"
                                "\xff\xff\xff\x00\x00\x0a\x02\x01\x00\x00\x00\x28"
                                "\xc0\xa8\x01\x01\x00\x00\x00\x00",
                                44)),
            1030);
  // An OSPFv3 hello (RFC 5340) over IPv6.
  {
    Tins::IPv6 ip = ip6("ff02::5", "fe80::fe");
    ip.next_header(89);
    EthernetII p = to_client() / ip /
                   Tins::RawPDU(std::string(
                       "\x03\x01\x00\x24\xc0\xa8\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00"
                       "\x00\x00\x00\x05\x01\x00\x00\x13\x00\x0a\x00\x28\xc0\xa8\x01\x01"
                       "\x00\x00\x00\x00",
                       36));
    out.write(p, 1040);
  }
  // An SCTP INIT (RFC 9260 3.3.2) from port 2905 to 2905.
  out.write(over_ip(server_ip, client_ip, 132,
                    std::string("\x0b\x59\x0b\x59\x00\x00\x00\x00\x12\x34\x56\x78"
                                "\x01\x00\x00\x14\x0a\x0b\x0c\x0d\x00\x01\x00\x00"
                                "\x00\x0a\x00\x0a\x00\x00\x00\x01",
                                32)),
            1050);
  // VXLAN (RFC 7348), VNI 4242, carrying an ARP request.
  {
    Tins::ARP request("10.42.42.1", "10.42.42.2", "00:00:00:00:00:00", "02:00:00:00:42:01");
    request.opcode(Tins::ARP::REQUEST);
    EthernetII inner = EthernetII("ff:ff:ff:ff:ff:ff", "02:00:00:00:42:01") / request;
    EthernetII p = from_client() / Tins::IP("198.51.100.3", client_ip) /
                   Tins::UDP(4789, 53001) /
                   Tins::RawPDU(std::string("\x08\x00\x00\x00\x00\x10\x92\x00", 8) +
                                bytes_of(inner));
    out.write(p, 1060);
  }
  // Geneve (RFC 8926), VNI 7, one option, carrying an Ethernet frame with
  // a UDP datagram.
  {
    EthernetII inner = EthernetII("02:00:00:00:07:02", "02:00:00:00:07:01") /
                       Tins::IP("10.7.0.2", "10.7.0.1") / Tins::UDP(9, 53002) /
                       Tins::RawPDU("inside geneve");
    EthernetII p = from_client() / Tins::IP("198.51.100.4", client_ip) /
                   Tins::UDP(6081, 53003) /
                   Tins::RawPDU(std::string("\x02\x00\x65\x58\x00\x00\x07\x00"
                                            "\x01\x03\x01\x01\x00\x00\x00\x01",
                                            16) +
                                bytes_of(inner));
    out.write(p, 1070);
  }
}
}  // namespace

// A TLS 1.3 handshake's hellos on port 443, for the TLSClientHello and
// TLSServerHello encoders: the ClientHello, with GREASE values as browsers
// send them, spans two TCP segments.
void write_tls(sample_writer& out) {
  using Tins::TCP;
  auto u8 = [](unsigned v) { return std::string(1, static_cast<char>(v)); };
  auto u16 = [&](unsigned v) { return u8(v >> 8) + u8(v & 0xff); };
  auto ext = [&](unsigned type, const std::string& data) {
    return u16(type) + u16(static_cast<unsigned>(data.size())) + data;
  };
  auto handshake = [&](unsigned type, const std::string& body) {
    const auto n = static_cast<unsigned>(body.size());
    return u8(type) + u8(n >> 16) + u16(n & 0xffff) + body;
  };
  auto record = [&](const std::string& data) {
    return u8(22) + u16(0x0301) + u16(static_cast<unsigned>(data.size())) + data;
  };
  const std::string sni = u8(0) + u16(11) + "example.com";
  const std::string client_extensions =
      ext(0x3a3a, "") + ext(0, u16(static_cast<unsigned>(sni.size())) + sni) +
      ext(10, u16(6) + u16(0x4a4a) + u16(29) + u16(23)) + ext(11, u8(1) + u8(0)) +
      ext(13, u16(4) + u16(0x0403) + u16(0x0804)) + ext(16, u16(3) + u8(2) + "h2") +
      ext(43, u8(4) + u16(0x0304) + u16(0x0303)) + ext(51, u16(38) + u16(29) + u16(32) +
                                                         std::string(32, '\x11'));
  const std::string ciphers = u16(0x5a5a) + u16(0x1301) + u16(0x1302) + u16(0x1303);
  const std::string client_hello = record(handshake(
      1, u16(0x0303) + std::string(32, '\x22') + u8(0) + u16(8) + ciphers + u8(1) + u8(0) +
             u16(static_cast<unsigned>(client_extensions.size())) + client_extensions));
  const std::string server_extensions = ext(43, u16(0x0304)) +
                                        ext(51, u16(29) + u16(32) + std::string(32, '\x33'));
  const std::string server_hello = record(handshake(
      2, u16(0x0303) + std::string(32, '\x44') + u8(0) + u16(0x1301) + u8(0) +
             u16(static_cast<unsigned>(server_extensions.size())) + server_extensions));

  const std::uint32_t c = 7000, s = 9000;
  auto up = [&](TCP t) { return from_client() / Tins::IP(server_ip, client_ip) / t; };
  auto down = [&](TCP t) { return to_client() / Tins::IP(client_ip, server_ip) / t; };
  out.write(up(tcp(443, 40004, c, 0, TCP::SYN)), 700);
  out.write(down(tcp(40004, 443, s, c + 1, TCP::SYN | TCP::ACK)), 720);
  out.write(up(tcp(443, 40004, c + 1, s + 1, TCP::ACK)), 721);
  const std::size_t half = 60;
  EthernetII first = up(tcp(443, 40004, c + 1, s + 1, TCP::ACK)) /
                     Tins::RawPDU(client_hello.substr(0, half));
  out.write(first, 722);
  EthernetII second = up(tcp(443, 40004, c + 1 + half, s + 1, TCP::ACK | TCP::PSH)) /
                      Tins::RawPDU(client_hello.substr(half));
  out.write(second, 723);
  const auto c_end = static_cast<std::uint32_t>(c + 1 + client_hello.size());
  EthernetII reply = down(tcp(40004, 443, s + 1, c_end, TCP::ACK | TCP::PSH)) /
                     Tins::RawPDU(server_hello);
  out.write(reply, 745);
  const auto s_end = static_cast<std::uint32_t>(s + 1 + server_hello.size());
  out.write(up(tcp(443, 40004, c_end, s_end, TCP::ACK | TCP::RST)), 746);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_sample OUTPUT.pcap\n");
    return 2;
  }
  // Under `bazel run`, the path is meant relative to where the user is.
  if (const char* cwd = std::getenv("BUILD_WORKING_DIRECTORY")) {
    if (chdir(cwd) != 0) return 1;
  }
  sample_writer out(argv[1]);
  if (!out.ok()) {
    std::fprintf(stderr, "make_sample: %s\n", out.error());
    return 1;
  }
  using Tins::TCP;

  // The client finds its router.
  {
    EthernetII p = EthernetII("ff:ff:ff:ff:ff:ff", client_mac) /
                   Tins::ARP(router_ip, client_ip, Tins::HWAddress<6>(), client_mac);
    p.rfind_pdu<Tins::ARP>().opcode(Tins::ARP::REQUEST);
    out.write(p, 0);
    EthernetII q = to_client() / Tins::ARP(client_ip, router_ip, client_mac, router_mac);
    q.rfind_pdu<Tins::ARP>().opcode(Tins::ARP::REPLY);
    out.write(q, 1);
  }
  // It resolves example.com over IPv4.
  {
    Tins::DNS query = dns_query(0x1a2b, "example.com", Tins::DNS::A);
    EthernetII p = from_client() / Tins::IP(router_ip, client_ip) /
                   Tins::UDP(53, 51000) / query;
    out.write(p, 10);
    Tins::DNS answer = query;
    answer.type(Tins::DNS::RESPONSE);
    answer.recursion_available(1);
    answer.add_answer(Tins::DNS::resource("example.com", server_ip, Tins::DNS::A,
                                          Tins::DNS::IN, 3600));
    EthernetII q = to_client() / Tins::IP(client_ip, router_ip) /
                   Tins::UDP(51000, 53) / answer;
    out.write(q, 25);
  }
  // It fetches a page over HTTP.
  {
    const std::uint32_t c = 1000, s = 5000;
    auto up = [&](TCP t) { return from_client() / Tins::IP(server_ip, client_ip) / t; };
    auto down = [&](TCP t) { return to_client() / Tins::IP(client_ip, server_ip) / t; };
    EthernetII syn = up(tcp(80, 40000, c, 0, TCP::SYN));
    syn.rfind_pdu<TCP>().mss(1460);
    syn.rfind_pdu<TCP>().sack_permitted();
    out.write(syn, 30);
    EthernetII syn_ack = down(tcp(40000, 80, s, c + 1, TCP::SYN | TCP::ACK));
    syn_ack.rfind_pdu<TCP>().mss(1400);
    out.write(syn_ack, 60);
    EthernetII ack = up(tcp(80, 40000, c + 1, s + 1, TCP::ACK));
    out.write(ack, 61);
    const std::string request =
        "GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: netcap-sample\r\n\r\n";
    EthernetII get = up(tcp(80, 40000, c + 1, s + 1, TCP::ACK | TCP::PSH)) /
                     Tins::RawPDU(request);
    out.write(get, 62);
    const std::string response =
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 20\r\n\r\n"
        "<html>sample</html>\n";
    EthernetII reply = down(tcp(40000, 80, s + 1, c + 1 + request.size(),
                                TCP::ACK | TCP::PSH)) /
                       Tins::RawPDU(response);
    out.write(reply, 95);
    const std::uint32_t c_end = c + 1 + request.size();
    const std::uint32_t s_end = s + 1 + response.size();
    out.write(up(tcp(80, 40000, c_end, s_end, TCP::ACK | TCP::FIN)), 96);
    out.write(down(tcp(40000, 80, s_end, c_end + 1, TCP::ACK | TCP::FIN)), 120);
    out.write(up(tcp(80, 40000, c_end + 1, s_end + 1, TCP::ACK)), 121);
  }
  // It pings the router.
  {
    EthernetII p = from_client() / Tins::IP(router_ip, client_ip) /
                   Tins::ICMP(Tins::ICMP::ECHO_REQUEST) / Tins::RawPDU("netcap-ping");
    p.rfind_pdu<Tins::ICMP>().id(7);
    p.rfind_pdu<Tins::ICMP>().sequence(1);
    out.write(p, 200);
    EthernetII q = to_client() / Tins::IP(client_ip, router_ip) /
                   Tins::ICMP(Tins::ICMP::ECHO_REPLY) / Tins::RawPDU("netcap-ping");
    q.rfind_pdu<Tins::ICMP>().id(7);
    q.rfind_pdu<Tins::ICMP>().sequence(1);
    out.write(q, 201);
  }
  // Over IPv6: a DNS lookup for AAAA, a ping and a TCP handshake.
  {
    Tins::DNS query = dns_query(0x3c4d, "example.com", Tins::DNS::AAAA);
    EthernetII p = from_client() / ip6(resolver_ip6, client_ip6) /
                   Tins::UDP(53, 51001) / query;
    out.write(p, 300);
    Tins::DNS answer = query;
    answer.type(Tins::DNS::RESPONSE);
    answer.recursion_available(1);
    answer.add_answer(Tins::DNS::resource("example.com", server_ip6, Tins::DNS::AAAA,
                                          Tins::DNS::IN, 600));
    EthernetII q = to_client() / ip6(client_ip6, resolver_ip6) /
                   Tins::UDP(51001, 53) / answer;
    out.write(q, 312);

    EthernetII ping = from_client() / ip6(resolver_ip6, client_ip6) /
                      Tins::ICMPv6(Tins::ICMPv6::ECHO_REQUEST);
    ping.rfind_pdu<Tins::ICMPv6>().identifier(9);
    ping.rfind_pdu<Tins::ICMPv6>().sequence(1);
    out.write(ping, 320);
    EthernetII pong = to_client() / ip6(client_ip6, resolver_ip6) /
                      Tins::ICMPv6(Tins::ICMPv6::ECHO_REPLY);
    pong.rfind_pdu<Tins::ICMPv6>().identifier(9);
    pong.rfind_pdu<Tins::ICMPv6>().sequence(1);
    out.write(pong, 321);

    auto up = [&](TCP t) { return from_client() / ip6(server_ip6, client_ip6) / t; };
    auto down = [&](TCP t) { return to_client() / ip6(client_ip6, server_ip6) / t; };
    out.write(up(tcp(443, 40001, 77, 0, TCP::SYN)), 330);
    out.write(down(tcp(40001, 443, 99, 78, TCP::SYN | TCP::ACK)), 345);
    out.write(up(tcp(443, 40001, 78, 100, TCP::ACK)), 346);
  }
  // IPv6 neighbor discovery: the client asks for a router and is answered,
  // then resolves its resolver's link-layer address.
  {
    const Tins::HWAddress<6> all_routers("33:33:00:00:00:02");
    Tins::ICMPv6 rs(Tins::ICMPv6::ROUTER_SOLICIT);
    rs.source_link_layer_addr(client_mac);
    Tins::IPv6 rs_ip = ip6("ff02::2", "fe80::10");
    rs_ip.hop_limit(255);
    EthernetII p = EthernetII(all_routers, client_mac) / rs_ip / rs;
    out.write(p, 350);

    Tins::ICMPv6 ra(Tins::ICMPv6::ROUTER_ADVERT);
    ra.hop_limit(64);
    ra.other(1);
    ra.router_lifetime(1800);
    ra.reachable_time(30000);
    ra.retransmit_timer(1000);
    ra.source_link_layer_addr(router_mac);
    ra.prefix_info(Tins::ICMPv6::prefix_info_type(64, 1, 1, 86400, 14400,
                                                  Tins::IPv6Address("2001:db8::")));
    Tins::IPv6 ra_ip = ip6("fe80::10", "fe80::1");
    ra_ip.hop_limit(255);
    EthernetII q = to_client() / ra_ip / ra;
    out.write(q, 351);

    Tins::ICMPv6 ns(Tins::ICMPv6::NEIGHBOUR_SOLICIT);
    ns.target_addr(resolver_ip6);
    ns.source_link_layer_addr(client_mac);
    Tins::IPv6 ns_ip = ip6("ff02::1:ff00:53", client_ip6);
    ns_ip.hop_limit(255);
    EthernetII n = EthernetII("33:33:ff:00:00:53", client_mac) / ns_ip / ns;
    out.write(n, 355);

    Tins::ICMPv6 na(Tins::ICMPv6::NEIGHBOUR_ADVERT);
    na.target_addr(resolver_ip6);
    na.solicited(1);
    na.override(1);
    na.target_link_layer_addr(router_mac);
    Tins::IPv6 na_ip = ip6(client_ip6, resolver_ip6);
    na_ip.hop_limit(255);
    EthernetII a = to_client() / na_ip / na;
    out.write(a, 356);
  }
  // IPv6 extension headers: an MLDv2 report behind a hop-by-hop header with
  // a router alert (RFC 2711), a datagram behind destination options, one
  // behind a type 2 routing header (RFC 6275), and the first fragment of a
  // fragmented datagram.
  {
    auto ext = [](std::uint8_t type, const std::string& data) {
      return Tins::IPv6::ext_header(type, static_cast<std::uint16_t>(data.size()),
                                    reinterpret_cast<const std::uint8_t*>(data.data()));
    };
    Tins::IPv6 hbh = ip6("ff02::16", "fe80::10");
    hbh.hop_limit(1);
    hbh.add_header(ext(Tins::IPv6::HOP_BY_HOP, std::string("\x05\x02\x00\x00\x01\x00", 6)));
    EthernetII m = EthernetII("33:33:00:00:00:16", client_mac) / hbh /
                   Tins::ICMPv6(Tins::ICMPv6::MLD2_REPORT);
    out.write(m, 360);

    Tins::IPv6 dst = ip6(resolver_ip6, client_ip6);
    dst.add_header(ext(Tins::IPv6::DESTINATION_OPTIONS,
                       std::string("\x01\x04\x00\x00\x00\x00", 6)));
    EthernetII d = from_client() / dst / Tins::UDP(9, 51002) / Tins::RawPDU("discard me");
    out.write(d, 370);

    Tins::IPv6 rt = ip6(resolver_ip6, client_ip6);
    std::string routing("\x02\x01\x00\x00\x00\x00", 6);
    const Tins::IPv6Address home("2001:db8::1:10");
    routing.append(reinterpret_cast<const char*>(home.begin()), 16);
    rt.add_header(ext(Tins::IPv6::ROUTING, routing));
    EthernetII r = from_client() / rt / Tins::UDP(9, 51003) / Tins::RawPDU("via home");
    out.write(r, 380);

    Tins::IPv6 frag = ip6(resolver_ip6, client_ip6);
    // Offset 0, more fragments, identification 0x00c0ffee.
    frag.add_header(ext(Tins::IPv6::FRAGMENT, std::string("\x00\x01\x00\xc0\xff\xee", 6)));
    EthernetII g = from_client() / frag / Tins::UDP(9, 51004) /
                   Tins::RawPDU("first of two fragments");
    out.write(g, 390);
  }
  // A datagram on VLAN 42.
  {
    Tins::Dot1Q tag(42);
    tag.priority(3);
    EthernetII p = from_client() / tag / Tins::IP("10.42.0.2", "10.42.0.1") /
                   Tins::UDP(9999, 9998) / Tins::RawPDU("vlan payload");
    out.write(p, 400);
  }
  // A frame with an EtherType no decoder knows (IEEE 802 local experimental).
  {
    EthernetII p = from_client() / Tins::RawPDU("who knows");
    p.payload_type(0x88b5);
    out.write(p, 500);
  }
  // A TCP segment cut inside its header: Ethernet and IPv4 still decode.
  {
    EthernetII p = from_client() / Tins::IP(server_ip, client_ip) /
                   tcp(80, 40002, 1, 0, TCP::SYN);
    std::vector<std::uint8_t> bytes = p.serialize();
    bytes.resize(14 + 20 + 12);
    Tins::RawPDU cut(bytes.data(), static_cast<std::uint32_t>(bytes.size()));
    out.write(cut, 600);
  }
  write_flows(out);
  // Each later section starts after the flows' late datagram, on a clock of
  // its own, so that sections can be added without renumbering the others.
  out.begin_section(71'000);
  write_applications(out);
  out.begin_section(73'000);
  write_l2misc_samples(out);
  out.begin_section(75'000);
  write_tls(out);
  out.begin_section(77'000);
  write_link_frames(out);
  out.begin_section(79'000);
  write_ip_protocols(out);
  if (!write_link_type_samples(argv[1])) {
    std::fprintf(stderr, "make_sample: cannot write the link-type samples beside %s\n", argv[1]);
    return 1;
  }
  return 0;
}
