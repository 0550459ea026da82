#pragma once
// Shared knowledge about Amazon SES Easy DKIM and domain verification records, used by the
// SES001-SES013 rules: the token shape, the CNAME target and owner forms with their near misses,
// stray characters, and which records belong to which SES identity.
//
// Facts and sources: docs/rules/SES*.md and the AWS SES Developer Guide pages they cite.
//
// One mistake, one finding. The rules split an Easy DKIM record's mistakes this way:
// - stray characters (find_stray) in a name or an SES value: SES003 only. Everything here compares
//   without them (match_owner, match_target, DkimRecord::owner_token/target_token), so no other
//   rule sees them.
// - a name holding the zone's name twice: SES002; DkimRecord::identity has the repeat removed.
// - the owner: SES006 for a near-miss or missing _domainkey label (OwnerMatch::kind near_miss).
// - the token: SES005 when name and target differ and one copy is well formed; otherwise SES004
//   for a copy that is not 32 characters of [a-z2-7]. A record carrying a token on either side
//   counts as carrying it (identity checks, sets).
// - the target: SES001 for an exact target written relative (origin appended), SES007 for a near
//   miss (relative or not: its suggestion carries the dot), or an absolute target followed by the
//   zone's name.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lint/context.hpp"
#include "model/name.hpp"

namespace zonelint::ses {

// Every observed Easy DKIM token is 32 characters of the lowercase RFC 4648 base32 alphabet
// ([a-z2-7]); AWS does not document it, so a mismatch is a strong hint, not proof.
inline constexpr std::size_t token_length = 32;
[[nodiscard]] bool is_token_shape(std::string_view label) noexcept;
[[nodiscard]] bool in_token_alphabet(std::string_view label) noexcept;  // [a-z2-7]* (any case)
// Loose enough to recognise a mistyped token: 24-40 letters and digits.
[[nodiscard]] bool looks_like_token(std::string_view label) noexcept;

// AWS Regions where SES runs (data, not a constant of nature: update it as AWS adds Regions).
[[nodiscard]] std::span<const std::string_view> regions() noexcept;
[[nodiscard]] bool is_region(std::string_view label) noexcept;
// The known Region closest to `label` by edit distance, if any is within 3 edits.
[[nodiscard]] std::optional<std::string_view> closest_region(std::string_view label);

// Damerau-Levenshtein distance (adjacent transpositions count one), ASCII case-insensitive.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

enum class Match : std::uint8_t { none, exact, near_miss };

// A CNAME target compared with <token>.dkim.amazonses.com. or <token>.dkim.<region>.amazonses.com.
struct TargetMatch {
  Match kind = Match::none;
  std::string token;       // the leftmost label as written (raw bytes)
  std::string region;      // for dkim.<region>.amazonses.com
  std::string problem;     // for a near miss: what is off, e.g. "\"amazonses.co\" instead of \"amazonses.com\""
  std::string suggestion;  // for a near miss: the corrected absolute target, with a trailing dot
  bool origin_appended = false;  // the name ends in the zone apex appended to an SES target
};

// `target` is the absolute name as stored; `apex` the zone's apex (may be empty).
[[nodiscard]] TargetMatch match_target(NameView target, NameView apex);

// An owner compared with <token>._domainkey.<identity>.
struct OwnerMatch {
  Match kind = Match::none;
  std::size_t token_label = 0;    // index of the token label
  std::size_t domainkey_label = 0;  // index of the (mis)written _domainkey label; for a missing
                                    // label, the index where it belongs
  std::string token;              // raw bytes of the token (for "tok_domainkey", the part before)
  Name identity;                  // the domain the record is for (labels after _domainkey)
  std::string problem;            // for a near miss: what is off
  std::string corrected_label;    // for a near miss: the label sequence to write instead, e.g. "tok._domainkey"
  bool label_missing = false;     // no _domainkey label at all, not even misspelt (set by SesAnalysis)
};

[[nodiscard]] OwnerMatch match_owner(NameView owner);

// Characters that are invisible, white space or quotes inside a name or value pasted from a
// console: C0/C1 controls, spaces (U+0020, U+00A0, U+2000-U+200A, U+3000...), zero-width and
// format characters (U+200B-U+200F, U+2060, U+FEFF, U+00AD), straight and curly quotes.
struct StrayCharacter {
  std::size_t offset;   // byte offset in the examined bytes
  std::size_t length;   // bytes of the UTF-8 sequence (1 for an invalid byte)
  char32_t code_point;  // U+FFFD for invalid UTF-8
};
[[nodiscard]] std::vector<StrayCharacter> find_stray(std::string_view bytes);
[[nodiscard]] std::string strip_stray(std::string_view bytes);
// "U+200B ZERO WIDTH SPACE", "U+0020 SPACE", ...
[[nodiscard]] std::string describe_code_point(char32_t cp);

// The name without a repeated apex at its end (`x.example.com.example.com.` -> `x.example.com.`).
[[nodiscard]] std::optional<Name> strip_duplicated_apex(NameView name, NameView apex);

// The labels of a name as written (presentation text, RFC 1035 §5.1), as [begin, end) offsets
// into `written`: escapes (`\.`, `\DDD`) stay inside their label; "@" and the final dot of an
// absolute name give no label. Label i of the text is label i of the name it means.
[[nodiscard]] std::vector<std::pair<std::size_t, std::size_t>> written_labels(std::string_view written);

// The file span of the text range [begin, end) of `r` when a fix may edit it: the record is not
// $GENERATEd and the range maps byte for byte onto the file (never synthesised glue).
[[nodiscard]] std::optional<Span> editable_span(const LintContext& context, const Record& r, std::uint32_t begin,
                                                std::uint32_t end);

// A record that is, or was almost certainly meant to be, an Easy DKIM record.
struct DkimRecord {
  std::uint32_t index = 0;   // into LintContext::records()
  OwnerMatch owner;          // kind none when the _domainkey label is missing altogether
  TargetMatch target;        // for CNAMEs (and aliases); kind none for other types
  std::string owner_token;   // stray characters removed, lowercased
  std::string target_token;  // likewise; empty when there is no target
  Name identity;             // the intended identity: duplicated apex removed
  bool duplicated_apex = false;

