// SES006 domainkey-label-malformed: the `_domainkey` label of an Amazon SES Easy DKIM record is
// misspelt, lost its underscore or the dot before it, or is missing.

#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES006",
    "domainkey-label-malformed",
    Severity::error,
    "The _domainkey label of an Amazon SES DKIM record is misspelt, lost its dot or underscore, or is missing",
    FixSafety::safe,
    "ses dkim names",
    R"md(## What it does
Reports an Amazon SES Easy DKIM record (a CNAME to `<token>.dkim.amazonses.com`, or a record at a
name with an SES token) whose name is not `<token>._domainkey.<domain>`:

- the dot before `_domainkey` dropped: `tok_domainkey` (the form in AWS's own troubleshooting
  article), or escaped: `tok\._domainkey`;
- the underscore dropped or changed: `tok.domainkey`, `tok.-domainkey`;
- a misspelt label: `_domainkeys`, `_domiankey`, `_dkim`-like typos within two edits;
- the label typed twice, alone or with the token: `tok._domainkey._domainkey`,
  `tok._domainkey.tok._domainkey` (the finding is at the second copy, and the record counts for
  the domain after the last copy, not for `_domainkey.<domain>`);
- the label missing altogether: `tok.example.com`, or the token and the label both missing
  (`mail CNAME tok.dkim.amazonses.com.`).

Other providers' DKIM records (`selector1._domainkey` for Microsoft 365, `s1._domainkey` for
SendGrid, `k1._domainkey` for Mailchimp, Google's TXT keys) are never reported. A token that is
wrong is SES004's or SES005's, a zone name typed twice SES002's, stray characters SES003's.

## Why is this bad
SES looks up exactly `<token>._domainkey.<domain>` (Amazon SES Developer Guide, Easy DKIM); DKIM
verifiers look up `<selector>._domainkey.<domain>` (RFC 6376 §3.6.2.1). `tok_domainkey.example.com`
is one label where two are needed, and `tok.domainkey.example.com` is another name: SES finds
nothing and the identity stays "pending verification". AWS notes that the underscore "is
required" even where a provider refuses it; a hoster that accepts `mail.domainkey` but not
`mail._domainkey` invites exactly this wrong workaround (Server Fault 834679).

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6_domainkey   CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj.domainkey   CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
5aws6ez5cxrf4hvt6w2qrip6pr4voupo._domainkeys CNAME  5aws6ez5cxrf4hvt6w2qrip6pr4voupo.dkim.amazonses.com.
```

## Use instead
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
5aws6ez5cxrf4hvt6w2qrip6pr4voupo._domainkey  CNAME  5aws6ez5cxrf4hvt6w2qrip6pr4voupo.dkim.amazonses.com.
```

## Fix safety
Safe: the fix writes `<token>._domainkey` in place of the wrongly written labels and leaves the
rest of the name alone (for labels typed twice it deletes the copies after the first, each with
the dot in front of it); for the CNAME's value pasted as its name
(`<token>.dkim.amazonses.com` followed by the zone) that is the whole pasted value. No fix is
offered when both the token and `_domainkey` are missing (the intended name is a guess), for a
name that ends in `amazonses.com` (the value pasted as an absolute name: the domain is unknown),
for an owner that is not written on the record's line (inherited or `@`), for `$GENERATE`d
records, or for an export's name whose bytes differ from its text (a JSON or YAML escape).

## References
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES, troubleshooting verification (underscores): https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- RFC 6376 §3.6.2.1, DKIM key lookup: https://www.rfc-editor.org/rfc/rfc6376#section-3.6.2.1
- AWS Knowledge Center, domain stuck in pending verification: https://repost.aws/knowledge-center/ses-domain-stuck-pending-verification
)md"};

// The _domainkey label, or the token and the label, written more than once (ses::match_owner's
// near misses "tok._domainkey._domainkey", "tok._domainkey.tok._domainkey"): every label from
// the one after the first _domainkey to the last copy is one of the two.
bool repeated_label(NameView owner, const ses::DkimRecord& d) {
  if (d.owner.domainkey_label < d.owner.token_label + 2 || d.owner.domainkey_label >= owner.label_count()) return false;
  if (!ascii_iequals(owner.label(d.owner.token_label + 1u), "_domainkey")) return false;
  for (std::size_t i = d.owner.token_label + 2u; i <= d.owner.domainkey_label; ++i) {
    const std::string_view l = owner.label(i);
    if (!ascii_iequals(l, "_domainkey") && !ascii_iequals(l, owner.label(d.owner.token_label))) return false;
  }
  return true;
}

