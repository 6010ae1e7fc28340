// Writes tests/data/sample.pcap, the small capture the README runs netcap
// on: a few seconds of a host's life on an Ethernet segment, crafted with
// libtins so that every byte is ours and the file is the same on every run.
//
//   bazel run //tests/data:make_sample -- tests/data/sample.pcap
//
// It holds ARP, DNS over UDP on IPv4 and IPv6, an HTTP exchange over TCP on
// IPv4, a TCP handshake over IPv6, ICMP and ICMPv6 echo, a VLAN-tagged
// datagram, one frame with an EtherType nobody decodes and one whose TCP
// header is cut short, so the summary has something to say about each.
#include <pcap/pcap.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
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
    const std::int64_t ns = start_ns + std::int64_t{ms} * 1'000'000 + 123;
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

// Link layers and what 802.2, 802.11 and PPPoE frames carry (branch links).
// A capture has one link type, so those other than Ethernet get files of
// their own beside the sample, named sample-<link type>.pcap; the contract
// test reads every sample*.pcap. Ethernet frames of these protocols go to
// sample-links.pcap, which leaves the golden baselines of sample.pcap alone.
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

bool write_link_samples(const std::string& sample) {
  const std::string base = sample.substr(0, sample.size() - std::string(".pcap").size());
  {
    sample_writer out((base + "-links.pcap").c_str());
    if (!out.ok()) return false;
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
  {
    sample_writer out((base + "-sll.pcap").c_str(), DLT_LINUX_SLL);
    if (!out.ok()) return false;
    out.write(concat({0x00, 0x04, 0x00, 0x01, 0x00, 0x06, 0x02, 0, 0, 0, 0, 0x01, 0, 0, 0x08, 0x00},
                     udp_datagram()),
              100);
  }
  {
    sample_writer out((base + "-null.pcap").c_str(), DLT_NULL);
    if (!out.ok()) return false;
    out.write(concat({2, 0, 0, 0}, udp_datagram()), 200);
  }
  {
    sample_writer out((base + "-radiotap.pcap").c_str(), DLT_IEEE802_11_RADIO);
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
    sample_writer out((base + "-ppi.pcap").c_str(), DLT_PPI);
    if (!out.ok()) return false;
    const std::vector<std::uint8_t> ppi = {
        0x00, 0x00, 0x20, 0x00, 0x69, 0x00, 0x00, 0x00, 0x02, 0x00, 0x14, 0x00,
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, 0x00, 0x00, 0x0c, 0x00,
        0x6c, 0x09, 0xc0, 0x00, 0x00, 0x00, 0xce, 0xa6};
    out.write(concat(ppi, Tins::Dot11Ack("02:00:00:00:0a:02").serialize()), 400);
  }
  return true;
}

}  // namespace

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
  if (!write_link_samples(argv[1])) {
    std::fprintf(stderr, "make_sample: cannot write the link-type samples beside %s\n", argv[1]);
    return 1;
  }
  return 0;
}
