#include "app/dump.hpp"

#include <fmt/format.h>

#include "app/check.hpp"
#include "model/rdata_text.hpp"
#include "parse/load.hpp"
#include "report/text_reporter.hpp"

namespace zonelint {

namespace {

class DumpSink final : public RecordSink {
 public:
  DumpSink(const SourceSet& files, std::FILE* out, std::FILE* err) : files_(files), out_(out), err_(err) {
    line_.reserve(256);
  }

  void on_record(const ParsedRecord& r) override {
    line_.clear();
    r.owner.append_text(line_);
    fmt::format_to(std::back_inserter(line_), "\t{}\t{}\t{}\t", r.ttl, class_to_text(r.rclass), type_to_text(r.type));
    if (r.wire != nullptr) {
      if (!rdata_to_text(r.type, r.wire->bytes, line_)) rdata_to_generic_text(r.wire->bytes, line_);
    } else {
      // Kept as tokens (a type zonelint does not parse, or a provider alias): as written.
      const std::string_view text = r.source->text();
      for (std::size_t i = 0; i < r.rdata_tokens.size(); ++i) {
        if (i > 0) line_.push_back(' ');
        line_.append(r.rdata_tokens[i].raw(text));
      }
    }
    line_.push_back('\n');
    std::fwrite(line_.data(), 1, line_.size(), out_);
  }

  void on_diagnostic(Diagnostic d) override {
    const SourceFile& file = files_.file(d.span.file);
    const LineColumn at = file.location(d.span.begin);
    fmt::print(err_, "{}:{}:{}: {}: {} [{}]\n", terminal_safe(file.path()), at.line, at.column, to_string(d.severity),
               terminal_safe(d.message), d.code);
    if (d.severity == Severity::error) ++errors_;
  }

  [[nodiscard]] int errors() const { return errors_; }

 private:
  const SourceSet& files_;
  std::FILE* out_;
  std::FILE* err_;
  std::string line_;
  int errors_ = 0;
};

}  // namespace

int run_dump(const DumpOptions& options, std::FILE* out, std::FILE* err) {
  SourceSet files;
  FileId file = 0;
  std::string error;
  if (options.path == "-") {
    auto buffer = FileBuffer::load_stream(stdin, error);
    if (!buffer) {
      fmt::print(err, "zonelint: {}: cannot read: {}\n", options.stdin_filename, error);
      return exit_code::input_error;
    }
    file = files.add(options.stdin_filename, std::move(*buffer));
  } else {
    const auto loaded = files.load(options.path, error);
    if (!loaded) {
      fmt::print(err, "zonelint: {}: cannot read: {}\n", options.path, error);
      return exit_code::input_error;
    }
    file = *loaded;
  }
  LoadOptions load;
  if (options.origin) {
    std::string text = *options.origin;
    if (!text.ends_with('.')) text += '.';
    Name name;
    NameError name_error;
    if (!parse_name(text, NameView(), name, name_error)) {
      fmt::print(err, "zonelint: --origin \"{}\": {}\n", *options.origin, name_error.message);
      return exit_code::usage_error;
    }
    load.origin = name;
  }
  load.format = options.input_format;
  load.allow_include = options.allow_include;
  if (!options.allow_include_outside) {
    // The same limit as `zonelint check`: the repository, or the zone's own folder.
    load.include_root = options.path == "-" ? repository_root(std::nullopt, ".") : include_root_for(options.path, std::nullopt);
  }
  DumpSink sink(files, out, err);
  stream_zone(files, file, load, sink);
  std::fflush(out);
  return sink.errors() > 0 ? exit_code::findings : exit_code::clean;
}

}  // namespace zonelint
