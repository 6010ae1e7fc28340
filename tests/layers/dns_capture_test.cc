// Runs netcap's DNS layer, through the pipeline and the DNS encoder, over
// real captures from shared/pcaps: hostile ones that hang libtins must end
// in a counted error, and ordinary ones must read as tshark reads them.
//
// testdata/<capture>.tsv holds tshark's fields for each DNS message, one
// line per frame; testdata/regenerate.sh writes them (tshark 4.0). The test
// renders netcap's records in the same columns and compares line by line.
#include "netcap/layers/dns.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest-spi.h"
#include "gtest/gtest.h"
#include "netcap/core/dissect.hpp"
#include "netcap/core/frame.hpp"
#include "netcap/encoders/dns.hpp"
#include "netcap/io/pcap_source.hpp"
#include "netcap/pipeline.hpp"
#include "tests/shared_pcaps.hpp"

namespace netcap::layers {
namespace {

// Keeps each record with the number of the frame it came from (from 1, as
// tshark counts).
struct frame_sink {
  std::uint64_t frame_number = 0;
  std::vector<std::pair<std::uint64_t, DNS>> records;

  template <class Record>
  void write(std::size_t, const Record& record) {
    records.emplace_back(frame_number, record);
  }
};

struct capture_result {
  std::uint64_t packets = 0;
  std::vector<std::pair<std::uint64_t, DNS>> records;
  // The pipeline's error for each frame that had one.
  std::map<std::uint64_t, std::string> errors;
};

// Reads a capture of shared/pcaps with libpcap and runs `pipeline<dns>`
// over every packet, as the netcap CLI does.
capture_result run_capture(const std::string& name) {
  capture_result out;
  const std::string path = netcap::testing::shared_pcap(name);
  if (path.empty()) return out;  // shared_pcap recorded the failure
  auto source = io::pcap_source::open_file(path, "");
  if (!source.ok()) {
    ADD_FAILURE() << source.status();
    return out;
  }
  pipeline<encoders::dns> p;
  frame_sink sink;
  io::raw_packet packet;
  while (true) {
    const absl::StatusOr<bool> more = (*source)->next(packet);
    if (!more.ok()) {
      ADD_FAILURE() << more.status();
      break;
    }
    if (!*more) break;
    ++sink.frame_number;
    frame f;
    f.timestamp_ns = packet.timestamp_ns;
    f.data = packet.data;
    f.captured_length = packet.captured_length;
    f.original_length = packet.original_length;
    f.link_type = (*source)->link_type();
    const dissection d = dissect(f.link_type, f.data, f.captured_length);
    const packet_result result = p.process(d.root.get(), f, sink);
    if (!result.error.empty()) out.errors[sink.frame_number] = std::string(result.error);
  }
  p.flush(sink);
  out.packets = sink.frame_number;
  out.records = std::move(sink.records);
  return out;
}

// tshark's -T fields output for a capture, by frame number.
std::map<std::uint64_t, std::string> tshark_rows(const std::string& capture) {
  std::map<std::uint64_t, std::string> rows;
  const std::string path = "tests/layers/testdata/" + capture + ".tsv";
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return rows;
  }
  std::string line;
  while (std::getline(in, line)) rows[std::stoull(line)] = line;
  return rows;
}

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    if (!out.empty()) out += ',';
    out += v;
  }
  return out;
}

// A name as tshark prints it: the root is "<Root>".
std::string tshark_name(const std::string& name) { return name.empty() ? "<Root>" : name; }

