// The HTTP encoder: one record per HTTP/1.x request and its response, read
// from reassembled TCP streams (netcap/streams/reassembly.hpp) on any port
// where the bytes are HTTP. A direction is HTTP when its first bytes are a
// request line (any method) or an "HTTP/1." status line, so a
// server on port 8000 or 3128 is found as one on port 80, over IPv4 and
// IPv6 alike.
//
// Message boundaries follow RFC 9112, section 6: no body for responses to
// HEAD and for 1xx, 204 and 304 responses; else Transfer-Encoding: chunked
// (decoded to count the body), else Content-Length, else (responses only)
// the body runs to the end of the connection. Bodies are counted, never
// kept. Pipelined requests queue up and are paired with responses in order
// (RFC 9112, section 9.3.2). A gap in a body is counted and skipped; a gap
// elsewhere makes the direction wait for the next segment that starts with
// a request or status line. docs/streams.md has the details.
#ifndef NETCAP_ENCODERS_HTTP_HPP_
#define NETCAP_ENCODERS_HTTP_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <tins/ethernetII.h>
#include <tins/pdu.h>

#include "netcap/core/frame.hpp"
#include "netcap/encoders/detail/tcp_stream.hpp"
#include "netcap/encoders/detail/utf8.hpp"
#include "netcap/streams/reassembly.hpp"
#include "proto/http.pb.h"

namespace netcap::detail {

// HTTP's limits, beyond which a direction is no longer parsed as HTTP: the
// bytes of a message's start line and headers, and of a chunk-size or
// trailer line.
inline constexpr std::size_t http_max_head = 16 * 1024;
inline constexpr std::size_t http_max_line = 1024;
// Requests waiting for their responses, per connection; one more makes
// the oldest a record without a response.
inline constexpr std::size_t http_max_pending = 16;

inline char http_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline bool http_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (http_lower(a[i]) != http_lower(b[i])) return false;
  }
  return true;
}

