// TCP stream reassembly: turns the segments of TCP connections, in whatever
// order they were captured, into each direction's bytes in sequence order,
// with bounded memory. It knows nothing of libtins: a caller describes each
// segment as a `tcp_segment` (encoders/detail/tcp_segment.hpp does that for
// dissected packets), so it is tested and usable on its own.
//
// `half_stream` reassembles one direction; `stream_table<App>` keeps the
// connections, two half streams each, and hands their bytes to an
// application parser `App` (HTTP, TLS) of the caller's choosing.
//
// The policy, which docs/streams.md explains at more length:
//
// - In-order bytes go straight from the segment to the parser; only
//   segments that arrive ahead of a missing one are copied, and those are
//   bounded per direction (`max_stream_buffer`) and in total
//   (`max_buffer_total`).
// - Sequence numbers are compared modulo 2^32 (RFC 9293, section 3.4), so a
//   stream may wrap around zero.
// - Bytes already passed on are never replaced: a retransmission that
//   overlaps them is trimmed to what is new. Among buffered segments that
//   overlap, the one that starts first wins, and of two that start at the
//   same number, the one captured first.
// - When a bound would be exceeded, the stream stops waiting for what is
//   missing: it reports a gap of that many bytes to the parser and goes on
//   with the first buffered segment. The same happens at the end of a
//   connection (FIN and all bytes before it, RST, idle timeout, eviction,
//   end of input). So a lost segment costs a gap, never a hang.
// - `max_streams` bounds the connections: a new one first makes the table
//   close connections idle for longer than `idle_timeout_ns`, then, if it
//   is still full, the oldest sixteenth of them.
#ifndef NETCAP_STREAMS_REASSEMBLY_HPP_
#define NETCAP_STREAMS_REASSEMBLY_HPP_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"

namespace netcap::streams {

// The bounds of a stream table. Defaults are those of netcap's flags
// (-max-stream-buffer, -max-buffer-total, -max-streams).
struct stream_limits {
  // Out-of-order bytes buffered per direction of a connection.
  std::size_t max_stream_buffer = std::size_t{1} << 20;
  // Out-of-order bytes buffered over all connections of a table.
  std::size_t max_buffer_total = std::size_t{256} << 20;
  // Connections tracked at once.
  std::size_t max_streams = 65536;
  // A connection with no segment for this long (capture time) is closed.
  std::int64_t idle_timeout_ns = std::int64_t{120} * 1000 * 1000 * 1000;
};

// One TCP segment: who sent it, its sequence number and flags, and the
// bytes it carries. Addresses are 4 (IPv4) or 16 (IPv6) bytes, kept in the
// first `address_size` bytes of the arrays.
struct tcp_segment {
  std::int64_t timestamp_ns = 0;
  std::uint8_t address_size = 4;
  std::array<std::uint8_t, 16> src{};
  std::array<std::uint8_t, 16> dst{};
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  bool syn = false;
  bool ack = false;
  bool fin = false;
  bool rst = false;
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

// What a half stream counts, for tests and statistics.
struct half_stream_stats {
  // Bytes passed on in order.
  std::uint64_t delivered = 0;
  // Bytes of segments that repeated what was already passed on or buffered.
  std::uint64_t retransmitted = 0;
  // Bytes never seen, reported as gaps, and the number of gaps.
  std::uint64_t gap_bytes = 0;
  std::uint64_t gaps = 0;
};

// Reassembles one direction of a TCP connection. `Out` receives
//
//   out.data(timestamp_ns, const std::uint8_t* bytes, std::size_t size)
//   out.gap(std::size_t missing_bytes)
//
// in sequence order; `timestamp_ns` is the capture time of the segment the
// bytes came in. `buffered_total` is the table-wide count of buffered bytes
// that `max_buffer_total` bounds.
class half_stream {
 public:
  template <class Out>
  void add(const tcp_segment& s, const stream_limits& limits, std::size_t& buffered_total,
           Out& out) {
    // RFC 9293, section 3.4: a SYN takes one sequence number, before the
    // data it may carry.
    const std::uint32_t data_seq = s.syn ? s.seq + 1 : s.seq;
    if (!started_) {
      if (!s.syn && s.size == 0) return;
      started_ = true;
      next_ = data_seq;
    }
    if (s.fin && !has_fin_) {
      has_fin_ = true;
      fin_seq_ = data_seq + static_cast<std::uint32_t>(s.size);
    }
    if (s.size != 0) add_data(data_seq, s.data, s.size, s.timestamp_ns, limits, buffered_total, out);
    if (has_fin_ && next_ == fin_seq_) finished_ = true;
  }

  // Passes on everything still buffered, with a gap before each hole; for
  // the end of a connection.
  template <class Out>
  void finish(std::size_t& buffered_total, Out& out) {
    while (!pending_.empty()) skip_to_first_pending(buffered_total, out);
    finished_ = true;
  }

