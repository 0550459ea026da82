#include "parse/load.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "model/rr_type.hpp"

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
  zone.format = options.format.value_or(InputFormat::master_file);
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
  texts.emplace_back(file, files.file(file).bytes());
  MasterFileReader reader(files, texts, sink, reader_options(options, initial_origin(files, file, options)));
  reader.read(0);
}

}  // namespace zonelint
