#pragma once
// Shared knowledge about Amazon SES Easy DKIM and domain verification records, used by the
// SES001-SES013 rules: the token shape, the CNAME target and owner forms with their near misses,
// stray characters, and which records belong to which SES identity.
//
// Facts and sources: docs/rules/SES*.md and the AWS SES Developer Guide pages they cite.
//
// One mistake, one finding. The rules split an Easy DKIM record's mistakes this way:
// - stray characters (find_stray) in a name or an SES value: SES003 only. Everything here compares
//   without them (match_owner, match_target, DkimRecord::owner_token/target_token()), so no other
//   rule sees them.
// - a name holding the zone's name twice: SES002; DkimRecord::identity has the repeat removed.
// - the owner: SES006 for a near-miss or missing _domainkey label (OwnerMatch::kind near_miss).
// - the token: SES005 when name and target differ and one copy is well formed; otherwise SES004
//   for a copy that is not 32 characters of [a-z2-7]. A record carrying a token on either side
//   counts as carrying it (identity checks, sets).
// - the target: SES001 for an exact target written relative (origin appended), SES007 for a near
//   miss (relative or not: its suggestion carries the dot), a target pasted as a URL (compared
//   without the scheme and the final "/": DkimRecord::target_token() has no scheme), or an
//   absolute target followed by the zone's name.

#include <cstdint>
#include <cstring>
#include <deque>
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
  bool url = false;              // written as a URL: a scheme ("https://") in front, a "/" at the end
};

// `target` is the absolute name as stored; `apex` the zone's apex (may be empty). A URL pasted as
// the target ("https://<token>.dkim.amazonses.com/") is compared without its scheme and its final
// "/", and is a near miss with `url` set.
[[nodiscard]] TargetMatch match_target(NameView target, NameView apex);

// The length of an "http://" or "https://" in front of `text` (any case), else 0.
[[nodiscard]] std::size_t url_scheme_length(std::string_view text) noexcept;
// A token as compared: stray characters and a URL scheme removed, lowercase.
[[nodiscard]] std::string comparable_token(std::string_view raw);

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
// The name an owner with stray characters (SES003's finding) means: each label without them; a
// label of stray characters alone ends the name, since it stood after the final dot of an
// absolute name and the origin was appended to it ("tok._domainkey.example.com.<U+200B>").
// nullopt when no label holds a stray character, the common case, which costs one test per label
// and no allocation.
[[nodiscard]] std::optional<Name> name_without_stray(NameView name);
// "U+200B ZERO WIDTH SPACE", "U+0020 SPACE", ...
[[nodiscard]] std::string describe_code_point(char32_t cp);
// Characters written one right after the other, said once: "U+200B ZERO WIDTH SPACE",
// "U+00A0 NO-BREAK SPACE twice", "U+0001 and U+0002 in a row", "U+0001, U+0002, U+0003 and 2
// more in a row".
[[nodiscard]] std::string describe_code_points(std::span<const char32_t> run);

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

// What SesAnalysis keeps for a DkimRecord that is not in the plain form (a near miss, stray
// characters, upper case, tokens that differ, a duplicated apex): the texts the rules quote.
struct DkimDetail {
  std::string owner_token_raw;   // OwnerMatch::token
  std::string owner_problem;     // OwnerMatch::problem
  std::string corrected_label;   // OwnerMatch::corrected_label
  std::string target_token_raw;  // TargetMatch::token
  std::string target_problem;    // TargetMatch::problem
  std::string target_suggestion; // TargetMatch::suggestion
  std::string owner_token;       // storage of DkimRecord::owner_token
  std::string target_token;      // storage of DkimRecord::target_token
  Name identity;                 // storage of DkimRecord::identity when it is not a zone name
};

// A record that is, or was almost certainly meant to be, an Easy DKIM record. Compact (a 1M-record
// zone holds tens of thousands): the views point into the zone's NameTable, a static table, or
// the DkimDetail that SesAnalysis keeps for the few records that need one.
struct DkimRecord {
  struct Owner {
    Match kind = Match::none;        // none when the _domainkey label is missing altogether
    bool label_missing = false;      // OwnerMatch::label_missing
    std::uint8_t token_label = 0;    // OwnerMatch::token_label
    std::uint8_t domainkey_label = 0;  // OwnerMatch::domainkey_label
  };
  struct Target {
    Match kind = Match::none;        // for CNAMEs (and aliases); none for other types
    bool origin_appended = false;    // TargetMatch::origin_appended
    bool url = false;                // TargetMatch::url
    std::uint8_t region_index = 0;   // 0: none; else 1 + index into regions()
    // TargetMatch::region: lowercase, empty for dkim.amazonses.com.
    [[nodiscard]] std::string_view region() const noexcept {
      return region_index == 0 ? std::string_view() : regions()[region_index - 1u];
    }
  };

  enum class TargetToken : std::uint8_t { none, owner_token, detail };

  std::uint32_t index = 0;   // into LintContext::records()
  Owner owner;
  Target target;
  bool duplicated_apex = false;
  TargetToken target_token_is = TargetToken::none;  // where target_token() is kept
  const DkimDetail* detail = nullptr;  // null for the plain form
  std::string_view owner_token;   // stray characters removed, lowercased
  NameView identity;              // the intended identity: duplicated apex removed

