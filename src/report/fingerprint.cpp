#include "report/fingerprint.hpp"

#include <array>
#include <cstdint>
#include <map>

#include <fmt/format.h>

namespace zonelint {

namespace {

constexpr std::size_t window_size = 100;
constexpr std::uint64_t multiplier = 37;
constexpr std::uint32_t end_of_file = 65535;  // the marker the action appends

// Decodes UTF-8 into UTF-16 code units as Node's "utf8" stream decoding does: an invalid
// sequence becomes U+FFFD for its longest valid-looking prefix (the WHATWG "maximal subpart").
template <typename Emit>
void utf16_units(std::string_view s, Emit&& emit) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  std::size_t i = 0;
  while (i < s.size()) {
    const unsigned b0 = byte(i);
    if (b0 < 0x80) {
      emit(b0);
      ++i;
      continue;
    }
    std::size_t need = 0;
    std::uint32_t cp = 0;
    unsigned lower = 0x80, upper = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2; cp = b0 & 0x0F;
      if (b0 == 0xE0) lower = 0xA0;
      if (b0 == 0xED) upper = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3; cp = b0 & 0x07;
      if (b0 == 0xF0) lower = 0x90;
      if (b0 == 0xF4) upper = 0x8F;
    } else {
      emit(0xFFFD);
      ++i;
      continue;
    }
    std::size_t k = 1;
    for (; k <= need; ++k) {
      if (i + k >= s.size()) break;
      const unsigned b = byte(i + k);
      if (b < lower || b > upper) break;
      lower = 0x80;
      upper = 0xBF;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (k <= need) {  // truncated or invalid: one replacement for the consumed prefix
      emit(0xFFFD);
      i += k;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      emit(0xD800 + (cp >> 10));
      emit(0xDC00 + (cp & 0x3FF));
    } else {
      emit(cp);
    }
    i += need + 1;
  }
}

class RollingLineHash {
 public:
  explicit RollingLineHash(std::vector<std::string>& out) : out_(out) {
    first_mod_ = 1;
    for (std::size_t i = 0; i < window_size; ++i) first_mod_ *= multiplier;
    window_.fill(0);
    line_at_.fill(-1);
  }

  void feed(std::uint32_t unit) {
    constexpr std::uint32_t tab = '\t', space = ' ', lf = '\n', cr = '\r';
    if (unit == space || unit == tab || (previous_cr_ && unit == lf)) {
      previous_cr_ = false;
      return;
    }
    previous_cr_ = unit == cr;
    if (unit == cr) unit = lf;
    if (line_at_[index_] != -1) emit();
    if (line_start_) {
      line_start_ = false;
      line_at_[index_] = ++line_;
    }
    if (unit == lf) line_start_ = true;
    roll(unit);
  }

  void finish() {
    feed(end_of_file);
    for (std::size_t i = 0; i < window_size; ++i) {
      if (line_at_[index_] != -1) emit();
      roll(0);
    }
  }

 private:
  void roll(std::uint32_t unit) {
    const std::uint64_t leaving = window_[index_];
    window_[index_] = unit;
    hash_ = multiplier * hash_ + unit - first_mod_ * leaving;  // all modulo 2^64
    index_ = (index_ + 1) % window_size;
  }

  void emit() {
    const std::string hex = fmt::format("{:x}", hash_);
    const int n = ++seen_[hex];
    const auto line = static_cast<std::size_t>(line_at_[index_]);
    if (line >= 1) {
      if (out_.size() < line) out_.resize(line);
      out_[line - 1] = fmt::format("{}:{}", hex, n);
    }
    line_at_[index_] = -1;
  }

  std::vector<std::string>& out_;
  std::array<std::uint64_t, window_size> window_{};
  std::array<long, window_size> line_at_{};
  std::map<std::string, int> seen_;
  std::uint64_t hash_ = 0;
  std::uint64_t first_mod_ = 1;
  std::size_t index_ = 0;
  long line_ = 0;
  bool line_start_ = true;
  bool previous_cr_ = false;
};

}  // namespace

std::vector<std::string> line_fingerprints(std::string_view file_bytes) {
  std::vector<std::string> out;
  RollingLineHash hasher(out);
  utf16_units(file_bytes, [&](std::uint32_t unit) { hasher.feed(unit); });
  hasher.finish();
  return out;
}

}  // namespace zonelint
