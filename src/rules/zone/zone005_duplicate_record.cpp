// ZONE005 duplicate-record: the same record (owner, class, type, RDATA) written twice.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE005",
    "duplicate-record",
    Severity::warning,
    "The same record appears more than once",
    FixSafety::none,
    "zone rrset",
    R"md(## What it does
Reports a record whose owner name, class, type and RDATA are all equal to an earlier record's, at
the later record's type, with a note at the first one. RDATA is compared in canonical form
(RFC 4034 §6.2): `MX 10 Mail.Example.com.` and `MX 10 mail.example.com.` are the same record, and
`A 192.0.2.1` written twice is a duplicate whatever the TTLs. Candidates are found by a hash of the
canonical RDATA and then compared byte for byte, so a hash collision cannot give a finding.

## Why is this bad
"It is meaningless for two records to ever have label, class, type and data all equal - servers
should suppress such duplicates if encountered" (RFC 2181 §5). BIND drops the second copy silently,
so editing one of them later (a new IP address, a rotated DKIM target) may change nothing that is
served while the stale copy stays. Route 53 rejects a change batch or import that contains the same
value twice in a record set ("Duplicate Resource Record"). A duplicate usually means a record was
added a second time instead of edited, or two zone fragments were merged. It is a warning, not an
error, because a server that loads the file serves the same data as without the copy.

## Example
```
@    IN  MX  10 mx1.example.net.
www  IN  A   192.0.2.10
@    IN  MX  10 MX1.example.net.
```

## Use instead
```
@    IN  MX  10 mx1.example.net.
www  IN  A   192.0.2.10
```

## Fix safety
No automatic fix. Deleting the later line is usually right, but it is not always safe to do
without looking: the next line may inherit its owner name from the duplicate, a comment on it may
matter, and when the copies differ in TTL the author should choose which TTL to keep (ZONE006
reports that).

## References
- RFC 2181 §5, Resource record sets: https://www.rfc-editor.org/rfc/rfc2181#section-5
- RFC 4034 §6.2, Canonical RR form: https://www.rfc-editor.org/rfc/rfc4034#section-6.2
- Route 53 ChangeResourceRecordSets errors (InvalidChangeBatch): https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
)md"};

class DuplicateRecord final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    if (records.size() < 2) return;
    zone_support::OriginFinder origins(context);
    zone_support::RecordIndex index(records.size());
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      const std::uint64_t key = zone_support::mix_key(
          zone_support::mix_key(r.owner, (std::uint64_t{r.type} << 16) | r.rclass), r.rdata_hash);
      const Record* first = nullptr;
      index.for_each(key, [&](std::uint32_t j) {
        const Record& k = records[j];
        if (k.owner == r.owner && k.type == r.type && k.rclass == r.rclass && k.rdata_hash == r.rdata_hash &&
            zone_support::same_rdata(context, origins, k, r)) {
          first = &k;
        }
        return first == nullptr;
      });
      if (first == nullptr) {
        index.insert(key, i);
        continue;
      }
      report(context, findings, r, *first);
    }
  }

 private:
  static void report(const LintContext& context, Findings& findings, const Record& again, const Record& first) {
    const Span first_span = context.span(first, context.tokens(first).type);
    const std::string type = type_to_text(again.type);
    const std::string owner = context.owner(again).to_text();
    const std::string ttls =
        again.ttl == first.ttl ? std::string() : fmt::format(" (only the TTL differs: {} here, {} there)", again.ttl,
                                                              first.ttl);
    Diagnostic& d = findings.add(
        context.span(again, context.tokens(again).type),
        fmt::format("duplicate {} record at \"{}\": line {} already has the same data{}; servers keep one copy "
                    "(RFC 2181 §5) and Route 53 rejects the set, so an edit to either line may not take "
                    "effect; delete this record",
                    type, owner, zone_support::line_of(context, first_span), ttls),
        &again);
    d.notes.push_back(Note{first_span, fmt::format("the first {} record with this data is here", type)});
  }
};

}  // namespace

const Rule& zone005_duplicate_record() {
  static const DuplicateRecord rule;
  return rule;
}

}  // namespace zonelint::rules