// A record in the columns regenerate.sh asks tshark for, with tshark's
// habits: an ID in hex, no answer names for SRV records (tshark files the
// owner of an SRV record under dns.srv.name), addresses as text.
std::string netcap_row(std::uint64_t frame_number, const DNS& r) {
  std::vector<std::string> qnames, qtypes, names, types, a, aaaa, cname, ns;
  for (const DNSQuestion& q : r.questions()) {
    qnames.push_back(tshark_name(q.name()));
    qtypes.push_back(std::to_string(q.type()));
  }
  auto add_records = [&](const auto& records) {
    for (const DNSResourceRecord& rr : records) {
      if (rr.type() != dns_type::srv) names.push_back(tshark_name(rr.name()));
      types.push_back(std::to_string(rr.type()));
      // Records without data (RFC 2136 updates) have nothing to show.
      if (rr.data_length() == 0) continue;
      if (rr.type() == dns_type::a) {
        std::uint32_t ip;
        std::memcpy(&ip, rr.ip().data(), 4);
        a.push_back(Tins::IPv4Address(ip).to_string());
      }
      if (rr.type() == dns_type::aaaa) {
        aaaa.push_back(Tins::IPv6Address(
            reinterpret_cast<const std::uint8_t*>(rr.ip().data())).to_string());
      }
      if (rr.type() == dns_type::cname) cname.push_back(tshark_name(rr.cname()));
      if (rr.type() == dns_type::ns) ns.push_back(tshark_name(rr.ns()));
    }
  };
  add_records(r.answers());
  add_records(r.authorities());
  add_records(r.additionals());
  char id[8];
  std::snprintf(id, sizeof id, "0x%04x", r.id());
  // In an update (op code 5, RFC 2136 2.3) the second and third counts are
  // prerequisites and updates, which tshark files under other fields.
  const bool update = r.op_code() == 5;
  std::ostringstream row;
  row << frame_number << '\t' << id << '\t' << (r.qr() ? 1 : 0) << '\t' << join(qnames)
      << '\t' << join(qtypes) << '\t' << (update ? "" : std::to_string(r.an_count()))
      << '\t' << (update ? "" : std::to_string(r.ns_count())) << '\t' << r.ar_count()
      << '\t' << join(names) << '\t' << join(types) << '\t' << join(a) << '\t'
      << join(aaaa) << '\t' << join(cname) << '\t' << join(ns);
  return row.str();
}

// Checks netcap against tshark on one capture. `refused` lists every frame
// netcap reports an error for, with the error; `unreached` the frames
// whose DNS netcap does not reach because libtins stops dissecting before
// it. Every other frame tshark shows must agree exactly, and netcap must
// decode no frame tshark does not show.
void expect_agrees_with_tshark(const std::string& capture,
                               const std::map<std::uint64_t, std::string>& refused = {},
                               const std::set<std::uint64_t>& unreached = {}) {
  SCOPED_TRACE(capture);
  const capture_result result = run_capture(capture);
  std::map<std::uint64_t, std::string> expected = tshark_rows(capture);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(result.errors, refused);
  for (const auto& [frame_number, error] : refused) expected.erase(frame_number);
  for (const std::uint64_t frame_number : unreached) {
    EXPECT_EQ(expected.erase(frame_number), 1u) << "frame " << frame_number;
  }
  std::map<std::uint64_t, std::string> actual;
  for (const auto& [frame_number, record] : result.records) {
    EXPECT_TRUE(actual.emplace(frame_number, netcap_row(frame_number, record)).second)
        << "two records for frame " << frame_number;
  }
  for (const auto& [frame_number, row] : expected) {
    const auto it = actual.find(frame_number);
    if (it == actual.end()) {
      ADD_FAILURE() << "netcap has no record for frame " << frame_number
                    << "; tshark:\n" << row;
      continue;
    }
    EXPECT_EQ(it->second, row) << "frame " << frame_number << " (netcap, then tshark)";
    actual.erase(it);
  }
  for (const auto& [frame_number, row] : actual) {
    ADD_FAILURE() << "tshark shows no DNS in frame " << frame_number << "; netcap:\n"
                  << row;
  }
}

TEST(DnsCapture, UdpResponsesWithCnameChains) {
  expect_agrees_with_tshark("chrissanders-packets_dns.pcap");
}

TEST(DnsCapture, UdpQueriesAndResponses) {
  expect_agrees_with_tshark("chrissanders-packets_dns_lab.pcapng");
  // Frames 4 and 5 are PPPoE, whose PPP payload libtins does not dissect.
  expect_agrees_with_tshark("ndpi-tests_dns.pcap", {}, {4, 5});
}

