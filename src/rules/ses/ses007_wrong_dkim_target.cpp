// SES007 wrong-dkim-target: an Amazon SES Easy DKIM CNAME whose target is a near miss of
// <token>.dkim.amazonses.com (or <token>.dkim.<region>.amazonses.com).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES007",
    "wrong-dkim-target",
    Severity::error,
    "An Amazon SES DKIM CNAME points at a near miss of <token>.dkim.amazonses.com",
    FixSafety::unsafe,
    "ses dkim",
    R"md(## What it does
Reports an Amazon SES Easy DKIM CNAME whose target is almost, but not exactly,
`<token>.dkim.amazonses.com.` or `<token>.dkim.<region>.amazonses.com.`, and says what was meant:

- a misspelt domain: `amazonses.co`, `amazonaws.com`, `amazoneses.com`, `amazonses` without `.com`;
- the `dkim` label missing (`tok.amazonses.com`) or misspelt (`tok.dkin.amazonses.com`), or
  another label in its place; extra labels between the token and `amazonses.com`;
- the token label missing (`dkim.amazonses.com`): the suggestion takes the token from the name;
- a Region that is not one where SES runs (`dkim.us-east-7.amazonses.com`), with the closest
  known Region. An AWS Region where zonelint does not know SES to run (`ap-southeast-7`) is a
  warning, since SES arrives in new Regions after zonelint's list was written;
- the zone's name written after an absolute SES target (`tok.dkim.amazonses.com.example.com.`);
- the target built on another domain (`tok.dkim.example.com.`), when its first label is the
  name's own SES token;
- the target pasted as a URL: a scheme in front (`https://tok.dkim.amazonses.com.`, `http://`)
  or a `/` at the end (`tok.dkim.amazonses.com/`). The finding is at the scheme (or the `/`).
  The token after the scheme is compared with the name's and the record counts in its set, so
  SES005 and SES008 do not report the same paste again.

When the target is also written without its trailing dot, the suggestion has the dot and SES001
does not report the record as well. A CNAME to another provider (Microsoft 365, SendGrid,
Mailchimp) is never taken for a near miss: `amazonaws.com` and other spellings only count when
the rest of the target has the DKIM shape.

## Why is this bad
SES publishes the DKIM public key for each token at `<token>.dkim.amazonses.com` (or, in some
Regions, `<token>.dkim.<region>.amazonses.com`, the `SigningHostedZone` of the identity), and
checks that `<token>._domainkey.<domain>` is a CNAME to exactly that name (Amazon SES Developer
Guide, Easy DKIM; AWS General Reference, SES DKIM domains). Any other target holds no key: SES
does not verify the identity (INVALID_VALUE), and receivers cannot verify signatures. A CNAME
built on the wrong domain is a real mistake: alemuro/terraform-aws-ses-email-forwarding issue 5.
A CNAME target is a host name, never a URL: `https://tok.dkim.amazonses.com` is a name whose
first label is `https://tok` (a zone file reads it as relative, too, unless it ends in a dot),
and no name holding a scheme or a `/` is where SES publishes a key.

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.co.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.amazonses.com.
```

## Use instead
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
```

## Fix safety
Unsafe: the fix replaces the target with the suggestion, which is zonelint's best guess (the
closest Region, for example, may not be the one the identity is in). Check it against the SES
console or `aws sesv2 get-email-identity` (`DkimAttributes.SigningHostedZone`). For a target that
is only pasted as a URL, the fix deletes the scheme and the final `/` and nothing else; where the
name was read as relative (a zone file, Cloud DNS rrdatas) it writes the final dot in place of the
`/`, or after the name when there is none. No fix is offered
when there is no suggestion, for `$GENERATE`d records, or for text zonelint synthesised from an
export.

## References
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- AWS General Reference, Amazon SES endpoints and DKIM domains: https://docs.aws.amazon.com/general/latest/gr/ses.html
- Amazon SES API, DkimAttributes (SigningHostedZone): https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html
- alemuro/terraform-aws-ses-email-forwarding issue 5: https://github.com/alemuro/terraform-aws-ses-email-forwarding/issues/5
)md"};

// AWS Regions (2025) that are not in zonelint's list of Regions where SES runs: a DKIM domain
// there is unexpected, but SES may have arrived after the list was written.
constexpr std::string_view other_aws_regions[] = {"ap-east-2",  "ap-southeast-4", "ap-southeast-6",
                                                  "ap-southeast-7", "mx-central-1", "cn-north-1",
                                                  "cn-northwest-1"};

