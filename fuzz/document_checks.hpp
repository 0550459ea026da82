#pragma once
// Invariants of the JSON/YAML document tree (parse/json_document.hpp), shared by the JSON and
// YAML targets.

#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "parse/json_document.hpp"

namespace zonelint::fuzz {

// A decoded text: its map back to the file is inside `outer`, never goes backwards, and literal
// runs are the file's bytes.
inline void check_text(const doc::Text& text, std::string_view src, const Span& outer, std::string_view what) {
  const std::string where(what);
  FUZZ_CHECK(text.file() == outer.file, where + ": text in another file");
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i <= text.size(); ++i) {
    const std::uint32_t at = text.file_offset(i);
    FUZZ_CHECK(at >= outer.begin && at <= outer.end,
               where + ": decoded byte " + std::to_string(i) + " maps to " + std::to_string(at) + ", outside " +
                   std::to_string(outer.begin) + "-" + std::to_string(outer.end));
    FUZZ_CHECK(i == 0 || at >= previous, where + ": map goes backwards at decoded byte " + std::to_string(i));
    previous = at;
  }
  const Span whole = text.span();
  FUZZ_CHECK(whole.begin <= whole.end && whole.begin >= outer.begin && whole.end <= outer.end, where + ": text span");
  std::uint32_t expected_begin = 0;
  for (const doc::Text::Segment& s : text.segments()) {
    FUZZ_CHECK(s.text_begin == expected_begin || s.text_begin > expected_begin, where + ": segment order");
    expected_begin = s.text_begin;
    FUZZ_CHECK(s.file_begin <= s.file_end && s.file_end <= src.size(), where + ": segment outside the file");
    if (!s.literal) continue;
    const std::uint32_t n = s.file_end - s.file_begin;
    FUZZ_CHECK(s.text_begin + n <= text.size(), where + ": literal segment longer than the text");
    FUZZ_CHECK(text.str().substr(s.text_begin, n) == src.substr(s.file_begin, n),
               where + ": a literal segment differs from the file bytes it maps to");
  }
}

// A value and everything below it: spans nested in their parents and inside the file.
inline void check_value(const doc::Value& v, std::string_view src, FileId file, const Span& parent,
                        std::uint32_t depth, std::uint32_t max_depth) {
  FUZZ_CHECK(depth <= max_depth + 1, "nesting deeper than the limit");
  FUZZ_CHECK(v.span.file == file, "value span in another file");
  FUZZ_CHECK(v.span.begin <= v.span.end && v.span.end <= src.size(), "value span outside the file");
  FUZZ_CHECK(v.span.begin >= parent.begin && v.span.end <= parent.end, "value span outside its parent");
  if (v.is_scalar()) {
    FUZZ_CHECK(v.items.empty() && v.members.empty(), "scalar with children");
    if (v.kind == doc::Kind::string || !v.text.empty()) check_text(v.text, src, v.span, "scalar");
    if (v.kind == doc::Kind::number) FUZZ_CHECK(!v.text.empty(), "number without text");
    return;
  }
  if (v.kind == doc::Kind::array) FUZZ_CHECK(v.members.empty(), "array with members");
  if (v.kind == doc::Kind::object) FUZZ_CHECK(v.items.empty(), "object with items");
  std::uint32_t last_end = v.span.begin;
  for (const doc::Value& item : v.items) {
    check_value(item, src, file, v.span, depth + 1, max_depth);
    FUZZ_CHECK(item.span.begin >= last_end, "array items out of order or overlapping");
    last_end = item.span.end;
  }
  for (const doc::Member& m : v.members) {
    FUZZ_CHECK(m.key_span.begin >= last_end && m.key_span.end <= v.span.end && m.key_span.begin <= m.key_span.end,
               "member key span");
    check_text(m.key, src, m.key_span, "key");
    check_value(m.value, src, file, v.span, depth + 1, max_depth);
    FUZZ_CHECK(m.value.span.begin >= m.key_span.end, "member value before its key");
    last_end = m.value.span.end;
  }
}

inline void check_error(const doc::Error& e, std::string_view src, FileId file) {
  FUZZ_CHECK(!e.message.empty(), "error without a message");
  FUZZ_CHECK(e.span.file == file, "error span in another file");
  FUZZ_CHECK(e.span.begin <= e.span.end && e.span.end <= src.size(),
             "error span " + std::to_string(e.span.begin) + "-" + std::to_string(e.span.end) + " outside a file of " +
                 std::to_string(src.size()) + " bytes: " + e.message);
}

}  // namespace zonelint::fuzz
