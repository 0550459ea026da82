// ZONE005 duplicate-record: the same record (owner, class, type, RDATA) written twice.

#include <algorithm>
#include <string>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

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
canonical RDATA and then compared byte for byte, so a hash collision cannot give a finding. In a
provider export, records of different routing-policy sets (Route 53 `SetIdentifier`, Cloud DNS
`routingPolicy` items) are different answers, never duplicates of each other. An SOA repeated as
the last record of a file that starts with it, both written in full (absolute owner, TTL and
class), is not reported: a zone transfer ends with the SOA it started with (RFC 5936 §2.2), so
saved `dig axfr` output has it twice.

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
- RFC 5936 §2.2, AXFR response (the SOA first and last): https://www.rfc-editor.org/rfc/rfc5936#section-2.2
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
    // Per owner (duplicates share it): its records sorted by type, class and RDATA hash, so that
    // only records with equal hashes are compared, and most owners cost no comparison at all.
    std::vector<std::uint32_t> sorted;
    std::vector<std::uint32_t> distinct;  // the first record of each distinct RDATA in one run
    std::vector<std::pair<std::uint32_t, std::uint32_t>> duplicates;  // (record, first with its data)
    const auto key = [&](std::uint32_t i) {
      const Record& r = records[i];
      return std::tuple(r.type, r.rclass, r.rdata_hash);
    };
    context.for_each_owner([&](std::span<const std::uint32_t> at_owner) {
      if (at_owner.size() < 2) return;
      sorted.assign(at_owner.begin(), at_owner.end());
      // Input order within equal keys, so the first copy comes first: the index breaks ties (a
      // stable sort would allocate a buffer for each owner).
      std::sort(sorted.begin(), sorted.end(),
                [&](std::uint32_t a, std::uint32_t b) { return std::pair(key(a), a) < std::pair(key(b), b); });
      for (std::size_t b = 0; b + 1 < sorted.size();) {
        std::size_t e = b + 1;
        while (e < sorted.size() && key(sorted[e]) == key(sorted[b])) ++e;
        if (e - b > 1) {
          // Equal hashes: compare the data exactly; a collision only costs a comparison.
          distinct.assign(1, sorted[b]);
          for (std::size_t k = b + 1; k < e; ++k) {
            const Record& r = records[sorted[k]];
            // The same data in two routing-policy sets (two weighted sets answering one address)
            // is no duplicate: each set is an RRset of its own.
            const auto first = std::find_if(distinct.begin(), distinct.end(), [&](std::uint32_t d) {
              return !zone_support::in_other_routing_sets(context, records[d], r) &&
                     zone_support::same_rdata(context, origins, records[d], r);
            });
            if (first == distinct.end()) {
              distinct.push_back(sorted[k]);
            } else {
              duplicates.emplace_back(sorted[k], *first);
            }
          }
        }
        b = e;
      }
    });
    // In input order, as the findings were always made.
    std::sort(duplicates.begin(), duplicates.end());
    for (const auto& [again, first] : duplicates) {
      // A zone transfer starts and ends with the SOA (RFC 5936 §2.2): a copy of "dig axfr" or
      // "kdig axfr" output repeats it as its last record, and BIND loads it as one. Those tools
      // write every record in full (absolute owner, TTL, class); a hand-written copy is reported.
      if (is_axfr_trailer(records, again, first)) continue;
      report(context, findings, records[again], records[first]);
    }
  }

 private:
  static bool is_axfr_trailer(std::span<const Record> records, std::uint32_t again, std::uint32_t first) {
    constexpr std::uint16_t written_in_full =
        record_flag::owner_absolute | record_flag::ttl_explicit | record_flag::class_explicit;
    const auto in_full = [&](const Record& r) { return (r.flags & written_in_full) == written_in_full; };
    return records[again].type == rr::SOA && first == 0 && again + 1 == records.size() && in_full(records[first]) &&
           in_full(records[again]);
  }

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