inline std::string_view http_trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// RFC 9110, section 5.6.2: token characters.
inline bool http_is_token(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Whether bytes can start an HTTP/1.x message: yes, no, or not known yet
// (too few bytes). A response starts with "HTTP/1."; a request with a
// request line (RFC 9112, section 3): a method token, a space, a target, a
// space and "HTTP/" digit "." digit, so methods of any name are found.
enum class http_start { no, maybe, yes };
inline http_start http_start_of(std::string_view s) {
  constexpr std::string_view response = "HTTP/1.";
  if (s.substr(0, response.size()) == response.substr(0, s.size() < 7 ? s.size() : 7)) {
    return s.size() >= response.size() ? http_start::yes : http_start::maybe;
  }
  std::size_t i = 0;
  while (i < s.size() && http_is_token(s[i])) ++i;
  if (i == s.size()) return i < 32 ? http_start::maybe : http_start::no;
  if (i == 0 || s[i] != ' ') return http_start::no;
  std::size_t end = s.find('\n');
  if (end == std::string_view::npos) return http_start::maybe;
  std::string_view line = s.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr std::size_t version = 9;  // " HTTP/1.1"
  if (line.size() < i + 1 + version) return http_start::no;
  const std::string_view tail = line.substr(line.size() - version);
  if (tail.substr(0, 6) != " HTTP/" || tail[6] < '0' || tail[6] > '9' || tail[7] != '.' ||
      tail[8] < '0' || tail[8] > '9') {
    return http_start::no;
  }
  return http_start::yes;
}

// Parses a decimal Content-Length; -1 when it is not one.
inline std::int64_t http_parse_length(std::string_view s) {
  if (s.empty() || s.size() > 18) return -1;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// One HTTP connection: a parser per direction and the requests waiting for
// their responses.
class http_connection {
 public:
  template <class Ctx>
  bool data(const streams::connection_info& info, int d, std::int64_t ts,
            const std::uint8_t* bytes, std::size_t size, Ctx& ctx) {
    direction& dir = dirs_[d];
    std::string_view in(reinterpret_cast<const char*>(bytes), size);
    while (!in.empty()) {
      switch (dir.st) {
        case state::start:
        case state::head:
          if (dir.st == state::start) {
            dir.st = state::head;
            dir.head.clear();
            dir.timestamp_ns = ts;
            dir.incomplete = false;
          }
          if (!read_head(info, d, in, ctx)) return false;
          break;
        case state::body_length:
        case state::chunk_data: {
          const std::size_t take =
              in.size() < dir.remaining ? in.size() : static_cast<std::size_t>(dir.remaining);
          dir.body_size += take;
          dir.remaining -= take;
          in.remove_prefix(take);
          if (dir.remaining == 0) {
            if (dir.st == state::chunk_data) {
              dir.st = state::chunk_end;
              dir.line.clear();
            } else {
              message_done(info, d, ctx);
            }
          }
          break;
        }
        case state::body_close:
          dir.body_size += in.size();
          in = {};
          break;
        case state::chunk_size:
        case state::chunk_end:
        case state::trailer:
          if (!read_line(dir, in)) break;
          chunk_line(info, d, ctx);
          break;
        case state::lost:
          // Resynchronises only where a segment starts with a message.
          if (http_start_of(in) != http_start::no) {
            dir.st = state::start;
            continue;
          }
          in = {};
          break;
        case state::tunnel:
          return false;
      }
      if (dir.st == state::tunnel) return false;
    }
    return true;
  }

  template <class Ctx>
  void gap(const streams::connection_info& info, int d, std::size_t missing, Ctx& ctx) {
    direction& dir = dirs_[d];
    dir.incomplete = true;
    switch (dir.st) {
      case state::start:
        dir.st = seen_http_ ? state::lost : state::start;
        break;
      case state::body_length:
      case state::chunk_data:
        if (missing < dir.remaining) {
          dir.remaining -= missing;
          dir.body_size += missing;
          break;
        }
        message_done(info, d, ctx);
        dir.st = state::lost;
        break;
      case state::body_close:
        dir.body_size += missing;
        break;
      case state::tunnel:
        break;
      default:
        abandon(d, ctx);
        dir.st = state::lost;
        break;
    }
  }

  template <class Ctx>
  void close(const streams::connection_info& info, streams::close_reason, Ctx& ctx) {
    for (int d = 0; d < 2; ++d) {
      direction& dir = dirs_[d];
      if (dir.st == state::body_close) {
        message_done(info, d, ctx);
      } else {
        abandon(d, ctx);
      }
    }
    while (pending_ != 0) {
      HTTP& r = queue_[first_ % http_max_pending];
      ctx.sink.emit(r);
      ++first_;
      --pending_;
    }
  }

 private:
  enum class state : unsigned char {
    start, head, body_length, chunk_size, chunk_data, chunk_end, trailer, body_close, lost,
    tunnel
  };
  struct direction {
    state st = state::start;
    std::string head;
    std::string line;
    std::uint64_t remaining = 0;
    std::int64_t timestamp_ns = 0;
    std::int64_t body_size = 0;
    bool incomplete = false;
    // The direction's first bytes were not HTTP.
    bool not_http = false;
    // The message being read is a response (its record is `response`),
    // else a request (`request_id` in the queue).
    bool in_response = false;
    std::uint64_t request_id = 0;
    HTTP response;
  };

  // Gathers a message's start line and headers; false when the connection
  // turns out not to be HTTP.
  template <class Ctx>
  bool read_head(const streams::connection_info& info, int d, std::string_view& in, Ctx& ctx) {
    direction& dir = dirs_[d];
    const std::size_t old = dir.head.size();
    const std::size_t room = http_max_head - old;
    const std::size_t take = in.size() < room ? in.size() : room;
    dir.head.append(in.data(), take);
    const http_start start = http_start_of(dir.head);
    if (start == http_start::no) {
      // A direction that does not start as HTTP is ignored, but the other
      // may still be: a server answers a request line it cannot parse
      // ("GET /HTTP/1.1", "GET HTTP/1.1") with a 400 response, which is
      // recorded without its request. The connection is left alone once
      // neither direction is HTTP.
      if (!seen_http_) {
        dir.not_http = true;
        if (dirs_[1 - d].not_http) return false;
      }
      dir.st = state::lost;
      in = {};
      return true;
    }
    // The head ends at the first empty line (RFC 9112, section 2.2 allows
    // a bare LF as a line end).
    const std::size_t from = old > 3 ? old - 3 : 0;
    std::size_t end = std::string::npos;
    for (std::size_t i = from; i < dir.head.size(); ++i) {
      if (dir.head[i] != '\n') continue;
      if (i >= 1 && dir.head[i - 1] == '\n') {
        end = i + 1;
        break;
      }
      if (i >= 2 && dir.head[i - 1] == '\r' && dir.head[i - 2] == '\n') {
        end = i + 1;
        break;
      }
    }
    if (end == std::string::npos) {
      in.remove_prefix(take);
      if (dir.head.size() >= http_max_head) dir.st = state::lost;
      return true;
    }
    in.remove_prefix(end - old);
    dir.head.resize(end);
    if (start != http_start::yes) {
      dir.st = state::lost;
      return true;
    }
    seen_http_ = true;
    parse_head(info, d, ctx);
    return true;
  }

  // Reads a line into `line`; true once it is whole (its LF consumed).
  bool read_line(direction& dir, std::string_view& in) {
    const std::size_t lf = in.find('\n');
    const std::size_t take = lf == std::string_view::npos ? in.size() : lf + 1;
    if (dir.line.size() + take > http_max_line) {
      dir.st = state::lost;
      in = {};
      return false;
    }
    dir.line.append(in.data(), take);
    in.remove_prefix(take);
    return lf != std::string_view::npos;
  }

  // RFC 9112, section 7.1: chunk-size [ext] CRLF, data CRLF, ..., a last
  // chunk of size 0, trailer lines, an empty line.
  template <class Ctx>
  void chunk_line(const streams::connection_info& info, int d, Ctx& ctx) {
    direction& dir = dirs_[d];
    const std::string_view line = http_trim(std::string_view(dir.line).substr(
        0, dir.line.size() - 1));
    if (dir.st == state::chunk_end) {
      dir.st = line.empty() ? state::chunk_size : state::lost;
      dir.line.clear();
      return;
    }
    if (dir.st == state::trailer) {
      if (line.empty()) message_done(info, d, ctx);
      dir.line.clear();
      return;
    }
    std::uint64_t size = 0;
    std::size_t digits = 0;
    for (char c : line) {
      int v;
      if (c >= '0' && c <= '9') v = c - '0';
      else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
      else break;
      if (++digits > 15) break;
      size = size * 16 + static_cast<std::uint64_t>(v);
    }
    dir.line.clear();
    if (digits == 0 || digits > 15) {
      dir.st = state::lost;
      return;
    }
    if (size == 0) {
      dir.st = state::trailer;
    } else {
      dir.remaining = size;
      dir.st = state::chunk_data;
    }
  }

  template <class Ctx>
  void parse_head(const streams::connection_info& info, int d, Ctx& ctx) {
    direction& dir = dirs_[d];
    std::string_view head(dir.head);
    const std::size_t first_end = head.find('\n');
    const std::string_view first = http_trim(head.substr(0, first_end));
    head.remove_prefix(first_end + 1);
    const bool is_response = first.substr(0, 7) == "HTTP/1.";
    const std::size_t sp1 = first.find(' ');
    const std::string_view a = first.substr(0, sp1);
    std::string_view rest = sp1 == std::string_view::npos ? std::string_view() : first.substr(sp1 + 1);
    const std::size_t sp2 = is_response ? rest.find(' ') : rest.rfind(' ');
    // RFC 9112, section 3: a recipient may split the request line on runs
    // of whitespace, so a target after several spaces has none of them.
    const std::string_view b = http_trim(rest.substr(0, sp2));
    const std::string_view c = sp2 == std::string_view::npos ? std::string_view() : rest.substr(sp2 + 1);

    abandon(d, ctx);
    HTTP* r;
    if (is_response) {
      int code = 0;
      for (char ch : b.substr(0, 3)) code = ch >= '0' && ch <= '9' ? code * 10 + (ch - '0') : -1000;
      if (b.size() != 3 || code < 100) {
        dir.st = state::lost;
        return;
      }
      // RFC 9110, section 15.2: an interim 1xx response precedes the final
      // one and has no body; 101 switches the connection to another
      // protocol, as a 2xx to CONNECT makes it a tunnel.
      if (code >= 100 && code < 200 && code != 101) {
        dir.st = state::start;
        return;
      }
      if (pending_ == 0) recover_request(info, 1 - d, ctx);
      r = &dir.response;
      r->Clear();
      if (pending_ != 0 && queue_direction(first_) != d) {
        r->Swap(&queue_[first_ % http_max_pending]);
        ++first_;
        --pending_;
      } else {
        set_endpoints(info, 1 - d, *r);
        r->set_req_content_length(-1);
      }
      dir.in_response = true;
      r->set_response_timestamp(dir.timestamp_ns);
      if (r->method().empty()) r->set_timestamp(dir.timestamp_ns);
      netcap::detail::assign_utf8(a, *r->mutable_res_proto());
      r->set_status_code(code);
      netcap::detail::assign_utf8(c, *r->mutable_status_text());
      r->set_res_content_length(-1);
    } else {
      if (pending_ == http_max_pending) {
        ctx.sink.emit(queue_[first_ % http_max_pending]);
        ++first_;
        --pending_;
      }
      dir.request_id = first_ + pending_;
      ++pending_;
      r = &queue_[dir.request_id % http_max_pending];
      r->Clear();
      directions_[dir.request_id % http_max_pending] = static_cast<std::int8_t>(d);
      dir.in_response = false;
      set_endpoints(info, d, *r);
      r->set_timestamp(dir.timestamp_ns);
      netcap::detail::assign_utf8(a, *r->mutable_method());
      netcap::detail::assign_utf8(b, *r->mutable_url());
      netcap::detail::assign_utf8(c, *r->mutable_proto());
      r->set_req_content_length(-1);
    }
    std::int64_t length = -1;
    bool chunked = false;
    while (!head.empty()) {
      const std::size_t end = head.find('\n');
      const std::string_view line = head.substr(0, end);
      head.remove_prefix(end == std::string_view::npos ? head.size() : end + 1);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = http_trim(line.substr(colon + 1));
      if (http_iequals(name, "content-length")) {
        length = http_parse_length(value);
      } else if (http_iequals(name, "transfer-encoding")) {
        // RFC 9112, section 6.1: chunked is the last coding when present.
        chunked = value.size() >= 7 && http_iequals(value.substr(value.size() - 7), "chunked");
      } else if (http_iequals(name, "content-type")) {
        netcap::detail::assign_utf8(
            value, is_response ? *r->mutable_content_type() : *r->mutable_req_content_type());
      } else if (is_response) {
        if (http_iequals(name, "server")) netcap::detail::assign_utf8(value, *r->mutable_server());
      } else if (http_iequals(name, "host")) {
        netcap::detail::assign_utf8(value, *r->mutable_host());
      } else if (http_iequals(name, "user-agent")) {
        netcap::detail::assign_utf8(value, *r->mutable_user_agent());
      } else if (http_iequals(name, "referer")) {
        netcap::detail::assign_utf8(value, *r->mutable_referer());
      } else if (http_iequals(name, "cookie")) {
        std::string_view cookies = value;
        while (!cookies.empty()) {
          const std::size_t semi = cookies.find(';');
          const std::string_view one = http_trim(cookies.substr(0, semi));
          if (!one.empty()) netcap::detail::assign_utf8(one, *r->add_req_cookies());
          cookies.remove_prefix(semi == std::string_view::npos ? cookies.size() : semi + 1);
        }
      }
    }
    dir.body_size = 0;
    if (is_response) {
      r->set_res_content_length(length);
      r->set_res_chunked(chunked);
      const int code = r->status_code();
      if (code == 101 || (r->method() == "CONNECT" && code >= 200 && code < 300)) {
        message_done(info, d, ctx);
        dir.st = state::tunnel;
        return;
      }
      if (r->method() == "HEAD" || code == 204 || code == 304) {
        message_done(info, d, ctx);
        return;
      }
    } else {
      r->set_req_content_length(length);
      r->set_req_chunked(chunked);
    }
    if (chunked) {
      dir.st = state::chunk_size;
      dir.line.clear();
    } else if (length > 0) {
      dir.st = state::body_length;
      dir.remaining = static_cast<std::uint64_t>(length);
    } else if (length < 0 && is_response) {
      dir.st = state::body_close;
    } else {
      message_done(info, d, ctx);
    }
  }

  // A server answered a direction whose first bytes were not an HTTP/1.x
  // request line: if they are a method token and a whole head ("GET
  // /path" without a version, "OPTIONS" alone, "GET / HTTP/1."), they were
  // a malformed request, and are queued as one, its fields split as the
  // request line allows. That direction then waits for a segment that
  // starts with a message.
  template <class Ctx>
  void recover_request(const streams::connection_info& info, int d, Ctx& ctx) {
    direction& dir = dirs_[d];
    if (!dir.not_http || dir.st != state::lost) return;
    dir.not_http = false;
    std::size_t end = dir.head.find("\n\n");
    if (end == std::string::npos) {
      end = dir.head.find("\r\n\r\n");
      if (end != std::string::npos) end += 2;
    }
    std::size_t method = 0;
    while (method < dir.head.size() && http_is_token(dir.head[method])) ++method;
    if (end == std::string::npos || method == 0 ||
        std::string_view(" \r\n").find(dir.head[method]) == std::string_view::npos) {
      return;
    }
    dir.head.resize(end + 2);
    parse_head(info, d, ctx);
    dir.st = state::lost;
  }

  // Emits a response whose end was not found (a gap, a malformed chunk, a
  // connection that ended early) as incomplete.
  template <class Ctx>
  void abandon(int d, Ctx& ctx) {
    direction& dir = dirs_[d];
    if (!dir.in_response) return;
    dir.response.set_res_body_size(dir.body_size);
    dir.response.set_incomplete(true);
    ctx.sink.emit(dir.response);
    dir.in_response = false;
  }

  int queue_direction(std::uint64_t id) const { return directions_[id % http_max_pending]; }

  template <class Ctx>
  void message_done(const streams::connection_info&, int d, Ctx& ctx) {
    direction& dir = dirs_[d];
    if (dir.in_response) {
      dir.response.set_res_body_size(dir.body_size);
      if (dir.incomplete) dir.response.set_incomplete(true);
      ctx.sink.emit(dir.response);
      dir.in_response = false;
    } else if (dir.request_id >= first_ && dir.request_id < first_ + pending_) {
      HTTP& r = queue_[dir.request_id % http_max_pending];
      r.set_req_body_size(dir.body_size);
      if (dir.incomplete) r.set_incomplete(true);
    }
    dir.st = state::start;
  }

  std::array<direction, 2> dirs_;
  // Requests waiting for a response: ids first_ to first_ + pending_ - 1,
  // each at queue_[id % http_max_pending], sent in direction directions_[].
  std::array<HTTP, http_max_pending> queue_;
  std::array<std::int8_t, http_max_pending> directions_{};
  std::uint64_t first_ = 0;
  std::size_t pending_ = 0;
  bool seen_http_ = false;
};

}  // namespace netcap::detail

namespace netcap::encoders {

struct http : netcap::detail::stream_encoder<netcap::detail::http_connection> {
  static constexpr std::string_view name = "HTTP";
  using record_type = HTTP;
};

}  // namespace netcap::encoders

#endif  // NETCAP_ENCODERS_HTTP_HPP_
