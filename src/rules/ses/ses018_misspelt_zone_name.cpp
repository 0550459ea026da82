// SES018 misspelt-zone-name: an Easy DKIM name whose domain after `_domainkey` is the zone's name
// misspelt (`tok._domainkey.exmaple.com` in the zone example.com).

#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES018",
    "misspelt-zone-name",
    Severity::warning,
    "An Easy DKIM name holds the zone's name misspelt after _domainkey",
    FixSafety::none,
    "ses dkim names",
    R"md(## What it does
Reports an Easy DKIM name (`<token>._domainkey.<domain>`) whose domain after `_domainkey` is not
the zone's name but looks like it misspelt: one edit away (a letter added, missing, changed, or
two letters swapped), two for a zone name of ten characters or more. Two ways lead there:

- the misspelt name typed **without a trailing dot** (`tok._domainkey.exmaple.com` in the zone
  `example.com`): the zone's name is appended, and the record is published at
  `tok._domainkey.exmaple.com.example.com.`;
- the misspelt name typed **absolute** (`tok._domainkey.exmaple.com.`): the record lies outside
  the zone (ZONE004 reports that too).

The finding is at the misspelt labels of the name. Names whose domain is the zone's name typed
twice exactly are SES002's.

## Why is this bad
SES looks up `<token>._domainkey.<identity>` for the identity it verifies, here the zone's own
name. A record at any other name is never found, the identity stays "pending" and then "failed"
after 72 hours. A misspelt domain reads right at a glance, in a console as in a review, which is
why it survives until verification fails. Other checks only see a DKIM set at a domain the
zone does not hold, and would ask to complete it there.

## Example
```
$ORIGIN example.com.
abcdefghijklmnopqrstuvwxyz234567._domainkey.exmaple.com  CNAME  abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com.
```

## Use instead
```
$ORIGIN example.com.
abcdefghijklmnopqrstuvwxyz234567._domainkey  CNAME  abcdefghijklmnopqrstuvwxyz234567.dkim.amazonses.com.
```

## Fix safety
No fix: the distance says a misspelling is likely, not which domain was meant (a zone may serve
several SES identities with similar names). The message gives the name SES looks up.

## References
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES, troubleshooting verification: https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- RFC 6376 §3.6.2.1, DKIM key lookup: https://www.rfc-editor.org/rfc/rfc6376#section-3.6.2.1
)md"};

// The labels [0, count) of `name` as text, without the trailing dot.
std::string first_labels_text(NameView name, std::size_t count) {
  std::string wire;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view l = name.label(i);
    wire += static_cast<char>(l.size());
    wire.append(l);
  }
  wire += '\0';
  std::string text = Name(std::move(wire)).to_text();
  text.pop_back();
  return text;
}

class MisspeltZoneName final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override { needs.add<ses::SesAnalysis>(); }

  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty() || apex.label_count() == 0) return;
    std::string zone = apex.to_text();
    zone.pop_back();
    const std::size_t allowed = zone.size() >= 10 ? 2 : 1;
    std::unordered_set<NameId> reported;  // a name written once gives one finding
    for (const ses::DkimRecord& d : context.analysis<ses::SesAnalysis>().dkim) {
      if (d.owner.kind == ses::Match::none || d.owner.label_missing || d.identity.empty()) continue;
      if (d.identity.equals(apex)) continue;
      // The domain after _domainkey, without the zone's name when the zone's name was appended.
      const bool inside = d.identity.is_subdomain_of(apex);
      const std::size_t count = d.identity.label_count() - (inside ? apex.label_count() : 0);
      if (count == 0) continue;
      const std::string domain = first_labels_text(d.identity, count);
      if (domain.size() < 4 || domain.size() + allowed < zone.size() || domain.size() > zone.size() + allowed) continue;
      const std::size_t distance = ses::edit_distance(domain, zone);
      if (distance == 0 || distance > allowed) continue;
      const Record& r = context.records()[d.index];
      if (!reported.insert(r.owner).second) continue;

      const NameView owner = context.owner(r);
      const std::size_t first = d.owner.domainkey_label + 1u;  // the domain's first label in the owner
      const std::string looked_up = first_labels_text(owner, first) + "." + apex.to_text();
      // Where the misspelt labels are written; the whole owner when they are not on the line.
      const RecordTokens tokens = context.tokens(r);
      Span at = context.owner_span(r);
      std::string write = looked_up;
      if (tokens.owner && !tokens.owner->quoted()) {
        const std::string_view text = context.text(r);
        const std::string_view written = tokens.owner->content(text);
        const auto labels = ses::written_labels(written);
        const std::uint32_t base = tokens.owner->content_begin();
        if (first + count <= labels.size()) {
          at = context.span(r, base + static_cast<std::uint32_t>(labels[first].first),
                            base + static_cast<std::uint32_t>(labels[first + count - 1].second));
          // Written relative under the zone's own origin: the name up to _domainkey is enough.
          if (LintContext::owner_written_relative(r) && context.origin(r).equals(apex))
            write = std::string(written.substr(0, labels[first - 1].second));
        }
      }
      findings.add(at,
                   fmt::format("the name \"{}\" has \"{}\" after \"_domainkey\", which looks like the zone's name "
                               "\"{}\" misspelt: SES looks up \"{}\" and does not find this record; write \"{}\"",
                               owner.to_text(), domain, zone, looked_up, write),
                   &r);
    }
  }
};

}  // namespace

const Rule& ses018_misspelt_zone_name() {
  static const MisspeltZoneName rule;
  return rule;
}

}  // namespace zonelint::rules
