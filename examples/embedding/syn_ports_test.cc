#include "syn_ports.hpp"

#include <pcap/dlt.h>

#include <cstdint>
#include <string>
#include <vector>

#include <tins/tins.h>

#include "gtest/gtest.h"
#include "netcap/core/dissect.hpp"
#include "netcap/encoders/tcp.hpp"
#include "netcap/pipeline.hpp"

namespace example {
namespace {

// Keeps the SYNPorts records written to it; the pipeline writes them under
// the encoder's index in its pack.
struct ports_sink {
  std::vector<netcap::SYNPorts> records;
  std::size_t tcp_records = 0;
  template <class Record>
  void write(std::size_t index, const Record& record) {
    if constexpr (std::is_same_v<Record, netcap::SYNPorts>) {
      records.push_back(record);
    } else {
      ++tcp_records;
    }
  }
};

using test_pipeline = netcap::pipeline<netcap::encoders::tcp, syn_ports>;

void process(test_pipeline& p, ports_sink& sink, std::int64_t timestamp_ns,
             std::uint16_t dport, Tins::small_uint<12> flags) {
  Tins::TCP tcp(dport, 40000);
  tcp.flags(flags);
  Tins::EthernetII packet = Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.1") / tcp;
  std::vector<std::uint8_t> bytes = packet.serialize();
  netcap::frame f;
  f.timestamp_ns = timestamp_ns;
  f.data = bytes.data();
  f.captured_length = static_cast<std::uint32_t>(bytes.size());
  f.original_length = f.captured_length;
  f.link_type = DLT_EN10MB;
  netcap::dissection d = netcap::dissect(DLT_EN10MB, f.data, f.captured_length);
  p.process(d.root.get(), f, sink);
}

static_assert(netcap::is_layer_encoder_v<syn_ports>);
static_assert(netcap::has_flush_v<syn_ports>);

TEST(SynPorts, EmitsOneRecordPerPortAtTheEnd) {
  test_pipeline p;
  ports_sink sink;
  process(p, sink, 10, 443, Tins::TCP::SYN);
  process(p, sink, 20, 80, Tins::TCP::SYN);
  process(p, sink, 30, 443, Tins::TCP::SYN | Tins::TCP::ACK);  // a reply
  process(p, sink, 40, 443, Tins::TCP::ACK);
  process(p, sink, 50, 443, Tins::TCP::SYN);
  EXPECT_TRUE(sink.records.empty()) << "nothing is emitted before the end";
  EXPECT_EQ(sink.tcp_records, 5u) << "netcap's TCP encoder runs beside it";

  p.flush(sink);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0].dst_port(), 80);
  EXPECT_EQ(sink.records[0].syns(), 1);
  EXPECT_EQ(sink.records[0].timestamp(), 20);
  EXPECT_EQ(sink.records[1].dst_port(), 443);
  EXPECT_EQ(sink.records[1].syns(), 2);
  EXPECT_EQ(sink.records[1].timestamp(), 10);
  EXPECT_EQ(sink.records[1].last_timestamp(), 50);
}

TEST(SynPorts, AFlushStartsCountingAfresh) {
  test_pipeline p;
  ports_sink sink;
  process(p, sink, 10, 22, Tins::TCP::SYN);
  p.flush(sink);
  p.flush(sink);
  EXPECT_EQ(sink.records.size(), 1u);
}

}  // namespace
}  // namespace example
