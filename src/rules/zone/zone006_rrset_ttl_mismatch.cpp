// ZONE006 rrset-ttl-mismatch: the records of one RRset (owner, class, type) with different TTLs.

#include <algorithm>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE006",
    "rrset-ttl-mismatch",
    Severity::warning,
    "The records of one RRset have different TTLs",
    FixSafety::unsafe,
    "zone rrset ttl",
    R"md(## What it does
Groups the records into RRsets (same owner name, class and type) and reports each record whose TTL
differs from the RRset's TTL, at its TTL (or at its type when the TTL is not written on the line).
The RRset's TTL is the one most of its records have; on a tie, the first record's. RRSIG and SIG
records are not compared: each covers another RRset and takes that RRset's TTL (RFC 4034 §3).
Each set of a provider routing policy (Route 53 `SetIdentifier`, Cloud DNS `routingPolicy` items)
is an RRset of its own, with its own TTL.

## Why is this bad
"The TTLs of all RRs in an RRSet must be the same" (RFC 2181 §5.2). Servers and resolvers resolve
the conflict differently: BIND loads the zone but sets every record of the set to the first TTL
("TTL set to prior TTL"), a resolver that receives mixed TTLs treats them all as the lowest, and
Route 53 keeps one TTL per record set. So the TTL you wrote on one line is not the one that is
used, and caches expire the records earlier or later than intended. It is usually an edit that
changed one line of a set and not the others.

## Example
```
@  3600  IN  MX  10 mx1.example.net.
@  300   IN  MX  20 mx2.example.net.
```

## Use instead
```
@  3600  IN  MX  10 mx1.example.net.
@  3600  IN  MX  20 mx2.example.net.
```

## Fix safety
Unsafe: the fix writes the RRset's TTL on the odd record (replacing its TTL, or adding one before
the type). The odd TTL may be the one that was meant, for example while lowering TTLs before a
migration, so `--fix` applies it only together with `--unsafe-fixes`.

## References
- RFC 2181 §5.2, TTLs of RRs in an RRSet: https://www.rfc-editor.org/rfc/rfc2181#section-5.2
- RFC 4034 §3, The RRSIG resource record (TTL exception): https://www.rfc-editor.org/rfc/rfc4034#section-3
)md"};

bool compared(RRType type) noexcept { return type != rr::RRSIG && type != rr::SIG; }

