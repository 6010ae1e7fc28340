#include "netcap/streams/md5.hpp"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"

namespace netcap::streams {
namespace {

// RFC 1321, appendix A.5: the test suite.
TEST(Md5, Rfc1321TestVectors) {
  EXPECT_EQ(md5_hex(""), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(md5_hex("a"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(md5_hex("abc"), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(md5_hex("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
  EXPECT_EQ(md5_hex("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
  EXPECT_EQ(md5_hex("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
            "d174ab98d277d9f5a5611c2c9f419d9f");
  EXPECT_EQ(md5_hex("1234567890123456789012345678901234567890123456789012345678901234567890"
                    "1234567890"),
            "57edf4a22be3c955ac49da2e2107b67a");
}

// Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) and
// updates in pieces give what one update of the whole gives.
TEST(Md5, PiecewiseUpdatesMatchWhole) {
  // Known digests of runs of 'a' (computed with coreutils md5sum).
  EXPECT_EQ(md5_hex(std::string(55, 'a')), "ef1772b6dff9a122358552954ad0df65");
  EXPECT_EQ(md5_hex(std::string(56, 'a')), "3b0c8ac703f828b04c6c197006d17218");
  EXPECT_EQ(md5_hex(std::string(64, 'a')), "014842d480b571495a4a0363793f7367");
  const std::string text(1000, 'x');
  for (std::size_t piece : {1u, 7u, 63u, 64u, 65u, 999u}) {
    md5 h;
    for (std::size_t i = 0; i < text.size(); i += piece) {
      h.update(text.data() + i, std::min(piece, text.size() - i));
    }
    md5 whole;
    whole.update(text);
    EXPECT_EQ(h.digest(), whole.digest()) << piece;
  }
}

}  // namespace
}  // namespace netcap::streams