bool other_aws_region(std::string_view label) noexcept {
  for (const std::string_view r : other_aws_regions) {
    if (r.size() != label.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < r.size(); ++i)
      same = same && ascii_lower(static_cast<unsigned char>(label[i])) == static_cast<unsigned char>(r[i]);
    if (same) return true;
  }
  return false;
}

// The edits that turn a target written as a URL into `suggestion` by deleting the scheme and the
// final "/" (and, for a target read as relative, ending it with a dot), as text ranges and their
// replacements; nullopt when the target holds more than that to change.
using TextEdit = std::pair<std::pair<std::uint32_t, std::uint32_t>, std::string>;
std::optional<std::vector<TextEdit>> url_edits(std::string_view written, std::uint32_t base, bool relative,
                                               std::string_view suggestion) {
  std::vector<TextEdit> edits;
  std::string result;
  const std::size_t scheme = ses::url_scheme_length(written);
  if (scheme > 0) edits.push_back({{base, base + static_cast<std::uint32_t>(scheme)}, ""});
  // The slashes end the host name, before the final dot of an absolute target (which an export's
  // importer may have added); a relative one gets that dot, which is what the "/" stood for.
  std::size_t end = written.size();
  if (!relative && end > 0 && written[end - 1] == '.') --end;
  std::size_t slashes = end;
  while (slashes > scheme && written[slashes - 1] == '/') --slashes;
  // "tok.dkim.amazonses.com./": the dot is written already.
  const bool dot_before = slashes > 0 && written[slashes - 1] == '.';
  const std::string tail = relative && !dot_before ? "." : "";
  if (slashes < end || !tail.empty())
    edits.push_back({{base + static_cast<std::uint32_t>(slashes), base + static_cast<std::uint32_t>(end)}, tail});
  result = std::string(written.substr(scheme, slashes - scheme)) + tail;
  if (!dot_before) result += written.substr(end);
  if (result.size() != suggestion.size()) return std::nullopt;
  for (std::size_t i = 0; i < result.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(result[i])) != ascii_lower(static_cast<unsigned char>(suggestion[i])))
      return std::nullopt;
  return edits;
}

class WrongDkimTarget final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    for (const ses::DkimRecord& d : analysis.dkim) {
      const Record& r = context.records()[d.index];
      if (r.type != rr::CNAME || r.has(record_flag::alias)) continue;
      const bool near = d.target.kind == ses::Match::near_miss;
      const bool zone_after = d.target.kind == ses::Match::exact && d.target.origin_appended;
      if (!near && !zone_after) continue;
      const auto tokens = context.rdata_tokens(r);
      if (tokens.empty() || tokens.front().quoted()) continue;
      const Token& t = tokens.front();
      const std::string_view text = context.text(r);
      const std::string_view written = t.content(text);
      const DecodedString decoded = context.decode(r, t);
      const bool absolute = !written.empty() && written.back() == '.' &&
                            (written.size() < 2 || written[written.size() - 2] != '\\');