  // The target's token, stray characters removed, lowercased; empty when there is no target.
  [[nodiscard]] std::string_view target_token() const noexcept {
    switch (target_token_is) {
      case TargetToken::owner_token: return owner_token;
      case TargetToken::detail: return detail != nullptr ? std::string_view(detail->target_token) : std::string_view();
      case TargetToken::none: break;
    }
    return {};
  }
  // The token that names this record: the owner's, else (no token label) the target's.
  [[nodiscard]] std::string_view token() const noexcept { return owner_token.empty() ? target_token() : owner_token; }
  // The raw texts of OwnerMatch and TargetMatch (empty strings for the plain form, whose raw tokens
  // are the lowercase tokens themselves).
  [[nodiscard]] std::string_view owner_raw_token() const noexcept {
    return detail != nullptr ? std::string_view(detail->owner_token_raw) : owner_token;
  }
  [[nodiscard]] std::string_view target_raw_token() const noexcept {
    if (detail != nullptr) return detail->target_token_raw;
    return target_token_is == TargetToken::owner_token ? owner_token : std::string_view();
  }
  [[nodiscard]] std::string_view owner_problem() const noexcept {
    return detail != nullptr ? std::string_view(detail->owner_problem) : std::string_view();
  }
  [[nodiscard]] std::string_view corrected_label() const noexcept {
    return detail != nullptr ? std::string_view(detail->corrected_label) : std::string_view();
  }
  [[nodiscard]] std::string_view target_problem() const noexcept {
    return detail != nullptr ? std::string_view(detail->target_problem) : std::string_view();
  }
  [[nodiscard]] std::string_view target_suggestion() const noexcept {
    return detail != nullptr ? std::string_view(detail->target_suggestion) : std::string_view();
  }
};

// An SES identity found in the zone or given with --ses-identity.
struct Identity {
  NameView domain;  // into the zone's names, the options, or SesAnalysis
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

// Computed once per lint run: LintContext::analysis<ses::SesAnalysis>(). Not copyable: the
// records' views point into its own storage.
class SesAnalysis {
 public:
  explicit SesAnalysis(const LintContext& context);
  SesAnalysis(const SesAnalysis&) = delete;
  SesAnalysis& operator=(const SesAnalysis&) = delete;

  std::vector<DkimRecord> dkim;
  std::vector<Identity> identities;  // sorted by domain text
  // Per record: the bits of NameRdata (name_rdata.hpp), taken in the same pass; use
  // context.analysis<NameRdata>().
  std::vector<std::uint8_t> name_rdata;

  [[nodiscard]] const Identity* identity(NameView domain) const;

  // The zone an identity's Easy DKIM targets live under, lowercase and without a trailing dot:
  // the SigningHostedZone of its --ses-identity data, else the one its exact targets use most,
  // else dkim.amazonses.com.
  [[nodiscard]] std::string hosted_zone(const Identity& identity) const;

 private:
  std::deque<DkimDetail> details_;  // stable addresses: DkimRecord::detail and views
  std::deque<Name> names_;          // identities that are no name of the zone (duplicated apex removed)
  std::vector<std::pair<std::uint64_t, std::uint32_t>> by_hash_;  // (domain hash, index), sorted
};

// The labels of `name` in front of `suffix`, as wire bytes without a root label, when `name` is
// longer and ends in exactly the bytes of `suffix` at a label boundary; empty otherwise (then the
// caller looks at the whole name). Lets a per-owner scan skip the zone's own labels.
[[nodiscard]] inline std::string_view wire_in_front(NameView name, NameView suffix) noexcept {
  const std::string_view w = name.wire(), s = suffix.wire();
  if (s.empty() || w.size() <= s.size() || w.substr(w.size() - s.size()) != s) return {};
  const std::size_t cut = w.size() - s.size();
  std::size_t pos = 0;
  while (pos < cut) pos += static_cast<unsigned char>(w[pos]) + 1u;
  return pos == cut ? w.substr(0, cut) : std::string_view();
}

// Byte tests eight bytes at a time (SWAR) for the scans of every record's text. Each test is exact
// for the word as a whole (a true result may come from any byte, never from none).
namespace swar {
inline constexpr std::uint64_t ones = 0x0101010101010101ULL;
inline constexpr std::uint64_t highs = 0x8080808080808080ULL;
// Some byte of `w` is below `n` (n <= 128).
[[nodiscard]] constexpr std::uint64_t has_below(std::uint64_t w, std::uint8_t n) noexcept {
  return (w - ones * n) & ~w & highs;
}
[[nodiscard]] constexpr std::uint64_t has_byte(std::uint64_t w, std::uint8_t c) noexcept {
  return has_below(w ^ (ones * c), 1);
}
// Whether `test` holds for some 8-byte word of `s` (a test of whether any byte is of some kind).
// The last word overlaps the one before (bytes tested twice do no harm); a string shorter than
// 8 bytes is padded with `pad` bytes, which must not make `test` true.
template <typename Test>
[[nodiscard]] bool any_word(std::string_view s, Test&& test, char pad = 'a') noexcept {
  const std::size_t n = s.size();
  std::uint64_t w = 0;
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::memcpy(&w, s.data() + i, 8);
      if (test(w)) return true;
    }
    if (i == n) return false;
    std::memcpy(&w, s.data() + n - 8, 8);
    return test(w);
  }
  w = ones * static_cast<unsigned char>(pad);
  for (std::size_t i = 0; i < n; ++i) {
    w &= ~(std::uint64_t{0xFF} << (8 * i));
    w |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  }
  return test(w);
}
}  // namespace swar

// Where to report a finding about the zone as a whole: the SOA record, else the first record at
// the apex, else the first record; nullopt for an empty zone.
[[nodiscard]] std::optional<std::uint32_t> zone_anchor(const LintContext& context);

// True when a line the reader could not read (a ZONE000 finding) contains `needle`, ignoring
// ASCII case: the record written there is missing from the model, so a rule that counts records
// (SES008, SES012) holds back rather than report a consequence of that syntax error.
[[nodiscard]] bool unread_line_mentions(const LintContext& context, std::string_view needle);

}  // namespace zonelint::ses
