#pragma once
// Shared helpers for the provider importer tests: read an export given as text through
// load_zone (apex, format, record flags, findings) and stream_zone (records printed the BIND
// way, with the line and column of each entry's first byte in the export).

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "parse/load.hpp"
#include "reader_harness.hpp"

namespace zonelint::test {

inline Name domain(const std::string& text) {
  Name name;
  NameError error;
  EXPECT_TRUE(parse_name(text.ends_with('.') ? text : text + ".", NameView(), name, error)) << error.message;
  return name;
}

// Byte offset of the n-th occurrence (1-based) of `needle` in `text`.
inline std::uint32_t at(std::string_view text, std::string_view needle, int n = 1) {
  std::size_t pos = std::string_view::npos;
  for (int i = 0; i < n; ++i) {
    pos = text.find(needle, pos == std::string_view::npos ? 0 : pos + 1);
    EXPECT_NE(pos, std::string_view::npos) << "\"" << needle << "\" (occurrence " << n << ") not in the text";
    if (pos == std::string_view::npos) return 0;
  }
  return static_cast<std::uint32_t>(pos);
}

struct Imported {
  SourceSet files;
  FileId id = 0;
  std::string text;
  std::optional<Zone> zone;
  Collector sink{files};

  explicit Imported(std::string export_text, std::optional<InputFormat> format = std::nullopt,
                    const std::string& origin = "", const std::string& path = "export")
      : text(std::move(export_text)) {
    id = files.add(path, text);
    LoadOptions options;
    options.format = format;
    if (!origin.empty()) options.origin = domain(origin);
    zone.emplace(load_zone(files, id, options));
    stream_zone(files, id, options, sink);
  }
  Imported(const Imported&) = delete;
  Imported& operator=(const Imported&) = delete;

  [[nodiscard]] const std::vector<Record>& records() const { return zone->records; }
  // Records as `zonelint dump` prints them (provider aliases left out).
  [[nodiscard]] std::vector<std::string> dumped() const { return sink.record_strings(); }
  [[nodiscard]] const std::vector<Rec>& streamed() const { return sink.records; }
  // load_zone's findings as "line:column: message".
  [[nodiscard]] std::vector<std::string> findings() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : zone->diagnostics) {
      const LineColumn lc = files.location(d.span.file, d.span.begin);
      out.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + d.message);
    }
    return out;
  }
  [[nodiscard]] std::string apex() const { return zone->apex.empty() ? "(none)" : zone->apex.to_text(); }
  [[nodiscard]] std::string owner(std::size_t i) const { return zone->names.get(records().at(i).owner).to_text(); }
  // The synthesised text of record i's RDATA.
  [[nodiscard]] std::string_view rdata_text(std::size_t i) const {
    const Record& r = records().at(i);
    return zone->text(r.text).text().substr(r.rdata_begin, r.rdata_end - r.rdata_begin);
  }
  // Export offset where record i's owner and RDATA start.
  [[nodiscard]] std::uint32_t owner_offset(std::size_t i) const {
    const Record& r = records().at(i);
    return zone->span(r, r.entry_begin, r.entry_begin + 1).begin;
  }
  [[nodiscard]] std::uint32_t rdata_offset(std::size_t i) const {
    const Record& r = records().at(i);
    return zone->span(r, r.rdata_begin, r.rdata_begin + 1).begin;
  }
  // The export bytes the synthesised text `needle` (the n-th occurrence within record i's RDATA)
  // stands for.
  [[nodiscard]] std::string_view source_of(std::size_t i, std::string_view needle) const {
    const Record& r = records().at(i);
    const std::string_view t = zone->text(r.text).text();
    const std::size_t pos = t.find(needle, r.rdata_begin);
    EXPECT_TRUE(pos != std::string_view::npos && pos < r.rdata_end) << needle;
    if (pos == std::string_view::npos) return {};
    const Span s = zone->span(r, static_cast<std::uint32_t>(pos), static_cast<std::uint32_t>(pos + needle.size()));
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
  [[nodiscard]] std::uint32_t source_offset(std::size_t i, std::string_view needle) const {
    const std::string_view s = source_of(i, needle);
    return s.empty() ? 0 : static_cast<std::uint32_t>(s.data() - text.data());
  }
};

}  // namespace zonelint::test