  // The token that names this record: the owner's, else (no token label) the target's.
  [[nodiscard]] const std::string& token() const noexcept { return owner_token.empty() ? target_token : owner_token; }
};

// An SES identity found in the zone or given with --ses-identity.
struct Identity {
  Name domain;
  std::vector<std::size_t> dkim;          // indices into SesAnalysis::dkim
  std::vector<std::uint32_t> verification;  // record indices of _amazonses TXT records
  std::vector<const SesIdentityData*> expected;  // --ses-identity data for this domain
};

// Where a DkimRecord's tokens are written, as [begin, end) text offsets in its record's text:
// the token part of the owner token (absent for an inherited owner or an owner without a token)
// and the first label of the CNAME target (absent without a written target).
struct TokenPlaces {
  std::optional<std::pair<std::uint32_t, std::uint32_t>> owner;
  std::optional<std::pair<std::uint32_t, std::uint32_t>> target;
};
[[nodiscard]] TokenPlaces token_places(const LintContext& context, const DkimRecord& d);

// Computed once per lint run: LintContext::analysis<ses::SesAnalysis>().
class SesAnalysis {
 public:
  explicit SesAnalysis(const LintContext& context);

  std::vector<DkimRecord> dkim;
  std::vector<Identity> identities;  // sorted by domain text

  [[nodiscard]] const Identity* identity(NameView domain) const;

  // The zone an identity's Easy DKIM targets live under, lowercase and without a trailing dot:
  // the SigningHostedZone of its --ses-identity data, else the one its exact targets use most,
  // else dkim.amazonses.com.
  [[nodiscard]] std::string hosted_zone(const Identity& identity) const;
};

// Where to report a finding about the zone as a whole: the SOA record, else the first record at
// the apex, else the first record; nullopt for an empty zone.
[[nodiscard]] std::optional<std::uint32_t> zone_anchor(const LintContext& context);

// True when a line the reader could not read (a ZONE000 finding) contains `needle`, ignoring
// ASCII case: the record written there is missing from the model, so a rule that counts records
// (SES008, SES012) holds back rather than report a consequence of that syntax error.
[[nodiscard]] bool unread_line_mentions(const LintContext& context, std::string_view needle);

}  // namespace zonelint::ses
