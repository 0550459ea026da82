// ZONE012 null-target-with-others: a null MX (or an SRV record with target ".") that shares its
// RRset with records that do name a host.

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE012",
    "null-target-with-others",
    Severity::error,
    "A null MX or an SRV target \".\" is published next to other MX or SRV records",
    FixSafety::none,
    "zone mx srv",
    R"md(## What it does
Reports an MX record whose exchange is `.` (a null MX, "this domain accepts no mail") at a name
that also has MX records naming mail servers, and an SRV record whose target is `.` ("this service
is not available here") at a name that also has SRV records naming hosts. The finding is at the
`.`, once per RRset. It is an error for MX, where RFC 7505 forbids the mix, and a warning for SRV,
where RFC 2782 only defines what `.` means.

## Why is this bad
"A domain that advertises a null MX MUST NOT advertise any other MX RR" (RFC 7505 §3). Senders
then disagree: some treat the domain as refusing mail and bounce it at once, others skip the null
MX and deliver to the other hosts. For SRV, "A Target of "." means that the service is decidedly
not available at this domain" (RFC 2782); next to other targets, clients that follow the priority
and weight rules may pick it and give up. Both usually come from adding real records to a name
that had been marked "no mail" or "no service", and forgetting the marker.

## Example
```
@    IN  MX  0 .
@    IN  MX  10 mx1.example.net.
```

## Use instead
```
@    IN  MX  10 mx1.example.net.
```

## Fix safety
No automatic fix: whether the domain should receive mail (or offer the service) is the author's
decision.

## References
- RFC 7505 §3, The null MX resource record: https://www.rfc-editor.org/rfc/rfc7505#section-3
- RFC 2782, DNS SRV RR (the Target field): https://www.rfc-editor.org/rfc/rfc2782
)md"};

struct Checked {
  RRType type;
};
constexpr Checked checked[] = {{rr::MX}, {rr::SRV}};

class NullTargetWithOthers final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<zone_support::LastNames>();
  }
  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    const auto& last_names = context.analysis<zone_support::LastNames>();
    std::vector<Token> tokens;
    std::vector<NameId> null_owners;
    for (const Checked& c : checked) {
      const auto of_type = context.of_type(c.type);
      const auto facts = last_names.facts(c.type);
      if (of_type.size() < 2 || facts.size() != of_type.size()) continue;
      // The target (the last token) is the root, ".".
      const auto null_target = [&](std::uint32_t i) {
        const auto k = static_cast<std::size_t>(std::lower_bound(of_type.begin(), of_type.end(), i) - of_type.begin());
        return (facts[k] & zone_support::LastNames::root) != 0;
      };
      // Pass 1 (no text read): the owners that have a "." target.
      null_owners.clear();
      for (std::size_t k = 0; k < of_type.size(); ++k) {
        if ((facts[k] & zone_support::LastNames::root) == 0) continue;
        const NameId owner = records[of_type[k]].owner;
        if (null_owners.empty() || null_owners.back() != owner) null_owners.push_back(owner);
      }
      std::sort(null_owners.begin(), null_owners.end());
      null_owners.erase(std::unique(null_owners.begin(), null_owners.end()), null_owners.end());
      // Pass 2: those owners' other records of the type.
      for (const NameId owner : null_owners) {
        const Record* null_record = nullptr;
        std::size_t others = 0;
        for (const std::uint32_t i : context.at_owner(owner)) {
          const Record& r = records[i];
          if (r.type != c.type || r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) continue;
          if (null_target(i)) {
            if (null_record == nullptr) null_record = &r;
          } else {
            ++others;
          }
        }
        if (null_record == nullptr || others == 0) continue;
        const std::optional<Token> dot = zone_support::last_rdata_token(context, *null_record, tokens);
        if (dot) report(context, findings, c.type, *null_record, *dot, others);
      }
    }
  }

 private:
  static void report(const LintContext& context, Findings& findings, RRType type, const Record& r,
                     const Token& dot, std::size_t others) {
    const std::string name = context.owner(r).to_text();
    const std::string plural = others == 1 ? "" : "s";
    if (type == rr::MX) {
      findings.add(context.span(r, dot),
                   fmt::format("null MX (exchange \".\") at \"{}\" next to {} other MX record{}: a domain with a null "
                               "MX must publish no other MX (RFC 7505 §3), and senders either bounce its mail or "
                               "ignore the null MX; delete the null MX if the domain receives mail, else the "
                               "other MX record{}",
                               name, others, plural, plural),
                   &r);
      return;
    }
    Diagnostic& d =
        findings.add(context.span(r, dot),
                     fmt::format("SRV target \".\" (service not available, RFC 2782) at \"{}\" next to {} other SRV "
                                 "record{} that name hosts: clients may choose either; delete the \".\" record if the "
                                 "service is offered, else the other SRV record{}",
                                 name, others, plural, plural),
                     &r);
    d.severity = Severity::warning;
  }
};

}  // namespace

const Rule& zone012_null_target_with_others() {
  static const NullTargetWithOthers rule;
  return rule;
}

}  // namespace zonelint::rules
