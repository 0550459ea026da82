#pragma once
// Parsing shared by the mail-authentication rules (SES014-SES017): TXT strings joined the way
// SPF, DKIM and DMARC read them, with the text offset of every byte so that a finding inside the
// joined text points at the exact character; an SPF term tokenizer and validator (RFC 7208); a
// tag-list parser for DKIM keys and DMARC records (RFC 6376 §3.2, RFC 7489 §6.4); and the
// Amazon SES MAIL FROM host names.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/token.hpp"

namespace zonelint::mail {

// Records of one name in different sets of a provider routing policy (Route 53 SetIdentifier:
// latency, geolocation, weighted, failover; Cloud DNS routingPolicy items) are alternative
// answers, never one RRset: "exactly one MX", "one SPF record", "one DMARC record" hold per
// answer. `indices` (into context.records()) grouped by set, as positions into `indices`: each
// group in input order, groups in the order of their first record; one group when no record has
// a policy.
[[nodiscard]] std::vector<std::vector<std::size_t>> by_routing_set(const LintContext& context,
                                                                   std::span<const std::uint32_t> indices);
// What a finding about several records of one such set adds after the name.
inline constexpr const char* in_one_routing_set = " in one routing-policy set (one answer)";

// A name's presentation text, made on first use: most records give no finding, and their
// checks never need it. Formats with fmt and converts to the string.
class LazyNameText {
 public:
  explicit LazyNameText(NameView name) : name_(name) {}
  [[nodiscard]] const std::string& str() const {
    if (!made_) {
      text_ = name_.to_text();
      made_ = true;
    }
    return text_;
  }
  operator const std::string&() const { return str(); }  // NOLINT: usable where the text is

 private:
  NameView name_;
  mutable std::string text_;
  mutable bool made_ = false;
};

// ---------------------------------------------------------------------------------------------
// Joined TXT text (RFC 7208 §3.3, RFC 6376 §3.6.2.2: the strings of one TXT RR are concatenated
// with no intervening white space).

struct TxtPiece {
  Token token;              // where the string is written (the hex token for generic RDATA)
  bool quoted = false;      // written in double quotes
  std::uint32_t begin = 0;  // index of its first byte in JoinedTxt::bytes
  std::uint32_t size = 0;   // its length in octets
};

struct JoinedTxt {
  std::string bytes;                 // the strings concatenated
  std::vector<std::uint32_t> begins;  // text offset of the source of bytes[i] (empty when direct)
  std::vector<std::uint32_t> ends;    // text offset just past the source of bytes[i] (empty when direct)
  std::vector<TxtPiece> pieces;
  bool generic = false;  // read from RFC 3597 "\# length hex" RDATA
  // The strings hold no escape, so each byte is its own character of text: byte i of a piece
  // sits at its token's content_begin() + (i - piece.begin), and begins/ends are not stored
  // (join_txt_into; join_txt always fills them).
  bool direct = false;

