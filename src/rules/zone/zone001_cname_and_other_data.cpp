// ZONE001 cname-and-other-data: a CNAME sharing its owner name with other data.

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE001",
    "cname-and-other-data",
    Severity::error,
    "A CNAME shares its owner name with other records",
    FixSafety::none,
    "zone cname",
    R"md(## What it does
Reports records that sit at the same owner name (and class) as a CNAME. One finding is given per
other RRset, at the type of its first record, with a note pointing at the CNAME. The DNSSEC types
allowed beside a CNAME are not reported: RRSIG and NSEC (RFC 4035 §2.5), NSEC3, and the older SIG,
NXT and KEY (RFC 2181 §10.1). A CNAME at the zone apex is left to ZONE008, which explains that
case on its own.

## Why is this bad
A CNAME makes its owner an alias: "If a CNAME RR is present at a node, no other data should be
present" (RFC 1034 §3.6.2), and an alias "may have no other data" (RFC 2181 §10.1). Servers do not
agree on what to do instead: BIND and NSD refuse to load the zone ("CNAME and other data"), so every
record in it stays unpublished; others load it and answer only the CNAME, so the other records are
never seen. Route 53 refuses to create the second record. A common case is a DKIM selector that
moved from a TXT key to a CNAME (for example Amazon SES Easy DKIM) while the old TXT stayed behind:
the new CNAME is then silently not served.

## Example
```
sel1._domainkey  IN  CNAME  sel1.dkim.example.net.
sel1._domainkey  IN  TXT    "v=DKIM1; k=rsa; p=MIIBIjANBgkq..."
```

## Use instead
```
sel1._domainkey  IN  CNAME  sel1.dkim.example.net.
```

## Fix safety
No automatic fix: only the author knows whether the CNAME or the other records are the ones to
keep.

## References
- RFC 1034 §3.6.2, Aliases and canonical names: https://www.rfc-editor.org/rfc/rfc1034#section-3.6.2
- RFC 2181 §10.1, CNAME resource records: https://www.rfc-editor.org/rfc/rfc2181#section-10.1
- RFC 4035 §2.5, Changes to the CNAME resource record: https://www.rfc-editor.org/rfc/rfc4035#section-2.5
- Route 53 supported record types (CNAME): https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html
)md"};

class CnameAndOtherData final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const auto cnames = context.of_type(rr::CNAME);
    if (cnames.empty()) return;
    const auto records = context.records();
    std::vector<bool> seen(context.zone().names.size(), false);
    std::vector<std::pair<RRType, RRClass>> reported;
    std::vector<const Record*> aliases;
    for (const std::uint32_t c : cnames) {
      const Record& cname = records[c];
      if (seen[cname.owner]) continue;
      seen[cname.owner] = true;
      const NameView owner = context.owner(cname);
      if (!context.apex().empty() && owner.equals(context.apex())) continue;  // ZONE008
      reported.clear();
      aliases.clear();
      const auto here = context.at_owner(cname.owner);
      // The first CNAME of each class at the owner: what the other records conflict with.
      for (const std::uint32_t k : here) {
        const Record& r = records[k];
        if (r.type != rr::CNAME) continue;
        if (std::none_of(aliases.begin(), aliases.end(), [&](const Record* a) { return a->rclass == r.rclass; }))
          aliases.push_back(&r);
      }
      for (const std::uint32_t i : here) {
        const Record& other = records[i];
        if (other.type == rr::CNAME || zone_support::allowed_beside_cname(other.type)) continue;
        const auto alias = std::find_if(aliases.begin(), aliases.end(),
                                        [&](const Record* a) { return a->rclass == other.rclass; });
        if (alias == aliases.end()) continue;
        const std::pair<RRType, RRClass> key{other.type, other.rclass};
        if (std::find(reported.begin(), reported.end(), key) != reported.end()) continue;
        reported.push_back(key);
        report(context, findings, other, **alias);
      }
    }
  }

 private:
  static void report(const LintContext& context, Findings& findings, const Record& other, const Record& alias) {
    const std::string type = type_to_text(other.type);
    const RecordTokens alias_tokens = context.tokens(alias);
    const Span alias_span = context.span(alias, alias_tokens.type);
    const std::string name = context.owner(other).to_text();
    Diagnostic& d = findings.add(
        context.span(other, context.tokens(other).type),
        fmt::format("{} record at \"{}\", which is also a CNAME (line {}): a name with a CNAME can hold no other "
                    "data (RFC 1034 §3.6.2, RFC 2181 §10.1), so servers refuse the zone or answer only the "
                    "CNAME; delete the {} record or the CNAME, or move one of them to another name",
                    type, name, zone_support::line_of(context, alias_span), type),
        &other);
    d.notes.push_back(Note{alias_span, fmt::format("the CNAME at \"{}\" is here", name)});
  }
};

}  // namespace

const Rule& zone001_cname_and_other_data() {
  static const CnameAndOtherData rule;
  return rule;
}

}  // namespace zonelint::rules
