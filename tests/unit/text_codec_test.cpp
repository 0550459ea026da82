// Binary encodings of RDATA fields: what is refused, where, and why.

#include <gtest/gtest.h>

#include <string>

#include "model/text_codec.hpp"

namespace zonelint {
namespace {

struct Base64Result {
  bool ok = false;
  std::string bytes;
  std::size_t error_at = 0;
  std::string message;
};

Base64Result base64(std::string_view text, PadBits pad_bits = PadBits::must_be_zero) {
  Base64Result r;
  r.ok = decode_base64(text, r.bytes, r.error_at, r.message, pad_bits);
  return r;
}

TEST(Base64, SetPadBitsAreRefusedAtTheCharacterThatHoldsThem) {
  // Every character that can stand before "==" (4 unused bits) or "=" (2 unused bits): only
  // those with the unused bits zero are read, as BIND reads them.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t v = 0; v < alphabet.size(); ++v) {
    const Base64Result one = base64(std::string("A") + alphabet[v] + "==");
    EXPECT_EQ(one.ok, v % 16 == 0) << alphabet[v];
    const Base64Result two = base64(std::string("AA") + alphabet[v] + "=");
    EXPECT_EQ(two.ok, v % 4 == 0) << alphabet[v];
    if (!two.ok) {
      EXPECT_EQ(two.error_at, 2u);
      EXPECT_NE(two.message.find(std::string("write '") + alphabet[v & ~std::size_t{3}] + "' there"),
                std::string::npos)
          << two.message;
    }
  }
}

TEST(Base64, PadBitsCanBeIgnoredWithTheSameBytes) {
  const Base64Result strict = base64("AAAAAR==");
  EXPECT_FALSE(strict.ok);
  EXPECT_EQ(strict.error_at, 5u);
  const Base64Result lenient = base64("AAAAAR==", PadBits::ignored);
  ASSERT_TRUE(lenient.ok);
  EXPECT_EQ(lenient.bytes, base64("AAAAAQ==").bytes);
  EXPECT_EQ(lenient.bytes, std::string("\0\0\0\x01", 4));
}

TEST(Base64, OtherErrorsComeFirst) {
  EXPECT_NE(base64("AR=").message.find("multiple of 4"), std::string::npos);
  EXPECT_NE(base64("AR=A").message.find("continues after"), std::string::npos);
  EXPECT_TRUE(base64("").ok);
}

}  // namespace
}  // namespace zonelint
