#include "parse/load.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "model/rr_type.hpp"
#include "parse/format_detect.hpp"
#include "parse/import_provider.hpp"

namespace zonelint {

namespace {

// Collects what the reader streams into a Zone.
class ZoneBuilder final : public RecordSink {
 public:
  explicit ZoneBuilder(Zone& zone) : zone_(zone) {}

  void on_record(const ParsedRecord& r) override {
    Record record;
    record.owner = zone_.names.intern(r.owner);
    // Most records share the origin of the record before; intern only when it changes.
    if (r.origin.wire() != last_origin_wire_) {
      last_origin_wire_.assign(r.origin.wire());
      last_origin_ = zone_.names.intern(r.origin);
    }
    record.origin = last_origin_;
    record.ttl = r.ttl;
    record.type = r.type;
    record.rclass = r.rclass;
    record.text = r.text;
    record.flags = r.flags;
    record.entry_begin = r.entry_begin;
    record.rdata_begin = r.rdata_begin;
    record.rdata_end = r.rdata_end;
    record.rdata_hash = r.rdata_hash;
    zone_.records.push_back(record);
    if (r.type == rr::SOA && soa_owner_.empty()) soa_owner_ = Name(std::string(r.owner.wire()));
  }
  void on_diagnostic(Diagnostic d) override { zone_.diagnostics.push_back(std::move(d)); }
  void on_directive_comment(TextId text, std::uint32_t begin, std::uint32_t end) override {
    zone_.directive_comments.push_back({text, begin, end});
  }
  [[nodiscard]] const Name& soa_owner() const { return soa_owner_; }

 private:
  Zone& zone_;
  Name soa_owner_;
  std::string last_origin_wire_ = std::string(1, '\xFF');  // matches no wire name
  NameId last_origin_ = 0;
};

bool looks_like_domain(std::string_view s) {
  if (s.empty() || s.find('.') == std::string_view::npos || s.front() == '.' || s.back() == '.') return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return s.find("..") == std::string_view::npos;
}

ReaderOptions reader_options(const LoadOptions& options, const Name& origin) {
  ReaderOptions r;
  r.origin = origin;
  r.allow_include = options.allow_include;
  r.include_root = options.include_root;
  r.max_errors_per_file = options.max_errors_per_file;
  return r;
}

Name initial_origin(const SourceSet& files, FileId file, const LoadOptions& options) {
  if (options.origin) return *options.origin;
  if (auto derived = origin_from_file_name(files.file(file).path())) return *derived;
  return {};
}

// The format to read `file` as: --input-format, else detected from the content.
Detection input_format(const SourceSet& files, FileId file, const LoadOptions& options) {
  if (options.format) return {*options.format, false, {}};
  return detect_input_format(files.file(file).bytes());
}

Diagnostic not_an_export(FileId file, std::string_view kind) {
  Diagnostic d;
  d.code = syntax_error_code;
  d.severity = Severity::error;
  d.span = {file, 0, 0};
  d.context = d.span;
  d.message = fmt::format("this {} file is not a DNS export zonelint reads (Route 53, Cloudflare API, gcloud, Azure); "
                          "if it is one, name its format with --input-format",
                          kind);
  return d;
}

ImportOptions import_options(const LoadOptions& options) {
  ImportOptions io;
  io.origin = options.origin;
  io.max_errors = options.max_errors_per_file;
  return io;
}

// Reader options for the text an importer synthesised: no $INCLUDE (no provider has it).
ReaderOptions import_reader_options(const LoadOptions& options, Import& imported) {
  ReaderOptions r = reader_options(options, imported.reader_origin);
  r.allow_include = false;
  r.annotations = std::move(imported.annotations);
  return r;
}

// Hands records to `sink`, except provider aliases, which have no zone-file form: `zonelint dump`
// writes a note about each instead, so its output stays a zone file.
class DumpFilter final : public RecordSink {
 public:
  explicit DumpFilter(RecordSink& sink) : sink_(sink) {}
  void on_record(const ParsedRecord& r) override {
    if ((r.flags & record_flag::alias) == 0) {
      sink_.on_record(r);
      return;
    }
    Diagnostic d;
    d.code = syntax_error_code;
    d.severity = Severity::note;
    d.span = r.source->span(r.entry_begin, r.rdata_end);
    d.context = d.span;
    std::string target;
    const std::string_view text = r.source->text();
    for (std::size_t i = 0; i < r.rdata_tokens.size(); ++i) {
      if (i > 0) target.push_back(' ');
      target.append(r.rdata_tokens[i].raw(text));
    }
    d.message = fmt::format("{} {} is a provider alias to \"{}\", which a zone file cannot express; left out of the "
                            "dump",
                            r.owner.to_text(), type_to_text(r.type), target);
    sink_.on_diagnostic(std::move(d));
  }
  void on_diagnostic(Diagnostic d) override { sink_.on_diagnostic(std::move(d)); }
  void on_directive_comment(TextId text, std::uint32_t begin, std::uint32_t end) override {
    sink_.on_directive_comment(text, begin, end);
  }

