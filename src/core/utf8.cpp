#include "core/utf8.hpp"

namespace zonelint::utf8 {

Decoded decode(std::string_view text, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) return {b0, 1, true};
  std::uint32_t need = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { need = 1; cp = b0 & 0x1F; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { need = 2; cp = b0 & 0x0F; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { need = 3; cp = b0 & 0x07; min = 0x10000; }
  else return {U'\uFFFD', 1, false};
  if (pos + need >= text.size()) return {U'\uFFFD', 1, false};
  for (std::uint32_t i = 1; i <= need; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return {U'\uFFFD', 1, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {U'\uFFFD', 1, false};
  return {cp, need + 1, true};
}

std::uint32_t count_code_points(std::string_view text) noexcept {
  std::uint32_t count = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    } else {
      i += decode(text, i).length;
    }
    ++count;
  }
  return count;
}

std::size_t find_invalid(std::string_view text) noexcept {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) { ++i; continue; }
    const Decoded d = decode(text, i);
    if (!d.valid) return i;
    i += d.length;
  }
  return std::string_view::npos;
}

bool is_blank_filler(char32_t cp) noexcept {
  switch (cp) {
    case 0x115F: case 0x1160: case 0x17B4: case 0x17B5: case 0x2800: case 0x3164: case 0xFFA0:
      return true;
    default:
      break;
  }
  return (cp >= 0x180B && cp <= 0x180F) || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
         (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

bool is_invisible(char32_t cp) noexcept {
  if (cp >= 0x80 && cp <= 0xA0) return true;
  switch (cp) {
    case 0x00AD: case 0x034F: case 0x061C: case 0x1680: case 0x180E: case 0x3000: case 0xFEFF:
      return true;
    default:
      break;
  }
  return (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
         (cp >= 0xFFF9 && cp <= 0xFFFB);
}

}  // namespace zonelint::utf8