  // Whether every byte up to the FIN has been passed on, or finish() ran.
  bool finished() const { return finished_; }
  bool started() const { return started_; }
  std::size_t buffered() const { return buffered_; }
  const half_stream_stats& stats() const { return stats_; }

 private:
  struct pending_segment {
    std::uint32_t seq = 0;
    std::int64_t timestamp_ns = 0;
    std::string bytes;
  };

  // How far `seq` lies after the next expected byte, modulo 2^32: negative
  // for bytes already passed on.
  std::int64_t offset(std::uint32_t seq) const {
    return static_cast<std::int32_t>(seq - next_);
  }

  template <class Out>
  void add_data(std::uint32_t seq, const std::uint8_t* data, std::size_t size, std::int64_t ts,
                const stream_limits& limits, std::size_t& buffered_total, Out& out) {
    const std::int64_t start = offset(seq);
    if (start <= 0) {
      const std::int64_t end = start + static_cast<std::int64_t>(size);
      if (end <= 0) {
        stats_.retransmitted += size;
        return;
      }
      const auto skip = static_cast<std::size_t>(-start);
      stats_.retransmitted += skip;
      deliver(data + skip, size - skip, ts, out);
      drain(buffered_total, out);
      return;
    }
    // Ahead of a missing segment: buffer it, unless a bound says to stop
    // waiting for what is missing.
    while (buffered_ + size > limits.max_stream_buffer ||
           buffered_total + size > limits.max_buffer_total) {
      if (pending_.empty() || offset(pending_.front().seq) > start) {
        // Nothing buffered comes before this segment: skip to it.
        report_gap(static_cast<std::size_t>(start), out);
        next_ = seq;
        deliver(data, size, ts, out);
        drain(buffered_total, out);
        return;
      }
      skip_to_first_pending(buffered_total, out);
      if (offset(seq) <= 0) {
        add_data(seq, data, size, ts, limits, buffered_total, out);
        return;
      }
    }
    insert(seq, data, size, ts, buffered_total);
  }

  // Keeps a segment in sequence order; one that an already buffered segment
  // starting at the same or an earlier number wholly covers is a copy and is
  // dropped.
  void insert(std::uint32_t seq, const std::uint8_t* data, std::size_t size, std::int64_t ts,
              std::size_t& buffered_total) {
    const std::int64_t start = offset(seq);
    auto it = pending_.begin();
    for (; it != pending_.end() && offset(it->seq) <= start; ++it) {
      if (offset(it->seq) + static_cast<std::int64_t>(it->bytes.size()) >=
          start + static_cast<std::int64_t>(size)) {
        stats_.retransmitted += size;
        return;
      }
    }
    pending_segment p;
    if (!spare_.empty()) {
      p.bytes = std::move(spare_.back());
      spare_.pop_back();
    }
    p.seq = seq;
    p.timestamp_ns = ts;
    p.bytes.assign(reinterpret_cast<const char*>(data), size);
    pending_.insert(it, std::move(p));
    buffered_ += size;
    buffered_total += size;
  }

  template <class Out>
  void deliver(const std::uint8_t* data, std::size_t size, std::int64_t ts, Out& out) {
    next_ += static_cast<std::uint32_t>(size);
    stats_.delivered += size;
    out.data(ts, data, size);
  }

  template <class Out>
  void report_gap(std::size_t missing, Out& out) {
    stats_.gap_bytes += missing;
    ++stats_.gaps;
    out.gap(missing);
  }

  // Passes on the buffered segments that the next expected byte has reached.
  template <class Out>
  void drain(std::size_t& buffered_total, Out& out) {
    while (!pending_.empty() && offset(pending_.front().seq) <= 0) {
      pending_segment& p = pending_.front();
      const std::int64_t end = offset(p.seq) + static_cast<std::int64_t>(p.bytes.size());
      if (end > 0) {
        const std::size_t skip = p.bytes.size() - static_cast<std::size_t>(end);
        stats_.retransmitted += skip;
        deliver(reinterpret_cast<const std::uint8_t*>(p.bytes.data()) + skip,
                static_cast<std::size_t>(end), p.timestamp_ns, out);
      } else {
        stats_.retransmitted += p.bytes.size();
      }
      release_front(buffered_total);
    }
  }

  // Gives up on the bytes before the first buffered segment.
  template <class Out>
  void skip_to_first_pending(std::size_t& buffered_total, Out& out) {
    const std::int64_t missing = offset(pending_.front().seq);
    if (missing > 0) {
      report_gap(static_cast<std::size_t>(missing), out);
      next_ = pending_.front().seq;
    }
    drain(buffered_total, out);
  }

