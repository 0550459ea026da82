// SES011 verification-token-malformed: the legacy `_amazonses` domain-verification TXT token is
// not 44 characters of base64 ending in "=".

#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"
#include "rules/ses/txt_look.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES011",
    "verification-token-malformed",
    Severity::error,
    "The _amazonses verification TXT token is not 44 characters of base64 ending in =",
    FixSafety::safe,
    "ses verification",
    R"md(## What it does
Checks the value of every `_amazonses.<domain>` TXT record (the legacy Amazon SES domain
verification), and of TXT records whose value starts with `amazonses:` (the variant for providers
that reject underscores), against the shape of every token SES has issued: 44 characters, that is
43 characters of base64 (`A-Z a-z 0-9 + /`) and one `=`. It reports:

- a dropped final `=` (error, with a fix when the 43 characters are a complete token);
- a character outside base64, or an `=` that is not the last character (error);
- another length (warning: the length is observed, not documented by AWS);
- a token with no upper-case letter, or no lower-case one (warning): a random token of this
  length practically always has both, so the DNS provider probably changed the case.

Several values at one `_amazonses` name are fine (one per region or account), and each is
checked on its own. White space, quotes and invisible characters inside the value are SES003's
(`stray-characters`); this rule checks what remains. With `--ses-identity` JSON that gives the
verification token, SES012 (`ses-identity-mismatch`) compares the value with it instead.

## Why is this bad
SES verifies the domain only when the TXT value "exactly matches the value that Amazon SES
provided". The `=` is base64 padding and part of the token: a real zone lost it
(`GSA-TTS/dns`, "fix prod record value", PR #515) and the domain did not verify. AWS also warns
that "some providers automatically modify DNS record values to use only lowercase letters",
which breaks the match the same way. After 72 hours without a match SES marks the verification
failed and it has to be restarted.

## Example
```
_amazonses.example.com.  TXT  "r3nlrOyTmleqQm6yXXyHqEffx6FC3vtWnv9UPMhkADw"
_amazonses.example.com.  TXT  "fmxqxt/icoyx4aa/beurdpmeax9/s3frbls+niixmqk="
```

## Use instead
```
_amazonses.example.com.  TXT  "r3nlrOyTmleqQm6yXXyHqEffx6FC3vtWnv9UPMhkADw="
_amazonses.example.com.  TXT  "fmxqxT/icOYx4aA/bEUrDPMeax9/s3frblS+niixmqk="
```
The case of a lower-cased token cannot be guessed: copy it again from SES
(`aws ses get-identity-verification-attributes --identities example.com`), and if the provider
lower-cases it, use DKIM to verify the domain instead.

## Fix safety
Safe: the only fix appends the dropped `=` to a 43-character token whose last character shows
that exactly one padding character is missing (base64 of 32 bytes). Other problems need the
token from SES.

## References
- AWS SES Developer Guide (archived), "Verifying a domain with Amazon SES" (TXT record, the
  `amazonses:` prefix, several values): https://github.com/awsdocs/amazon-ses-developer-guide
  (`doc-source/dns-txt-records.md`)
- AWS SES Developer Guide, "Troubleshooting verification problems" ("Your DNS provider modified
  the DNS record value"): https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- RFC 4648 §4 (base64 and its padding): https://www.rfc-editor.org/rfc/rfc4648#section-4
- GSA-TTS/dns PR #515 (a dropped `=`): https://github.com/GSA-TTS/dns/pull/515
)md"};

inline constexpr std::size_t token_size = 44;

bool is_base64(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// The last character of 43 base64 characters that encode exactly 32 bytes has its low two bits
// zero (RFC 4648 §4: the padding bits are zero).
bool valid_last_of_32_bytes(char c) { return std::string_view("AEIMQUYcgkosw048").find(c) != std::string_view::npos; }

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(s[i])) != ascii_lower(static_cast<unsigned char>(prefix[i]))) return false;
  return true;
}

// The strings of a TXT record joined, each byte with the text range it came from.
struct Value {
  std::string bytes;
  std::vector<std::uint32_t> begins, ends;
};

Value joined_value(const LintContext& context, const Record& r) {
  Value v;
  for (const DecodedString& s : context.txt_strings(r)) {
    for (std::size_t i = 0; i < s.bytes.size(); ++i) {
      v.bytes.push_back(s.bytes[i]);
      v.begins.push_back(s.origins[i]);
      v.ends.push_back(i + 1 < s.bytes.size() ? s.origins[i + 1] : s.end);
    }
  }
  return v;
}

