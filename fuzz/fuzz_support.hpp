#pragma once
// Invariant checks shared by the libFuzzer targets. A target does not only survive its input: it
// checks what it got back (every span inside its file, line and column computable, names within
// RFC 1035 limits, reports that parse as JSON, text output without raw control characters) and
// aborts with a message when an invariant breaks, so libFuzzer saves the input as a crash.

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "core/utf8.hpp"
#include "model/name.hpp"

namespace zonelint::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n  %s\n", file, line, what, detail.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, detail)                                                  \
  do {                                                                            \
    if (!(cond)) ::zonelint::fuzz::fail(__FILE__, __LINE__, #cond, (detail));     \
  } while (0)

// A file span: in a file of the set, begin <= end <= size, and both ends have a line and column
// the reporters can print (line within the file, column at least 1).
inline void check_span(const SourceSet& files, const Span& span, std::string_view what) {
  const std::string where = std::string(what) + " span " + std::to_string(span.file) + ":" +
                            std::to_string(span.begin) + "-" + std::to_string(span.end);
  FUZZ_CHECK(span.valid(), where);
  FUZZ_CHECK(span.file < files.size(), where);
  const SourceFile& f = files.file(span.file);
  const auto size = static_cast<std::uint32_t>(f.bytes().size());
  FUZZ_CHECK(span.begin <= span.end, where);
  FUZZ_CHECK(span.end <= size, where + " past the end of a file of " + std::to_string(size) + " bytes");
  for (const std::uint32_t offset : {span.begin, span.end}) {
    const LineColumn lc = f.location(offset);
    FUZZ_CHECK(lc.line >= 1 && lc.line <= f.line_count() + 1, where);
    FUZZ_CHECK(lc.column >= 1 && lc.column <= offset + 1, where);
    FUZZ_CHECK(f.line_begin(lc.line) <= offset, where);
  }
}

// A finding: a code, a message, a valid span; notes and fix edits inside their files.
inline void check_diagnostic(const SourceSet& files, const Diagnostic& d) {
  FUZZ_CHECK(!d.code.empty(), d.message);
  FUZZ_CHECK(!d.message.empty(), std::string(d.code));
  check_span(files, d.span, std::string(d.code) + " finding");
  if (d.context.valid()) check_span(files, d.context, std::string(d.code) + " context");
  for (const Note& n : d.notes)
    if (n.span.valid()) check_span(files, n.span, std::string(d.code) + " note");
  for (const Fix& fix : d.fixes) {
    FUZZ_CHECK(!fix.edits.empty(), std::string(d.code) + " fix without edits");
    for (const Edit& e : fix.edits) check_span(files, e.span, std::string(d.code) + " fix edit");
  }
}

// A wire-form name (RFC 1035 §3.1): labels of at most 63 octets, at most 255 octets, ending at the
// root label. Empty means "no name" and is allowed.
inline void check_wire_name(std::string_view wire, std::string_view what) {
  if (wire.empty()) return;
  FUZZ_CHECK(wire.size() <= 255, std::string(what));
  std::size_t at = 0;
  while (true) {
    FUZZ_CHECK(at < wire.size(), std::string(what) + ": name runs past its end");
    const auto length = static_cast<unsigned char>(wire[at]);
    FUZZ_CHECK(length <= 63, std::string(what) + ": label longer than 63 octets");
    if (length == 0) break;
    at += 1 + length;
  }
  FUZZ_CHECK(at + 1 == wire.size(), std::string(what) + ": bytes after the root label");
}

// Text meant for a terminal: valid UTF-8, no C0 control character but the line feed, no DEL, no C1
// control character (U+0080..U+009F, which some terminals obey as escape sequences).
inline void check_terminal_safe(std::string_view text, std::string_view what) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      FUZZ_CHECK(c == '\n' || (c >= 0x20 && c != 0x7F),
                 std::string(what) + ": raw control byte " + std::to_string(c) + " at " + std::to_string(i));
      ++i;
      continue;
    }
    const utf8::Decoded d = utf8::decode(text, i);
    FUZZ_CHECK(d.valid, std::string(what) + ": invalid UTF-8 at " + std::to_string(i));
    FUZZ_CHECK(d.code_point >= 0xA0, std::string(what) + ": C1 control character at " + std::to_string(i));
    i += d.length;
  }
}

}  // namespace zonelint::fuzz
