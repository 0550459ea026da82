#include "parse/load.hpp"

#include <array>
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
  explicit ZoneBuilder(Zone& zone) : zone_(zone) {
    // Room for the records and names of the text about to be read (bench zones average 86 bytes
    // a record), so that the vectors are not copied as they grow; unused capacity is never
    // touched and costs no memory.
    std::size_t bytes = 0;
    for (const TextSource& t : zone_.texts) bytes += t.text().size();
    zone_.records.reserve(bytes / 32 + 16);
    zone_.names.reserve(bytes / 32 + 16, bytes / 2 + 256);
  }

  void on_record(const ParsedRecord& r) override {
    Record record;
    const auto index = static_cast<std::uint32_t>(zone_.records.size());
    // Lines that repeat the owner (blank first column) hand over the same name, and most records
    // share the origin of the record before: only a changed name is looked up.
    record.owner = same_as_before;
    record.origin = same_as_before;
    if (r.owner.wire() != last_owner_wire_) {
      last_owner_wire_.assign(r.owner.wire());
      enqueue(index, false, r.owner);
    }
    if (r.origin.wire() != last_origin_wire_) {
      last_origin_wire_.assign(r.origin.wire());
      enqueue(index, true, r.origin);
    }
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

  // Interns the names still queued; the records are complete after this.
  void finish() {
    while (queued_ > 0) intern_oldest();
    fill(static_cast<std::uint32_t>(zone_.records.size()));
  }

 private:
  static constexpr NameId same_as_before = static_cast<NameId>(-1);

  // Names wait in a short queue with their hash slot prefetched, so that the lookups' cache
  // misses (the table outgrows the caches on a large zone) overlap instead of coming one after
  // another; in the profile they were most of the time spent interning. Names are interned in
  // input order, so ids are what interning each at once would give.
  struct PendingName {
    std::uint32_t record;
    bool origin;
    std::uint32_t hash;
    std::string wire;
  };
  static constexpr std::size_t queue_capacity = 16;

  void enqueue(std::uint32_t record, bool origin, NameView name) {
    if (queued_ == queue_capacity) intern_oldest();
    PendingName& p = queue_[(queue_head_ + queued_) % queue_capacity];
    p.record = record;
    p.origin = origin;
    p.hash = NameTable::hash(name);
    p.wire.assign(name.wire());
    zone_.names.prefetch(p.hash);
    ++queued_;
  }

  void intern_oldest() {
    PendingName& p = queue_[queue_head_];
    const NameId id = zone_.names.intern(NameView(p.wire), p.hash);
    Record& record = zone_.records[p.record];
    (p.origin ? record.origin : record.owner) = id;
    queue_head_ = (queue_head_ + 1) % queue_capacity;
    --queued_;
    fill(queued_ > 0 ? queue_[queue_head_].record : static_cast<std::uint32_t>(zone_.records.size()));
  }

  // Records before `end` have no name left in the queue: the ones without a name of their own
  // take their predecessor's.
  void fill(std::uint32_t end) {
    for (; filled_ < end; ++filled_) {
      Record& record = zone_.records[filled_];
      if (record.owner == same_as_before) record.owner = zone_.records[filled_ - 1].owner;
      if (record.origin == same_as_before) record.origin = zone_.records[filled_ - 1].origin;
    }
  }

  std::array<PendingName, queue_capacity> queue_{};
  std::size_t queue_head_ = 0;
  std::size_t queued_ = 0;
  std::uint32_t filled_ = 0;
  Zone& zone_;
  Name soa_owner_;
  std::string last_origin_wire_ = std::string(1, '\xFF');  // matches no wire name
  std::string last_owner_wire_ = std::string(1, '\xFF');
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
    builder.finish();
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
  builder.finish();
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
