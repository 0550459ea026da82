#pragma once
// A byte range in one input file; line and column are computed only when rendering.

#include <cstdint>

namespace zonelint {

using FileId = std::uint32_t;
inline constexpr FileId no_file = 0xFFFFFFFFu;

struct Span {
  FileId file = no_file;
  std::uint32_t begin = 0;  // byte offset of the first byte
  std::uint32_t end = 0;    // byte offset one past the last byte

  [[nodiscard]] bool valid() const noexcept { return file != no_file; }
  [[nodiscard]] std::uint32_t size() const noexcept { return end - begin; }
  friend bool operator==(const Span&, const Span&) = default;
};

// 1-based line; 1-based column counted in Unicode code points, a tab counting as one.
struct LineColumn {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
  friend bool operator==(const LineColumn&, const LineColumn&) = default;
};

}  // namespace zonelint
