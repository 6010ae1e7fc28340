// The SIP payload layer: decodes the start line and the header fields of a
// SIP message (RFC 3261 7) carried by UDP or TCP.
//
// It claims a payload on port 5060 (either side, UDP or TCP) that starts
// with an upper-case letter, as a request method or "SIP/" does, so that a
// TCP segment holding only a message body or a keep-alive (RFC 5626 3.5.1:
// a bare CRLF) is left alone; and on any port a payload that starts with a
// status line ("SIP/2.0 ") or a request line of a method RFC 3261 and its
// extensions define followed by a SIP URI ("INVITE sip:"), the check
// tshark's heuristic makes too.
//
// What it accepts, and why:
//
// - Lines end with CRLF, or a bare LF or CR, as tshark reads them (a line
//   that holds a bare CR is not valid SIP, and the two then agree on what
//   follows it); a payload whose start line has no ending gives "SIP:
//   truncated start line".
// - A request line is Method SP Request-URI SP SIP-Version, the method a
//   token (RFC 3261 25.1); a status line is SIP-Version SP Status-Code SP
//   Reason-Phrase, the code three digits. SIP-Version is "SIP/" digit "."
//   digit. Anything else gives "SIP: malformed request line" or "SIP:
//   malformed status line".
// - Header fields are "name: value" lines up to the empty line; a line that
//   starts with a space or tab continues the previous field (RFC 3261 7.3.1)
//   and is kept in its value, line break included. A line without a colon
//   gives "SIP: malformed header". netcap does not reassemble TCP, so when
//   the payload ends before the empty line (a message spread over
//   segments), the fields before the last, unfinished line are kept.
// - The body is not decoded.
//
// Accessors return views into the payload; it decodes into vectors that
// keep their capacity, so after warm-up it allocates nothing.
#ifndef NETCAP_LAYERS_SIP_HPP_
#define NETCAP_LAYERS_SIP_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include <tins/pdu.h>
#include <tins/rawpdu.h>
#include <tins/tcp.h>
#include <tins/udp.h>

#include "netcap/core/layer.hpp"

namespace netcap::layers {

class sip {
 public:
  static constexpr std::string_view name = "SIP";

  static constexpr std::uint16_t port = 5060;

  // The methods of RFC 3261 and its extensions, numbered as the Go netcap
  // (gopacket's SIPMethod) numbers them; 0 is any other.
  static constexpr std::array<std::string_view, 16> methods = {
      "",          "INVITE", "ACK",   "BYE",   "CANCEL",  "OPTIONS", "REGISTER", "PRACK",
      "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE",   "PING"};

  struct header {
    std::string_view name;
    std::string_view value;
  };

  // Whether `transport` is UDP or TCP whose payload looks like the start of
  // a SIP message, as the file comment says.
  static bool claims(const Tins::PDU& transport) {
    bool on_port = false;
    if (transport.pdu_type() == Tins::PDU::UDP) {
      const auto& udp = static_cast<const Tins::UDP&>(transport);
      on_port = udp.sport() == port || udp.dport() == port;
    } else if (transport.pdu_type() == Tins::PDU::TCP) {
      const auto& tcp = static_cast<const Tins::TCP&>(transport);
      on_port = tcp.sport() == port || tcp.dport() == port;
    } else {
      return false;
    }
    const Tins::PDU* inner = transport.inner_pdu();
    if (inner == nullptr || inner->pdu_type() != Tins::PDU::RAW) return false;
    const auto& payload = static_cast<const Tins::RawPDU*>(inner)->payload();
    const std::string_view text(reinterpret_cast<const char*>(payload.data()),
                                payload.size());
    if (text.empty()) return false;
    if (on_port) return text[0] >= 'A' && text[0] <= 'Z';
    if (starts_with(text, "SIP/2.0 ")) return true;
    for (std::size_t i = 1; i < methods.size(); ++i) {
      const std::string_view m = methods[i];
      if (text.size() > m.size() + 1 && starts_with(text, m) && text[m.size()] == ' ' &&
          (starts_with(text.substr(m.size() + 1), "sip:") ||
           starts_with(text.substr(m.size() + 1), "sips:"))) {
        return true;
      }
    }
    return false;
  }

  std::string_view decode(const std::uint8_t* data, std::uint32_t size, const Tins::PDU&) {
    return decode_message(std::string_view(reinterpret_cast<const char*>(data), size));
  }

