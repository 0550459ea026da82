// ZONE010 misplaced-soa: an SOA record below the apex, or a second, different SOA at the apex.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE010",
    "misplaced-soa",
    Severity::error,
    "An SOA record is not the zone's one SOA at its apex",
    FixSafety::none,
    "zone soa",
    R"md(## What it does
Reports an SOA record whose owner is below the zone apex (at the owner name), and an SOA record at
the apex when an earlier one with different data is already there (at the type, with a note at the
first). An exact copy of the first SOA is a duplicate record and is left to ZONE005; an SOA outside
the zone is left to ZONE004. Nothing is reported when the apex is unknown.

## Why is this bad
"Exactly one SOA RR should be present at the top of the zone" (RFC 1035 §5.2): the SOA marks where
a zone starts and carries its serial number and timers. BIND refuses a zone with an SOA below its
top ("SOA record not at top of zone") and one with two different SOA records ("multiple RRs of
singleton type"), so none of the zone's records are served. An SOA for a subdomain usually comes
from pasting a child zone's file into the parent: the child needs its own zone, with NS records in
the parent to delegate it. Two SOA records at the apex usually come from merging two exports.

## Example
```
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
dev  IN  SOA  ns1.dev hostmaster 2024060101 7200 3600 1209600 3600
```

## Use instead
```
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
dev  IN  NS   ns1.dev
```

## Fix safety
No automatic fix: whether the records belong to a child zone or the SOA is a leftover is for the
author to decide.

## References
- RFC 1035 §5.2, Use of master files to define zones: https://www.rfc-editor.org/rfc/rfc1035#section-5.2
- RFC 1034 §4.2.1, Technical considerations (the top node of a zone): https://www.rfc-editor.org/rfc/rfc1034#section-4.2.1
)md"};

class MisplacedSoa final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty()) return;
    const auto records = context.records();
    zone_support::OriginFinder origins(context);
    const std::string zone = apex.to_text();
    const Record* first = nullptr;  // the first SOA at the apex
    for (const std::uint32_t i : context.of_type(rr::SOA)) {
      const Record& r = records[i];
      const NameView owner = context.owner(r);
      if (!owner.is_subdomain_of(apex)) continue;  // ZONE004
      if (!owner.equals(apex)) {
        findings.add(context.owner_span(r),
                     fmt::format("SOA record at \"{}\", below the zone apex \"{}\": a zone has exactly one SOA, at "
                                 "its top (RFC 1035 §5.2), so BIND refuses the zone; give \"{}\" its own zone file "
                                 "and delegate it here with NS records, or delete this SOA",
                                 owner.to_text(), zone, owner.to_text()),
                     &r);
        continue;
      }
      if (first == nullptr) {
        first = &r;
        continue;
      }
      if (r.rdata_hash == first->rdata_hash && zone_support::same_rdata(context, origins, *first, r)) continue;
      const Span first_span = context.span(*first, context.tokens(*first).type);
      Diagnostic& d = findings.add(
          context.span(r, context.tokens(r).type),
          fmt::format("second SOA record at the apex \"{}\" with other data than the one on line {}: a zone has "
                      "exactly one SOA (RFC 1035 §5.2), so BIND refuses the zone; keep one of them",
                      zone, zone_support::line_of(context, first_span)),
          &r);
      d.notes.push_back(Note{first_span, "the first SOA record is here"});
    }
  }
};

}  // namespace

const Rule& zone010_misplaced_soa() {
  static const MisplacedSoa rule;
  return rule;
}

}  // namespace zonelint::rules
