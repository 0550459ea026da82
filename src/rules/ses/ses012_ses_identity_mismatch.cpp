// SES012 ses-identity-mismatch: the zone's Easy DKIM and verification records differ from what
// Amazon SES expects for the identity, as the AWS CLI reports it (--ses-identity).

#include <algorithm>
#include <map>
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
    "SES012",
    "ses-identity-mismatch",
    Severity::error,
    "The zone's SES DKIM or verification records differ from what SES expects for the identity (--ses-identity)",
    FixSafety::unsafe,
    "ses dkim verification",
    R"md(## What it does
Compares the zone with what Amazon SES expects for an identity, as given with
`--ses-identity FILE` (or `DOMAIN=FILE`): the JSON printed by `aws sesv2 get-email-identity`,
`aws ses get-identity-dkim-attributes`, `aws ses verify-domain-dkim` or
`aws ses get-identity-verification-attributes`. It reports, per identity:

- Easy DKIM tokens SES expects that the zone lacks, with the exact records to add;
- tokens in the zone that SES no longer lists while it lists others instead: the identity was
  deleted and re-created (SES then issues new tokens), or the records were copied from another
  region or account. The finding lists the records to write instead;
- tokens in the zone beyond SES's complete set (warning: stale leftovers, or another region's or
  account's set whose JSON was not given);
- a token that differs from SES's in a few characters, written the same in the name and the
  target (a typo the other rules cannot see);
- targets not under the `SigningHostedZone` SES v2 reports (e.g. `dkim.amazonses.com` where SES
  signs from `dkim.ap-south-2.amazonses.com`);
- an `_amazonses` verification value that differs from the `VerificationToken` (letter case,
  dropped `=`, another token), or is missing while nothing else can verify the domain;
- for BYODKIM (`SigningAttributesOrigin` `EXTERNAL`), no record at the selector SES reports.

Records with a malformed token (SES004), different tokens in name and target (SES005) or
another mistake an SES0xx rule reports are matched to SES's token and left to that rule. Records
whose target is under another hosted zone than the one given and whose tokens SES does not list
are taken as another region's set and not reported. The JSON of `aws sesv2 get-email-identity`
does not name the identity: zonelint matches it by its tokens, else takes the zone apex; name it
with `--ses-identity example.com=identity.json` when that is wrong. A token written on a line the
reader rejected (ZONE000) is not reported missing: the syntax error is the finding. Nothing is
reported missing from a Route 53 change batch or an export that says it is one page of a longer
list: the rest of the zone may hold it.

## Why is this bad
SES verifies Easy DKIM only when it finds a CNAME for each of the three tokens it issued,
`<token>._domainkey.<identity>` to `<token>.<SigningHostedZone>` (`dkim.amazonses.com` in most
regions); it reports DKIM FAILED for the whole identity while one is missing and stops looking
after 72 hours. Tokens from an earlier identity, another region or a colleague's account are
never looked up. The verification TXT must match the token "exactly". The AWS CLI output is what
SES itself compares with, so this is the most direct check zonelint can make offline.

## Example
With `identity.json` from `aws sesv2 get-email-identity --email-identity example.com`
listing the tokens `xtk53kxcy4p3t6ztbrffs6d54rsrrhh6`, `zxfo5z4dqr44uztwz5io2b4j4mwlrquj` and
`5aws6ez5cxrf4hvt6w2qrip6pr4voupo`:
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
```

## Use instead
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
zxfo5z4dqr44uztwz5io2b4j4mwlrquj._domainkey  CNAME  zxfo5z4dqr44uztwz5io2b4j4mwlrquj.dkim.amazonses.com.
5aws6ez5cxrf4hvt6w2qrip6pr4voupo._domainkey.example.com.  CNAME  5aws6ez5cxrf4hvt6w2qrip6pr4voupo.dkim.amazonses.com.
```

## Fix safety
Unsafe: the fixes add the missing records, rewrite a target under the expected hosted zone, and
replace a verification value that differs in case or padding, all from the JSON given. They are
right only if the JSON is current and from the right account and region, which zonelint cannot
know. Stale records are not deleted automatically.

