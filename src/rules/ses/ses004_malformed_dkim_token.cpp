// SES004 malformed-dkim-token: an Amazon SES Easy DKIM token that is not 32 characters of the
// lowercase base32 alphabet [a-z2-7].

#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES004",
    "malformed-dkim-token",
    Severity::warning,
    "An Amazon SES DKIM token is not 32 characters of a-z and 2-7",
    FixSafety::none,
    "ses dkim",
    R"md(## What it does
Checks the token of every Amazon SES Easy DKIM record, in its name (`<token>._domainkey`) and in
its target (`<token>.dkim.amazonses.com`), and reports a token that does not have the shape of
the tokens SES issues: 32 characters of the lowercase base32 alphabet, `a`-`z` and `2`-`7`.

- a character missing or one too many (31 or 33 characters): warning;
- a character outside the alphabet (`0`, `1`, `8`, `9`, punctuation): warning;
- upper case letters only: note. DNS names are case-insensitive (RFC 4343), so the record works,
  but SES shows tokens in lower case and the difference hides real typos when comparing.

With `--ses-identity`, a malformed token that is a near miss of a token SES expects is an error
and the message says which characters differ.

To keep one finding per mistake it stays quiet where another rule explains the token:
- when the name's token and the target's token differ and one of them is well formed, the
  difference is SES005's (a typo on one side);
- stray characters (spaces, invisible characters) are SES003's, and the token is checked without
  them.
When the name and the target hold the same malformed token, one finding is given, at the name.

## Why is this bad
SES looks up exactly the three names `<token>._domainkey.<domain>` it issued and expects each to
be a CNAME to `<token>.dkim.amazonses.com` (Amazon SES Developer Guide, Easy DKIM). A token with a
character missing or changed is a different name: SES finds nothing, the identity stays "pending
verification" and fails after 72 hours.

AWS does not document the token format. Every token observed in public zones (84 distinct real
tokens in hackclub/dns, GSA-TTS/dns and AWS's own blog) is 32 characters of `[a-z2-7]`, which is
why a token of another shape is reported as a warning, not an error. AWS documentation
placeholders break the pattern on purpose (`hirjd4exampled5477y22yd23ettobi` has 31 characters):
a token copied from the documentation is reported too.

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh.dkim.amazonses.com.
```

## Use instead
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
```

## Fix safety
No automatic fix: the right token is only known to SES. Copy the three records again from the
SES console, or from `aws sesv2 get-email-identity` (its `DkimAttributes.Tokens`).

## References
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES API, DkimAttributes (Tokens): https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html
- RFC 4648 §6, the base32 alphabet: https://www.rfc-editor.org/rfc/rfc4648#section-6
- RFC 4343, DNS case insensitivity: https://www.rfc-editor.org/rfc/rfc4343
)md"};

bool in_alphabet(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

// What is wrong with a cleaned, lowercased token; empty when it has the shape.
std::string shape_problem(std::string_view token) {
  std::vector<std::string> parts;
  const auto length = [&] { return fmt::format("is {} character{}", token.size(), token.size() == 1 ? "" : "s"); };
  if (token.size() < ses::token_length) {
    const std::size_t n = ses::token_length - token.size();
    parts.push_back(fmt::format("{}, so {} missing", length(),
                                n == 1 ? "a character is" : fmt::format("{} characters are", n)));
  } else if (token.size() > ses::token_length) {
    const std::size_t n = token.size() - ses::token_length;
    parts.push_back(fmt::format("{}, so {}", length(),
                                n == 1 ? "it has one character too many" : fmt::format("it has {} characters too many", n)));
  }
  std::vector<std::string> bad;
  for (std::size_t i = 0; i < token.size() && bad.size() < 4; ++i) {
    if (!in_alphabet(token[i])) bad.push_back(fmt::format("\"{}\" (character {})", token[i], i + 1));
  }
  if (!bad.empty()) {
    std::string list;
    for (std::size_t i = 0; i < bad.size(); ++i) list += (i == 0 ? "" : i + 1 == bad.size() ? " and " : ", ") + bad[i];
    parts.push_back(fmt::format("contains {}, which SES tokens never hold", list));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : " and ") + parts[i];
  return out;
}

// Upper case in the token without its stray characters: no byte of a stray character (controls,
// space, quotes, non-ASCII sequences, invalid bytes) is an ASCII capital, so the raw bytes tell.
bool has_upper(std::string_view raw) noexcept {
  for (const char c : raw)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

// The token SES expects for this record's identity that is closest to `token`, within 3 edits.
std::optional<std::string> expected_near(const ses::SesAnalysis& analysis, const ses::DkimRecord& d,
                                         std::string_view token) {
  const ses::Identity* id = analysis.identity(d.identity);
  if (id == nullptr) return std::nullopt;
  std::optional<std::string> best;
  std::size_t best_distance = 4;
  for (const SesIdentityData* data : id->expected) {
    for (const std::string& t : data->dkim_tokens) {
      std::string lower_t;
      for (const char c : t) lower_t.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(c))));
      const std::size_t distance = ses::edit_distance(lower_t, token);
      if (distance < best_distance) {
        best_distance = distance;
        best = lower_t;
      }
    }
  }
  return best;
}