class DomainkeyLabelMalformed final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    std::unordered_set<NameId> reported;  // a name written once gives one finding
    for (const ses::DkimRecord& d : analysis.dkim) {
      if (d.owner.kind != ses::Match::near_miss) continue;
      const Record& r = context.records()[d.index];
      if (r.has(record_flag::owner_inherited) && reported.count(r.owner) != 0) continue;
      reported.insert(r.owner);
      const std::string_view text = context.text(r);
      const std::string owner_text = context.owner(r).to_text();
      const std::string identity = d.identity.to_text();
      const RecordTokens tokens = context.tokens(r);
      const bool written = tokens.owner && !tokens.owner->quoted();
      const auto labels = written ? ses::written_labels(tokens.owner->content(text))
                                  : std::vector<std::pair<std::size_t, std::size_t>>{};
      const std::uint32_t base = written ? tokens.owner->content_begin() : 0;

      if (d.owner.label_missing && d.owner_raw_token().empty()) {
        // Neither the token nor _domainkey: the record sits at the identity itself.
        const std::string token = ses::is_token_shape(d.target_token()) ? std::string(d.target_token()) : std::string("<token>");
        findings.add(written ? context.span(r, *tokens.owner) : context.owner_span(r),
                     fmt::format("the Easy DKIM CNAME to \"{}\" is at \"{}\", which has neither the token nor the "
                                 "\"_domainkey\" label; SES looks it up at \"{}._domainkey.{}\", so it does not find it; "
                                 "write the name as \"{}._domainkey\" followed by the domain",
                                 context.rdata_tokens(r).empty() ? std::string()
                                                                 : std::string(context.rdata_tokens(r).front().content(text)),
                                 owner_text, token, identity, token),
                     &r);
        continue;
      }

      const std::string intended = fmt::format("{}.{}", d.corrected_label(), identity);
      if (!d.owner.label_missing && repeated_label(context.owner(r), d) && d.owner.domainkey_label < labels.size()) {
        // "tok._domainkey._domainkey": the finding is at the copies after the first, and the fix
        // deletes them with the dots in front of them.
        const auto from = base + static_cast<std::uint32_t>(labels[d.owner.token_label + 1].second);
        const auto to = base + static_cast<std::uint32_t>(labels[d.owner.domainkey_label].second);
        const auto first_extra = base + static_cast<std::uint32_t>(labels[d.owner.token_label + 2].first);
        const std::size_t extra = d.owner.domainkey_label - d.owner.token_label - 1;
        const std::string shown_extra(text.substr(first_extra, to - first_extra));
        Diagnostic& diag = findings.add(
            context.span(r, first_extra, to),
            fmt::format("the name \"{}\" is not an Easy DKIM name: {}; SES looks up \"{}\", so it does not find "
                        "this record; delete the {}",
                        owner_text, d.owner_problem(), intended,
                        extra == 1 ? "second \"_domainkey\"" : fmt::format("repeated \"{}\"", shown_extra)),
            &r);
        if (const auto span = ses::editable_span(context, r, from, to))
          findings.fix(diag, "delete the repeated labels", {Edit{*span, ""}});
        continue;
      }
      std::optional<std::pair<std::uint32_t, std::uint32_t>> range;
      std::string replacement(d.corrected_label());
      if (d.owner.label_missing) {
        if (d.owner.token_label < labels.size()) {
          const auto [b, e] = labels[d.owner.token_label];
          range = std::make_pair(base + static_cast<std::uint32_t>(b), base + static_cast<std::uint32_t>(e));
        }
      } else if (d.owner.domainkey_label < labels.size()) {
        const auto b = labels[d.owner.token_label].first;
        const auto e = labels[d.owner.domainkey_label].second;
        range = std::make_pair(base + static_cast<std::uint32_t>(b), base + static_cast<std::uint32_t>(e));
      }
      const std::string problem = d.owner.label_missing ? std::string("the \"_domainkey\" label is missing after the token")
                                                        : std::string(d.owner_problem());
      const std::string shown = range ? std::string(text.substr(range->first, range->second - range->first)) : owner_text;
      Diagnostic& diag = findings.add(
          range ? context.span(r, range->first, range->second) : context.owner_span(r),
          fmt::format("the name \"{}\" is not an Easy DKIM name: {}; SES looks up \"{}\", so it does not find this "
                      "record; write \"{}\"{}",
                      owner_text, problem, intended, replacement,
                      range ? fmt::format(" instead of \"{}\"", shown) : std::string()),
          &r);
      // A name under amazonses.com is the CNAME's value pasted as an absolute name, outside the
      // zone: which domain it was meant for is unknown, so the label alone is no fix.
      if (!range || identity == "amazonses.com." || identity.ends_with(".amazonses.com.")) continue;
      if (const auto span = ses::editable_span(context, r, range->first, range->second))
        findings.fix(diag, "write the _domainkey label correctly", {Edit{*span, replacement}});
    }
  }
};

}  // namespace

const Rule& ses006_domainkey_label_malformed() {
  static const DomainkeyLabelMalformed rule;
  return rule;
}

}  // namespace zonelint::rules
