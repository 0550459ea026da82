#pragma once
// Reads master-file text (RFC 1035 §5 with BIND's directives) entry by entry and streams each
// record to a sink. Every problem becomes a positioned ZONE000 finding; reading resumes at the
// next entry, so one run reports every error.

#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/record.hpp"
#include "model/token.hpp"
#include "parse/rdata_parser.hpp"

namespace zonelint {

inline constexpr std::string_view syntax_error_code = "ZONE000";

// One record as the reader hands it over; views are valid only during the callback.
struct ParsedRecord {
  TextId text = 0;
  const TextSource* source = nullptr;
  NameView owner;
  NameView origin;  // the origin in effect for this entry
  std::uint32_t ttl = 0;
  RRType type = 0;
  RRClass rclass = 0;
  std::uint16_t flags = 0;
  std::uint32_t entry_begin = 0;
  std::uint32_t rdata_begin = 0;
  std::uint32_t rdata_end = 0;
  std::span<const Token> rdata_tokens;
  const WireRdata* wire = nullptr;  // null when the RDATA is kept as tokens
  std::uint64_t rdata_hash = 0;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void on_record(const ParsedRecord& record) = 0;
  virtual void on_diagnostic(Diagnostic diagnostic) = 0;
  // A comment whose text starts with "zonelint:"; offsets cover the whole comment.
  virtual void on_directive_comment(TextId /*text*/, std::uint32_t /*begin*/, std::uint32_t /*end*/) {}
};

// Per-entry metadata an importer attaches to text it synthesised (proxied, alias, ...).
struct EntryAnnotation {
  std::uint32_t entry_begin;
  std::uint16_t flags;
};

struct ReaderOptions {
  Name origin;                                // initial origin; empty: relative names are errors
  RRClass zone_class = rrclass::IN;
  std::uint32_t max_errors_per_file = 100;
  std::uint32_t max_include_depth = 10;
  // $INCLUDEs read in one read(), nested or not: ten files that each include the next ten times
  // would otherwise read 10^10 files.
  std::uint32_t max_include_files = 1000;
  // $GENERATE limits (hostile input must not exhaust memory): records per directive (a /16 of
  // addresses) and records from all directives of one read. Above them the directive is refused
  // with a finding at its range.
  std::uint64_t max_generate_records = 65536;
  std::uint64_t max_generate_total = 1048576;
  // Deeper nesting is refused: the reader skips to the matching ')', or stops reading the file
  // when none follows.
  std::uint32_t max_paren_depth = 64;
  bool allow_include = true;
  // When set, $INCLUDE may only read files below this directory (absolute, canonical).
  std::string include_root;
  std::vector<EntryAnnotation> annotations;  // sorted by entry_begin; for synthesised text
  // What a finding about a character-string over 255 octets advises: an importer whose users
  // split text another way (Terraform) says how.
  std::string_view long_string_advice = "split it into several quoted strings";
};

// What the entries after a point of a text depend on, besides the text itself.
struct ReaderState {
  Name origin;
  std::string owner;               // wire form of the last owner, for lines that repeat it
  bool owner_bad = false;          // that owner was invalid
  std::uint64_t records_seen = 0;
  RRClass zone_class = rrclass::IN;  // the class the SOA named, when it named one
  bool default_ttl_known = false;  // $TTL (or the SOA MINIMUM) in effect
  std::uint32_t default_ttl = 0;
  bool last_ttl_known = false;     // the last TTL written, for records without one (RFC 1035)
  std::uint32_t last_ttl = 0;
};

// Whether an entry that writes its own owner name, and every entry after it, reads the same after
// state `a` as after state `b`; the last TTL counts only when `last_ttl_used` (records without a
// TTL took it: see MasterFileReader::used_given_last_ttl).
[[nodiscard]] bool same_for_owner_entry(const ReaderState& a, const ReaderState& b, bool last_ttl_used) noexcept;

class MasterFileReader {
 public:
  MasterFileReader(SourceSet& files, std::deque<TextSource>& texts, RecordSink& sink, ReaderOptions options);
  ~MasterFileReader();
  MasterFileReader(const MasterFileReader&) = delete;
  MasterFileReader& operator=(const MasterFileReader&) = delete;

  // Reads `texts[id]` as a zone file.
  void read(TextId id);

  // Reads one text in parts, so that several readers can share a large file (see load.cpp).
  // begin_part() places the reader at offset `from` of `texts[id]`, which must start a line;
  // each read_part() reads the entries that start before `until` (each one whole).
  void begin_part(TextId id, std::uint32_t from);
  void read_part(std::uint32_t until);
  // Where the next entry starts: the text's size once it is read to its end, or reading it
  // stopped at an error.
  [[nodiscard]] std::uint32_t part_position() const noexcept;
  [[nodiscard]] ReaderState state() const;
  void set_state(const ReaderState& state);
  // Since set_state(): whether a record wrote the last TTL, and whether a record without a TTL
  // took the last TTL set_state() gave (or its absence).
  [[nodiscard]] bool wrote_last_ttl() const noexcept;
  [[nodiscard]] bool used_given_last_ttl() const noexcept;

  // Total ZONE000 findings reported.
  [[nodiscard]] std::uint32_t error_count() const noexcept;
  // The origin set by a $ORIGIN that came before every record of the first text read, if any.
  [[nodiscard]] const Name& leading_origin() const noexcept;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace zonelint