std::string_view without_scheme(std::string_view raw) noexcept { return raw.substr(ses::url_scheme_length(raw)); }

class MalformedDkimToken final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    for (const ses::DkimRecord& d : analysis.dkim) {
      // The plain form (no DkimDetail) has lowercase tokens without stray characters, the target's
      // the owner's own or none: a well-formed owner token leaves nothing to report.
      if (d.detail == nullptr && !d.owner_token.empty() && ses::is_token_shape(d.owner_token)) continue;
      const std::string_view owner = d.owner_token;
      const std::string_view target = d.target_token();
      const bool owner_ok = !owner.empty() && ses::is_token_shape(owner);
      const bool target_ok = !target.empty() && ses::is_token_shape(target);
      // Different tokens with one well formed: the difference is SES005's.
      if (!owner.empty() && !target.empty() && owner != target && (owner_ok || target_ok)) continue;
      if (owner.empty() && target.empty()) continue;

      // Nearly every record is well formed: find where the tokens are written only to report.
      const bool owner_finding = !owner.empty() && (!owner_ok || has_upper(d.owner_raw_token()));
      // A URL scheme in front of the target's token is SES007's.
      const std::string_view target_raw = without_scheme(d.target_raw_token());
      const bool target_finding = !target.empty() && (!target_ok || has_upper(target_raw));
      if (!owner_finding && !target_finding) continue;
      const Record& r = context.records()[d.index];
      const ses::TokenPlaces places = ses::token_places(context, d);
      if (!owner.empty() && owner == target) {
        // One token written twice: one finding, at the name.
        if (!owner_ok) {
          report(context, findings, analysis, d, r, owner, places.owner, "in the name and the target");
        } else if (has_upper(d.owner_raw_token())) {
          note_case(context, findings, r, d.owner_raw_token(), owner, places.owner, "in the name");
        } else if (has_upper(target_raw)) {
          note_case(context, findings, r, target_raw, target, places.target, "in the target");
        }
        continue;
      }
      if (!owner.empty()) {
        if (!owner_ok) report(context, findings, analysis, d, r, owner, places.owner, "in the name");
        else if (has_upper(d.owner_raw_token())) note_case(context, findings, r, d.owner_raw_token(), owner, places.owner, "in the name");
      }
      if (!target.empty()) {
        if (!target_ok) report(context, findings, analysis, d, r, target, places.target, "in the target");
        else if (has_upper(target_raw))
          note_case(context, findings, r, target_raw, target, places.target, "in the target");
      }
    }
  }

 private:
  static Span where(const LintContext& context, const Record& r,
                    const std::optional<std::pair<std::uint32_t, std::uint32_t>>& place) {
    return place ? context.span(r, place->first, place->second) : context.owner_span(r);
  }

  static void report(const LintContext& context, Findings& findings, const ses::SesAnalysis& analysis,
                     const ses::DkimRecord& d, const Record& r, std::string_view token,
                     const std::optional<std::pair<std::uint32_t, std::uint32_t>>& place, std::string_view side) {
    const std::string problem = shape_problem(token);
    if (problem.empty()) return;
    if (const auto expected = expected_near(analysis, d, token)) {
      Diagnostic& diag = findings.add(
          where(context, r, place),
          fmt::format("DKIM token \"{}\" {} {}; SES expects \"{}\" for this identity (--ses-identity), and looks up "
                      "only the names it issued, so it does not find this record; write \"{}\"",
                      token, side, problem, *expected, *expected),
          &r);
      diag.severity = Severity::error;
      return;
    }
    findings.add(where(context, r, place),
                 fmt::format("DKIM token \"{}\" {} {}: every token SES issues is 32 characters of a-z and 2-7 "
                             "(observed; AWS does not document the format), and SES looks up only the names it "
                             "issued; copy the token again from the SES console",
                             token, side, problem),
                 &r);
  }

  static void note_case(const LintContext& context, Findings& findings, const Record& r, std::string_view raw,
                        std::string_view lower, const std::optional<std::pair<std::uint32_t, std::uint32_t>>& place,
                        std::string_view side) {
    Diagnostic& diag = findings.add(
        where(context, r, place),
        fmt::format("DKIM token \"{}\" {} has upper-case letters; SES issues tokens in lower case. DNS names are "
                    "case-insensitive, so this works, but write it as SES shows it: \"{}\"",
                    ses::strip_stray(raw), side, lower),
        &r);
    diag.severity = Severity::note;
  }
};

}  // namespace

const Rule& ses004_malformed_dkim_token() {
  static const MalformedDkimToken rule;
  return rule;
}

}  // namespace zonelint::rules