## References
- Amazon SES API v2 reference, `GetEmailIdentity` and `DkimAttributes` (`Tokens`,
  `SigningHostedZone`, `SigningAttributesOrigin`):
  https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html,
  https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html
- Amazon SES API reference, `GetIdentityDkimAttributes`, `VerifyDomainDkim`,
  `GetIdentityVerificationAttributes`:
  https://docs.aws.amazon.com/ses/latest/APIReference/API_GetIdentityDkimAttributes.html
- AWS SES Developer Guide, "Easy DKIM in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- AWS SES Developer Guide, "Troubleshooting verification problems":
  https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
)md"};

using ses::DkimRecord;
using ses::Identity;
using ses::Match;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return out;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

bool relative_format(InputFormat f) {
  return f == InputFormat::master_file || f == InputFormat::cloudflare_export || f == InputFormat::azure_export;
}

// The file span of [begin, end) of `r` when a fix may edit it: a zone-file-like input (values in
// presentation format) and a range that maps byte for byte onto the file.
std::optional<Span> editable(const LintContext& context, const Record& r, std::uint32_t begin, std::uint32_t end) {
  if (!relative_format(context.zone().format) || r.has(record_flag::generic_rdata)) return std::nullopt;
  return ses::editable_span(context, r, begin, end);
}

// "character 7 is \"q\" where SES has \"g\"", or a note on the length.
std::string describe_difference(std::string_view have, std::string_view want) {
  if (have.size() != want.size()) {
    return fmt::format("{} characters where SES has {}", have.size(), want.size());
  }
  for (std::size_t i = 0; i < have.size(); ++i) {
    if (have[i] != want[i])
      return fmt::format("character {} is \"{}\" where SES has \"{}\"", i + 1, std::string(1, have[i]),
                         std::string(1, want[i]));
  }
  return "identical";
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += separator;
    out += s;
  }
  return out;
}

struct Expected {
  std::string token;  // lowercase
  std::string zone;   // SigningHostedZone, empty when the JSON has none
  const SesIdentityData* data = nullptr;
  bool found = false;
};

// Zone records of one identity that carry the same token.
struct Group {
  std::string token;
  std::vector<std::size_t> dkim;  // indices into SesAnalysis::dkim, input order
  int expected = -1;              // index into the expected tokens
  bool other_rule = false;        // a token mistake another rule reports
};

