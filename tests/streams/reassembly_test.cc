#include "netcap/streams/reassembly.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace netcap::streams {
namespace {

// Collects what a half stream passes on, gaps written as "<gap N>".
struct text_out {
  std::string text;
  std::vector<std::int64_t> timestamps;
  void data(std::int64_t ts, const std::uint8_t* bytes, std::size_t size) {
    text.append(reinterpret_cast<const char*>(bytes), size);
    timestamps.push_back(ts);
  }
  void gap(std::size_t n) { text += "<gap " + std::to_string(n) + ">"; }
};

tcp_segment seg(std::uint32_t seq, const std::string& data, std::int64_t ts = 0) {
  tcp_segment s;
  s.seq = seq;
  s.ack = true;
  s.data = reinterpret_cast<const std::uint8_t*>(data.data());
  s.size = data.size();
  s.timestamp_ns = ts;
  return s;
}

struct half_fixture {
  half_stream h;
  stream_limits limits;
  std::size_t total = 0;
  text_out out;
  // Keeps segment bytes alive: half_stream copies only what it buffers.
  std::vector<std::string> keep;
  void add(std::uint32_t seq, std::string data, std::int64_t ts = 0, bool syn = false,
           bool fin = false) {
    keep.push_back(std::move(data));
    tcp_segment s = seg(seq, keep.back(), ts);
    s.syn = syn;
    s.fin = fin;
    h.add(s, limits, total, out);
  }
};

TEST(HalfStream, InOrderAfterSyn) {
  half_fixture f;
  f.add(1000, "", 0, /*syn=*/true);
  f.add(1001, "hello ");
  f.add(1007, "world");
  EXPECT_EQ(f.out.text, "hello world");
  EXPECT_EQ(f.h.buffered(), 0u);
}

TEST(HalfStream, OutOfOrderSegmentsAreBufferedAndReleasedInOrder) {
  half_fixture f;
  f.add(1000, "", 0, true);
  f.add(1011, "C", 3);
  f.add(1006, "B----", 2);
  EXPECT_EQ(f.out.text, "");
  EXPECT_EQ(f.h.buffered(), 6u);
  EXPECT_EQ(f.total, 6u);
  f.add(1001, "A----", 1);
  EXPECT_EQ(f.out.text, "A----B----C");
  EXPECT_EQ(f.h.buffered(), 0u);
  EXPECT_EQ(f.total, 0u);
  // Each piece keeps the capture time of the segment it came in.
  EXPECT_EQ(f.out.timestamps, (std::vector<std::int64_t>{1, 2, 3}));
}

// A retransmission that overlaps bytes already passed on is trimmed: the
// first copy wins, since the parser has already consumed it.
TEST(HalfStream, OverlappingRetransmissionKeepsFirstCopy) {
  half_fixture f;
  f.add(0, "", 0, true);
  f.add(1, "abcdef");
  f.add(4, "XYZghi");  // "def" again, differently, then new "ghi"
  f.add(1, "abc");     // a plain duplicate
  EXPECT_EQ(f.out.text, "abcdefghi");
  EXPECT_EQ(f.h.stats().retransmitted, 6u);
  EXPECT_EQ(f.h.stats().delivered, 9u);
}

// Among buffered segments that overlap, the one starting first wins.
TEST(HalfStream, OverlappingBufferedSegmentsEarliestStartWins) {
  half_fixture f;
  f.add(0, "", 0, true);
  f.add(6, "FGHIJ");   // bytes 6..10
  f.add(8, "xxxKL");   // bytes 8..12: 8..10 overlap, KL new
  f.add(6, "FGH");     // wholly covered copy: dropped at once
  f.add(1, "ABCDE");
  EXPECT_EQ(f.out.text, "ABCDEFGHIJKL");
}

TEST(HalfStream, SequenceNumbersWrapAround) {
  half_fixture f;
  f.add(0xfffffff0u, "", 0, true);  // first data byte at 0xfffffff1
  f.add(0xfffffff1u, "0123456789");  // up to 0xfffffffa
  f.add(0x00000005u, "after-zero");  // out of order, past the wrap
  f.add(0xfffffffbu, "abcdefghij");  // 0xfffffffb .. 0x00000004
  EXPECT_EQ(f.out.text, "0123456789abcdefghijafter-zero");
  EXPECT_EQ(f.h.buffered(), 0u);
}

TEST(HalfStream, MissingSegmentBecomesGapAtFinish) {
  half_fixture f;
  f.add(0, "", 0, true);
  f.add(1, "abc");
  f.add(10, "xyz");  // bytes 4..9 never come
  EXPECT_EQ(f.out.text, "abc");
  f.h.finish(f.total, f.out);
  EXPECT_EQ(f.out.text, "abc<gap 6>xyz");
  EXPECT_EQ(f.h.stats().gaps, 1u);
  EXPECT_EQ(f.h.stats().gap_bytes, 6u);
  EXPECT_EQ(f.total, 0u);
}

// When buffering would pass the per-stream bound, the stream gives up on
// the missing bytes and skips ahead rather than grow or wait.
TEST(HalfStream, BufferBoundSkipsAhead) {
  half_fixture f;
  f.limits.max_stream_buffer = 8;
  f.add(0, "", 0, true);
  f.add(1, "ab");
  f.add(10, "12345");  // 7 missing bytes before it; buffered (5 bytes)
  f.add(15, "6789");   // would make 9 buffered: skip to the first buffered
  EXPECT_EQ(f.out.text, "ab<gap 7>123456789");
  EXPECT_EQ(f.h.buffered(), 0u);
  EXPECT_LE(f.total, 8u);
}

TEST(HalfStream, TotalBoundSkipsAheadToo) {
  half_fixture f;
  f.limits.max_buffer_total = 4;
  f.total = 3;  // other streams of the table hold three bytes
  f.add(0, "", 0, true);
  f.add(5, "abcd");  // cannot be buffered: nothing before it, skip to it
  EXPECT_EQ(f.out.text, "<gap 4>abcd");
  EXPECT_EQ(f.total, 3u);
}

TEST(HalfStream, MidStreamPickupStartsAtFirstData) {
  half_fixture f;
  tcp_segment ack = seg(5000, "");
  f.h.add(ack, f.limits, f.total, f.out);  // a pure ACK starts nothing
  EXPECT_FALSE(f.h.started());
  f.add(7000, "data");
  EXPECT_EQ(f.out.text, "data");
}

TEST(HalfStream, FinEndsTheStreamOnlyOnceEverythingBeforeItArrived) {
  half_fixture f;
  f.add(0, "", 0, true);
  f.add(4, "def", 0, false, /*fin=*/true);
  EXPECT_FALSE(f.h.finished());
  f.add(1, "abc");
  EXPECT_TRUE(f.h.finished());
  EXPECT_EQ(f.out.text, "abcdef");
}

// The table: one parser per connection, both directions.
struct record {
  std::string text[2];
  std::vector<close_reason> closes;
  int syn_direction = -2;
};
struct recording_app {
  std::string text[2];
  bool stop_after_first = false;
  bool data(const connection_info&, int d, std::int64_t, const std::uint8_t* b, std::size_t n,
            std::vector<record>&) {
    text[d].append(reinterpret_cast<const char*>(b), n);
    return true;
  }
  void gap(const connection_info&, int d, std::size_t n, std::vector<record>&) {
    text[d] += "<gap " + std::to_string(n) + ">";
  }
  void close(const connection_info& info, close_reason why, std::vector<record>& out) {
    record r;
    r.text[0] = text[0];
    r.text[1] = text[1];
    r.closes.push_back(why);
    r.syn_direction = info.syn_direction;
    out.push_back(r);
  }
};

tcp_segment between(const std::string& src, std::uint16_t sport, const std::string& dst,
                    std::uint16_t dport, std::uint32_t seq, const std::string& data,
                    std::int64_t ts = 0) {
  tcp_segment s = seg(seq, data, ts);
  s.src[0] = static_cast<std::uint8_t>(src[0]);
  s.dst[0] = static_cast<std::uint8_t>(dst[0]);
  s.src_port = sport;
  s.dst_port = dport;
  return s;
}

TEST(StreamTable, FinFromBothSidesClosesWithBothDirections) {
  stream_table<recording_app> table;
  std::vector<record> out;
  // "z" is the client: it compares higher, so it is direction 1.
  tcp_segment syn = between("z", 40000, "a", 80, 100, "");
  syn.syn = true;
  syn.ack = false;
  table.add(syn, out);
  tcp_segment synack = between("a", 80, "z", 40000, 900, "");
  synack.syn = true;
  table.add(synack, out);
  table.add(between("z", 40000, "a", 80, 101, "request"), out);
  table.add(between("a", 80, "z", 40000, 901, "response"), out);
  tcp_segment fin1 = between("a", 80, "z", 40000, 909, "");
  fin1.fin = true;
  table.add(fin1, out);
  EXPECT_TRUE(out.empty());
  tcp_segment fin2 = between("z", 40000, "a", 80, 108, "");
  fin2.fin = true;
  table.add(fin2, out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text[1], "request");
  EXPECT_EQ(out[0].text[0], "response");
  EXPECT_EQ(out[0].closes[0], close_reason::fin);
  EXPECT_EQ(out[0].syn_direction, 1);
  EXPECT_EQ(table.size(), 0u);
}

TEST(StreamTable, RstFromEitherSideClosesAndFlushesBufferedData) {
  for (int side = 0; side < 2; ++side) {
    stream_table<recording_app> table;
    std::vector<record> out;
    table.add(between("a", 1, "b", 2, 10, "xy"), out);
    table.add(between("a", 1, "b", 2, 20, "late"), out);  // 8 bytes missing
    tcp_segment rst = side == 0 ? between("a", 1, "b", 2, 24, "") : between("b", 2, "a", 1, 5, "");
    rst.rst = true;
    table.add(rst, out);
    ASSERT_EQ(out.size(), 1u) << side;
    EXPECT_EQ(out[0].text[0], "xy<gap 8>late");
    EXPECT_EQ(out[0].closes[0], close_reason::rst);
    EXPECT_EQ(table.buffered_total(), 0u);
  }
}

TEST(StreamTable, MaxStreamsEvictsTheOldest) {
  stream_limits limits;
  limits.max_streams = 32;
  stream_table<recording_app> table(limits);
  std::vector<record> out;
  for (int i = 0; i < 100; ++i) {
    table.add(between("a", static_cast<std::uint16_t>(1000 + i), "b", 80, 1, "x", i), out);
    EXPECT_LE(table.size(), 32u);
  }
  EXPECT_GT(table.evicted(), 0u);
  EXPECT_EQ(out.size() + table.size(), 100u);
  table.flush(out);
  EXPECT_EQ(out.size(), 100u);
}

TEST(StreamTable, IdleConnectionsAreClosed) {
  stream_table<recording_app> table;
  std::vector<record> out;
  table.add(between("a", 1, "b", 2, 1, "old", 0), out);
  const std::int64_t later = std::int64_t{300} * 1000 * 1000 * 1000;
  table.add(between("c", 1, "d", 2, 1, "new", later), out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].text[0], "old");
  EXPECT_EQ(out[0].closes[0], close_reason::idle);
  EXPECT_EQ(table.size(), 1u);
}

TEST(StreamTable, NewSynOnSamePortsStartsANewConnection) {
  stream_table<recording_app> table;
  std::vector<record> out;
  tcp_segment syn = between("a", 1, "b", 2, 100, "");
  syn.syn = true;
  syn.ack = false;
  table.add(syn, out);
  table.add(between("a", 1, "b", 2, 101, "first"), out);
  tcp_segment syn2 = between("a", 1, "b", 2, 5000, "");
  syn2.syn = true;
  syn2.ack = false;
  table.add(syn2, out);
  table.add(syn2, out);  // a retransmitted SYN changes nothing
  table.add(between("a", 1, "b", 2, 5001, "second"), out);
  table.flush(out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].text[0], "first");
  EXPECT_EQ(out[1].text[0], "second");
}

}  // namespace
}  // namespace netcap::streams