  // Text range covering bytes [from, to). An empty byte range gives an empty text range at the
  // position of byte `from` (or just past the last byte when `from` is the end).
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> text_range(std::size_t from, std::size_t to) const;
  // The piece holding byte `i` (the last piece when `i` is the end).
  [[nodiscard]] std::size_t piece_of(std::size_t i) const;
  // Byte `i` (> 0) is the first byte of a piece other than the first: a string boundary.
  [[nodiscard]] bool boundary_before(std::size_t i) const;
  // Every piece is an unquoted word and there are at least two.
  [[nodiscard]] bool all_unquoted_words() const;
  // Text offset of the source of byte `i` (< bytes.size()), and just past it.
  [[nodiscard]] std::uint32_t begin_of(std::size_t i) const;
  [[nodiscard]] std::uint32_t end_of(std::size_t i) const;
};

// Joins decoded strings; `tokens[i]` is where `strings[i]` was written.
[[nodiscard]] JoinedTxt join_strings(std::span<const DecodedString> strings, std::span<const Token> tokens);
// Joins the strings of a TXT or SPF record as written in its text (generic RDATA decoded).
[[nodiscard]] JoinedTxt join_txt(const LintContext& context, const Record& record);
// The same bytes, pieces and text ranges as join_txt, read into `out` (and `tokens`, scratch)
// so that a rule reading many records reuses their buffers; the strings of nearly every record
// are read without the lexer, and without per-byte offsets (`direct`).
void join_txt_into(const LintContext& context, const Record& record, JoinedTxt& out, std::vector<Token>& tokens);
// The RDATA tokens of a record written only as quoted strings without escapes, with blanks,
// parentheses and comments between them (the form of nearly every TXT record): the tokens
// context.rdata_tokens() gives, read without the lexer. False (and `out` unspecified) for
// anything else: a word, an escape, a byte a quoted string cannot hold, generic RDATA.
bool quoted_strings(const LintContext& context, const Record& record, std::vector<Token>& out);
// The strings of a record written only as quoted strings (blanks, parentheses and comments
// between them), joined into `out`: a quick reading for the checks of records in their usual
// form, which does not look inside the strings. When every byte joined is printable ASCII
// other than '\\' (the caller checks), they are exactly the strings join_txt gives, without
// escapes. False for anything else, or when a string is longer than `max_string` bytes.
bool join_plain_strings(const LintContext& context, const Record& record, std::string& out, std::size_t max_string);
// Splits RFC 3597 "\# length hex" RDATA (the tokens after "\#" and the length) into strings.
// Returns false when the hex is not a sequence of <character-string>s.
bool join_generic(std::string_view text, std::span<const Token> hex_tokens, JoinedTxt& out);

// The record is written without quotes and a ';' follows its last word, with tags after it:
// in a master file that ';' starts a comment, so `TXT v=DMARC1; p=none` publishes "v=DMARC1".
// Returns the text offset of the ';'.
[[nodiscard]] std::optional<std::uint32_t> cut_by_comment(const LintContext& context, const Record& record,
                                                          const JoinedTxt& joined);

// What the author of such a record meant: its words joined by spaces, then the rest of the line.
[[nodiscard]] std::string text_before_comment_cut(const LintContext& context, const Record& record,
                                                  const JoinedTxt& joined, std::uint32_t cut);

// Curly quotes (U+2018-U+201F) typed around a value by a word processor or a web page. A value
// that starts with one is SES003's to report, whatever the record is (SES015-SES017 judge what
// is inside): the byte length of the curly quote at the start (0 when there is none), and of the
// one at the end (0 when there is none, or when the value is that one quote).
[[nodiscard]] std::size_t leading_curly_quote(std::string_view bytes) noexcept;
[[nodiscard]] std::size_t trailing_curly_quote(std::string_view bytes) noexcept;
// Removes the curly quotes around `joined` (the one it starts with, and the one it ends with if
// any), keeping the text offsets of the bytes left; false, and nothing changed, when it does not
// start with one.
bool strip_curly_wrapping(JoinedTxt& joined);

// Edits may be offered for this record: its text is the file's own bytes and its RDATA is not
// in the generic form.
[[nodiscard]] bool fixable(const LintContext& context, const Record& record);

// ASCII helpers.
// The length of the run of printable ASCII (0x20-0x7E) at the start of `s`.
[[nodiscard]] std::size_t printable_prefix(std::string_view s) noexcept;
// The same without '"' and '\\': text a quoted string holds as itself, without escapes.
[[nodiscard]] std::size_t plain_prefix(std::string_view s) noexcept;
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;
[[nodiscard]] bool istarts_with(std::string_view s, std::string_view prefix) noexcept;
[[nodiscard]] std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from = 0) noexcept;
[[nodiscard]] std::string lower(std::string_view s);
// Levenshtein distance, ASCII case-insensitive (for "did you mean").
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);
// Printable form of a byte for messages: the character itself, or U+XXXX / a C escape.
[[nodiscard]] std::string describe_byte(std::string_view bytes, std::size_t i);
// Shortens long text for messages: the first and last `keep` characters around "…".
[[nodiscard]] std::string abbreviate(std::string_view s, std::size_t keep = 24);

// Characters pasted along with a DKIM or DMARC record that nobody sees or that pass for a plain
// space: zero-width and other format characters, controls other than tab and line breaks, and
// non-ASCII spaces (U+00A0, U+2000-U+200A, U+202F, U+205F, U+3000). These records are ASCII tag
// lists, so each one breaks the tag it sits in. SES003 leaves DKIM key and DMARC records to
// SES017 and SES016, which report every such character once, with where it is.
struct InvisibleCharacter {
  std::size_t offset;   // byte offset in the examined bytes
  std::size_t length;   // bytes of its UTF-8 sequence
  char32_t code_point;
};
[[nodiscard]] std::vector<InvisibleCharacter> invisible_characters(std::string_view bytes);
// The characters in runs: those written one right after the other, as [first, last] indices
// into `found` (its order).
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> invisible_runs(std::span<const InvisibleCharacter> found);
// "U+200B ZERO WIDTH SPACE after \"p=reject\"" (or "at the start", "at the end"), for a run
// "U+200B ZERO WIDTH SPACE twice after \"p=reject\"": where its first character is, the text
// before it without invisible characters.
[[nodiscard]] std::string describe_invisible(std::string_view bytes, std::span<const InvisibleCharacter> run);
// The bytes without those characters.
[[nodiscard]] std::string without_invisible(std::string_view bytes, std::span<const InvisibleCharacter> found);

