#pragma once
// Compiler-style text: "path:line:col: severity: message [CODE slug]", the source line with a
// caret under the span, and notes. Input bytes that could confuse a terminal are escaped.

#include <cstdio>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace zonelint {

void write_text_report(const Report& report, const TextStyle& style, std::FILE* out);
// Problems of the tool (an input that cannot be read, a folder with nothing to check), one a line:
// "zonelint: error: path: no such file or folder".
void write_notifications(const Report& report, std::FILE* out);
// "path:line:col: severity: message [CODE]" one per line (editors, problem matchers).
void write_gcc_report(const Report& report, std::FILE* out);

// A line of input made safe to print: control, invisible and invalid bytes become visible
// escapes (<U+200B>, \x1B). `columns` receives, for each input byte, the display column where it
// starts (size = line.size() + 1), so carets can be placed under the escaped text.
[[nodiscard]] std::string displayable_line(std::string_view line, std::vector<std::size_t>* columns = nullptr);

// A message or path made safe for a terminal: control characters escaped.
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace zonelint