class SesIdentityMismatch final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    const NameView apex = context.apex();
    for (const Identity& id : analysis.identities) {
      if (id.expected.empty()) continue;
      if (!apex.empty() && !id.domain.is_subdomain_of(apex)) continue;  // another zone's identity
      check_dkim(context, findings, analysis, id);
      check_byodkim(context, findings, id);
      check_verification(context, findings, id);
    }
  }

 private:
  static std::string sources(const Identity& id) {
    std::vector<std::string> out;
    for (const SesIdentityData* d : id.expected)
      if (std::find(out.begin(), out.end(), d->source) == out.end()) out.push_back(d->source);
    return join(out);
  }

  // "identity.json, DKIM status PENDING"
  static std::string source_note(const Identity& id) {
    std::string note = sources(id);
    for (const SesIdentityData* d : id.expected)
      if (d->dkim_status && !d->byodkim()) return fmt::format("{}, DKIM status {}", note, *d->dkim_status);
    return note;
  }

  static std::string record_text(const std::string& token, const std::string& domain, const std::string& zone) {
    return fmt::format("{}._domainkey.{} CNAME {}.{}.", token, domain, token, zone);
  }

  // The hosted zone of an exact SES target as the record names it, lowercase, no trailing dot.
  static std::optional<std::string> target_zone(const DkimRecord& d) {
    if (d.target.kind != Match::exact || d.target.origin_appended) return std::nullopt;
    return d.target.region().empty() ? std::string("dkim.amazonses.com") : "dkim." + lower(d.target.region()) + ".amazonses.com";
  }

  static void check_dkim(const LintContext& context, Findings& findings, const ses::SesAnalysis& analysis,
                         const Identity& id) {
    const auto records = context.records();
    const std::string fallback_zone = analysis.hosted_zone(id);
    std::vector<Expected> expected;
    for (const SesIdentityData* data : id.expected) {
      for (const std::string& t : data->easy_dkim_tokens()) {
        const std::string token = lower(t);
        if (std::none_of(expected.begin(), expected.end(), [&](const Expected& e) { return e.token == token; }))
          expected.push_back({token, data->signing_hosted_zone.value_or(""), data});
      }
    }
    if (expected.empty()) return;
    const auto zone_of = [&](const Expected& e) { return e.zone.empty() ? fallback_zone : e.zone; };
    const std::string domain = id.domain.to_text();

    std::vector<Group> groups;
    std::map<std::string, std::size_t> group_of;
    for (const std::size_t k : id.dkim) {
      const DkimRecord& d = analysis.dkim[k];
      const auto [it, added] = group_of.emplace(d.token(), groups.size());
      if (added) groups.push_back({std::string(d.token()), {}, -1, false});
      groups[it->second].dkim.push_back(k);
    }
    const auto find_expected = [&](std::string_view token) -> int {
      for (std::size_t e = 0; e < expected.size(); ++e)
        if (!token.empty() && expected[e].token == token) return static_cast<int>(e);
      return -1;
    };
    // Exact: the owner's token, else the target's (a crossed target is SES005's).
    for (Group& g : groups) {
      for (const std::size_t k : g.dkim) {
        const DkimRecord& d = analysis.dkim[k];
        int e = find_expected(d.owner_token);
        if (e < 0) e = find_expected(d.target_token());
        if (e >= 0) {
          g.expected = e;
          expected[static_cast<std::size_t>(e)].found = true;
          break;
        }
      }
    }
    // Near: a few characters off. Malformed or crossed tokens are reported by SES004/SES005.
    for (Group& g : groups) {
      if (g.expected >= 0) continue;
      int best = -1;
      std::size_t best_distance = 5;
      for (std::size_t e = 0; e < expected.size(); ++e) {
        if (expected[e].found) continue;
        const std::size_t distance = ses::edit_distance(g.token, expected[e].token);
        if (distance < best_distance) {
          best_distance = distance;
          best = static_cast<int>(e);
        }
      }
      if (best < 0) continue;
      g.expected = best;
      expected[static_cast<std::size_t>(best)].found = true;
      for (const std::size_t k : g.dkim) {
        const DkimRecord& d = analysis.dkim[k];
        if (!ses::is_token_shape(d.owner_token) || (!d.target_token().empty() && d.target_token() != d.owner_token))
          g.other_rule = true;
      }
      if (g.other_rule) continue;
      const Expected& e = expected[static_cast<std::size_t>(best)];
      const Record& r = records[analysis.dkim[g.dkim.front()].index];
      findings.add(context.owner_span(r),
                   fmt::format("Easy DKIM token \"{}\" of {} differs from the token SES issued, \"{}\" ({}), in the "
                               "name and the target alike, so SES never finds the record; write \"{}\"",
                               g.token, domain, e.token, describe_difference(g.token, e.token),
                               record_text(e.token, domain, zone_of(e))),
                   &r);
    }

    // A token on a line the reader rejected (ZONE000) is not missing: the syntax error is the finding.
    std::vector<std::size_t> missing;
    for (std::size_t e = 0; e < expected.size(); ++e)
      if (!expected[e].found && !ses::unread_line_mentions(context, expected[e].token)) missing.push_back(e);
    // Unmatched groups whose targets are under another hosted zone than SES's (its
    // SigningHostedZone, else the zone the matched records use) are another region's set.
    std::vector<std::string> known_zones;
    const bool zones_given = std::all_of(expected.begin(), expected.end(), [](const Expected& e) { return !e.zone.empty(); });
    if (zones_given) {
      for (const Expected& e : expected) known_zones.push_back(e.zone);
    } else {
      for (const Group& g : groups) {
        if (g.expected < 0) continue;
        for (const std::size_t k : g.dkim)
          if (const auto zone = target_zone(analysis.dkim[k])) known_zones.push_back(*zone);
      }
    }
    std::vector<const Group*> unexpected;
    for (const Group& g : groups) {
      if (g.expected >= 0) continue;
      bool other_region = !known_zones.empty();
      for (const std::size_t k : g.dkim) {
        const auto zone = target_zone(analysis.dkim[k]);
        if (!zone || std::find(known_zones.begin(), known_zones.end(), *zone) != known_zones.end()) other_region = false;
      }
      if (!other_region) unexpected.push_back(&g);
    }

    if (!missing.empty()) {
      std::vector<std::string> add;
      std::vector<std::string> tokens;
      for (const std::size_t e : missing) {
        add.push_back("\"" + record_text(expected[e].token, domain, zone_of(expected[e])) + "\"");
        tokens.push_back(expected[e].token);
      }
      // The JSON of get-email-identity names no identity; say so when the apex was a guess.
      const SesIdentityData* data = expected[missing.front()].data;
      const bool any_matched = std::any_of(groups.begin(), groups.end(), [](const Group& g) { return g.expected >= 0; });
      const std::string hint = data->domain || any_matched
                                   ? std::string()
                                   : fmt::format(" ({} names no identity, so zonelint took the zone's; use "
                                                 "--ses-identity DOMAIN={} for another)",
                                                 data->source, data->source);
      if (unexpected.empty()) {
        const Record* at = nullptr;
        // In a change batch or one page of an export the missing records may be in the rest of the zone.
        if (!context.zone().complete()) at = nullptr;
        else if (!id.dkim.empty()) at = &records[analysis.dkim[id.dkim.front()].index];
        else if (!id.verification.empty()) at = &records[id.verification.front()];
        else if (const auto anchor = ses::zone_anchor(context)) at = &records[*anchor];
        if (at != nullptr) {
          Diagnostic& diag = findings.add(
              context.owner_span(*at),
              fmt::format("SES expects {} Easy DKIM records for {} ({}), and the zone lacks {} of them ({}){}: SES "
                          "reports DKIM FAILED for the identity while any is missing; add {}",
                          expected.size(), domain, source_note(id), missing.size(), join(tokens), hint,
                          join(add, " and ")),
              at);
          add_missing_fix(context, findings, analysis, id, diag, missing, expected, domain, zone_of);
        }
      } else {
        std::vector<std::string> stale;
        for (const Group* g : unexpected) stale.push_back(g->token);
        const Record& at = records[analysis.dkim[unexpected.front()->dkim.front()].index];
        Diagnostic& diag = findings.add(
            context.owner_span(at),
            fmt::format("the Easy DKIM records of {} carry {}, but SES now expects {} ({}){}: {}; SES never looks "
                        "these up and reports DKIM FAILED while its own are missing; replace them with {}",
                        domain, join(stale), join(tokens), source_note(id), hint,
                        any_matched ? "they come from another identity, region or account"
                                    : "the identity was deleted and re-created, so SES issued new tokens, or the "
                                      "records come from another region or account",
                        join(add, " and ")),
            &at);
        for (const Group* g : unexpected) {
          for (const std::size_t k : g->dkim) {
            const Record& r = records[analysis.dkim[k].index];
            if (&r == &at) continue;
            diag.notes.push_back(Note{context.owner_span(r), fmt::format("record with the stale token {}", g->token)});
          }
        }
      }
    } else if (!unexpected.empty()) {
      std::vector<std::string> extra;
      for (const Group* g : unexpected) extra.push_back(g->token);
      const Record& at = records[analysis.dkim[unexpected.front()->dkim.front()].index];
      Diagnostic& diag = findings.add(
          context.owner_span(at),
          fmt::format("{} has Easy DKIM records for {} that SES does not list for this identity ({}, which lists "
                      "all {} it expects): stale records of an earlier identity (delete them), or another region's "
                      "or account's set (pass its JSON with another --ses-identity)",
                      domain, join(extra), sources(id), expected.size()),
          &at);
      diag.severity = Severity::warning;
    }

    check_hosted_zones(context, findings, analysis, groups, expected, domain);
  }

  template <typename ZoneOf>
  static void add_missing_fix(const LintContext& context, Findings& findings, const ses::SesAnalysis& analysis,
                              const Identity& id, Diagnostic& diag, const std::vector<std::size_t>& missing,
                              const std::vector<Expected>& expected, const std::string& domain, ZoneOf&& zone_of) {
    const auto records = context.records();
    if (id.dkim.empty()) return;
    const Record& last = records[analysis.dkim[id.dkim.back()].index];
    const std::string_view text = context.text(last);
    std::size_t eol = text.find('\n', last.rdata_end);
    std::string insert;
    for (const std::size_t e : missing) {
      insert += '\n';
      insert += record_text(expected[e].token, domain, zone_of(expected[e]));  // appends: see ses_dkim.cpp
    }
    if (eol == std::string_view::npos) eol = text.size();
    const auto at = static_cast<std::uint32_t>(eol);
    const auto place = editable(context, last, at, at);
    if (!place) return;
    findings.fix(diag, missing.size() == 1 ? "add the missing Easy DKIM record" : "add the missing Easy DKIM records",
                 {Edit{*place, insert}});
  }

  static void check_hosted_zones(const LintContext& context, Findings& findings, const ses::SesAnalysis& analysis,
                                 const std::vector<Group>& groups, const std::vector<Expected>& expected,
                                 const std::string& domain) {
    const auto records = context.records();
    Diagnostic* diag = nullptr;
    std::vector<Edit> edits;
    for (const Group& g : groups) {
      if (g.expected < 0) continue;
      const Expected& e = expected[static_cast<std::size_t>(g.expected)];
      if (e.zone.empty()) continue;
      for (const std::size_t k : g.dkim) {
        const DkimRecord& d = analysis.dkim[k];
        const Record& r = records[d.index];
        if (r.type != rr::CNAME || r.has(record_flag::alias)) continue;
        const auto zone = target_zone(d);
        if (!zone || *zone == e.zone) continue;
        const auto rdata = context.rdata_tokens(r);
        if (rdata.empty()) continue;
        const std::string fixed = fmt::format("{}.{}.", d.target_token(), e.zone);
        const Span span = context.span(r, rdata.front());
        if (diag == nullptr) {
          diag = &findings.add(
              span,
              fmt::format("Easy DKIM target \"{}.{}.\" of {} is under {}, but SES signs this identity from {} "
                          "(SigningHostedZone in {}), so the CNAME points at a name without its key; write \"{}\"",
                          d.target_token(), *zone, domain, *zone, e.zone, e.data->source, fixed),
              &r);
        } else {
          diag->notes.push_back(Note{span, fmt::format("also under {}: write \"{}\"", *zone, fixed)});
        }
        if (const auto place = editable(context, r, rdata.front().begin, rdata.front().end))
          edits.push_back(Edit{*place, fixed});
      }
    }
    if (diag != nullptr && !edits.empty())
      findings.fix(*diag, "point the targets at the SigningHostedZone", std::move(edits));
  }

  static void check_byodkim(const LintContext& context, Findings& findings, const Identity& id) {
    const auto records = context.records();
    for (const SesIdentityData* data : id.expected) {
      if (!data->byodkim()) continue;
      for (const std::string& selector : data->dkim_tokens) {
        const std::string owner = fmt::format("{}._domainkey.{}", selector, id.domain.to_text());
        Name name;
        NameError error;
        if (!parse_name(owner, NameView(), name, error)) continue;
        if (context.find_owner(name) || !context.zone().complete()) continue;
        const auto anchor = ses::zone_anchor(context);
        if (!anchor) return;
        const Record& at = records[*anchor];
        findings.add(context.owner_span(at),
                     fmt::format("SES expects the DKIM public key of {} (BYODKIM, selector \"{}\" in {}) as a TXT "
                                 "record at \"{}\", but the zone has no record there, so DKIM never verifies; add: {} TXT "
                                 "\"p=<your public key, base64>\"",
                                 id.domain.to_text(), selector, data->source, owner, owner),
                     &at);
      }
    }
  }

  struct Value {
    const Record* record = nullptr;
    std::string token;  // stray characters and the amazonses: prefix removed
    bool prefixed = false;
  };

  static void check_verification(const LintContext& context, Findings& findings, const Identity& id) {
    const SesIdentityData* data = nullptr;
    for (const SesIdentityData* d : id.expected)
      if (d->verification_token && !d->verification_token->empty()) data = d;
    if (data == nullptr) return;
    const std::string& want = *data->verification_token;
    const auto records = context.records();
    std::vector<Value> values;
    const auto add_value = [&](const Record& r, bool require_prefix) {
      std::string joined;
      for (const DecodedString& s : context.txt_strings(r)) joined += s.bytes;
      Value v;
      v.record = &r;
      v.prefixed = istarts_with(joined, "amazonses:");
      if (require_prefix && !v.prefixed) return;
      v.token = ses::strip_stray(std::string_view(joined).substr(v.prefixed ? 10 : 0));
      values.push_back(std::move(v));
    };
    for (const std::uint32_t i : id.verification) add_value(records[i], false);
    if (const auto owner = context.find_owner(id.domain)) {
      for (const std::uint32_t i : context.at_owner(*owner))
        if (records[i].type == rr::TXT) add_value(records[i], true);
    }
    for (const Value& v : values)
      if (v.token == want) return;
    const std::string domain = id.domain.to_text();
    const std::string record = fmt::format("_amazonses.{} TXT \"{}\"", domain, want);  // written after "write: "
    if (values.empty()) {
      const bool easy_dkim = !id.dkim.empty() || std::any_of(id.expected.begin(), id.expected.end(), [](const auto* d) {
                               return !d->easy_dkim_tokens().empty();
                             });
      if (easy_dkim) return;  // DKIM verifies the domain; the TXT is only the legacy way
      if (!context.zone().complete()) return;  // the record may be in the rest of the zone
      const auto anchor = ses::zone_anchor(context);
      if (!anchor) return;
      const Record& at = records[*anchor];
      findings.add(context.owner_span(at),
                   fmt::format("SES expects the verification record of {} ({}), but the zone has no _amazonses "
                               "record and no Easy DKIM records for it, so SES cannot verify the domain; add: {}",
                               domain, data->source, record),
                   &at);
      return;
    }
    const Value* best = &values.front();
    std::size_t best_distance = ses::edit_distance(best->token, want);
    for (const Value& v : values) {
      const std::size_t distance = ses::edit_distance(v.token, want);
      if (distance < best_distance || (distance == best_distance && v.token.size() == want.size() &&
                                       best->token.size() != want.size())) {
        best = &v;
        best_distance = distance;
      }
    }
    std::string how;
    bool near = true;
    if (lower(best->token) == lower(want)) {
      how = "it differs only in letter case, so the DNS provider probably changed it";
    } else if (best->token + "=" == want) {
      how = "it lacks the final \"=\", which is part of the token";
    } else if (best_distance <= 3) {
      how = "it differs: " + describe_difference(best->token, want);
    } else {
      near = false;
      how = values.size() > 1
                ? fmt::format("none of the {} values at _amazonses.{} is that token (they may be other regions' or accounts')",
                              values.size(), domain)
                : std::string("it is another token, from an earlier verification or another region or account");
    }
    const Record& r = *best->record;
    const auto rdata = context.rdata_tokens(r);
    const Span span = rdata.empty() ? context.owner_span(r)
                                    : context.span(r, rdata.front().begin, rdata.back().end);
    Diagnostic& diag = findings.add(
        span,
        fmt::format("the _amazonses value \"{}\" of {} is not the verification token SES issued ({}): {}; SES "
                    "verifies only an exact match; write: {}",
                    best->token, domain, data->source, how, record),
        &r);
    if (near && !rdata.empty()) {
      if (const auto place = editable(context, r, rdata.front().begin, rdata.back().end)) {
        findings.fix(diag, "write the verification token SES issued",
                     {Edit{*place, fmt::format("\"{}{}\"", best->prefixed ? "amazonses:" : "", want)}});
      }
    }
  }
};

}  // namespace

const Rule& ses012_ses_identity_mismatch() {
  static const SesIdentityMismatch rule;
  return rule;
}

}  // namespace zonelint::rules
