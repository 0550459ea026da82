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

// A non-ASCII code point that shows as nothing or as a plain space: C1 controls, no-break and
// other Unicode spaces, zero-width and format characters (U+200B-U+200F, U+2060-U+206F, U+FEFF,
// the soft hyphen U+00AD). SES003 reports them in names; other checks leave them to it. Importers
// trim them from the ends of values (with a warning).
[[nodiscard]] bool is_invisible(char32_t code_point) noexcept;

// Letters and selectors that show as nothing or as a blank although they are no space or format
// character: the Hangul fillers, the braille blank U+2800, variation selectors, tag characters
// (U+E0000-U+E007F), Mongolian free variation selectors, Khmer inherent vowels, shorthand format
// controls. Stray in a name (SES003), but not trimmed from values: a variation selector after an
// emoji belongs to it.
[[nodiscard]] bool is_blank_filler(char32_t code_point) noexcept;

}  // namespace zonelint::utf8