  void release_front(std::size_t& buffered_total) {
    pending_segment& p = pending_.front();
    buffered_ -= p.bytes.size();
    buffered_total -= p.bytes.size();
    // Keeps a few buffers for the next out-of-order segments.
    if (spare_.size() < 4) {
      p.bytes.clear();
      spare_.push_back(std::move(p.bytes));
    }
    pending_.erase(pending_.begin());
  }

  bool started_ = false;
  bool has_fin_ = false;
  bool finished_ = false;
  std::uint32_t next_ = 0;
  std::uint32_t fin_seq_ = 0;
  std::size_t buffered_ = 0;
  // Out-of-order segments, in sequence order from next_.
  std::vector<pending_segment> pending_;
  std::vector<std::string> spare_;
  half_stream_stats stats_;
};

// A connection's endpoints, the same for both directions: the endpoint
// that compares lower is `a`.
struct connection_key {
  std::uint8_t address_size = 4;
  std::array<std::uint8_t, 16> a{};
  std::array<std::uint8_t, 16> b{};
  std::uint16_t port_a = 0;
  std::uint16_t port_b = 0;

  friend bool operator==(const connection_key& x, const connection_key& y) {
    return x.address_size == y.address_size && x.a == y.a && x.b == y.b &&
           x.port_a == y.port_a && x.port_b == y.port_b;
  }
  template <class H>
  friend H AbslHashValue(H h, const connection_key& k) {
    return H::combine(std::move(h), k.address_size, k.a, k.b, k.port_a, k.port_b);
  }
};

// The key of a segment's connection, and whether the segment was sent by
// endpoint `b` (direction 1) rather than `a` (direction 0).
inline std::pair<connection_key, int> key_of(const tcp_segment& s) {
  connection_key k;
  k.address_size = s.address_size;
  const int order = std::memcmp(s.src.data(), s.dst.data(), 16);
  const bool src_first = order < 0 || (order == 0 && s.src_port <= s.dst_port);
  k.a = src_first ? s.src : s.dst;
  k.b = src_first ? s.dst : s.src;
  k.port_a = src_first ? s.src_port : s.dst_port;
  k.port_b = src_first ? s.dst_port : s.src_port;
  return {k, src_first ? 0 : 1};
}

// Why a connection ended, as the parser's close() learns it.
enum class close_reason : unsigned char { fin, rst, idle, evicted, end_of_input };

// What a parser knows of its connection.
struct connection_info {
  connection_key key;
  // The direction that sent the first SYN without ACK (the client's), or
  // -1 when the capture missed the handshake.
  int syn_direction = -1;
  // Capture time of the connection's first segment.
  std::int64_t first_timestamp_ns = 0;

  // The address and port that sent direction `d`.
  const std::uint8_t* address(int d) const { return d == 0 ? key.a.data() : key.b.data(); }
  std::uint16_t port(int d) const { return d == 0 ? key.port_a : key.port_b; }
};

// The connections of a capture, reassembled and handed to one `App` each.
// `App` is default-constructible and has
//
//   app.data(info, direction, timestamp_ns, bytes, size, ctx)
//   app.gap(info, direction, missing_bytes, ctx)
//   app.close(info, close_reason, ctx)
//
// where `ctx` is what the caller passes to add() and flush() (the encoders
// pass their record sink). An App may return false from data() to say it
// wants no more bytes of the connection (not its protocol, or done): the
// table then stops reassembling it and only watches for its end.
template <class App>
class stream_table {
 public:
  stream_table() = default;
  explicit stream_table(const stream_limits& limits) : limits_(limits) {}

  void set_limits(const stream_limits& limits) { limits_ = limits; }
  const stream_limits& limits() const { return limits_; }
  std::size_t size() const { return connections_.size(); }
  std::size_t buffered_total() const { return buffered_total_; }
  // Connections closed because the table was full.
  std::uint64_t evicted() const { return evicted_; }