// ---------------------------------------------------------------------------------------------
// SPF (RFC 7208).

// RFC 7208 §4.5: a record is selected when it begins with "v=spf1" (case-insensitively, §4.5 and
// the RFC 7208 test suite) followed by a space or the end of the record.
[[nodiscard]] bool is_spf_record(std::string_view text) noexcept;
// Begins with "v=spf1" (case-insensitively), whatever follows: meant to be SPF.
[[nodiscard]] bool has_spf_prefix(std::string_view text) noexcept;

enum class SpfKind : std::uint8_t {
  all, include, a, mx, ptr, ip4, ip6, exists,  // mechanisms (RFC 7208 §5)
  redirect, exp, unknown_modifier,             // modifiers (RFC 7208 §6)
  unknown_mechanism,                           // a name that is neither
  invalid,                                     // no name at all ("~", ":x", "=x")
};

struct SpfTerm {
  std::size_t begin = 0;       // byte range of the whole term in the text given to spf_terms
  std::size_t end = 0;
  char qualifier = 0;          // '+', '-', '~', '?' or 0
  std::size_t name_begin = 0;  // the mechanism or modifier name
  std::size_t name_end = 0;
  char separator = 0;          // ':' '/' '=' after the name, or 0
  std::size_t value_begin = 0;  // after the separator (':' and '='); for '/', at the '/'
  SpfKind kind = SpfKind::invalid;

  [[nodiscard]] bool is_mechanism() const noexcept { return kind <= SpfKind::exists; }
  [[nodiscard]] bool is_modifier() const noexcept {
    return kind == SpfKind::redirect || kind == SpfKind::exp || kind == SpfKind::unknown_modifier;
  }
  // Counts against the limit of 10 DNS-querying terms (RFC 7208 §4.6.4).
  [[nodiscard]] bool queries_dns() const noexcept {
    return kind == SpfKind::include || kind == SpfKind::a || kind == SpfKind::mx || kind == SpfKind::ptr ||
           kind == SpfKind::exists || kind == SpfKind::redirect;
  }
};

// Splits `text` (a whole record, "v=spf1 ..." included) into terms at spaces (RFC 7208 §4.6.1:
// terms are separated by SP only); the version term is skipped. Classifies every term.
[[nodiscard]] std::vector<SpfTerm> spf_terms(std::string_view text);
// The same into `out` (cleared first).
void spf_terms(std::string_view text, std::vector<SpfTerm>& out);
// Classifies one term occupying `text[begin, end)`.
[[nodiscard]] SpfTerm classify_spf_term(std::string_view text, std::size_t begin, std::size_t end);
// Why a term is not valid RFC 7208 syntax (§5, §6, §7.1 domain-spec, §12 ABNF), or nullopt. The
// reason is a phrase such as `"include" needs a domain: include:<domain>`.
[[nodiscard]] std::optional<std::string> spf_term_problem(std::string_view text, const SpfTerm& term);
// RFC 7208 §7.1 / §12: domain-spec = macro-string domain-end.
[[nodiscard]] bool valid_domain_spec(std::string_view s) noexcept;
// The canonical lower-case name of a kind ("include"), empty for unknown kinds.
[[nodiscard]] std::string_view spf_kind_name(SpfKind kind) noexcept;

// ---------------------------------------------------------------------------------------------
// Tag lists: DKIM key records (RFC 6376 §3.2) and DMARC records (RFC 7489 §6.4).

struct Tag {
  std::size_t begin = 0;        // the tag-spec without surrounding white space
  std::size_t end = 0;
  std::size_t name_begin = 0;
  std::size_t name_end = 0;
  bool has_equals = false;
  std::size_t value_begin = 0;  // white space around the value excluded
  std::size_t value_end = 0;
  // The tag follows a separator that is not ';': the position of the white space or comma that
  // ended the previous tag's value (npos when the separator was ';' or this is the first tag).
  std::size_t missing_semicolon_at = std::string_view::npos;
  char separator_used = ';';    // ' ' (white space) or ',' when missing_semicolon_at is set

