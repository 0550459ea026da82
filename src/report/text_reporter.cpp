#include "report/text_reporter.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "lint/registry.hpp"
#include "report/report_model.hpp"

namespace zonelint {

namespace {

// Characters that render as nothing or as white space and so hide in a zone file.
bool invisible(char32_t cp) {
  return cp == 0x00A0 || cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 ||
         cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0x3164 ||
         cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
}

bool bidi_control(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

const char* color_for(Severity s) {
  switch (s) {
    case Severity::error: return "\x1b[1;31m";
    case Severity::warning: return "\x1b[1;33m";
    case Severity::note: return "\x1b[1;36m";
  }
  return "";
}

constexpr const char* bold = "\x1b[1m";
constexpr const char* reset = "\x1b[0m";
constexpr const char* caret_color = "\x1b[1;32m";

}  // namespace

namespace {

// Cells a printable code point takes in a terminal: 0 for combining marks and variation
// selectors (they join the previous character), 2 for East Asian wide and fullwidth characters
// and emoji (Unicode UAX #11), 1 otherwise. The common ranges; a rare mark counts as 1.
std::size_t cell_width(char32_t cp) {
  struct Range {
    char32_t first, last;
  };
  static constexpr Range zero[] = {
      {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
      {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
      {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
      {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957}, {0x0962, 0x0963},
      {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1160, 0x11FF}, {0x1AB0, 0x1AFF},
      {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xE0100, 0xE01EF},
  };
  static constexpr Range wide[] = {
      {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
      {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
      {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
      {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
      {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
      {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
      {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
      {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
      {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
      {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
      {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
      {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F9FF}, {0x1FA70, 0x1FAFF},
      {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
  };
  const auto in = [cp](const auto& table) {
    for (const Range& r : table)
      if (cp >= r.first && cp <= r.last) return true;
    return false;
  };
  if (in(zero)) return 0;
  return in(wide) ? 2 : 1;
}

// One character of a source line as shown: the text printed for it and the cells it takes.
struct Glyph {
  std::size_t length;  // input bytes
  std::string text;
  std::size_t width;
};

// `column` is where the glyph starts, for tab stops.
Glyph glyph_at(std::string_view line, std::size_t i, std::size_t column) {
  const auto c = static_cast<unsigned char>(line[i]);
  if (c == '\t') {
    const std::size_t n = 8 - column % 8;
    return {1, std::string(n, ' '), n};
  }
  if (c < 0x20 || c == 0x7F) return {1, fmt::format("\\x{:02X}", c), 4};
  if (c < 0x80) return {1, std::string(1, static_cast<char>(c)), 1};
  const auto d = utf8::decode(line, i);
  if (!d.valid) return {1, fmt::format("\\x{:02X}", c), 4};
  if (d.code_point < 0xA0 || invisible(d.code_point)) {
    std::string text = fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(d.code_point));
    const std::size_t width = text.size();
    return {d.length, std::move(text), width};
  }
  return {d.length, std::string(line.substr(i, d.length)), cell_width(d.code_point)};
}

// Where the code point before `i` starts (a stray continuation byte stands alone).
std::size_t previous_start(std::string_view line, std::size_t i) {
  for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
    const auto c = static_cast<unsigned char>(line[i - back]);
    if ((c & 0xC0) != 0x80) {
      const auto d = utf8::decode(line, i - back);
      return d.valid && d.length == back ? i - back : i - 1;
    }
  }
  return i - 1;
}

constexpr std::string_view ellipsis = "...";

}  // namespace

SourceExcerpt source_excerpt(std::string_view line, std::size_t begin, std::size_t end, std::size_t max_width) {
  begin = std::min(begin, line.size());
  end = std::clamp(end, begin, line.size());
  // Output bytes are bounded too: a line of zero-width marks takes no cells at all.
  const std::size_t max_bytes = max_width * 8;
  SourceExcerpt out;
  // The part shown starts at `start`; the whole line when it fits.
  std::size_t start = 0;
  bool fits = true;
  {
    std::size_t column = 0;
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < line.size();) {
      const Glyph g = glyph_at(line, i, column);
      column += g.width;
      bytes += g.text.size();
      if (column > max_width || bytes > max_bytes) {
        fits = false;
        break;
      }
      i += g.length;
    }
  }
  if (!fits) {
    // Up to a third of the width before the span, counting a tab as its widest.
    const std::size_t left = max_width / 3;
    std::size_t cells = 0;
    std::size_t bytes = 0;
    start = begin;
    while (start > 0) {
      const std::size_t p = previous_start(line, start);
      const Glyph g = glyph_at(line, p, 0);
      const std::size_t width = line[p] == '\t' ? 8 : g.width;
      if (cells + width > left || bytes + g.text.size() > left * 8) break;
      cells += width;
      bytes += g.text.size();
      start = p;
    }
  }
  std::size_t column = 0;
  if (start > 0) {
    out.text = ellipsis;
    column = ellipsis.size();
  }
  bool found_begin = false;
  bool found_end = false;
  std::size_t i = start;
  while (i < line.size()) {
    // Stop once the line is too wide, but never before the span's first character.
    if (!fits && i > begin && (column >= max_width || out.text.size() >= max_bytes)) break;
    const Glyph g = glyph_at(line, i, column);
    if (!found_begin && begin < i + g.length) {
      out.from = column;
      found_begin = true;
    }
    if (!found_end && end <= i) {
      out.to = column;
      found_end = true;
    }
    out.text += g.text;
    column += g.width;
    i += g.length;
  }
  if (!found_begin) out.from = column;
  if (i < line.size()) {
    out.text += ellipsis;
    // A span that runs past the cut is underlined to the end of the "...".
    if (!found_end) out.to = column + ellipsis.size();
  } else if (!found_end) {
    out.to = column;
  }
  out.to = std::max(out.to, out.from + 1);
  return out;
}

std::string shown_message(std::string_view message) {
  constexpr std::size_t limit = 4096;
  if (message.size() <= limit) return std::string(message);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // a whole character
  return fmt::format("{}... ({} more bytes; the JSON and SARIF reports have the whole message)",
                     message.substr(0, cut), message.size() - cut);
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02X}", c);
    } else if (c >= 0x80) {
      const auto d = utf8::decode(text, i);
      if (!d.valid || d.code_point < 0xA0) {
        out += fmt::format("\\x{:02X}", c);
      } else if (bidi_control(d.code_point)) {
        // Would reorder the rest of the line on the terminal ("Trojan Source", CVE-2021-42574).
        out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(d.code_point));
        i += d.length - 1;
      } else {
        out.append(text.substr(i, d.length));
        i += d.length - 1;
      }
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

void write_text_report(const Report& report, const TextStyle& style, std::FILE* out) {
  const SourceSet& files = *report.files;
  std::string buffer;
  for (const Diagnostic& d : report.findings) {
    buffer.clear();
    const Rule* rule = find_rule(d.code);
    const std::string slug = rule != nullptr ? std::string(rule->info().slug) : std::string();
    if (!d.span.valid()) {
      fmt::format_to(std::back_inserter(buffer), "{}: {} [{} {}]\n", to_string(d.severity), terminal_safe(shown_message(d.message)),
                     d.code, slug);
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      continue;
    }
    const SourceFile& file = files.file(d.span.file);
    const LineColumn at = file.location(d.span.begin);
    if (style.color) {
      fmt::format_to(std::back_inserter(buffer), "{}{}:{}:{}:{} {}{}:{} {}{} [{} {}]{}\n", bold,
                     terminal_safe(file.path()), at.line, at.column, reset, color_for(d.severity),
                     to_string(d.severity), reset, bold, terminal_safe(shown_message(d.message)), d.code, slug, reset);
    } else {
      fmt::format_to(std::back_inserter(buffer), "{}:{}:{}: {}: {} [{} {}]\n", terminal_safe(file.path()), at.line,
                     at.column, to_string(d.severity), terminal_safe(shown_message(d.message)), d.code, slug);
    }
    if (style.show_source && at.line <= file.line_count()) {
      std::string_view line = file.line_text(at.line);
      std::uint32_t line_begin = file.line_begin(at.line);
      // A byte-order mark is not shown, as editors do not show it (nor count it in the column),
      // unless the finding is about the mark itself.
      if (line_begin == 0 && line.starts_with("\xEF\xBB\xBF") && d.span.begin >= 3) {
        line.remove_prefix(3);
        line_begin = 3;
      }
      const std::size_t b = d.span.begin - std::min(d.span.begin, line_begin);
      const std::size_t e = std::max(d.span.end, d.span.begin) - std::min(d.span.begin, line_begin);
      const SourceExcerpt excerpt = source_excerpt(line, b, e);
      const std::size_t from = excerpt.from;
      const std::size_t to = excerpt.to;
      const std::string& shown = excerpt.text;
      const std::string gutter = fmt::format("{:>5} | ", at.line);
      fmt::format_to(std::back_inserter(buffer), "{}{}\n", gutter, shown);
      std::string marks(from, ' ');
      marks.push_back('^');
      if (to > from + 1) marks.append(to - from - 1, '~');
      fmt::format_to(std::back_inserter(buffer), "{:>5} | {}{}{}\n", "", style.color ? caret_color : "", marks,
                     style.color ? reset : "");
    }
    for (const Note& n : d.notes) {
      if (n.span.valid()) {
        const SourceFile& nf = files.file(n.span.file);
        const LineColumn nat = nf.location(n.span.begin);
        fmt::format_to(std::back_inserter(buffer), "  note: {}:{}:{}: {}\n", terminal_safe(nf.path()), nat.line,
                       nat.column, terminal_safe(n.message));
      } else {
        fmt::format_to(std::back_inserter(buffer), "  note: {}\n", terminal_safe(n.message));
      }
    }
    // Where an included file came from.
    for (const Span& from : include_chain(files, d.span.file)) {
      const SourceFile& parent = files.file(from.file);
      const LineColumn pat = parent.location(from.begin);
      fmt::format_to(std::back_inserter(buffer), "  note: included from {}:{}:{}\n", terminal_safe(parent.path()),
                     pat.line, pat.column);
    }
    for (const Fix& fix : d.fixes) {
      fmt::format_to(std::back_inserter(buffer), "  {}: {}\n", fix.safety == FixSafety::safe ? "fix" : "unsafe fix",
                     terminal_safe(fix.description));
    }
    std::fwrite(buffer.data(), 1, buffer.size(), out);
  }
  write_notifications(report, out);
}

void write_notifications(const Report& report, std::FILE* out) {
  for (const ToolNotification& n : report.notifications) {
    const std::string line = fmt::format("zonelint: {}: {}{}\n", to_string(n.level),
                                         n.path.empty() ? "" : terminal_safe(n.path) + ": ", terminal_safe(n.message));
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

void write_gcc_report(const Report& report, std::FILE* out) {
  const SourceSet& files = *report.files;
  for (const Diagnostic& d : report.findings) {
    std::string line;
    if (d.span.valid()) {
      const SourceFile& file = files.file(d.span.file);
      const LineColumn at = file.location(d.span.begin);
      line = fmt::format("{}:{}:{}: {}: {} [{}]\n", terminal_safe(file.path()), at.line, at.column,
                         to_string(d.severity), terminal_safe(shown_message(d.message)), d.code);
    } else {
      line = fmt::format("{}: {} [{}]\n", to_string(d.severity), terminal_safe(shown_message(d.message)), d.code);
    }
    std::fwrite(line.data(), 1, line.size(), out);
  }
  // Input problems in the same one-line form ("path: error: no such file or folder"), so that
  // editors and problem matchers see them too.
  for (const ToolNotification& n : report.notifications) {
    const std::string line = n.path.empty()
                                 ? fmt::format("zonelint: {}: {}\n", to_string(n.level), terminal_safe(n.message))
                                 : fmt::format("{}: {}: {}\n", terminal_safe(n.path), to_string(n.level),
                                               terminal_safe(n.message));
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

std::string summary_line(const Report& report) {
  std::size_t counts[3] = {0, 0, 0};
  for (const Diagnostic& d : report.findings) ++counts[static_cast<int>(d.severity)];
  const auto plural = [](std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  const std::string files = plural(report.files_checked, "file");
  std::string suppressed;
  if (report.suppressed > 0) suppressed = fmt::format(" ({} suppressed)", report.suppressed);
  // Every input missing or unreadable: "No problems found in 0 files" would read as a clean run.
  if (report.files_checked == 0 && report.findings.empty()) return "No file was checked.";
  if (report.findings.empty()) return fmt::format("No problems found in {}{}.", files, suppressed);
  std::vector<std::string> parts;
  if (counts[2] > 0) parts.push_back(plural(counts[2], "error"));
  if (counts[1] > 0) parts.push_back(plural(counts[1], "warning"));
  if (counts[0] > 0) parts.push_back(plural(counts[0], "note"));
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += i + 1 == parts.size() ? " and " : ", ";
    joined += parts[i];
  }
  return fmt::format("Found {} in {}{}.", joined, files, suppressed);
}

}  // namespace zonelint
