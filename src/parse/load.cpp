#include "parse/load.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <span>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "core/threads.hpp"
#include "model/rr_type.hpp"
#include "parse/format_detect.hpp"
#include "parse/import_provider.hpp"
#include "parse/json_document.hpp"

namespace zonelint {

namespace {

// Collects what the reader streams into a Zone.
class ZoneBuilder final : public RecordSink {
 public:
  // `bytes`: the size of the text about to be read.
  ZoneBuilder(Zone& zone, std::size_t bytes) : zone_(zone) {
    // Room for the records and names of that text (bench zones average 86 bytes a record), so
    // that the vectors are not copied as they grow; unused capacity is never touched and costs
    // no memory.
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

  // Appends what `part` read from the text that follows. Its names are interned in their order
  // of first appearance, so every id is the one reading the whole text here would have given.
  // The lookups are shared out to `threads` threads.
  void append(ZoneBuilder& part, unsigned threads) {
    finish();
    part.finish();
    const NameTable& names = part.zone_.names;
    constexpr NameId not_here = std::numeric_limits<NameId>::max();
    std::vector<NameId> ids(names.size());
    std::vector<std::uint32_t> hashes(names.size());
    // Which of the part's names this table has: lookups only, so they can run side by side.
    on_threads(names.size(), threads, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end + prefetch_ahead; ++i) {
        if (i >= begin + prefetch_ahead) {
          const std::size_t j = i - prefetch_ahead;
          if (!zone_.names.find(names.get(static_cast<NameId>(j)), hashes[j], ids[j])) ids[j] = not_here;
        }
        if (i < end) {
          hashes[i] = NameTable::hash(names.get(static_cast<NameId>(i)));
          zone_.names.prefetch(hashes[i]);
        }
      }
    });
    // The new ones are added in order, with the table grown once beforehand.
    std::vector<std::uint32_t> added;
    for (std::uint32_t j = 0; j < ids.size(); ++j)
      if (ids[j] == not_here) added.push_back(j);
    zone_.names.reserve_slots(zone_.names.size() + added.size());
    for (std::size_t k = 0; k < added.size(); ++k) {
      if (k + prefetch_ahead < added.size()) zone_.names.prefetch(hashes[added[k + prefetch_ahead]]);
      const std::uint32_t j = added[k];
      ids[j] = zone_.names.add_new(names.get(j), hashes[j]);
    }
    // The part's names are not needed any more: freed before the records are copied, so the
    // two tables and the two record arrays are never all held at once. The records are copied
    // in one pass (resizing first would write every new record twice).
    part.zone_.names = NameTable();
    zone_.records.reserve(zone_.records.size() + part.zone_.records.size());
    for (Record record : part.zone_.records) {
      record.owner = ids[record.owner];
      record.origin = ids[record.origin];
      zone_.records.push_back(record);
    }
    std::vector<Record>().swap(part.zone_.records);
    filled_ = static_cast<std::uint32_t>(zone_.records.size());
    last_owner_wire_.assign(1, '\xFF');
    last_origin_wire_.assign(1, '\xFF');
    zone_.directive_comments.insert(zone_.directive_comments.end(), part.zone_.directive_comments.begin(),
                                    part.zone_.directive_comments.end());
    if (soa_owner_.empty()) soa_owner_ = part.soa_owner_;
  }

 private:
  static constexpr NameId same_as_before = static_cast<NameId>(-1);
  static constexpr std::size_t prefetch_ahead = 8;  // hash slots loaded ahead of the lookups, as in enqueue()

  // Runs `work(begin, end)` on `threads` shares of [0, count): one share here, the others on
  // threads of their own (here too when no thread can be started).
  template <typename Work>
  static void on_threads(std::size_t count, unsigned threads, const Work& work) {
    const std::size_t shares = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count / 4096, 1));
    std::vector<std::jthread> running;
    for (std::size_t k = 1; k < shares; ++k) {
      const std::size_t begin = count * k / shares;
      const std::size_t end = count * (k + 1) / shares;
      try {
        running.emplace_back([&work, begin, end] { work(begin, end); });
      } catch (const std::system_error&) {
        work(begin, end);
      }
    }
    work(0, count / shares);
  }

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