      std::string message;
      std::string suggestion(d.target_suggestion());
      Severity severity = Severity::error;
      if (zone_after) {
        // Relative is SES001's; stray characters after the dot are SES003's.
        if (!absolute || !ses::find_stray(decoded.bytes).empty()) continue;
        const std::string zone = context.apex().to_text();
        message = fmt::format("target \"{}\" has the zone name \"{}\" written after \"amazonses.com\", so it points at "
                              "a name where SES publishes no DKIM key; did you mean \"{}\"?",
                              written, zone.substr(0, zone.size() - 1), suggestion);
      } else {
        if (suggestion.empty() && ses::is_token_shape(d.owner_token)) {
          suggestion = fmt::format("{}.dkim.{}amazonses.com.", d.owner_token,
                                   d.target.region().empty() ? std::string() : std::string(d.target.region()) + ".");
        }
        const std::string relative =
            d.target.origin_appended ? ", and without a trailing dot the zone name is appended to it" : std::string();
        const bool unknown_region = d.target_problem().find("is not an AWS Region") != std::string_view::npos;
        std::string region;
        if (unknown_region) {
          const auto labels = ses::written_labels(written);
          if (labels.size() >= 3) {
            region = std::string(written.substr(labels[2].first, labels[2].second - labels[2].first));
            for (char& c : region) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
          }
        }
        if (unknown_region && other_aws_region(region)) {
          // A real Region, just not in zonelint's list: the target may well be right.
          severity = Severity::warning;
          message = fmt::format("target \"{}\" uses the DKIM domain of \"{}\", an AWS Region where zonelint does not "
                                "know SES to run{}; if SES runs there now, zonelint's list is out of date (compare "
                                "with the identity's SigningHostedZone), otherwise did you mean \"{}\"?",
                                written, region, relative, suggestion);
          suggestion.clear();  // no fix: the Region may be right
        } else if (suggestion.empty()) {
          message = fmt::format("target \"{}\" is not where SES publishes DKIM keys: {}{}; copy the target from the "
                                "SES console",
                                written, d.target_problem(), relative);
        } else if (unknown_region) {
          // The shared problem text asks about the Region alone; ask about the whole target.
          const std::string_view problem = d.target_problem().substr(0, d.target_problem().find("; did you mean"));
          message = fmt::format("target \"{}\" is not where SES publishes DKIM keys: {}{}; did you mean \"{}\"?",
                                written, problem, relative, suggestion);
        } else {
          message = fmt::format("target \"{}\" is not where SES publishes DKIM keys: {}{}; did you mean \"{}\"?",
                                written, d.target_problem(), relative, suggestion);
        }
      }
      if (d.target.url && !suggestion.empty() && report_url(context, findings, d, r, t, suggestion)) continue;
      Diagnostic& diag = findings.add(context.span(r, t), std::move(message), &r);
      diag.severity = severity;
      if (suggestion.empty()) continue;
      if (const auto span = ses::editable_span(context, r, t.content_begin(), t.content_end())) {
        findings.fix(diag, "replace the target with the suggestion", {Edit{*span, suggestion}});
      } else if (t.content_end() > t.content_begin() && text[t.content_end() - 1] == '.') {
        // An export that writes targets without the final dot (Cloudflare API, Azure JSON): the
        // importer added it, so the file's bytes end before it and keep their convention.
        if (const auto bare = ses::editable_span(context, r, t.content_begin(), t.content_end() - 1))
          findings.fix(diag, "replace the target with the suggestion",
                       {Edit{*bare, suggestion.substr(0, suggestion.size() - 1)}});
      }
    }
  }

 private:
  // A target that is the SES target written as a URL, and nothing else wrong: one finding at the
  // scheme (or the "/"), with a fix that deletes just those. False when more is wrong with it
  // (the general message and its whole-target suggestion say what).
  static bool report_url(const LintContext& context, Findings& findings, const ses::DkimRecord& d, const Record& r,
                         const Token& t, const std::string& suggestion) {
    const std::string_view written = t.content(context.text(r));
    const auto edits = url_edits(written, t.content_begin(), d.target.origin_appended, suggestion);
    if (!edits) return false;
    const std::size_t scheme = ses::url_scheme_length(written);
    // At the scheme, else at the "/" (the first edit that deletes something).
    Span at = context.span(r, t);
    for (const TextEdit& e : *edits) {
      if (e.first.second > e.first.first) {
        at = context.span(r, e.first.first, e.first.second);
        break;
      }
    }
    // Quoted as the file has it: without the final dot an export's importer added.
    std::string_view shown = written;
    if (!context.zone().text(r.text).is_file_text() && shown.size() > 1 && shown.back() == '.' &&
        !ses::editable_span(context, r, t.content_end() - 1, t.content_end()))
      shown.remove_suffix(1);
    const std::string_view scheme_text = written.substr(0, scheme);
    const bool slash = written.find('/', scheme) != std::string_view::npos;
    const std::string what =
        scheme == 0 ? std::string("ends in \"/\" as a URL does")
                    : fmt::format("is a URL, not a host name: it starts with the scheme \"{}\"{}", scheme_text,
                                  slash ? " and ends in \"/\"" : "");
    const std::string parts = scheme == 0 ? std::string("\"/\"")
                              : slash     ? fmt::format("\"{}\" or \"/\"", scheme_text)
                                          : fmt::format("\"{}\"", scheme_text);
    Diagnostic& diag = findings.add(
        at,
        fmt::format("target \"{}\" {}{}; a CNAME target is a host name, and SES, which expects exactly \"{}\", "
                    "never matches a name with {} in it, so the domain stays pending verification; write \"{}\"",
                    shown, what,
                    d.target.origin_appended ? ", and without a trailing dot the zone name is appended to it" : "",
                    suggestion, parts, suggestion),
        &r);
    std::vector<Edit> file_edits;
    for (const TextEdit& e : *edits) {
      const auto span = ses::editable_span(context, r, e.first.first, e.first.second);
      if (!span) return true;
      file_edits.push_back(Edit{*span, e.second});
    }
    findings.fix(diag, "delete the URL parts of the target", std::move(file_edits));
    return true;
  }
};

}  // namespace

const Rule& ses007_wrong_dkim_target() {
  static const WrongDkimTarget rule;
  return rule;
}

}  // namespace zonelint::rules
