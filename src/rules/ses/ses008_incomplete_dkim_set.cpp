// SES008 incomplete-dkim-set: an Amazon SES identity whose Easy DKIM records are not complete
// sets of three (one set per region or account).

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES008",
    "incomplete-dkim-set",
    Severity::error,
    "An Amazon SES identity has fewer or more Easy DKIM records than whole sets of three",
    FixSafety::none,
    "ses dkim",
    R"md(## What it does
Counts, for every Amazon SES identity in the zone, the distinct tokens of its Easy DKIM records
(`<token>._domainkey.<identity>` CNAME `<token>.dkim.amazonses.com.`) and reports an identity
whose count is not a multiple of three: SES gives every identity three tokens per region (and
per account), so 3, 6 or 9 records are right and 2, 4 or 5 are not.

Every record meant as an Easy DKIM record counts, whatever else is wrong with it: a misspelt
`_domainkey` label, a TXT record instead of a CNAME, a target that is a near miss of
`dkim.amazonses.com` or lacks its trailing dot. Other rules report those mistakes (SES001-SES007,
SES009), so a single mistake gives a single finding. A record whose owner lacks the
`_domainkey` label altogether counts for the closest enclosing identity that has DKIM records.
When every record points at a target with a known region, each region's set is checked on its
own (`dkim.amazonses.com` and `dkim.eu-south-1.amazonses.com` are different regions' sets).

An identity named with `--ses-identity DOMAIN` that has no Easy DKIM records, no `_amazonses`
verification record and no DKIM key in the zone is reported too. With `--ses-identity` JSON that
lists the tokens SES expects, the set those tokens belong to is left to SES012
(`ses-identity-mismatch`), which names the exact missing or stale token; the sets of other
regions (tokens SES did not list, under another DKIM target zone) are still checked here. When
the reader rejected a line that mentions `_domainkey` or `amazonses` (ZONE000), the count would
be wrong, so this rule holds back until the syntax error is fixed. A Route 53 change batch, or
an export that says it is one page of a longer list, holds only part of the zone: the records
not in it may complete the set, so the rule holds back there too.

Severity: error when an identity has fewer than three records or a region's set is incomplete;
warning for more than three that are not whole sets, since the extra record may be a harmless
leftover of an earlier identity rather than a missing one.

## Why is this bad
SES looks for three unique CNAME records for an Easy DKIM identity (SES API reference,
`DkimAttributes`). It reports DKIM as FAILED for the whole identity while any of them is missing,
and after 72 hours stops looking: the domain stays unverified and mail is not DKIM-signed with
it. A customer spent a week on a domain with two of the three records (PostHog PR #54603); a
public DNS repository shipped "DKIM #1 of 2" for an identity (GSA-TTS/dns).

## Example
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
```

## Use instead
All three records SES lists for the identity (console, or
`aws sesv2 get-email-identity --email-identity example.com`):
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
5aws6ez5cxrf4hvt6w2qrip6pr4voupo._domainkey  CNAME  5aws6ez5cxrf4hvt6w2qrip6pr4voupo.dkim.amazonses.com.
```
Pass the JSON of `aws sesv2 get-email-identity` with `--ses-identity` and zonelint names the
missing token (SES012).

## Fix safety
No fix: the missing token is known only to SES.

## References
- Amazon SES API v2 reference, `DkimAttributes` ("Amazon SES tries to find three unique CNAME
  records"): https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html
- AWS SES Developer Guide, "Easy DKIM in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- AWS blog, "How to use domain with Amazon SES in multiple accounts or regions" (six CNAME
  records, three from each):
  https://aws.amazon.com/blogs/messaging-and-targeting/how-to-use-domain-with-amazon-ses-in-multiple-accounts-or-regions/
- PostHog PR #54603 (one of three CNAMEs missing): https://github.com/PostHog/posthog/pull/54603
)md"};

using ses::DkimRecord;
using ses::Identity;
using ses::Match;

std::string lower_text(NameView name) {
  std::string text = name.to_text();
  for (char& c : text) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return text;
}

std::string region_zone(std::string_view region) {
  return region.empty() ? std::string("dkim.amazonses.com") : fmt::format("dkim.{}.amazonses.com", region);
}

std::string token_list(const std::vector<std::string>& tokens) {
  std::string out;
  for (const std::string& t : tokens) out += (out.empty() ? "" : ", ") + t;
  return out;
}

class IncompleteDkimSet final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    if (!context.zone().complete()) return;  // the other records of a set may be in the rest of the zone
    const auto& analysis = context.analysis<ses::SesAnalysis>();

    // A record with no _domainkey label at all (an SES target on `tok.example.com` or
    // `tok.dkim.example.com`) belongs to the closest enclosing identity that has real DKIM owners.
    std::vector<bool> strong(analysis.identities.size(), false);
    bool any_weak = false;
    for (std::size_t i = 0; i < analysis.identities.size(); ++i) {
      for (const std::size_t k : analysis.identities[i].dkim) {
        if (analysis.dkim[k].owner.label_missing) any_weak = true;
        else strong[i] = true;
      }
    }
    // Each identity's records; with no record moved (the usual case) that is its own list, which
    // is in input order already (SesAnalysis::dkim is).
    std::vector<std::vector<std::size_t>> members;
    if (any_weak) {
      members.resize(analysis.identities.size());
      for (std::size_t i = 0; i < analysis.identities.size(); ++i) {
        for (const std::size_t k : analysis.identities[i].dkim) {
          std::size_t home = i;
          if (analysis.dkim[k].owner.label_missing && !strong[i]) {
            NameView up = analysis.dkim[k].identity;
            while (up.label_count() > 1) {
              up = up.parent(1);
              // Identities are unique up to ASCII case, as lookups by lowercase text were.
              const ses::Identity* found = analysis.identity(up);
              if (found != nullptr && strong[static_cast<std::size_t>(found - analysis.identities.data())]) {
                home = static_cast<std::size_t>(found - analysis.identities.data());
                break;
              }
            }
          }
          members[home].push_back(k);
        }
      }
    }

    // A DKIM record on a line the reader rejected (ZONE000) is missing from the count.
    const bool unread_dkim =
        ses::unread_line_mentions(context, "_domainkey") || ses::unread_line_mentions(context, "amazonses");
    for (std::size_t i = 0; i < analysis.identities.size(); ++i) {
      const Identity& id = analysis.identities[i];
      if (unread_dkim) continue;
      std::vector<std::size_t> own;
      if (!any_weak && !id.dkim.empty() && (expects_tokens(id) || !whole_sets_in_one_region(analysis, id.dkim)))
        own = id.dkim;
      auto& list = any_weak ? members[i] : own;
      if (!any_weak && list.empty() && !id.dkim.empty()) continue;  // whole sets in one region: no finding
      if (expects_tokens(id)) {
        // SES012 compares with the tokens SES gave; the sets of other regions are still ours.
        std::vector<std::size_t> others = other_region_records(analysis, id, list);
        if (!others.empty()) check_identity(context, findings, analysis, id, others, true);
        continue;
      }
      if (list.empty()) {
        if (!id.expected.empty()) report_declared_without_records(context, findings, id);
        continue;
      }
      std::sort(list.begin(), list.end(),
                [&](std::size_t a, std::size_t b) { return analysis.dkim[a].index < analysis.dkim[b].index; });
      check_identity(context, findings, analysis, id, list, false);
    }
  }

 private:
  static bool expects_tokens(const Identity& id) {
    return std::any_of(id.expected.begin(), id.expected.end(),
                       [](const SesIdentityData* d) { return !d->easy_dkim_tokens().empty(); });
  }

  // Records of an identity with --ses-identity tokens that belong to another region's set: tokens
  // SES did not list, with exact targets under another zone than the listed tokens' (their
  // SigningHostedZone, else the zone their records use). In input order.
  static std::vector<std::size_t> other_region_records(const ses::SesAnalysis& analysis, const Identity& id,
                                                       std::vector<std::size_t> list) {
    std::set<std::string, std::less<>> expected, zones;
    for (const SesIdentityData* d : id.expected) {
      for (const std::string& t : d->easy_dkim_tokens()) {
        std::string token = t;
        for (char& c : token) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
        expected.insert(token);
        if (d->signing_hosted_zone) zones.insert(*d->signing_hosted_zone);
      }
    }
    for (const std::size_t k : list) {
      const DkimRecord& d = analysis.dkim[k];
      if (d.target.kind == Match::exact && (expected.count(d.owner_token) != 0 || expected.count(d.target_token()) != 0))
        zones.insert(region_zone(d.target.region()));
    }
    std::vector<std::size_t> out;
    for (const std::size_t k : list) {
      const DkimRecord& d = analysis.dkim[k];
      if (expected.count(d.owner_token) != 0 || expected.count(d.target_token()) != 0) continue;
      if (d.target.kind != Match::exact || zones.empty() || zones.count(region_zone(d.target.region())) != 0) continue;
      out.push_back(k);
    }
    std::sort(out.begin(), out.end(),
              [&](std::size_t a, std::size_t b) { return analysis.dkim[a].index < analysis.dkim[b].index; });
    return out;
  }

  // The usual case, decided without building sets: every target exact and in one region, and
  // whole sets of three distinct tokens (what check_identity accepts without a finding).
  static bool whole_sets_in_one_region(const ses::SesAnalysis& analysis, const std::vector<std::size_t>& list) {
    const DkimRecord& first = analysis.dkim[list.front()];
    // Three records (the usual set): distinct tokens without sorting.
    std::array<std::string_view, 3> three;
    std::vector<std::string_view> tokens;
    const bool small = list.size() == 3;
    if (!small) tokens.reserve(list.size());
    for (std::size_t j = 0; j < list.size(); ++j) {
      const DkimRecord& d = analysis.dkim[list[j]];
      if (d.target.kind != Match::exact || d.target.region_index != first.target.region_index) return false;
      if (small) three[j] = d.token();
      else tokens.push_back(d.token());
    }
    if (small) return three[0] != three[1] && three[0] != three[2] && three[1] != three[2];
    std::sort(tokens.begin(), tokens.end());
    const auto distinct = std::unique(tokens.begin(), tokens.end()) - tokens.begin();
    return distinct % 3 == 0;
  }

  // `other_regions_only`: `list` holds only the sets of regions --ses-identity does not cover.
  static void check_identity(const LintContext& context, Findings& findings, const ses::SesAnalysis& analysis,
                             const Identity& id, const std::vector<std::size_t>& list, bool other_regions_only) {
    const auto records = context.records();
    if (!other_regions_only && whole_sets_in_one_region(analysis, list)) return;
    std::vector<std::string> tokens;  // distinct, in input order
    std::set<std::string> seen;
    std::map<std::string, std::set<std::string>> by_region;  // hosted zone -> tokens
    bool every_target_known = true;
    for (const std::size_t k : list) {
      const DkimRecord& d = analysis.dkim[k];
      if (seen.insert(std::string(d.token())).second) tokens.push_back(std::string(d.token()));
      if (d.target.kind == Match::exact) by_region[region_zone(d.target.region())].insert(std::string(d.token()));
      else every_target_known = false;
    }
    const DkimRecord& first = analysis.dkim[list.front()];
    const Record& at = records[first.index];
    const std::string domain = id.domain.to_text();
    const std::size_t n = tokens.size();

    // Each region's set on its own when every record names its region's target.
    if (every_target_known && (by_region.size() >= 2 || other_regions_only)) {
      for (const auto& [zone, set] : by_region) {
        if (set.size() % 3 == 0) continue;
        std::string others;
        for (const auto& [z, s] : by_region)
          if (z != zone) others += fmt::format("{}{} under {}", others.empty() ? "" : ", ", s.size(), z);
        if (other_regions_only)
          others += fmt::format("{}the set --ses-identity gives, which SES012 checks", others.empty() ? "" : ", ");
        std::vector<std::string> region_tokens;
        for (const std::string& t : tokens)
          if (set.count(t) != 0) region_tokens.push_back(t);
        const std::string have = set.size() < 3 ? fmt::format("{} of the 3", set.size()) : std::to_string(set.size());
        Diagnostic& diag = findings.add(
            context.owner_span(at),
            fmt::format("{} has {} Easy DKIM records under {} ({}; besides {}): SES gives an identity three tokens "
                        "per region, each region with its own target zone, and reports DKIM FAILED for the set under "
                        "{} until exactly its three records resolve; publish the records SES lists in that region "
                        "(`aws sesv2 get-email-identity --email-identity {} --region <region>`)",
                        domain, have, zone, token_list(region_tokens), others, zone,
                        domain.substr(0, domain.size() - 1)),
            &at);
        if (set.size() > 3) diag.severity = Severity::warning;
        // The notes name the short set's records, after the first record (where the finding is).
        std::vector<std::size_t> in_set{list.front()};
        for (std::size_t j = 1; j < list.size(); ++j)
          if (set.count(std::string(analysis.dkim[list[j]].token())) != 0) in_set.push_back(list[j]);
        add_notes(context, analysis, in_set, diag);
        return;
      }
      return;
    }
    if (n % 3 == 0) return;
    std::string message;
    if (n < 3) {
      message = fmt::format(
          "{} has {} of the 3 Easy DKIM records SES gives an identity ({}): SES reports DKIM FAILED for the whole "
          "set while one is missing, so the domain never verifies; add the missing \"<token>._domainkey.{} CNAME "
          "<token>.{}.\" from the SES console or `aws sesv2 get-email-identity --email-identity {}` (pass that "
          "JSON with --ses-identity and zonelint names the missing token)",
          domain, n, token_list(tokens), domain, analysis.hosted_zone(id), domain.substr(0, domain.size() - 1));
    } else {
      message = fmt::format(
          "{} has {} Easy DKIM records with distinct tokens, not a whole number of sets of 3 (SES gives three per "
          "region and account): a set is incomplete, or a record is a stale leftover of an identity that was "
          "deleted and re-created; compare with `aws sesv2 get-email-identity --email-identity {}` in each "
          "region (pass that JSON with --ses-identity and zonelint names the odd token)",
          domain, n, domain.substr(0, domain.size() - 1));
    }
    Diagnostic& diag = findings.add(context.owner_span(at), std::move(message), &at);
    if (n > 3) diag.severity = Severity::warning;
    add_notes(context, analysis, list, diag);
  }

  static void add_notes(const LintContext& context, const ses::SesAnalysis& analysis,
                        const std::vector<std::size_t>& list, Diagnostic& diag) {
    const auto records = context.records();
    for (std::size_t j = 1; j < list.size(); ++j) {
      const DkimRecord& d = analysis.dkim[list[j]];
      diag.notes.push_back(Note{context.owner_span(records[d.index]),
                                fmt::format("Easy DKIM record for token {}", d.token())});
    }
  }

  // `--ses-identity example.com` for a domain with nothing SES could verify it by.
  static void report_declared_without_records(const LintContext& context, Findings& findings, const Identity& id) {
    const NameView apex = context.apex();
    if (!apex.empty() && !id.domain.is_subdomain_of(apex)) return;
    if (!id.verification.empty()) return;
    const auto records = context.records();
    // A DKIM key (BYODKIM) at <selector>._domainkey.<domain> counts as DKIM set up another way.
    for (const std::uint32_t i : context.of_type(rr::TXT)) {
      const NameView owner = context.owner(records[i]);
      if (owner.label_count() >= 2 && lower_text(owner.parent(1)).starts_with("_domainkey.") &&
          owner.parent(2).equals(id.domain))
        return;
    }
    const auto anchor = ses::zone_anchor(context);
    if (!anchor) return;
    const Record& at = records[*anchor];
    std::string sources;
    for (const SesIdentityData* d : id.expected) sources += (sources.empty() ? "" : ", ") + d->source;
    const std::string domain = id.domain.to_text();
    findings.add(context.owner_span(at),
                 fmt::format("{} is an SES identity (--ses-identity {}), but the zone has none of its 3 Easy DKIM "
                             "records, no _amazonses record and no DKIM key for it, so SES can never verify it; add "
                             "the three \"<token>._domainkey.{} CNAME <token>.dkim.amazonses.com.\" records SES "
                             "lists for it",
                             domain, sources, domain),
                 &at);
  }
};

}  // namespace

const Rule& ses008_incomplete_dkim_set() {
  static const IncompleteDkimSet rule;
  return rule;
}

}  // namespace zonelint::rules