// Reading a large zone file on several threads. The text is cut into parts at lines that start
// an entry with its own owner name; the first reader reads a short prefix (where $TTL and $ORIGIN
// usually are), then each part is read on its own thread from the state the prefix ended in.
// A part is kept only when the reader before it ended exactly at its start in the same state and
// the part found nothing to report and no $INCLUDE or $GENERATE; any other part is read again
// after the one before it. So the Zone is the one a single reader gives, record for record and
// name id for name id, and its findings come out in the same order.
class PartReader {
 public:
  PartReader(SourceSet& files, FileId file, std::string_view bytes, std::uint32_t begin, std::uint32_t end,
             ReaderOptions options)
      : zone_(files),
        builder_(zone_, end > bytes.size() ? bytes.size() - begin : end - begin),
        reader_(files, zone_.texts, builder_, no_include(std::move(options))),
        begin_(begin),
        end_(end) {
    zone_.texts.emplace_back(file, bytes);
    reader_.begin_part(0, begin);  // on the calling thread: it looks the file up
  }

  void start_from(const ReaderState& state) {
    start_state_ = state;
    reader_.set_state(state);
  }
  // Runs on the part's thread.
  void read() noexcept {
    try {
      reader_.read_part(end_);
      builder_.finish();
      read_ = true;
    } catch (...) {
      // Not kept (read_ stays false): the part is read again on the main thread, which reports
      // the failure.
    }
  }
  // Whether this part can stand for reading on from a reader at `position` in `state`.
  [[nodiscard]] bool continues(std::uint32_t position, const ReaderState& state) const {
    return read_ && position == begin() && same_for_owner_entry(state, start_state_, reader_.used_given_last_ttl()) &&
           reader_.error_count() == 0 && zone_.diagnostics.empty() && zone_.texts.size() == 1;
  }
  // The state after this part, read on from `state`.
  [[nodiscard]] ReaderState end_state(const ReaderState& state) const {
    ReaderState end = reader_.state();
    if (!reader_.wrote_last_ttl()) {
      end.last_ttl_known = state.last_ttl_known;
      end.last_ttl = state.last_ttl;
    }
    return end;
  }
  [[nodiscard]] std::uint32_t end_position() const noexcept { return reader_.part_position(); }
  [[nodiscard]] std::uint32_t begin() const noexcept { return begin_; }
  [[nodiscard]] ZoneBuilder& builder() noexcept { return builder_; }

 private:
  // $INCLUDE would load files into the shared SourceSet from this thread: the part is read
  // again instead, and the reader there reads the file.
  static ReaderOptions no_include(ReaderOptions options) {
    options.allow_include = false;
    return options;
  }

  Zone zone_;
  ZoneBuilder builder_;
  MasterFileReader reader_;
  std::uint32_t begin_;
  std::uint32_t end_;
  ReaderState start_state_;
  bool read_ = false;  // read to its end on its thread, without an exception
};

// The start of the first line at or after `at` and before `limit` whose first byte starts an
// owner name (not blank space, a comment, a directive or a parenthesis).
std::optional<std::uint32_t> owner_line_at_or_after(std::string_view text, std::size_t at, std::size_t limit) {
  for (std::size_t p = at; p < limit;) {
    const std::size_t nl = text.find('\n', p);
    if (nl == std::string_view::npos || nl + 1 >= limit) return std::nullopt;
    const char c = text[nl + 1];
    if (std::string_view(" \t\r\n;$()\"").find(c) == std::string_view::npos) {
      return static_cast<std::uint32_t>(nl + 1);
    }
    p = nl + 1;
  }
  return std::nullopt;
}

unsigned reading_threads(std::size_t bytes, const LoadOptions& options) {
  if (bytes < options.parallel_read_from) return 1;
  if (options.threads != 0) return options.threads;
  return default_thread_count();
}

// Where the parts after the first reader's start: entry lines about `threads` equal shares apart
// for a text too short for more; else parts that shrink as reading goes on, from a
// (2 * threads)-th of what is left down to `smallest_part` bytes, so that the threads, taking
// parts as they become free, finish close together whatever each one's speed, and the last part
// to be joined after reading is a small one.
std::vector<std::uint32_t> part_starts(std::string_view text, std::size_t from, unsigned threads,
                                       std::size_t smallest_part) {
  std::vector<std::uint32_t> starts;
  const bool equal_shares = text.size() / threads < 4 * smallest_part;
  for (unsigned k = 1; from < text.size(); ++k) {
    std::size_t at = 0;
    if (equal_shares) {
      if (k == threads) break;
      at = std::max<std::size_t>(from, text.size() / threads * k);
    } else {
      const std::size_t left = text.size() - from;
      const std::size_t step = std::max(smallest_part, left / (2 * threads));
      if (left < step + smallest_part / 2) break;
      at = from + step;
    }
    const auto start = owner_line_at_or_after(text, at, text.size());
    if (!start) break;
    starts.push_back(*start);
    from = *start + 1;
  }
  return starts;
}