  std::string_view decode_message(std::string_view text) {
    headers_.clear();
    is_response_ = false;
    method_ = uri_ = reason_ = {};
    status_code_ = 0;
    version_ = 0;
    std::size_t pos = 0;
    std::string_view line;
    if (!next_line(text, pos, line)) return "SIP: truncated start line";
    if (starts_with(line, "SIP/")) {
      if (!parse_status_line(line)) return "SIP: malformed status line";
    } else if (!parse_request_line(line)) {
      return "SIP: malformed request line";
    }
    while (next_line(text, pos, line)) {
      if (line.empty()) break;
      if (line[0] == ' ' || line[0] == '\t') {
        if (headers_.empty()) return fail();
        // A continuation: the previous value now reaches the end of this
        // line, line break included.
        header& last = headers_.back();
        last.value = std::string_view(
            last.value.data(),
            static_cast<std::size_t>(line.data() + line.size() - last.value.data()));
        continue;
      }
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) return fail();
      headers_.push_back({trim(line.substr(0, colon)), trim(line.substr(colon + 1))});
    }
    return {};
  }

  bool is_response() const { return is_response_; }
  // The major version of SIP-Version: 2 for "SIP/2.0".
  int version() const { return version_; }
  // Requests: the method as sent and its number in `methods` (0 for any
  // other); the Request-URI.
  std::string_view method_name() const { return method_; }
  int method() const {
    for (std::size_t i = 1; i < methods.size(); ++i) {
      if (methods[i] == method_) return static_cast<int>(i);
    }
    return 0;
  }
  std::string_view request_uri() const { return uri_; }
  // Responses: the status code and reason phrase.
  int status_code() const { return status_code_; }
  std::string_view reason_phrase() const { return reason_; }

  // The header fields in order, names as sent, values without the spaces
  // around them.
  const std::vector<header>& headers() const { return headers_; }

  // The value of the first field named `full` or, in compact form
  // (RFC 3261 7.3.3), `compact`, compared without regard to case; empty
  // when there is none.
  std::string_view find(std::string_view full, char compact = 0) const {
    for (const header& h : headers_) {
      if (iequals(h.name, full) ||
          (compact != 0 && h.name.size() == 1 && (h.name[0] | 0x20) == compact)) {
        return h.value;
      }
    }
    return {};
  }

 private:
  static bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
  }
  static bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      char x = a[i], y = b[i];
      if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
      if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
      if (x != y) return false;
    }
    return true;
  }
  static std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }
  // RFC 3261 25.1: token characters.
  static bool is_token(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
  }
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // The line starting at `pos`, without its CRLF, LF or CR; false when no
  // line ending follows.
  static bool next_line(std::string_view text, std::size_t& pos, std::string_view& line) {
    const std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) return false;
    line = text.substr(pos, end - pos);
    pos = end + 1;
    if (text[end] == '\r' && pos < text.size() && text[pos] == '\n') ++pos;
    return true;
  }

  // "SIP/" digit "." digit; sets version_.
  bool parse_version(std::string_view v) {
    if (v.size() != 7 || !starts_with(v, "SIP/") || !is_digit(v[4]) || v[5] != '.' ||
        !is_digit(v[6])) {
      return false;
    }
    version_ = v[4] - '0';
    return true;
  }

  bool parse_status_line(std::string_view line) {
    const std::size_t space = line.find(' ');
    if (space == std::string_view::npos || !parse_version(line.substr(0, space))) return false;
    const std::string_view rest = line.substr(space + 1);
    if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2]) ||
        (rest.size() > 3 && rest[3] != ' ')) {
      return false;
    }
    is_response_ = true;
    status_code_ = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    reason_ = rest.size() > 3 ? rest.substr(4) : std::string_view();
    return true;
  }

  bool parse_request_line(std::string_view line) {
    const std::size_t first = line.find(' ');
    if (first == std::string_view::npos || first == 0) return false;
    const std::size_t second = line.find(' ', first + 1);
    if (second == std::string_view::npos || second == first + 1) return false;
    const std::string_view method = line.substr(0, first);
    for (const char c : method) {
      if (!is_token(c)) return false;
    }
    if (!parse_version(line.substr(second + 1))) return false;
    method_ = method;
    uri_ = line.substr(first + 1, second - first - 1);
    return true;
  }

  std::string_view fail() {
    headers_.clear();
    return "SIP: malformed header";
  }

  bool is_response_ = false;
  int version_ = 0;
  std::string_view method_;
  std::string_view uri_;
  int status_code_ = 0;
  std::string_view reason_;
  std::vector<header> headers_;
};

static_assert(is_payload_layer_v<sip>,
              "not a payload layer: see the requirements in netcap/core/layer.hpp");

}  // namespace netcap::layers

#endif  // NETCAP_LAYERS_SIP_HPP_
