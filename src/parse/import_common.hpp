#pragma once
// What every provider importer shares: the writer that synthesises master-file text (one entry
// per record) with a segment map back to the export, the escaping that keeps each value one
// token whatever it holds, positioned ZONE000 findings for exports of the wrong shape, and the
// zone apex when the export does not name it.
//
// Internal to src/parse/import_*.cpp; the public entry point is parse/import_provider.hpp.

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/rr_type.hpp"
#include "parse/import_provider.hpp"
#include "parse/json_document.hpp"
#include "parse/master_file_reader.hpp"

namespace zonelint::import {

// How a value is written in the export.
enum class Syntax : std::uint8_t {
  plain,         // text as the user typed it (Cloudflare API names, Azure JSON): every special
                 // character of a zone file is escaped
  presentation,  // RFC 1035 §5.1 presentation format (gcloud, Cloudflare content): backslash
                 // escapes and quoted strings keep their meaning
  route53,       // presentation format whose \ddd escapes are octal, as Route 53 writes them
                 // ("\052" for '*'); they are rewritten in RFC 1035's decimal ("\042")
};

// Collects the importer's own findings (ZONE000), capped like the reader's.
class Findings {
 public:
  Findings(std::vector<Diagnostic>& out, std::uint32_t max_errors) : out_(out), max_(max_errors) {}
  void error(Span span, std::string message) { add(span, std::move(message), Severity::error); }
  void warning(Span span, std::string message) { add(span, std::move(message), Severity::warning); }
  void note(Span span, std::string message) { add(span, std::move(message), Severity::note); }
  void add(Span span, std::string message, Severity severity);
  [[nodiscard]] std::uint32_t errors() const noexcept { return errors_; }

 private:
  std::vector<Diagnostic>& out_;
  std::uint32_t max_;
  std::uint32_t count_ = 0;
  std::uint32_t errors_ = 0;
};

// A decoded string of the export (or a part of one) and where its bytes came from.
struct Piece {
  const doc::Text* text = nullptr;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;

  Piece() = default;
  explicit Piece(const doc::Text& t) : text(&t), begin(0), end(t.size()) {}
  Piece(const doc::Text& t, std::uint32_t b, std::uint32_t e) : text(&t), begin(b), end(e) {}
  [[nodiscard]] std::string_view str() const { return text->str().substr(begin, end - begin); }
  [[nodiscard]] bool empty() const noexcept { return begin >= end; }
  [[nodiscard]] Span span() const { return text->span(begin, end); }
  // Where a glue byte placed after this piece should point: just past its last byte.
  [[nodiscard]] Span end_span() const {
    const std::uint32_t at = text->file_offset(end);
    return {text->file(), at, at};
  }
};

// White space at the ends of a value: the piece without it, and what was cut.
struct Trimmed {
  Piece inner;
  Piece leading;
  Piece trailing;
};
[[nodiscard]] Trimmed trim_blanks(const Piece& p);

// Blanks pasted around a name: white space, controls and the characters that show as nothing or
// as a space (utf8::is_invisible: U+00A0, U+200B, U+FEFF, ...). `is_blank_at` tells whether one
// starts at s[i] and how many bytes it takes; the others give the offset of the piece's first
// byte after its leading blanks, and of its first byte of its trailing blanks.
[[nodiscard]] bool is_blank_at(std::string_view s, std::size_t i, std::uint32_t& length);
[[nodiscard]] std::uint32_t leading_blanks(const Piece& p);
[[nodiscard]] std::uint32_t trailing_blanks(const Piece& p);

// The first byte of a value (an object's "{"): where a finding about a missing member points.
[[nodiscard]] inline Span opening(const doc::Value& v) { return {v.span.file, v.span.begin, v.span.begin + 1}; }

// Types whose RDATA is exactly one domain name: their value is always written as one token, so a
// space or quote inside it stays part of the name (where SES003 finds it).
[[nodiscard]] bool is_single_name_type(RRType type) noexcept;

// One part of a synthesised entry.
struct Part {
  enum class Kind : std::uint8_t {
    name,          // a domain name, one token (see EntryWriter::name)
    presentation,  // a value in presentation format
    quoted,        // text to publish as character-strings
    scalar,        // a number or word copied as written
    glue,          // synthesised text standing for `where`
  };
  Kind kind = Kind::glue;
  Piece piece;                        // name, presentation, quoted
  const doc::Value* value = nullptr;  // scalar
  std::string glue;                   // glue
  Span where;                         // glue
  Syntax syntax = Syntax::plain;      // name
  bool absolute = false;              // name: append the trailing dot when missing
  bool joined = false;                // written right after the part before it, without a space

