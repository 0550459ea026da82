// SES009 dkim-wrong-record-type: an Easy DKIM record published as TXT (or another type, or a
// provider alias) instead of the CNAME SES looks up.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"
#include "rules/ses/txt_look.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES009",
    "dkim-wrong-record-type",
    Severity::error,
    "An Easy DKIM record is published as TXT, another type or a provider alias instead of a CNAME",
    FixSafety::unsafe,
    "ses dkim",
    R"md(## What it does
Reports an Amazon SES Easy DKIM record (`<token>._domainkey.<identity>`) that is not a plain
CNAME record:

- a TXT record, typically holding the CNAME target as text
  (`tok._domainkey TXT "tok.dkim.amazonses.com"`), or any other type (A, MX, ...);
- a provider alias record (a Route 53 alias, `AliasTarget`; an Azure alias record set) of any
  type, including type CNAME;
- a TXT record at any `_domainkey` name whose text is an SES DKIM target, even when the selector
  does not look like an SES token.

The finding is at the record's type. A record whose name also holds a proper CNAME is left to
ZONE001 (`cname-and-other-data`), and DNSSEC records beside a CNAME are fine. DKIM keys
(TXT values with `p=`) of BYODKIM and other providers are never reported.

## Why is this bad
With Easy DKIM, SES hosts the signing keys and rotates them; the zone only points at them with
three CNAME records, `<token>._domainkey.<identity>` CNAME `<token>.dkim.amazonses.com.`. SES
resolves each name and expects a CNAME. A TXT record with the target text is just text: the DKIM
key is never found and SES reports the error `TYPE_NOT_FOUND` ("the name exists, the record type
is wrong"), and verification fails after 72 hours. A Route 53 alias is answered by Route 53 with
the addresses of an AWS resource, never with a CNAME, and can only point at AWS resources such as
CloudFront or load balancers, not at `dkim.amazonses.com`.

## Example
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  TXT  "xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com"
```

## Use instead
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
```

## Fix safety
Unsafe: in a zone file the fix changes the type to CNAME and replaces the value with the target
(the text of the TXT when it is an SES target, else the token under the identity's SES DKIM zone).
It changes what the name answers, so review it. Alias records are not fixed: recreate them as
plain CNAME records with your provider.

## References
- AWS SES Developer Guide, "Easy DKIM in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES API v2 reference, `VerificationInfo` (error type `TYPE_NOT_FOUND`):
  https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_VerificationInfo.html
- AWS blog, "DKIM Troubleshooting Series: Introduction to DKIM and First DNS Hurdles":
  https://aws.amazon.com/blogs/ses/dkim-troubleshooting-series-introduction-to-dkim-and-first-dns-hurdles/
- Route 53 Developer Guide, "Choosing between alias and non-alias records":
  https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html
- dkim_verifier issue #195 (a CNAME target published as TXT): https://github.com/lieser/dkim_verifier/issues/195
)md"};

using ses::DkimRecord;
using ses::Match;

bool relative_format(InputFormat f) {
  return f == InputFormat::master_file || f == InputFormat::cloudflare_export || f == InputFormat::azure_export;
}

bool fixable(const LintContext& context, const Record& r) {
  return relative_format(context.zone().format) && !r.has(record_flag::generic_rdata) &&
         !r.has(record_flag::alias);
}

bool has_domainkey_label(NameView owner) {
  bool found = false;
  owner.for_each_label([&](std::string_view l) { found = found || ascii_iequals(l, "_domainkey"); });
  return found;
}

// The TXT value read as an SES DKIM target: its text without stray characters.
struct TextTarget {
  std::string text;  // as written (decoded, stray characters removed)
  ses::TargetMatch match;
  std::string corrected;  // absolute target to write, with a trailing dot
};

std::optional<TextTarget> text_target(const LintContext& context, const Record& r) {
  if (r.type != rr::TXT && r.type != rr::SPF) return std::nullopt;
  // An "=" as written stays one once decoded (DKIM keys, SPF): no target, and no decoding.
  if (context.rdata_mentions(r, '=')) return std::nullopt;
  std::string joined;
  for (const DecodedString& s : context.txt_strings(r)) joined += s.bytes;
  TextTarget t;
  t.text = ses::strip_stray(joined);
  if (t.text.empty() || t.text.find('=') != std::string::npos) return std::nullopt;
  std::string name_text = t.text;
  if (!name_text.ends_with('.')) name_text += '.';
  Name name;
  NameError error;
  if (!parse_name(name_text, NameView(), name, error)) return std::nullopt;
  t.match = ses::match_target(name, context.apex());
  if (t.match.kind == Match::none) return std::nullopt;
  t.corrected = t.match.kind == Match::exact && !t.match.origin_appended ? name.to_text() : t.match.suggestion;
  if (t.corrected.empty()) return std::nullopt;
  return t;
}

class DkimWrongRecordType final : public Rule {
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
    std::unordered_map<NameId, bool> plain_cname_at;            // per owner, computed once
    std::vector<std::int8_t> domainkey_at(context.zone().names.size(), -1);  // per owner name
    const auto domainkey_owner = [&](NameId owner) {
      std::int8_t& known = domainkey_at[owner];
      if (known < 0) known = has_domainkey_label(context.zone().names.get(owner)) ? 1 : 0;
      return known == 1;
    };
    std::unordered_map<const ses::Identity*, std::string> zone_of;  // per identity, computed once
    const auto has_plain_cname = [&](const Record& r) {
      const auto [it, added] = plain_cname_at.emplace(r.owner, false);
      if (added) {
        for (const std::uint32_t j : context.at_owner(r.owner))
          if (records[j].type == rr::CNAME && !records[j].has(record_flag::alias)) it->second = true;
      }
      return it->second;
    };
    for (const DkimRecord& d : analysis.dkim) {
      seen[d.index] = true;
      const Record& r = records[d.index];
      if (r.type == rr::CNAME && !r.has(record_flag::alias)) continue;
      if (zone_support::allowed_beside_cname(r.type)) continue;
      if (has_plain_cname(r)) continue;  // ZONE001: CNAME and other data
      std::string target;
      const auto as_text = text_target(context, r);
      if (as_text) {
        target = as_text->corrected;
      } else if (!d.token().empty()) {
        const ses::Identity* id = analysis.identity(d.identity);
        auto [it, added] = zone_of.emplace(id, std::string());
        if (added) it->second = hosted_zone(analysis, id);
        target = std::string(d.token()) + "." + it->second + ".";
      } else {
        continue;  // no token to build the CNAME from: SES006 reports the owner
      }
      report(context, findings, r, target, as_text);
    }
    // A _domainkey TXT whose text is an SES target, at a selector that is not token-shaped.
    // Its first test, whether an '=' is written (DKIM keys), was taken once for every TXT record
    // (mail::TxtLook), with SES003's, SES011's and SES015's.
    const auto txt = context.of_type(rr::TXT);
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      const std::uint32_t i = txt[k];
      if (seen[i]) continue;
      const Record& r = records[i];
      if (!domainkey_owner(r.owner)) continue;
      if ((looks[k] & mail::TxtLook::mentions_equals) != 0) continue;  // text_target rejects it
      const auto as_text = text_target(context, r);
      if (!as_text) continue;
      if (has_plain_cname(r)) continue;
      report(context, findings, r, as_text->corrected, as_text);
    }
  }

 private:
  // The zone the record's CNAME belongs under: with sets in several regions, the one whose set is
  // short of a record; else the identity's.
  static std::string hosted_zone(const ses::SesAnalysis& analysis, const ses::Identity* id) {
    if (id == nullptr) return "dkim.amazonses.com";
    std::map<std::string, std::set<std::string>> by_region;
    for (const std::size_t k : id->dkim) {
      const DkimRecord& other = analysis.dkim[k];
      if (other.target.kind == Match::exact) by_region[std::string(other.target.region())].insert(std::string(other.token()));
    }
    std::optional<std::string> short_region;
    for (const auto& [region, tokens] : by_region) {
      if (tokens.size() % 3 == 0) continue;
      if (short_region) return analysis.hosted_zone(*id);  // several candidates
      short_region = region;
    }
    if (!short_region || by_region.size() < 2) return analysis.hosted_zone(*id);
    return short_region->empty() ? std::string("dkim.amazonses.com") : "dkim." + *short_region + ".amazonses.com";
  }

  static void report(const LintContext& context, Findings& findings, const Record& r, const std::string& target,
                     const std::optional<TextTarget>& as_text) {
    const RecordTokens tokens = context.tokens(r);
    const std::string owner = context.owner(r).to_text();
    const std::string type = type_to_text(r.type);
    std::string message;
    if (r.has(record_flag::alias)) {
      message = fmt::format(
          "\"{}\" is an alias record (type {}), not a plain CNAME: an alias is answered with the records of the AWS "
          "resource it points at, never with a CNAME, so SES finds no CNAME to dkim.amazonses.com and reports "
          "TYPE_NOT_FOUND; create a plain record \"{} CNAME {}\" instead",
          owner, type, owner, target);
    } else {
      const std::string what =
          as_text ? fmt::format(" with the CNAME target \"{}\" as its text", as_text->text) : std::string();
      message = fmt::format(
          "Easy DKIM record \"{}\" is published as {}{}, but SES looks up a CNAME there and reports TYPE_NOT_FOUND, "
          "so DKIM never verifies; publish \"{} CNAME {}\" instead",
          owner, type, what, owner, target);
    }
    Diagnostic& d = findings.add(context.span(r, tokens.type), std::move(message), &r);
    if (fixable(context, r) && !tokens.rdata.empty()) {
      const auto type_span = ses::editable_span(context, r, tokens.type.begin, tokens.type.end);
      const auto rdata = ses::editable_span(context, r, r.rdata_begin, r.rdata_end);
      if (type_span && rdata)
        findings.fix(d, fmt::format("publish a CNAME to {}", target), {Edit{*type_span, "CNAME"}, Edit{*rdata, target}});
    }
  }
};

}  // namespace

const Rule& ses009_dkim_wrong_record_type() {
  static const DkimWrongRecordType rule;
  return rule;
}

}  // namespace zonelint::rules
