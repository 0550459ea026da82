#pragma once
// Lexical tokens of master-file text (RFC 1035 §5.1), as offsets into the text they came from.

#include <cstdint>
#include <string_view>

namespace zonelint {

enum class TokenKind : std::uint8_t { word, quoted };

struct Token {
  std::uint32_t begin = 0;  // for a quoted string, the opening quote
  std::uint32_t end = 0;    // one past the last byte (the closing quote)
  TokenKind kind = TokenKind::word;

  [[nodiscard]] bool quoted() const noexcept { return kind == TokenKind::quoted; }
  // Offset of the first content byte (after an opening quote).
  [[nodiscard]] std::uint32_t content_begin() const noexcept { return quoted() ? begin + 1 : begin; }
  [[nodiscard]] std::uint32_t content_end() const noexcept { return quoted() ? end - 1 : end; }
  // The token as written, without surrounding quotes; escapes are not decoded.
  [[nodiscard]] std::string_view content(std::string_view text) const noexcept {
    return text.substr(content_begin(), content_end() - content_begin());
  }
  [[nodiscard]] std::string_view raw(std::string_view text) const noexcept { return text.substr(begin, end - begin); }
};

}  // namespace zonelint