// Reads texts[0] of the builder's zone, a file's own bytes, with `reader` (placed at its start)
// and up to `threads` - 1 more readers on their own threads. Every thread takes the next part
// not taken when it is free (the first one reads the first part with `reader` before); after
// each part read, the thread that can joins the parts that are read, in order, while the others
// go on reading. A part that does not continue the one before stops the joining there: it and
// those after it are dealt with in order once all are read, by this thread alone.
void read_in_parts(SourceSet& files, FileId file, std::string_view text, const ReaderOptions& options,
                   unsigned threads, std::size_t smallest_part, ZoneBuilder& builder, MasterFileReader& reader,
                   std::uint32_t* parts_kept) {
  constexpr std::uint32_t prefix = 64u << 10;
  reader.begin_part(0, 0);
  reader.read_part(prefix);
  constexpr std::uint32_t to_the_end = std::numeric_limits<std::uint32_t>::max();
  const std::vector<std::uint32_t> starts =
      part_starts(text, reader.part_position(), threads, std::max<std::size_t>(smallest_part, 1));
  std::vector<std::unique_ptr<PartReader>> parts;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    parts.push_back(std::make_unique<PartReader>(files, file, text, starts[k],
                                                 k + 1 < starts.size() ? starts[k + 1] : to_the_end, options));
  }
  const ReaderState prefix_state = reader.state();
  for (auto& part : parts) part->start_from(prefix_state);

  std::vector<std::atomic<bool>> part_read(parts.size());
  std::atomic<std::size_t> next_to_read{0};
  // Guarded by join_mutex: where reading the text in one go would be, and in which state, after
  // what is joined so far.
  std::mutex join_mutex;
  bool first_part_read = false;
  std::size_t joined = 0;
  bool joining_stopped = false;
  std::uint32_t position = 0;
  ReaderState state;
  std::uint32_t kept = 0;
  std::exception_ptr join_failure;  // from a join on a reading thread (out of memory): rethrown here
  const auto join_ready_parts = [&] {
    for (; joined < parts.size() && !joining_stopped && part_read[joined].load(std::memory_order_acquire); ++joined) {
      PartReader& part = *parts[joined];
      if (!part.continues(position, state)) {
        joining_stopped = true;
        break;
      }
      builder.append(part.builder(), 1);  // the other threads are reading
      ++kept;
      state = part.end_state(state);
      position = part.end_position();
    }
  };
  const auto read_parts = [&] {
    for (std::size_t k; (k = next_to_read.fetch_add(1)) < parts.size();) {
      parts[k]->read();
      part_read[k].store(true, std::memory_order_release);
      // Whoever holds the lock joins this part too if it can: no thread waits for another here.
      if (const std::unique_lock lock(join_mutex, std::try_to_lock); lock.owns_lock() && first_part_read) {
        try {
          join_ready_parts();
        } catch (...) {
          join_failure = std::current_exception();
          joining_stopped = true;
        }
      }
    }
  };
  {
    std::vector<std::jthread> running;
    for (unsigned t = 1; t < threads && t <= parts.size(); ++t) {
      try {
        running.emplace_back(read_parts);
      } catch (const std::system_error&) {
        break;  // no thread to be had: this one reads the rest
      }
    }
    reader.read_part(parts.empty() ? to_the_end : parts.front()->begin());
    {
      const std::lock_guard lock(join_mutex);
      position = reader.part_position();
      state = reader.state();
      first_part_read = true;
      join_ready_parts();
    }
    read_parts();
  }  // joins the threads
  if (join_failure) std::rethrow_exception(join_failure);
  join_ready_parts();
  // The parts left: each kept when it continues, else read again by `reader` after the ones
  // before it.
  bool reader_is_there = kept == 0;
  for (std::size_t k = joined; k < parts.size(); ++k) {
    PartReader& part = *parts[k];
    if (part.continues(position, state)) {
      builder.append(part.builder(), threads);
      ++kept;
      state = part.end_state(state);
      position = part.end_position();
      reader_is_there = false;
      continue;
    }
    if (!reader_is_there) {
      reader.begin_part(0, position);
      reader.set_state(state);
    }
    reader.read_part(k + 1 < parts.size() ? parts[k + 1]->begin() : to_the_end);
    position = reader.part_position();
    state = reader.state();
    reader_is_there = true;
  }
  if (parts_kept != nullptr) *parts_kept += kept;
}

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

// A ZONE000 finding about a whole file, at its start.
Diagnostic whole_file_finding(FileId file, Severity severity, std::string message) {
  Diagnostic d;
  d.code = syntax_error_code;
  d.severity = severity;
  d.span = {file, 0, 0};
  d.context = d.span;
  d.message = std::move(message);
  return d;
}

