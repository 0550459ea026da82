#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace zonelint {

enum class Severity : std::uint8_t { note = 0, warning = 1, error = 2 };

[[nodiscard]] constexpr std::string_view to_string(Severity s) noexcept {
  switch (s) {
    case Severity::note: return "note";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
  }
  return "error";
}

[[nodiscard]] constexpr std::optional<Severity> severity_from_string(std::string_view s) noexcept {
  if (s == "note" || s == "info") return Severity::note;
  if (s == "warning") return Severity::warning;
  if (s == "error") return Severity::error;
  return std::nullopt;
}

// How trustworthy a rule's automatic fix is (ruff's terms).
enum class FixSafety : std::uint8_t { none, safe, unsafe };

[[nodiscard]] constexpr std::string_view to_string(FixSafety s) noexcept {
  switch (s) {
    case FixSafety::none: return "none";
    case FixSafety::safe: return "safe";
    case FixSafety::unsafe: return "unsafe";
  }
  return "none";
}

}  // namespace zonelint