  template <class Ctx>
  void add(const tcp_segment& s, Ctx& ctx) {
    const auto [key, direction] = key_of(s);
    maybe_expire(s.timestamp_ns, ctx);
    auto it = connections_.find(key);
    if (it == connections_.end()) {
      // A connection starts with a SYN or with data; a lone ACK, FIN or RST
      // of one never seen (or already closed) is ignored.
      if (s.rst || (!s.syn && s.size == 0)) return;
      if (connections_.size() >= limits_.max_streams) make_room(s.timestamp_ns, ctx);
      it = connections_.try_emplace(key).first;
      it->second.info.key = key;
      it->second.info.first_timestamp_ns = s.timestamp_ns;
    }
    if (s.syn && !s.ack && it->second.info.syn_direction >= 0 &&
        it->second.syn_seq != s.seq) {
      // A new SYN on the same addresses and ports (RFC 9293, section
      // 3.10.7.4 lets a closed connection's ports be reused): the old
      // connection is over.
      close(it, close_reason::fin, ctx);
      add(s, ctx);
      return;
    }
    connection& c = it->second;
    c.last_timestamp_ns = s.timestamp_ns;
    if (s.syn && !s.ack && c.info.syn_direction < 0) {
      c.info.syn_direction = direction;
      c.syn_seq = s.seq;
    }
    if (s.rst) {
      close(it, close_reason::rst, ctx);
      return;
    }
    if (s.fin) c.fin_seen[direction] = true;
    if (c.ignored) {
      // Not parsed any more: a FIN from each side ends it.
      if (c.fin_seen[0] && c.fin_seen[1]) close(it, close_reason::fin, ctx);
      return;
    } else {
      sink<Ctx> out{c, direction, ctx};
      c.half[direction].add(s, limits_, buffered_total_, out);
      if (out.stop) {
        ignore(c);
        if (c.fin_seen[0] && c.fin_seen[1]) close(it, close_reason::fin, ctx);
        return;
      }
    }
    if (c.half[0].finished() && c.half[1].finished()) close(it, close_reason::fin, ctx);
  }

  // Closes every connection; for the end of input.
  template <class Ctx>
  void flush(Ctx& ctx) {
    while (!connections_.empty()) close(connections_.begin(), close_reason::end_of_input, ctx);
  }

 private:
  struct connection {
    connection_info info;
    std::array<half_stream, 2> half;
    App app;
    std::int64_t last_timestamp_ns = 0;
    bool ignored = false;
    std::array<bool, 2> fin_seen{};
    std::uint32_t syn_seq = 0;
  };
  using map = absl::flat_hash_map<connection_key, connection>;

  template <class Ctx>
  struct sink {
    connection& c;
    int direction;
    Ctx& ctx;
    bool stop = false;
    void data(std::int64_t ts, const std::uint8_t* bytes, std::size_t size) {
      if (stop) return;
      if (!c.app.data(c.info, direction, ts, bytes, size, ctx)) stop = true;
    }
    void gap(std::size_t missing) {
      if (stop) return;
      c.app.gap(c.info, direction, missing, ctx);
    }
  };
  struct discard_sink {
    void data(std::int64_t, const std::uint8_t*, std::size_t) {}
    void gap(std::size_t) {}
  };

  void ignore(connection& c) {
    c.ignored = true;
    // Drops what was buffered.
    for (half_stream& h : c.half) h.finish(buffered_total_, discard_);
  }

  template <class Ctx>
  void close(typename map::iterator it, close_reason why, Ctx& ctx) {
    connection& c = it->second;
    if (!c.ignored) {
      for (int d = 0; d < 2; ++d) {
        sink<Ctx> out{c, d, ctx};
        c.half[d].finish(buffered_total_, out);
      }
      c.app.close(c.info, why, ctx);
    } else {
      for (half_stream& h : c.half) h.finish(buffered_total_, discard_);
    }
    connections_.erase(it);
  }

  // Closes idle connections once per ten seconds of capture time.
  template <class Ctx>
  void maybe_expire(std::int64_t now, Ctx& ctx) {
    constexpr std::int64_t every = std::int64_t{10} * 1000 * 1000 * 1000;
    if (now < next_expiry_) return;
    next_expiry_ = now + every;
    expire(now, ctx);
  }

  template <class Ctx>
  std::size_t expire(std::int64_t now, Ctx& ctx) {
    std::size_t closed = 0;
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if (now - it->second.last_timestamp_ns > limits_.idle_timeout_ns) {
        close(it, close_reason::idle, ctx);
        ++closed;
      }
      it = next;
    }
    return closed;
  }

  // Makes room for a new connection in a full table.
  template <class Ctx>
  void make_room(std::int64_t now, Ctx& ctx) {
    if (expire(now, ctx) != 0 && connections_.size() < limits_.max_streams) return;
    std::vector<std::int64_t> times;
    times.reserve(connections_.size());
    for (const auto& [key, c] : connections_) times.push_back(c.last_timestamp_ns);
    const std::size_t n = std::max<std::size_t>(1, times.size() / 16);
    std::nth_element(times.begin(), times.begin() + (n - 1), times.end());
    const std::int64_t cutoff = times[n - 1];
    std::size_t closed = 0;
    for (auto it = connections_.begin(); it != connections_.end() && closed < n;) {
      auto next = std::next(it);
      if (it->second.last_timestamp_ns <= cutoff) {
        close(it, close_reason::evicted, ctx);
        ++closed;
        ++evicted_;
      }
      it = next;
    }
  }

  stream_limits limits_;
  map connections_;
  std::size_t buffered_total_ = 0;
  std::int64_t next_expiry_ = 0;
  std::uint64_t evicted_ = 0;
  discard_sink discard_;
};

}  // namespace netcap::streams

#endif  // NETCAP_STREAMS_REASSEMBLY_HPP_