Diagnostic not_an_export(const SourceFile& file, std::string_view kind) {
  Diagnostic d = whole_file_finding(file.id(), Severity::error, {});
  // JSON cut short may have lost the keys that tell the export: the place where it stops reading
  // is what to fix.
  if (kind == "JSON") {
    if (const JsonDocument json = parse_json(file.bytes(), file.id()); !json.ok()) {
      d.span = json.error->span;
      d.context = d.span;
      d.message = fmt::format("{}; zonelint cannot tell which DNS export this JSON is before it reads to its end "
                              "(or name its format with --input-format)",
                              json.error->message);
      return d;
    }
  }
  if (kind == "Terraform") {
    d.message = "this is a Terraform configuration, whose values are expressions only Terraform evaluates; check "
                "what Terraform made of it: `terraform show -json > state.json` (or the state file, or `terraform "
                "show -json PLANFILE` for a plan) for aws_route53_record resources, or the provider's export (aws "
                "route53 list-resource-record-sets, az network dns record-set list, gcloud dns record-sets export, "
                "the Cloudflare export)";
  } else {
    d.message = fmt::format("this {} file is not a DNS export zonelint reads (Route 53, Cloudflare API, gcloud, "
                            "Azure, Terraform JSON); if it is one, name its format with --input-format",
                            kind);
  }
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
  if (!imported.long_string_advice.empty()) r.long_string_advice = imported.long_string_advice;
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

namespace {

// A file that gave no record and nothing to report (empty, only comments, an export's empty list)
// says so, rather than "no problems": the wrong file may have been named.
void note_if_empty(Zone& zone, FileId file) {
  if (!zone.records.empty() || !zone.diagnostics.empty()) return;
  zone.diagnostics.push_back(whole_file_finding(file, Severity::note,
                                                "this file holds no DNS record (it is empty, or holds only comments "
                                                "or an empty list): there is nothing to check"));
}

}  // namespace

Zone load_zone(SourceSet& files, FileId file, const LoadOptions& options) {
  Zone zone(files);
  zone.main_file = file;
  const Detection detected = input_format(files, file, options);
  zone.format = detected.format;
  if (detected.unknown_structured) {
    zone.texts.emplace_back(file, std::string_view());
    zone.diagnostics.push_back(not_an_export(files.file(file), detected.kind));
    if (options.origin) zone.apex = *options.origin;
    return zone;
  }
  if (detected.format != InputFormat::master_file) {
    Import imported = import_provider_export(files.file(file), detected.format, import_options(options));
    zone.format = imported.format;
    zone.truncated = imported.truncated;
    zone.diagnostics = std::move(imported.diagnostics);
    zone.texts.push_back(std::move(*imported.text));
    ZoneBuilder builder(zone, zone.texts.front().text().size());
    MasterFileReader reader(files, zone.texts, builder, import_reader_options(options, imported));
    reader.read(0);
    builder.finish();
    // The apex: a leading $ORIGIN (Azure's export), else what the importer decided (the export's
    // own header, --origin, the SOA owner, the owners' common suffix), else the SOA owner read.
    if (!reader.leading_origin().empty()) zone.apex = reader.leading_origin();
    else if (!imported.apex.empty()) zone.apex = imported.apex;
    else zone.apex = builder.soa_owner();
    note_if_empty(zone, file);
    return zone;
  }
  const std::string_view bytes = files.file(file).bytes();
  zone.texts.emplace_back(file, bytes);
  const Name origin = initial_origin(files, file, options);
  ZoneBuilder builder(zone, bytes.size());
  const ReaderOptions read_options = reader_options(options, origin);
  MasterFileReader reader(files, zone.texts, builder, read_options);
  if (const unsigned threads = reading_threads(bytes.size(), options); threads > 1) {
    read_in_parts(files, file, bytes, read_options, threads, options.smallest_part, builder, reader,
                  options.parts_kept);
  } else {
    reader.read(0);
  }
  builder.finish();
  // The apex: --origin (the zone the user says this is, as named-checkzone's zone argument; a
  // file of another zone then has its records out of zone), else a leading $ORIGIN, else the
  // SOA owner, else the file name.
  if (options.origin) {
    zone.apex = *options.origin;
  } else if (!reader.leading_origin().empty()) {
    zone.apex = reader.leading_origin();
  } else if (!builder.soa_owner().empty()) {
    zone.apex = builder.soa_owner();
  } else {
    zone.apex = origin;
  }
  note_if_empty(zone, file);
  return zone;
}

void stream_zone(SourceSet& files, FileId file, const LoadOptions& options, RecordSink& sink) {
  std::deque<TextSource> texts;
  const Detection detected = input_format(files, file, options);
  if (detected.unknown_structured) {
    sink.on_diagnostic(not_an_export(files.file(file), detected.kind));
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