  [[nodiscard]] std::string_view name(std::string_view text) const {
    return text.substr(name_begin, name_end - name_begin);
  }
  [[nodiscard]] std::string_view value(std::string_view text) const {
    return text.substr(value_begin, value_end - value_begin);
  }
};

// Parses a tag-list. Tags are separated by ';'. When a value contains white space or a comma
// followed by one of `known_names` and "=", that is read as a missing ';' (a common typing
// mistake, e.g. "v=DMARC1 p=none" or "p=none, rua=..."): the tag is split there and the new tag
// records where its separator should have been.
[[nodiscard]] std::vector<Tag> parse_tag_list(std::string_view text, std::span<const std::string_view> known_names);
// The same into `out` (cleared first).
void parse_tag_list(std::string_view text, std::span<const std::string_view> known_names, std::vector<Tag>& out);

// RFC 6376 §2.8 / RFC 5322 WSP and line breaks.
[[nodiscard]] constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
[[nodiscard]] constexpr bool is_base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// DMARC (RFC 7489 §6.3): a p= or sp= value that is a policy (none, quarantine, reject, any case).
[[nodiscard]] bool dmarc_policy_valid(std::string_view v) noexcept;
// A pct= value: 0-100, at most three digits.
[[nodiscard]] bool dmarc_pct_valid(std::string_view v) noexcept;
// A DMARC record in its usual form, shown to be one SES016 selects without a finding, without
// the general reading: see mail_records.cpp. `joined` is a buffer. False means only: read the
// record the general way. When `first_aspf_strict` is given, it is set to whether the first aspf=
// tag reads (was reached and is) "s": a record usual without a custom MAIL FROM domain below is
// usual with one exactly when that is false.
[[nodiscard]] bool usual_valid_dmarc(const LintContext& context, const Record& r, bool mail_from_below,
                                     std::string& joined, bool* first_aspf_strict = nullptr);

// ---------------------------------------------------------------------------------------------
// Amazon SES host names.

enum class SesHostKind : std::uint8_t {
  none,                 // nothing to do with SES
  feedback,             // feedback-smtp.<region>.amazonses.com: the custom MAIL FROM MX
  feedback_amazonaws,   // feedback-smtp.<region>.amazonaws.com (the SMTP endpoint's suffix)
  feedback_no_region,   // feedback-smtp.amazonses.com
  feedback_other,       // feedback-smtp.<something else>, or a misspelt first label
  email_smtp,           // email-smtp.<region>.amazonaws.com: SMTP submission, not an MX
  inbound_smtp,         // inbound-smtp.<region>.amazonaws.com: SES receiving, a valid MX
  inbound_amazonses,    // inbound-smtp.<region>.amazonses.com: no such host
};

struct SesHost {
  SesHostKind kind = SesHostKind::none;
  std::string_view region;       // "us-east-1" when the name has one
  std::size_t region_begin = 0;  // offsets in the host text given
  std::size_t suffix_begin = 0;  // start of "amazonaws" / "amazonses" when present
};

// Classifies a host name written as text, without its trailing dot, case-insensitively.
[[nodiscard]] SesHost classify_ses_host(std::string_view host);
// A MAIL FROM candidate: feedback-smtp in any form, email-smtp, or inbound-smtp under amazonses.
[[nodiscard]] constexpr bool is_mail_from_kind(SesHostKind k) noexcept {
  return k == SesHostKind::feedback || k == SesHostKind::feedback_amazonaws ||
         k == SesHostKind::feedback_no_region || k == SesHostKind::feedback_other ||
         k == SesHostKind::email_smtp || k == SesHostKind::inbound_amazonses;
}
[[nodiscard]] constexpr bool is_feedback_kind(SesHostKind k) noexcept {
  return k == SesHostKind::feedback || k == SesHostKind::feedback_amazonaws ||
         k == SesHostKind::feedback_no_region || k == SesHostKind::feedback_other;
}
// Shaped like an AWS region code: "us-east-1", "us-gov-west-1", "ap-southeast-5".
[[nodiscard]] bool looks_like_region(std::string_view s) noexcept;
// A region with an SES feedback endpoint, from the AWS SES regions table (2023) and the regions
// that have their own SES DKIM domain. The list can lag behind AWS.
[[nodiscard]] bool known_ses_region(std::string_view s) noexcept;

// Owners of MX records that point at feedback-smtp (in any near-miss form), plus the
// MailFromDomain of every --ses-identity: the custom MAIL FROM domains in play.
[[nodiscard]] std::vector<Name> custom_mail_from_names(const LintContext& context);

