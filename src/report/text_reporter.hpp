#pragma once
// Compiler-style text: "path:line:col: severity: message [CODE slug]", the source line with a
// caret under the span, and notes. Input bytes that could confuse a terminal are escaped.

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"

namespace zonelint {

void write_text_report(const Report& report, const TextStyle& style, std::FILE* out);
// Problems of the tool (an input that cannot be read, a folder with nothing to check), one a line:
// "zonelint: error: path: no such file or folder".
void write_notifications(const Report& report, std::FILE* out);
// "path:line:col: severity: message [CODE]" one per line (editors, problem matchers).
void write_gcc_report(const Report& report, std::FILE* out);

// A source line as shown under a finding: control, invisible and invalid bytes become visible
// escapes (<U+200B>, \x1B), tabs go to the next multiple of 8. A line wider than `max_width`
// cells is cut around the span, with "..." where text was left out. `from` and `to` are the
// cells (0-based) to underline, [begin, end) in the line's bytes, wide characters counting 2
// cells and combining marks 0.
struct SourceExcerpt {
  std::string text;
  std::size_t from = 0;
  std::size_t to = 0;
};
[[nodiscard]] SourceExcerpt source_excerpt(std::string_view line, std::size_t begin, std::size_t end,
                                           std::size_t max_width = 200);

// A finding's message as the terminal formats (text, gcc, github) show it: cut after 4 KiB, with
// how much was left out (a rule may quote a whole record, which a hostile file makes huge).
[[nodiscard]] std::string shown_message(std::string_view message);

// A message or path made safe for a terminal: control characters escaped.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace zonelint
