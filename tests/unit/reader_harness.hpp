#pragma once
// Shared helpers for the master-file reader tests: read text or a fixture, collect the records
// (with their RDATA printed the BIND way) and the findings with 1-based line and column.

#include <gtest/gtest.h>

#include <deque>
#include <ostream>
#include <string>
#include <vector>

#include "core/source.hpp"
#include "model/rdata_text.hpp"
#include "parse/load.hpp"
#include "parse/master_file_reader.hpp"

namespace zonelint::test {

inline std::string fixture(const std::string& relative) {
  return std::string(ZONELINT_TEST_DATA) + "/parser/" + relative;
}

struct Rec {
  std::string owner;   // absolute presentation form
  std::uint32_t ttl = 0;
  std::string rclass;
  std::string type;
  std::string rdata;   // BIND presentation (rdata_to_text), or the raw tokens when untyped
  std::uint16_t flags = 0;
  std::string file;    // path of the file the record's text belongs to
  std::uint32_t line = 0;  // line of the entry's first byte
  std::uint32_t column = 0;

  [[nodiscard]] bool has(std::uint16_t flag) const { return (flags & flag) != 0; }
  // "owner ttl class type rdata", the way named-checkzone -D prints a record (single spaces).
  [[nodiscard]] std::string str() const { return owner + " " + std::to_string(ttl) + " " + rclass + " " + type + " " + rdata; }
};

struct Diag {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t end_line = 0;
  std::uint32_t end_column = 0;
  Severity severity = Severity::error;
  std::string code;
  std::string message;
  std::vector<Note> notes;

  // "line:column: message", what most assertions compare.
  [[nodiscard]] std::string str() const { return std::to_string(line) + ":" + std::to_string(column) + ": " + message; }
};

// Readable gtest output for failed assertions on whole records and findings.
inline void PrintTo(const Rec& r, std::ostream* os) { *os << r.str(); }
inline void PrintTo(const Diag& d, std::ostream* os) { *os << d.file << ":" << d.str(); }

class Collector final : public RecordSink {
 public:
  explicit Collector(SourceSet& files) : files_(files) {}

  void on_record(const ParsedRecord& r) override {
    Rec rec;
    rec.owner = r.owner.to_text();
    rec.ttl = r.ttl;
    rec.rclass = class_to_text(r.rclass);
    rec.type = type_to_text(r.type);
    if (r.wire != nullptr) {
      if (!rdata_to_text(r.type, r.wire->bytes, rec.rdata)) rdata_to_generic_text(r.wire->bytes, rec.rdata);
    } else {
      for (const Token& t : r.rdata_tokens) {
        if (!rec.rdata.empty()) rec.rdata.push_back(' ');
        rec.rdata.append(t.raw(r.source->text()));
      }
    }
    rec.flags = r.flags;
    const Span span = r.source->span(r.entry_begin, r.entry_begin);
    const SourceFile& f = files_.file(span.file);
    rec.file = f.path();
    const LineColumn lc = f.location(span.begin);
    rec.line = lc.line;
    rec.column = lc.column;
    records.push_back(std::move(rec));
  }

  void on_diagnostic(Diagnostic d) override {
    Diag out;
    const SourceFile& f = files_.file(d.span.file);
    out.file = f.path();
    const LineColumn b = f.location(d.span.begin);
    const LineColumn e = f.location(d.span.end);
    out.line = b.line;
    out.column = b.column;
    out.end_line = e.line;
    out.end_column = e.column;
    out.severity = d.severity;
    out.code = std::string(d.code);
    out.message = std::move(d.message);
    out.notes = std::move(d.notes);
    diags.push_back(std::move(out));
  }

  std::vector<Rec> records;
  std::vector<Diag> diags;

  [[nodiscard]] std::vector<std::string> record_strings() const {
    std::vector<std::string> out;
    for (const Rec& r : records) out.push_back(r.str());
    return out;
  }
  [[nodiscard]] std::vector<std::string> diag_strings() const {
    std::vector<std::string> out;
    for (const Diag& d : diags) out.push_back(d.str());
    return out;
  }

 private:
  SourceSet& files_;
};

// Reads `text` as the zone file `path` (not read from disk) with `origin` ("" for none).
struct Parsed {
  SourceSet files;
  std::deque<TextSource> texts;
  Collector sink{files};
  std::uint32_t error_count = 0;

  Parsed(const std::string& text, const std::string& origin = "example.com.", ReaderOptions options = {},
         const std::string& path = "test.zone") {
    const FileId id = files.add(path, text);
    texts.emplace_back(id, files.file(id).bytes());
    if (!origin.empty()) {
      NameError error;
      Name name;
      EXPECT_TRUE(parse_name(origin, NameView(), name, error)) << error.message;
      options.origin = name;
    }
    MasterFileReader reader(files, texts, sink, std::move(options));
    reader.read(0);
    error_count = reader.error_count();
  }
  Parsed(const Parsed&) = delete;
  Parsed& operator=(const Parsed&) = delete;

  [[nodiscard]] const std::vector<Rec>& records() const { return sink.records; }
  [[nodiscard]] const std::vector<Diag>& diags() const { return sink.diags; }
  [[nodiscard]] std::vector<std::string> record_strings() const { return sink.record_strings(); }
  [[nodiscard]] std::vector<std::string> diag_strings() const { return sink.diag_strings(); }
};

// Streams a fixture from disk through load.cpp's origin logic.
struct Loaded {
  SourceSet files;
  Collector sink{files};
  std::string load_error;

  explicit Loaded(const std::string& path, LoadOptions options = {}) {
    const auto id = files.load(path, load_error);
    EXPECT_TRUE(id.has_value()) << path << ": " << load_error;
    if (id) stream_zone(files, *id, options, sink);
  }
  Loaded(const Loaded&) = delete;
  Loaded& operator=(const Loaded&) = delete;

  [[nodiscard]] const std::vector<Rec>& records() const { return sink.records; }
  [[nodiscard]] const std::vector<Diag>& diags() const { return sink.diags; }
  [[nodiscard]] std::vector<std::string> record_strings() const { return sink.record_strings(); }
  [[nodiscard]] std::vector<std::string> diag_strings() const { return sink.diag_strings(); }
};

inline std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace zonelint::test