// Owner names seen once and more than once, for rules that report a name holding two records of
// one kind (two SPF records, two DMARC records): a bit per name, no allocation per record.
class OwnerRepeats {
 public:
  explicit OwnerRepeats(std::size_t names) : once_(names, false), more_(names, false) {}
  void add(NameId owner) {
    if (more_[owner]) return;
    if (once_[owner]) {
      more_[owner] = true;
      repeated_.push_back(owner);
    } else {
      once_[owner] = true;
    }
  }
  // The names seen more than once, in the order their second record came.
  [[nodiscard]] const std::vector<NameId>& repeated() const noexcept { return repeated_; }

 private:
  std::vector<bool> once_;
  std::vector<bool> more_;
  std::vector<NameId> repeated_;
};

// The MX records whose exchange is an Amazon SES host (classify_ses_host gives a kind other
// than none), found once per zone and shared through context.analysis<SesMxHosts>(): MX
// records are read once for SES014, SES016 and SES010 instead of once by each.
struct SesMxHosts {
  struct Entry {
    std::uint32_t index;  // into context.records()
    SesHostKind kind;
  };
  std::vector<Entry> entries;  // in input order

  explicit SesMxHosts(const LintContext& context);
};

// classify_ses_host(mx_target(context, record)->host).kind, or nullopt when mx_target gives
// nullopt; read without the lexer or an allocation when the RDATA is plain words.
[[nodiscard]] std::optional<SesHostKind> mx_host_kind(const LintContext& context, const Record& record);

// The MX exchange of a record, as written: text without a trailing dot, lower-cased.
struct MxTarget {
  Token preference;
  Token exchange;
  std::string host;      // decoded, lower-cased, without the trailing dot
  bool absolute = false;  // written with a trailing dot
  std::uint32_t preference_value = 0;
  DecodedString decoded;  // the exchange token decoded, with text offsets

  // Text range of host bytes [from, to).
  [[nodiscard]] std::pair<std::uint32_t, std::uint32_t> host_range(std::size_t from, std::size_t to) const {
    const std::uint32_t b = from < decoded.origins.size() ? decoded.origins[from] : decoded.end;
    const std::uint32_t e = to < decoded.origins.size() ? decoded.origins[to] : decoded.end;
    return {b, e};
  }
};
[[nodiscard]] std::optional<MxTarget> mx_target(const LintContext& context, const Record& record);

// False when the MX exchange as written cannot be an SES host (classify_ses_host gives none):
// it names neither "amazon..." nor "...smtp" and holds no escape. A test on the text, before
// mx_target decodes anything.
[[nodiscard]] bool may_name_ses_host(const LintContext& context, const Record& record) noexcept;

// Starts loading what a loop over `indices` (records of one type, in input order, as
// context.of_type gives them) reads a few records after the k-th: the record itself, the first
// bytes of its RDATA text and, for a loop that looks at owners first, its owner's name. In a
// large zone these are cold by the time the rules run (a cache miss per record); loading them
// ahead hides most of that.
enum class Ahead : std::uint8_t { rdata, owner_and_rdata };
inline void prefetch(const LintContext& context, std::span<const std::uint32_t> indices, std::size_t k, Ahead what) {
  const auto records = context.records();
  if (k + 16 < indices.size()) __builtin_prefetch(&records[indices[k + 16]]);
  if (k + 8 < indices.size()) {
    const Record& r = records[indices[k + 8]];
    __builtin_prefetch(context.text(r).data() + r.rdata_begin);
    if (what == Ahead::owner_and_rdata) __builtin_prefetch(context.owner(r).wire().data());
  }
}

// The first bytes of the joined strings of a TXT record, white space at the front skipped (as
// SPF's and DMARC's version checks skip it), read from the text as written: at most `n` bytes,
// fewer when the text is shorter. nullopt when that needs more than a look at the text (escapes,
// generic RDATA, a quote inside a word).
[[nodiscard]] std::optional<std::string> txt_prefix(const LintContext& context, const Record& record, std::size_t n);
// The same into `buffer` (at most buffer.size() bytes), without an allocation: a view of the
// bytes written there.
[[nodiscard]] std::optional<std::string_view> txt_prefix(const LintContext& context, const Record& record,
                                                         std::span<char> buffer);

}  // namespace zonelint::mail

template <>
struct fmt::formatter<zonelint::mail::LazyNameText> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const zonelint::mail::LazyNameText& t, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(t.str(), ctx);
  }
};
