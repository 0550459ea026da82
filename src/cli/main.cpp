// Temporary bootstrap CLI: dump only. Replaced by the full CLI.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "model/rdata_text.hpp"
#include "parse/load.hpp"

using namespace zonelint;

namespace {
class DumpSink final : public RecordSink {
 public:
  explicit DumpSink(SourceSet& files) : files_(files) {}
  void on_record(const ParsedRecord& r) override {
    line_.clear();
    r.owner.append_text(line_);
    fmt::format_to(std::back_inserter(line_), "\t{}\t{}\t{}\t", r.ttl, class_to_text(r.rclass), type_to_text(r.type));
    if (r.wire != nullptr) {
      if (!rdata_to_text(r.type, r.wire->bytes, line_)) rdata_to_generic_text(r.wire->bytes, line_);
    } else {
      bool first = true;
      for (const Token& t : r.rdata_tokens) {
        if (!first) line_.push_back(' ');
        first = false;
        line_.append(t.raw(r.source->text()));
      }
    }
    line_.push_back('\n');
    std::fwrite(line_.data(), 1, line_.size(), stdout);
  }
  void on_diagnostic(Diagnostic d) override {
    const SourceFile& f = files_.file(d.span.file);
    const auto lc = f.location(d.span.begin);
    std::fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", f.path().c_str(), lc.line, lc.column,
                 std::string(to_string(d.severity)).c_str(), d.message.c_str(), std::string(d.code).c_str());
    ++errors;
  }
  int errors = 0;

 private:
  SourceSet& files_;
  std::string line_;
};
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zonelint"};
  std::string origin_text;
  std::string path;
  auto* dump = app.add_subcommand("dump", "print the zone in canonical form");
  dump->add_option("--origin", origin_text);
  dump->add_option("file", path)->required();
  CLI11_PARSE(app, argc, argv);
  SourceSet files;
  std::string error;
  const auto id = files.load(path, error);
  if (!id) {
    std::fprintf(stderr, "%s: %s\n", path.c_str(), error.c_str());
    return 2;
  }
  LoadOptions options;
  if (!origin_text.empty()) {
    Name n;
    NameError e;
    if (!origin_text.ends_with('.')) origin_text += '.';
    if (!parse_name(origin_text, NameView(), n, e)) return 3;
    options.origin = n;
  }
  DumpSink sink(files);
  stream_zone(files, *id, options, sink);
  return sink.errors > 0 ? 1 : 0;
}
