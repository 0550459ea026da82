#include "lint/suppression.hpp"

#include <fmt/format.h>

#include "lint/registry.hpp"

namespace zonelint {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// The first line after `line` that holds something other than blanks and comments.
std::uint32_t next_content_line(const SourceFile& file, std::uint32_t line) {
  const std::uint32_t count = file.line_count();
  for (std::uint32_t l = line + 1; l <= count; ++l) {
    const std::string_view text = file.line_text(l);
    std::size_t i = 0;
    while (i < text.size() && is_blank(text[i])) ++i;
    if (i < text.size() && text[i] != ';') return l;
  }
  return 0;
}

std::uint32_t line_of(const SourceSet& files, FileId file, std::uint32_t offset) {
  return files.file(file).line_of(offset);
}

}  // namespace

Suppressions Suppressions::collect(const Zone& zone) {
  Suppressions result;
  const SourceSet& files = zone.files();
  for (const DirectiveComment& c : zone.directive_comments) {
    const TextSource& source = zone.text(c.text);
    const std::string_view text = source.text().substr(c.begin, c.end - c.begin);
    const Span comment_span = source.span(c.begin, c.end);
    // "; zonelint: NAME=CODES [-- reason]"
    std::size_t p = text.find("zonelint:");
    if (p == std::string_view::npos) continue;
    p += 9;
    while (p < text.size() && is_blank(text[p])) ++p;
    const std::size_t name_begin = p;
    while (p < text.size() && text[p] != '=' && !is_blank(text[p])) ++p;
    const std::string_view name = text.substr(name_begin, p - name_begin);
    while (p < text.size() && is_blank(text[p])) ++p;
    const auto problem = [&](std::size_t b, std::size_t e, std::string message) {
      result.problems_.push_back({source.span(static_cast<std::uint32_t>(c.begin + b),
                                              static_cast<std::uint32_t>(c.begin + std::max(e, b + 1))),
                                  std::move(message)});
    };
    const bool known_name = name == "disable" || name == "disable-file";
    if (known_name && (p >= text.size() || text[p] != '=')) {
      // "disable ZONE003": the right name without its "="; show the comment as it should be.
      std::size_t codes_end = text.find("--", p);
      if (codes_end == std::string_view::npos) codes_end = text.size();
      std::string_view codes = text.substr(p, codes_end - p);
      while (!codes.empty() && is_blank(codes.back())) codes.remove_suffix(1);
      problem(name_begin, name_begin + name.size(),
              fmt::format("\"=\" is missing after \"{}\"; write \"zonelint: {}={}\"", name, name,
                          codes.empty() ? std::string_view("CODE") : codes));
      continue;
    }
    if (!known_name || p >= text.size() || text[p] != '=') {
      problem(name_begin, p, fmt::format("\"{}\" is not a zonelint directive; write \"zonelint: disable=CODE\" or "
                                         "\"zonelint: disable-file=CODE\"",
                                         name));
      continue;
    }
    ++p;
    Suppression s;
    s.file = comment_span.file;
    s.comment = comment_span;
    s.file_wide = name == "disable-file";
    // Codes up to "--" or the end.
    std::size_t end = text.find("--", p);
    if (end == std::string_view::npos) end = text.size();
    else {
      std::size_t r = end + 2;
      while (r < text.size() && is_blank(text[r])) ++r;
      s.reason = std::string(text.substr(r));
      while (!s.reason.empty() && is_blank(s.reason.back())) s.reason.pop_back();
    }
    std::size_t q = p;
    bool bad_code = false;
    while (q < end) {
      while (q < end && (is_blank(text[q]) || text[q] == ',')) ++q;
      const std::size_t b = q;
      while (q < end && !is_blank(text[q]) && text[q] != ',') ++q;
      if (q == b) break;
      const std::string_view code = text.substr(b, q - b);
      const Rule* rule = find_rule(code);
      if (rule == nullptr) {
        problem(b, q, fmt::format("\"{}\" is not a rule code or name; `zonelint rules` lists them", code));
        bad_code = true;
        continue;
      }
      s.codes.push_back(rule->info().code);
      s.code_spans.push_back(source.span(static_cast<std::uint32_t>(c.begin + b), static_cast<std::uint32_t>(c.begin + q)));
    }
    if (s.codes.empty()) {
      if (!bad_code) problem(p, end, "the directive names no rule; write the codes after \"=\", separated by commas");
      continue;
    }
    s.used.assign(s.codes.size(), false);
    if (!s.file_wide) {
      const SourceFile& file = files.file(s.file);
      const std::uint32_t line = file.line_of(comment_span.begin);
      const std::string_view line_text = file.line_text(line);
      const std::uint32_t column_offset = comment_span.begin - file.line_begin(line);
      bool own_line = true;
      for (std::uint32_t i = 0; i < column_offset && i < line_text.size(); ++i)
        if (!is_blank(line_text[i])) own_line = false;
      s.target_line = own_line ? next_content_line(file, line) : line;
    }
    result.entries_.push_back(std::move(s));
  }
  return result;
}

bool Suppressions::covers(const Diagnostic& d, const SourceSet& files) {
  if (!d.span.valid()) return false;
  std::uint32_t first = 0;
  std::uint32_t last = 0;
  bool lines_known = false;
  for (Suppression& s : entries_) {
    if (s.file != d.span.file) continue;
    for (std::size_t i = 0; i < s.codes.size(); ++i) {
      if (s.codes[i] != d.code) continue;
      if (!s.file_wide) {
        if (!lines_known) {
          const Span& region = d.context.valid() ? d.context : d.span;
          first = line_of(files, region.file, region.begin);
          last = line_of(files, region.file, region.end > region.begin ? region.end - 1 : region.begin);
          const std::uint32_t primary = line_of(files, d.span.file, d.span.begin);
          first = std::min(first, primary);
          last = std::max(last, primary);
          lines_known = true;
        }
        if (s.target_line < first || s.target_line > last) continue;
      }
      s.used[i] = true;
      return true;
    }
  }
  return false;
}

}  // namespace zonelint