  static Part make_name(const Piece& p, Syntax syntax, bool absolute) {
    Part part;
    part.kind = Kind::name;
    part.piece = p;
    part.syntax = syntax;
    part.absolute = absolute;
    return part;
  }
  static Part make_presentation(const Piece& p, Syntax syntax = Syntax::presentation) {
    Part part;
    part.kind = Kind::presentation;
    part.piece = p;
    part.syntax = syntax;
    return part;
  }
  static Part make_quoted(const Piece& p) {
    Part part;
    part.kind = Kind::quoted;
    part.piece = p;
    return part;
  }
  static Part make_scalar(const doc::Value& v) {
    Part part;
    part.kind = Kind::scalar;
    part.value = &v;
    return part;
  }
  static Part make_glue(std::string text, Span where) {
    Part part;
    part.kind = Kind::glue;
    part.glue = std::move(text);
    part.where = where;
    return part;
  }
};

// One record to synthesise: "<owner> <ttl> IN <type> <rdata parts separated by spaces>".
struct Entry {
  Span where;                 // the record in the export: glue points here
  Part owner;                 // Kind::name
  bool owner_at_means_origin = false;  // Azure: "@" is the apex
  Part ttl;                   // Kind::scalar or Kind::glue
  Piece type;                 // validated by the importer
  std::string type_glue;      // when `type` is empty: the mnemonic, standing for `type_where`
  Span type_where;
  std::vector<Part> rdata;
  std::uint16_t flags = 0;    // record_flag::proxied, alias, ttl_automatic
};

// Splits a presentation-format value into RDATA parts. Each field the type table says is a
// domain name becomes its own name part (given a trailing dot when `absolute`: Route 53 and
// Cloudflare values are absolute without one), up to the first field that may span several
// tokens; the rest stays one presentation part. `skip_fields` counts the leading fields the
// export gives separately (Cloudflare's MX/SRV priority).
void presentation_parts(RRType type, const Piece& value, Syntax syntax, bool absolute, std::size_t skip_fields,
                        std::vector<Part>& out);

// Synthesises the master-file text. Every byte maps back to the export: bytes copied from a value
// map one to one, escapes and glue (separators, "IN", a trailing dot) to the place they stand for.
class EntryWriter {
 public:
  explicit EntryWriter(FileId file) : file_(file) {}

  // Writes one entry and its line break; returns the text range of its owner token.
  std::pair<std::uint32_t, std::uint32_t> write(const Entry& entry);

  [[nodiscard]] std::string_view text() const noexcept { return builder_.text(); }
  [[nodiscard]] std::uint32_t entries() const noexcept { return entries_; }
  TextSource finish() &&;
  std::vector<EntryAnnotation> annotations;

 private:
  enum class Escape : std::uint8_t { none, name_plain, name_presentation, rdata_presentation, quoted };
  // A domain name as one token. `absolute` appends a trailing dot when the name has none (glue
  // mapped just past the name). As an owner, what would change the meaning of a line's first
  // token is escaped: a leading "$", and a lone "@" unless `at_means_origin`.
  void name(const Part& part, bool owner, bool at_means_origin);
  void part(const Part& part, Span where);
  // A value in presentation format, copied so that it means the same in the synthesised line:
  // quotes and escapes kept; a line break, ';' or parenthesis that would change the line's
  // structure escaped.
  void presentation(const Piece& p, Syntax syntax) { copy(p, Escape::rdata_presentation, syntax == Syntax::route53); }
  // Text to publish as character-strings: quoted and escaped here, split every 255 octets as the
  // providers do (Cloudflare API content written without quotes, Azure TXT values).
  void quoted_strings(const Piece& p);
  void glue(std::string_view text, Span where) { builder_.mapped(text, where.begin, where.end); }
  // Copies [p.begin, p.end) escaping what `mode` says must be escaped.
  // `octal`: "\ddd" with three octal digits is Route 53's octal escape.
  void copy(const Piece& p, Escape mode, bool octal = false);
  void escape_byte(unsigned char c, Span source);

  FileId file_;
  TextBuilder builder_;
  std::uint32_t entries_ = 0;
};

// The lines of a provider's BIND-style export (Cloudflare, Azure), for the few fixes their
// importers make before the master-file reader reads the text.
struct BindField {
  std::uint32_t begin;
  std::uint32_t end;
};
struct BindLine {
  std::uint32_t begin;  // first byte of the line
  std::uint32_t end;    // before its line break
  bool comment = false; // the line is a comment (";" in the first column)
  // For a line that starts with a word in the first column (not ';', '$' or blank): its first
  // six blank-separated words, up to a comment, quote or parenthesis.
  std::vector<BindField> fields;
  // For a comment line "; Key: value" / ";; Key: value": the value after `key` (trimmed), else "".
  [[nodiscard]] std::string_view header_value(std::string_view text, std::string_view key) const;
};
[[nodiscard]] std::vector<BindLine> bind_lines(std::string_view text);

// Copies a file's bytes into synthesised text with a few insertions and replacements.
class TextPatcher {
 public:
  TextPatcher(FileId file, std::string_view bytes) : file_(file), bytes_(bytes) {}
  void copy_to(std::uint32_t offset);                                 // the file's bytes up to offset
  void insert(std::string_view text, std::uint32_t at);               // glue at a file position
  void replace(std::uint32_t begin, std::uint32_t end, std::string_view text);  // file bytes -> glue
  [[nodiscard]] std::uint32_t size() const noexcept { return builder_.size(); }
  TextSource finish() &&;

