// ZONE002 multiple-cnames: more than one CNAME at one owner name.

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE002",
    "multiple-cnames",
    Severity::error,
    "An owner name has more than one CNAME record",
    FixSafety::none,
    "zone cname",
    R"md(## What it does
Reports every CNAME after the first at the same owner name (and class) whose target differs from
the earlier ones, at its target, with a note pointing at the first CNAME. A CNAME that repeats an
earlier one exactly is a duplicate record and is left to ZONE005. In a provider export, CNAMEs of
different routing-policy sets (Route 53 weighted, latency, failover, ... sets with a
`SetIdentifier`; Cloud DNS `routingPolicy` items) are alternative answers of one CNAME each and
are not reported; two CNAMEs in one set are.

## Why is this bad
An alias has exactly one canonical name: "one CNAME record exists" is the only case that allows a
CNAME at a name (RFC 2181 §10.1), and a CNAME RRset of more than one record is not allowed. BIND
refuses to load the zone ("multiple RRs of singleton type"), so none of its records are published;
Route 53 rejects a CNAME record set with more than one value; a server that accepts the file
answers with one of the targets, and which one is not defined. This often happens when a record is
re-created with a new value (a rotated DKIM target, a new load balancer) and the old line is left
in place.

## Example
```
www  IN  CNAME  lb-old.example.net.
www  IN  CNAME  lb-new.example.net.
```

## Use instead
```
www  IN  CNAME  lb-new.example.net.
```

## Fix safety
No automatic fix: which target is current is for the author to decide.

## References
- RFC 2181 §10.1, CNAME resource records: https://www.rfc-editor.org/rfc/rfc2181#section-10.1
- RFC 1034 §3.6.2, Aliases and canonical names: https://www.rfc-editor.org/rfc/rfc1034#section-3.6.2
)md"};

class MultipleCnames final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const auto cnames = context.of_type(rr::CNAME);
    if (cnames.size() < 2) return;
    const auto records = context.records();
    // Pass 1 (integers only): the owners with more than one CNAME.
    std::vector<std::uint8_t> count(context.zone().names.size(), 0);
    std::vector<NameId> crowded;
    for (const std::uint32_t i : cnames) {
      std::uint8_t& n = count[records[i].owner];
      if (n == 1) crowded.push_back(records[i].owner);
      if (n < 2) ++n;
    }
    // Pass 2: at those owners, each CNAME against the first of its class, skipping exact copies
    // (ZONE005 reports those).
    zone_support::OriginFinder origins(context);
    std::vector<std::uint32_t> distinct;  // CNAMEs at the owner with data not seen before, input order
    std::vector<std::pair<std::uint32_t, std::uint32_t>> extra;  // (CNAME, the first of its class)
    for (const NameId owner : crowded) {
      distinct.clear();
      for (const std::uint32_t i : context.at_owner(owner)) {  // input order
        const Record& r = records[i];
        if (r.type != rr::CNAME) continue;
        // The same RRset: same class and, for routing policies, the same set (two weighted CNAME
        // sets are two answers, each one CNAME).
        const auto same_class = [&](std::uint32_t d) {
          return records[d].rclass == r.rclass && !zone_support::in_other_routing_sets(context, records[d], r);
        };
        const bool duplicate = std::any_of(distinct.begin(), distinct.end(), [&](std::uint32_t d) {
          return same_class(d) && records[d].rdata_hash == r.rdata_hash &&
                 zone_support::same_rdata(context, origins, records[d], r);
        });
        if (duplicate) continue;
        const auto first = std::find_if(distinct.begin(), distinct.end(), same_class);
        if (first != distinct.end()) extra.emplace_back(i, *first);
        distinct.push_back(i);
      }
    }
    std::sort(extra.begin(), extra.end());  // input order, as the findings were always made
    for (const auto& [again, first] : extra) report(context, findings, records[again], records[first]);
  }

 private:
  static void report(const LintContext& context, Findings& findings, const Record& extra, const Record& first) {
    const std::vector<Token> extra_rdata = context.rdata_tokens(extra);
    const std::vector<Token> first_rdata = context.rdata_tokens(first);
    if (extra_rdata.empty() || first_rdata.empty()) return;
    const Span first_span = context.span(first, first_rdata.front());
    const std::string name = context.owner(extra).to_text();
    Diagnostic& d = findings.add(
        context.span(extra, extra_rdata.front()),
        fmt::format("another CNAME at \"{}\" (line {} already points it at \"{}\"): an alias has exactly one "
                    "target (RFC 2181 §10.1), so BIND refuses the zone and other servers answer with any one "
                    "of them; keep only the CNAME whose target is current",
                    name, zone_support::line_of(context, first_span),
                    first_rdata.front().raw(context.text(first))),
        &extra);
    d.notes.push_back(Note{first_span, fmt::format("the first CNAME at \"{}\" is here", name)});
  }
};

}  // namespace

const Rule& zone002_multiple_cnames() {
  static const MultipleCnames rule;
  return rule;
}

}  // namespace zonelint::rules
