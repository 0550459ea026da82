// SES001 dkim-target-not-fqdn: an Amazon SES Easy DKIM CNAME target written without its trailing
// dot in a format where names are relative, so the origin is appended to it.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES001",
    "dkim-target-not-fqdn",
    Severity::error,
    "An Amazon SES DKIM CNAME target has no trailing dot, so the origin is appended to it",
    FixSafety::safe,
    "ses dkim names",
    R"md(## What it does
Reports an Amazon SES Easy DKIM CNAME whose target, `<token>.dkim.amazonses.com` or
`<token>.dkim.<region>.amazonses.com`, is written without its trailing dot, so that the name the
zone publishes is `<token>.dkim.amazonses.com.example.com.`.

It looks at formats where a name without a dot is relative: zone files (also Cloudflare and
Azure zone-file exports), and Google Cloud DNS exports (YAML and JSON), whose rrdatas are zone-file
text that must be fully qualified. Provider exports whose values are always absolute (Route 53
JSON, Cloudflare API, Azure JSON) never give this finding.

Related findings are left to other rules, so that one mistake gives one finding:
- a target that is also misspelt (`tok.dkim.amazonses.co`) is SES007's, whose suggestion
  includes the trailing dot;
- a target that is absolute except for stray characters after the dot
  (`tok.dkim.amazonses.com.\032`) is SES003's: deleting them fixes both;
- relative targets that are not SES DKIM targets are ZONE003's (public top-level domain) or
  SES014's (the MAIL FROM MX).

## Why is this bad
In a zone file a name without a trailing dot is relative and the origin is appended to it
(RFC 1035 §5.1). `tok._domainkey CNAME tok.dkim.amazonses.com` in the zone `example.com` points
at `tok.dkim.amazonses.com.example.com.`, a name that does not exist. SES follows the CNAME, finds
no DKIM key, and the identity stays "pending verification" and then fails after 72 hours; mail
is not DKIM-signed for the domain. The mistake is common when the values shown by the SES
console (which omit the dot) are pasted into a zone file; hackclub/dns PR 1035 is a real case,
and octoDNS and DNSControl refuse such targets for the same reason.

## Example
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com
```

## Use instead
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
```

## Fix safety
Safe: the fix inserts the trailing dot and nothing else; the target then means exactly what SES
asked for. It is not offered for `$GENERATE`d records or for text zonelint synthesised from an
export.

## References
- RFC 1035 §5.1, Master file format (relative and absolute names): https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES, troubleshooting verification ("add a period to the end"): https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- hackclub/dns PR 1035 (target without a trailing dot): https://github.com/hackclub/dns/pull/1035
)md"};

bool names_are_relative(InputFormat format) noexcept {
  return format == InputFormat::master_file || format == InputFormat::cloudflare_export ||
         format == InputFormat::azure_export || format == InputFormat::gcloud_yaml ||
         format == InputFormat::gcloud_json;
}

bool is_cloud_dns(InputFormat format) noexcept {
  return format == InputFormat::gcloud_yaml || format == InputFormat::gcloud_json;
}

class DkimTargetNotFqdn final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    if (!names_are_relative(context.zone().format)) return;
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    for (const ses::DkimRecord& d : analysis.dkim) {
      // A near miss that is also relative is SES007's: its suggestion carries the dot.
      if (d.target.kind != ses::Match::exact || !d.target.origin_appended) continue;
      const Record& r = context.records()[d.index];
      if (r.type != rr::CNAME || r.has(record_flag::alias)) continue;
      const auto tokens = context.rdata_tokens(r);
      if (tokens.empty() || tokens.front().quoted()) continue;
      const Token& t = tokens.front();
      const std::string_view text = context.text(r);
      const DecodedString decoded = context.decode(r, t);

      // The last byte that is not a stray character (those are SES003's).
      const auto stray = ses::find_stray(decoded.bytes);
      std::size_t last = decoded.bytes.size();
      for (std::size_t k = stray.size(); k-- > 0 && last > 0;) {
        if (stray[k].offset + stray[k].length != last) break;
        last = stray[k].offset;
      }
      if (last == 0) continue;
      const std::uint32_t origin = decoded.origins[last - 1];
      // Written absolute, with stray characters after the final dot: SES003 alone.
      if (decoded.bytes[last - 1] == '.' && text[origin] == '.') continue;

      const std::uint32_t insert_at = last < decoded.bytes.size() ? decoded.origins[last] : decoded.end;
      const std::string_view written = t.content(text);
      const std::string meaning = context.rdata_name(r, t) ? context.rdata_name(r, t)->to_text() : std::string();
      const std::string corrected = fmt::format("{}.", text.substr(t.content_begin(), insert_at - t.content_begin()));
      // Cloud DNS takes rrdatas in presentation form but only fully qualified: its API refuses the
      // change, and a zone-file import of the same value appends the zone.
      Diagnostic& diag = findings.add(
          context.span(r, t),
          is_cloud_dns(context.zone().format)
              ? fmt::format("target \"{}\" has no trailing dot: Cloud DNS requires fully qualified host names in "
                            "rrdatas and rejects the change (\"Invalid value for ... rrdata\"), and a zone-file "
                            "import reads it as \"{}\"; write \"{}\"",
                            written, meaning, corrected)
              : fmt::format("target \"{}\" has no trailing dot, so it means \"{}\"; write \"{}\"", written, meaning,
                            corrected),
          &r);
      if (const auto span = ses::editable_span(context, r, insert_at, insert_at))
        findings.fix(diag, "add the trailing dot", {Edit{*span, "."}});
    }
  }
};

}  // namespace

const Rule& ses001_dkim_target_not_fqdn() {
  static const DkimTargetNotFqdn rule;
  return rule;
}

}  // namespace zonelint::rules