class VerificationTokenMalformed final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
    needs.add<mail::TxtLook>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    const auto records = context.records();
    std::vector<bool> seen(records.size(), false);
    for (const ses::Identity& id : analysis.identities) {
      const bool compared = expects_token(id);  // SES012 compares with the token SES gave
      for (const std::uint32_t i : id.verification) {
        seen[i] = true;
        if (!compared) check_value(context, findings, records[i]);
      }
    }
    // The `amazonses:` variant at a name without the _amazonses label (usually the apex).
    // The text as written decides for nearly every record: without a backslash in its first
    // bytes, the first string starts as written. That look was taken once for this rule, SES003
    // and SES015 (mail::TxtLook).
    const auto txt = context.of_type(rr::TXT);
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      const std::uint32_t i = txt[k];
      if (seen[i]) continue;
      const Record& r = records[i];
      if ((looks[k] & mail::TxtLook::no_amazonses_prefix) != 0) continue;
      const auto strings = context.txt_strings(r);
      if (strings.empty() || !istarts_with(strings.front().bytes, "amazonses:")) continue;
      const ses::Identity* id = analysis.identity(context.owner(r));
      if (id != nullptr && expects_token(*id)) continue;
      check_value(context, findings, r);
    }
  }

 private:
  static bool expects_token(const ses::Identity& id) {
    for (const SesIdentityData* d : id.expected)
      if (d->verification_token && !d->verification_token->empty()) return true;
    return false;
  }

  static void check_value(const LintContext& context, Findings& findings, const Record& r) {
    const Value value = joined_value(context, r);
    if (value.bytes.empty()) return;
    // The token: after an optional "amazonses:" prefix, stray characters left to SES003.
    const std::size_t from = istarts_with(value.bytes, "amazonses:") ? 10 : 0;
    std::string token;
    std::vector<std::size_t> at;  // index into value.bytes of each token byte
    const auto stray = ses::find_stray(std::string_view(value.bytes).substr(from));
    std::size_t s = 0;
    for (std::size_t i = from; i < value.bytes.size(); ++i) {
      if (s < stray.size() && stray[s].offset + from == i) {
        i += stray[s].length - 1;
        ++s;
        continue;
      }
      token.push_back(value.bytes[i]);
      at.push_back(i);
    }
    if (token.empty()) return;
    // The identity: the name under _amazonses, or the owner of an `amazonses:` value.
    const NameView name = context.owner(r);
    const std::string owner = (istarts_with(name.first_label(), "_amazonses") && name.first_label().size() == 10
                                   ? name.parent(1)
                                   : name)
                                  .to_text();
    const Span whole = context.span(r, value.begins[at.front()], value.ends[at.back()]);
    const auto char_span = [&](std::size_t k) { return context.span(r, value.begins[at[k]], value.ends[at[k]]); };

    for (std::size_t k = 0; k < token.size(); ++k) {
      const char c = token[k];
      if (is_base64(c) || (c == '=' && k + 1 == token.size())) continue;
      std::string message;
      if (c == '=') {
        message = fmt::format("the verification token of {} has \"=\" at character {} of {}: SES tokens are 43 base64 "
                              "characters and one \"=\" at the end, and SES verifies only an exact match; copy the "
                              "token again from SES",
                              owner, k + 1, token.size());
      } else {
        message = fmt::format(
            "the verification token of {} has \"{}\" at character {}, which is not in the base64 alphabet of SES "
            "tokens (A-Z, a-z, 0-9, + and /, then one \"=\"){}; SES verifies only an exact match; copy the token "
            "again from SES",
            owner, std::string(1, c), k + 1, (c == '-' || c == '_') ? ", as if converted to URL-safe base64" : "");
      }
      findings.add(char_span(k), std::move(message), &r);
      return;
    }
    const bool padded = token.back() == '=';
    if (!padded && token.size() == token_size - 1) {
      const bool complete = valid_last_of_32_bytes(token.back());
      Diagnostic& d = findings.add(
          whole,
          fmt::format("the verification token of {} is 43 characters without the final \"=\"{}: the \"=\" is base64 "
                      "padding and part of the token, and SES verifies only an exact match; write \"{}{}=\"",
                      owner, complete ? " (dropped)" : "", from != 0 ? value.bytes.substr(0, from) : "", token),
          &r);
      const std::uint32_t end = value.ends[at.back()];
      const auto place = ses::editable_span(context, r, end, end);
      if (complete && place && !r.has(record_flag::generic_rdata)) findings.fix(d, "append the dropped \"=\"", {Edit{*place, "="}});
      return;
    }
    if (token.size() != token_size || !padded) {
      Diagnostic& d = findings.add(
          whole,
          fmt::format("the verification token of {} is {} characters{}; every SES verification token is 44: 43 base64 "
                      "characters and \"=\" (base64 of 32 bytes), so a character was probably lost or added; copy "
                      "the token again from SES",
                      owner, token.size(), padded ? "" : " and does not end in \"=\""),
          &r);
      d.severity = Severity::warning;
      return;
    }
    bool upper = false, lowercase = false;
    for (const char c : token) {
      upper = upper || (c >= 'A' && c <= 'Z');
      lowercase = lowercase || (c >= 'a' && c <= 'z');
    }
    if (upper && lowercase) return;
    Diagnostic& d = findings.add(
        whole,
        fmt::format("the verification token of {} has no {} letter; SES tokens mix upper and lower case, so the DNS "
                    "provider probably changed the case, and SES verifies only an exact match; copy the token again "
                    "from SES, or verify the domain with DKIM if the provider keeps changing it",
                    owner, upper ? "lower-case" : "upper-case"),
        &r);
    d.severity = Severity::warning;
  }
};

}  // namespace

const Rule& ses011_verification_token_malformed() {
  static const VerificationTokenMalformed rule;
  return rule;
}

}  // namespace zonelint::rules
