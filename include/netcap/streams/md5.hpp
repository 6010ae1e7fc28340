// MD5 (RFC 1321), for the JA3 and JA3S fingerprints, which are defined as
// the MD5 of a text. netcap depends on no crypto library, and a fingerprint
// needs no security from its hash, so this small one is kept here and is
// tested against the RFC's test vectors (tests/streams/md5_test.cc).
//
//   std::string hex = netcap::streams::md5_hex("771,4865-4866,0-23,29,0");
#ifndef NETCAP_STREAMS_MD5_HPP_
#define NETCAP_STREAMS_MD5_HPP_

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace netcap::streams {

// Incremental MD5: `update` any number of times, then `digest` once.
class md5 {
 public:
  void update(const void* data, std::size_t size) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::size_t used = static_cast<std::size_t>(length_ % 64);
    length_ += size;
    if (used != 0) {
      const std::size_t take = size < 64 - used ? size : 64 - used;
      std::memcpy(block_.data() + used, p, take);
      p += take;
      size -= take;
      if (used + take < 64) return;
      transform(block_.data());
    }
    for (; size >= 64; p += 64, size -= 64) transform(p);
    if (size != 0) std::memcpy(block_.data(), p, size);
  }
  void update(std::string_view text) { update(text.data(), text.size()); }

  // RFC 1321, section 3: pad with a one bit and zeros to 56 bytes modulo 64,
  // then append the message length in bits, little-endian.
  std::array<std::uint8_t, 16> digest() {
    const std::uint64_t bits = length_ * 8;
    static constexpr std::uint8_t pad[64] = {0x80};
    const std::size_t used = static_cast<std::size_t>(length_ % 64);
    update(pad, used < 56 ? 56 - used : 120 - used);
    std::uint8_t size[8];
    for (int i = 0; i < 8; ++i) size[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    update(size, 8);
    std::array<std::uint8_t, 16> out{};
    for (int i = 0; i < 4; ++i) {
      for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<std::uint8_t>(state_[i] >> (8 * j));
    }
    return out;
  }

 private:
  static std::uint32_t rotate(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

  // RFC 1321, section 3.4: four rounds of sixteen steps over one block.
  void transform(const std::uint8_t* block) {
    static constexpr std::uint32_t k[64] = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
        0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
        0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
        0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
        0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
        0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
        0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
        0xeb86d391};
    static constexpr int shift[16] = {7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21};
    std::uint32_t m[16];
    for (int i = 0; i < 16; ++i) {
      m[i] = std::uint32_t{block[4 * i]} | std::uint32_t{block[4 * i + 1]} << 8 |
             std::uint32_t{block[4 * i + 2]} << 16 | std::uint32_t{block[4 * i + 3]} << 24;
    }
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    for (int i = 0; i < 64; ++i) {
      std::uint32_t f;
      int g;
      const int round = i / 16;
      if (round == 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round == 1) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) % 16;
      } else if (round == 2) {
        f = b ^ c ^ d;
        g = (3 * i + 5) % 16;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) % 16;
      }
      const std::uint32_t next = d;
      d = c;
      c = b;
      b = b + rotate(a + f + k[i] + m[g], shift[round * 4 + i % 4]);
      a = next;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
  }

  std::array<std::uint32_t, 4> state_ = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  std::array<std::uint8_t, 64> block_{};
  std::uint64_t length_ = 0;
};

// The MD5 of `text` as 32 lower-case hex digits, as JA3 writes it.
inline std::string md5_hex(std::string_view text) {
  md5 h;
  h.update(text);
  const auto d = h.digest();
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(32, '0');
  for (int i = 0; i < 16; ++i) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 15];
  }
  return out;
}

}  // namespace netcap::streams

#endif  // NETCAP_STREAMS_MD5_HPP_