 private:
  RecordSink& sink_;
};

}  // namespace

std::optional<Name> origin_from_file_name(std::string_view path) {
  std::string base = std::filesystem::path(std::string(path)).filename().string();
  for (const std::string_view ext : {".zone", ".db", ".hosts", ".txt", ".bind"}) {
    if (base.size() > ext.size() && base.ends_with(ext)) {
      base.resize(base.size() - ext.size());
      break;
    }
  }
  if (base.starts_with("db.")) base.erase(0, 3);
  if (!looks_like_domain(base)) return std::nullopt;
  Name name;
  NameError error;
  if (!parse_name(base + ".", NameView(), name, error)) return std::nullopt;
  return name;
}

Zone load_zone(SourceSet& files, FileId file, const LoadOptions& options) {
  Zone zone(files);
  zone.main_file = file;
  const Detection detected = input_format(files, file, options);
  zone.format = detected.format;
  if (detected.unknown_structured) {
    zone.texts.emplace_back(file, std::string_view());
    zone.diagnostics.push_back(not_an_export(file, detected.kind));
    if (options.origin) zone.apex = *options.origin;
    return zone;
  }
  if (detected.format != InputFormat::master_file) {
    Import imported = import_provider_export(files.file(file), detected.format, import_options(options));
    zone.format = imported.format;
    zone.diagnostics = std::move(imported.diagnostics);
    zone.texts.push_back(std::move(*imported.text));
    ZoneBuilder builder(zone);
    MasterFileReader reader(files, zone.texts, builder, import_reader_options(options, imported));
    reader.read(0);
    // The apex: a leading $ORIGIN (Azure's export), else what the importer decided (the export's
    // own header, --origin, the SOA owner, the owners' common suffix), else the SOA owner read.
    if (!reader.leading_origin().empty()) zone.apex = reader.leading_origin();
    else if (!imported.apex.empty()) zone.apex = imported.apex;
    else zone.apex = builder.soa_owner();
    return zone;
  }
  zone.texts.emplace_back(file, files.file(file).bytes());
  const Name origin = initial_origin(files, file, options);
  ZoneBuilder builder(zone);
  MasterFileReader reader(files, zone.texts, builder, reader_options(options, origin));
  reader.read(0);
  // The apex: a leading $ORIGIN, else --origin, else the SOA owner, else the file name.
  if (!reader.leading_origin().empty()) {
    zone.apex = reader.leading_origin();
  } else if (options.origin) {
    zone.apex = *options.origin;
  } else if (!builder.soa_owner().empty()) {
    zone.apex = builder.soa_owner();
  } else {
    zone.apex = origin;
  }
  return zone;
}

void stream_zone(SourceSet& files, FileId file, const LoadOptions& options, RecordSink& sink) {
  std::deque<TextSource> texts;
  const Detection detected = input_format(files, file, options);
  if (detected.unknown_structured) {
    sink.on_diagnostic(not_an_export(file, detected.kind));
    return;
  }
  if (detected.format != InputFormat::master_file) {
    Import imported = import_provider_export(files.file(file), detected.format, import_options(options));
    for (Diagnostic& d : imported.diagnostics) sink.on_diagnostic(std::move(d));
    texts.push_back(std::move(*imported.text));
    DumpFilter filter(sink);
    MasterFileReader reader(files, texts, filter, import_reader_options(options, imported));
    reader.read(0);
    return;
  }
  texts.emplace_back(file, files.file(file).bytes());
  MasterFileReader reader(files, texts, sink, reader_options(options, initial_origin(files, file, options)));
  reader.read(0);
}

}  // namespace zonelint