 private:
  FileId file_;
  std::string_view bytes_;
  TextBuilder builder_;
  std::uint32_t pos_ = 0;
};

// Decides the zone apex of an export whose names are absolute. Candidates are given in order of
// preference: the export's own declaration, --origin, the SOA owner, then NS owners and the
// owners of all records for the common-suffix guess (the suffix most owners share when not all
// of them share one).
class ApexFinder {
 public:
  void declared(const Name& name) { if (declared_.empty()) declared_ = name; }
  void option(const std::optional<Name>& name) { if (name) option_ = *name; }
  // An owner as written in the synthesised text (presentation form); relative owners are ignored.
  void owner(std::string_view presentation, RRType type);
  [[nodiscard]] bool has_owners() const noexcept { return !first_.empty(); }

  struct Result {
    Name apex;               // empty when ambiguous or there are no records
    bool ambiguous = false;  // the owners have no common suffix of two labels or more
    std::string reason;      // for the ambiguity message: the owners that disagree
  };
  [[nodiscard]] Result decide() const;

 private:
  // The longest suffix shared by more than half of the owners, grouped by registered domain.
  [[nodiscard]] std::optional<Name> majority_suffix() const;

  Name declared_;
  Name option_;
  Name soa_;
  // Linear in the owners: the common suffix is kept as it goes, and owners are remembered by
  // their lowercased wire form for the one membership question decide() asks.
  Name first_;                        // the first absolute owner
  Name other_;                        // the owner that last shortened the common suffix
  std::size_t common_ = 0;            // labels every owner so far shares with first_
  std::unordered_set<std::string> owners_;
  std::unordered_set<std::string> ns_keys_;
  std::vector<Name> ns_;              // distinct NS owners
};

// nullopt when Route 53 serves records of type `type` (as its API spells the type: capitals);
// else the message for an export that names another type.
[[nodiscard]] std::optional<std::string> route53_type_problem(std::string_view type);

// Route 53 serves an alias record with the TTL of its target; 60 seconds is what CloudFront, ELB
// and S3 website targets use, and the TTL an alias entry is given.
inline constexpr std::string_view alias_ttl = "60";

// A number an export gives as a count (a TTL, a priority): a JSON number, whole, from 0 to `max`,
// written without a sign ("-0" is zero to JSON, but its text would be copied into the zone
// text); nullopt otherwise.
[[nodiscard]] std::optional<std::int64_t> unsigned_number(const doc::Value& v, std::int64_t max);

// The one message for an export whose apex cannot be told.
[[nodiscard]] std::string ambiguous_apex_message(std::string_view format_name, std::string_view reason);

// "a string", "an array", ... for messages about wrong types.
[[nodiscard]] std::string kind_phrase(doc::Kind kind);
// Text for a value in a message: short and terminal-safe.
[[nodiscard]] std::string shown(std::string_view s);

// The document of a Route 53 or Azure export: JSON, as their consoles and APIs write it, or YAML,
// as their command-line tools write it with `--output yaml` (aws) or `-o yaml` (az); both give
// the same tree. A YAML stream must hold one document. Errors are in the JsonDocument.
[[nodiscard]] JsonDocument read_json_or_yaml(const SourceFile& file);

// The format importers (import_route53.cpp, import_cloudflare.cpp, import_gcloud.cpp,
// import_azure.cpp). Each fills `out` and never throws for bad input.
// What every provider importer holds: the export, the options, the output with its findings, and
// the writer of the synthesised entries.
class Importer {
 public:
  Importer(const SourceFile& file, const ImportOptions& options, Import& out)
      : file_(file), options_(options), out_(out), findings_(out.diagnostics, options.max_errors),
        writer_(file.id()) {}

 protected:
  // A value of several fields without the white space at its ends, warning about what was cut;
  // nullopt, after an error at `where`, when nothing else is left. Messages name the value
  // `noun` ("value", "rrdata") and end their advice with `advice` ("remove it").
  std::optional<Piece> trimmed_fields(const Piece& whole, Span where, std::string_view noun,
                                      std::string_view type_text, std::string_view advice);
  // Hands over what was written to `out_`: the apex `apex` decides with --origin (an error at the
  // file's start when the owners cannot tell; the root is then the reader's origin), the text and
  // its annotations. `format_name` names the export in that error.
  void hand_over(ApexFinder& apex, std::string_view format_name);

  const SourceFile& file_;
  const ImportOptions& options_;
  Import& out_;
  Findings findings_;
  EntryWriter writer_;
};

void import_route53(const SourceFile& file, const ImportOptions& options, Import& out);
void import_cloudflare_json(const SourceFile& file, const ImportOptions& options, Import& out);
void import_cloudflare_export(const SourceFile& file, const ImportOptions& options, Import& out);
void import_gcloud(const SourceFile& file, const ImportOptions& options, Import& out, bool yaml);
void import_azure_json(const SourceFile& file, const ImportOptions& options, Import& out);
void import_azure_export(const SourceFile& file, const ImportOptions& options, Import& out);
void import_terraform_json(const SourceFile& file, const ImportOptions& options, Import& out);

}  // namespace zonelint::import
