// ZONE002 multiple-cnames: more than one CNAME at one owner name.

#include <cstdint>
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
earlier one exactly is a duplicate record and is left to ZONE005.

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
    zone_support::OriginFinder origins(context);
    // Distinct CNAMEs by (owner, class, RDATA hash), and the first CNAME of each (owner, class).
    zone_support::RecordIndex distinct(cnames.size());
    zone_support::RecordIndex first_at(cnames.size());
    for (const std::uint32_t i : cnames) {  // input order
      const Record& r = records[i];
      const std::uint64_t owner_key = zone_support::mix_key(r.owner, r.rclass);
      const std::uint64_t key = zone_support::mix_key(owner_key, r.rdata_hash);
      bool duplicate = false;
      distinct.for_each(key, [&](std::uint32_t j) {
        const Record& k = records[j];
        duplicate = k.owner == r.owner && k.rclass == r.rclass && k.rdata_hash == r.rdata_hash &&
                    zone_support::same_rdata(context, origins, k, r);
        return !duplicate;
      });
      if (duplicate) continue;  // ZONE005 reports it
      distinct.insert(key, i);
      const Record* first = nullptr;
      first_at.for_each(owner_key, [&](std::uint32_t j) {
        if (records[j].owner == r.owner && records[j].rclass == r.rclass) first = &records[j];
        return first == nullptr;
      });
      if (first == nullptr) {
        first_at.insert(owner_key, i);
      } else {
        report(context, findings, r, *first);
      }
    }
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