class RrsetTtlMismatch final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    if (records.size() < 2) return;
    // Per owner (an RRset never spans owners): its records sorted into RRsets, most owners having
    // one record or one TTL and costing no sort.
    std::vector<std::uint32_t> sets;
    std::vector<std::pair<std::uint32_t, std::size_t>> ttls;  // (ttl, position in the set)
    struct Odd {
      std::uint32_t first;  // the RRset's first record: reports follow the order of the RRsets
      std::uint32_t record;
      std::uint32_t set_ttl;
      std::size_t agreeing;
    };
    std::vector<Odd> odd;
    context.for_each_owner([&](std::span<const std::uint32_t> at_owner) {
      if (at_owner.size() < 2) return;
      sets.clear();
      bool differ = false;
      for (const std::uint32_t i : at_owner) {
        if (!compared(records[i].type)) continue;
        if (!sets.empty() && records[i].ttl != records[sets.front()].ttl) differ = true;
        sets.push_back(i);
      }
      if (!differ) return;
      // Input order within each RRset: the index breaks ties. Each set of a routing policy is an
      // RRset of its own (routing_set).
      std::sort(sets.begin(), sets.end(), [&](std::uint32_t a, std::uint32_t b) {
        return std::tuple(records[a].type, records[a].rclass, zone_support::routing_set(context, records[a]), a) <
               std::tuple(records[b].type, records[b].rclass, zone_support::routing_set(context, records[b]), b);
      });
      for (std::size_t b = 0; b < sets.size();) {
        std::size_t e = b + 1;
        while (e < sets.size() && same_set(records[sets[e]], records[sets[b]]) &&
               zone_support::routing_set(context, records[sets[e]]) == zone_support::routing_set(context, records[sets[b]]))
          ++e;
        if (e - b > 1) check_set(records, std::span<const std::uint32_t>(sets).subspan(b, e - b), ttls, odd);
        b = e;
      }
    });
    std::stable_sort(odd.begin(), odd.end(), [](const Odd& a, const Odd& b) { return a.first < b.first; });
    for (const Odd& o : odd) report(context, findings, records[o.record], o.set_ttl, o.agreeing);
  }

 private:
  // Appends the members of one RRset (record indices in input order) whose TTL is not the set's.
  template <typename Odd>
  static void check_set(std::span<const Record> records, std::span<const std::uint32_t> set,
                        std::vector<std::pair<std::uint32_t, std::size_t>>& ttls, std::vector<Odd>& odd) {
    ttls.clear();
    for (std::size_t k = 0; k < set.size(); ++k) ttls.emplace_back(records[set[k]].ttl, k);
    std::sort(ttls.begin(), ttls.end());
    if (ttls.front().first == ttls.back().first) return;
    // The RRset's TTL: the most common one; on a tie the one seen first (the first record's).
    std::uint32_t set_ttl = ttls.front().first;
    std::size_t agreeing = 0;
    std::size_t set_first_seen = 0;
    for (std::size_t x = 0; x < ttls.size();) {
      std::size_t y = x;
      while (y < ttls.size() && ttls[y].first == ttls[x].first) ++y;
      const std::size_t count = y - x;
      const std::size_t first_seen = ttls[x].second;  // smallest position: sorted by (ttl, position)
      if (count > agreeing || (count == agreeing && first_seen < set_first_seen)) {
        set_ttl = ttls[x].first;
        agreeing = count;
        set_first_seen = first_seen;
      }
      x = y;
    }
    for (const std::uint32_t i : set)
      if (records[i].ttl != set_ttl) odd.push_back({set.front(), i, set_ttl, agreeing});
  }
  static bool same_set(const Record& a, const Record& b) {
    return a.owner == b.owner && a.type == b.type && a.rclass == b.rclass;
  }

  static void report(const LintContext& context, Findings& findings, const Record& r, std::uint32_t set_ttl,
                     std::size_t agreeing) {
    const RecordTokens tokens = context.tokens(r);
    const bool written = r.has(record_flag::ttl_explicit) && tokens.ttl.has_value();
    const Span at = written ? context.span(r, *tokens.ttl) : context.span(r, tokens.type);
    const std::string set = fmt::format("{} {}", context.owner(r).to_text(), type_to_text(r.type));
    Diagnostic& d = findings.add(
        at,
        fmt::format("TTL {}{} differs from {}, the TTL of {} other record{} of the {} RRset: the records of an "
                    "RRset must share one TTL (RFC 2181 §5.2), and servers use the first or the lowest "
                    "instead; write {}",
                    r.ttl, written ? "" : " (not written on this line)", set_ttl, agreeing,
                    agreeing == 1 ? "" : "s", set, set_ttl),
        &r);
    const bool literal = !r.has(record_flag::generated);
    if (written) {
      if (literal && at.size() == tokens.ttl->end - tokens.ttl->begin)
        findings.fix(d, fmt::format("set the TTL to {}", set_ttl), {Edit{at, fmt::format("{}", set_ttl)}});
    } else if (literal && at.size() == tokens.type.end - tokens.type.begin) {
      findings.fix(d, fmt::format("write the TTL {}", set_ttl),
                   {Edit{Span{at.file, at.begin, at.begin}, fmt::format("{} ", set_ttl)}});
    }
  }
};

}  // namespace

const Rule& zone006_rrset_ttl_mismatch() {
  static const RrsetTtlMismatch rule;
  return rule;
}

}  // namespace zonelint::rules
