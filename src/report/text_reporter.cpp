#include "report/text_reporter.hpp"

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "lint/registry.hpp"

namespace zonelint {

namespace {

// Characters that render as nothing or as white space and so hide in a zone file.
bool invisible(char32_t cp) {
  return cp == 0x00A0 || cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 ||
         cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
         (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0x3164 ||
         cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFFB) || (cp >= 0xE0000 && cp <= 0xE007F);
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

std::string displayable_line(std::string_view line, std::vector<std::size_t>* columns) {
  std::string out;
  std::size_t column = 0;
  if (columns != nullptr) columns->assign(line.size() + 1, 0);
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t length = 1;
    std::string piece;
    if (c == '\t') {
      piece.assign(8 - column % 8, ' ');
    } else if (c < 0x20 || c == 0x7F) {
      piece = fmt::format("\\x{:02X}", c);
    } else if (c < 0x80) {
      piece.assign(1, static_cast<char>(c));
    } else {
      const auto d = utf8::decode(line, i);
      length = d.length;
      if (!d.valid) {
        piece = fmt::format("\\x{:02X}", c);
      } else if (d.code_point < 0xA0 || invisible(d.code_point)) {
        piece = fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(d.code_point));
      } else {
        piece.assign(line.substr(i, length));
      }
    }
    if (columns != nullptr)
      for (std::size_t k = 0; k < length; ++k) (*columns)[i + k] = column;
    const bool multibyte_glyph = c >= 0x80 && piece.size() == length && length > 1;
    column += multibyte_glyph ? 1 : piece.size();
    out += piece;
    i += length;
  }
  if (columns != nullptr) (*columns)[line.size()] = column;
  return out;
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
      fmt::format_to(std::back_inserter(buffer), "{}: {} [{} {}]\n", to_string(d.severity), terminal_safe(d.message),
                     d.code, slug);
      std::fwrite(buffer.data(), 1, buffer.size(), out);
      continue;
    }
    const SourceFile& file = files.file(d.span.file);
    const LineColumn at = file.location(d.span.begin);
    if (style.color) {
      fmt::format_to(std::back_inserter(buffer), "{}{}:{}:{}:{} {}{}:{} {}{} [{} {}]{}\n", bold,
                     terminal_safe(file.path()), at.line, at.column, reset, color_for(d.severity),
                     to_string(d.severity), reset, bold, terminal_safe(d.message), d.code, slug, reset);
    } else {
      fmt::format_to(std::back_inserter(buffer), "{}:{}:{}: {}: {} [{} {}]\n", terminal_safe(file.path()), at.line,
                     at.column, to_string(d.severity), terminal_safe(d.message), d.code, slug);
    }
    if (style.show_source && at.line <= file.line_count()) {
      const std::string_view line = file.line_text(at.line);
      std::vector<std::size_t> columns;
      const std::string shown = displayable_line(line, &columns);
      const std::uint32_t line_begin = file.line_begin(at.line);
      const std::size_t b = std::min<std::size_t>(d.span.begin - line_begin, line.size());
      const std::size_t e = std::min<std::size_t>(std::max(d.span.end, d.span.begin) - line_begin, line.size());
      const std::size_t from = columns[b];
      const std::size_t to = std::max(columns[e], from + 1);
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
    for (auto from = file.included_from; from && from->valid();) {
      const SourceFile& parent = files.file(from->file);
      const LineColumn pat = parent.location(from->begin);
      fmt::format_to(std::back_inserter(buffer), "  note: included from {}:{}:{}\n", terminal_safe(parent.path()),
                     pat.line, pat.column);
      from = parent.included_from;
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
                         to_string(d.severity), terminal_safe(d.message), d.code);
    } else {
      line = fmt::format("{}: {} [{}]\n", to_string(d.severity), terminal_safe(d.message), d.code);
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
