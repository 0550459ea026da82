#pragma once
// Small UTF-8 helpers: decoding for diagnostics and column counting.

#include <cstdint>
#include <string_view>

namespace zonelint::utf8 {

struct Decoded {
  char32_t code_point;  // U+FFFD when invalid
  std::uint32_t length; // bytes consumed, at least 1
  bool valid;
};

// Decodes one code point at `text[pos]` (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
[[nodiscard]] Decoded decode(std::string_view text, std::size_t pos) noexcept;

// Number of code points in `text`, each invalid byte counting as one.
[[nodiscard]] std::uint32_t count_code_points(std::string_view text) noexcept;

// Offset of the first invalid UTF-8 byte, or npos.
[[nodiscard]] std::size_t find_invalid(std::string_view text) noexcept;

}  // namespace zonelint::utf8