TEST(DnsCapture, EdnsAndDnssec) {
  expect_agrees_with_tshark("tcpdump-tests_edns-opts.pcap");
  expect_agrees_with_tshark("tcpdump-tests_dnssec.pcap");
}

TEST(DnsCapture, Mdns) { expect_agrees_with_tshark("zeek-traces_dns_mdns.pcap"); }

TEST(DnsCapture, DynamicUpdateWithEmptyRecordData) {
  // RFC 2136 updates delete records with empty data, and sign with TSIG.
  expect_agrees_with_tshark("zeek-traces_dns_dynamic-update.pcap");
}

TEST(DnsCapture, TcpWithLengthInTheSameSegment) {
  expect_agrees_with_tshark("tcpdump-tests_dns_tcp.pcap");
}

TEST(DnsCapture, TcpWithLengthInASegmentOfItsOwn) {
  // A Windows zone transfer: the query's length goes alone in frame 4 and
  // the query follows in frame 6 without it (and with "MS" after it); the
  // answer comes whole, with its length, in frame 7.
  expect_agrees_with_tshark("chrissanders-packets_dns_axfr.pcapng",
                            {{4, "DNS: TCP message spans segments"}});
}

TEST(DnsCapture, TcpMessageSpanningSegments) {
  // Frames 1 and 2 are over UDP. Over TCP, frame 6 is a query with its
  // length; frame 8 holds the first byte of the response's length and
  // frame 10 the second byte and the response, which tshark reassembles and
  // netcap, without stream reassembly, cannot read.
  expect_agrees_with_tshark("chrissanders-packets_dns_tcp.pcapng",
                            {{8, "DNS: truncated TCP length"},
                             {10, "DNS: TCP message spans segments"}});
}

TEST(DnsCapture, MissingCaptureFailsTheTest) {
  // CI always has shared/, so a capture that is not there is a failure of
  // the test that wanted it, never a skip.
  std::string path;
  EXPECT_NONFATAL_FAILURE(path = netcap::testing::shared_pcap("no-such-capture.pcap"),
                          "missing capture");
  EXPECT_TRUE(path.empty());
}

TEST(DnsCapture, PointerLoopsEndInErrors) {
  // tcpdump's dns-zlip captures, which hang libtins' DNS decoder. Their UDP
  // header says the datagram is empty (length 8), so tshark shows no DNS
  // and neither does netcap's pipeline, which honours the UDP length. The
  // bytes after the UDP header that the IPv4 length still covers are the
  // attack; decoded as DNS directly, they end in errors at once.
  const std::map<std::string, std::string> expected = {
      // The question's name is a pointer to itself.
      {"tcpdump-tests_dns-zlip-1.pcap", "DNS: name pointer loop"},
      // A pointer to the next name, which points back.
      {"tcpdump-tests_dns-zlip-2.pcap", "DNS: forward name pointer"},
      // A 62-byte label, then a pointer back to its own start.
      {"tcpdump-tests_dns-zlip-3.pcap", "DNS: name pointer loop"},
  };
  for (const auto& [capture, error] : expected) {
    SCOPED_TRACE(capture);
    const capture_result result = run_capture(capture);
    EXPECT_EQ(result.packets, 1u);
    EXPECT_TRUE(result.records.empty());
    EXPECT_EQ(result.errors,
              (std::map<std::uint64_t, std::string>{{1, "DNS: truncated header"}}));

    const std::string path = netcap::testing::shared_pcap(capture);
    ASSERT_FALSE(path.empty());
    auto source = io::pcap_source::open_file(path, "");
    ASSERT_TRUE(source.ok()) << source.status();
    io::raw_packet packet;
    ASSERT_TRUE(*(*source)->next(packet));
    dissection d = dissect((*source)->link_type(), packet.data, packet.captured_length);
    ASSERT_NE(d.root, nullptr);
    const Tins::UDP& udp = d.root->rfind_pdu<Tins::UDP>();
    const auto& bytes = udp.rfind_pdu<Tins::RawPDU>().payload();
    dns layer;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(layer.decode(bytes.data(), static_cast<std::uint32_t>(bytes.size()), udp),
              error);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  }
}

}  // namespace
}  // namespace netcap::layers
