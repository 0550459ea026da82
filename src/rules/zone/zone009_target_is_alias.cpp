// ZONE009 target-is-alias: an MX, NS or SRV record pointing at a name that is a CNAME.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE009",
    "target-is-alias",
    Severity::warning,
    "An MX, NS or SRV record points at a name that is a CNAME",
    FixSafety::none,
    "zone cname",
    R"md(## What it does
Reports the target of an MX, NS or SRV record when that name has a CNAME in the same zone, at the
target, with a note at the CNAME. Only names whose records are in the input can be checked: a
target in another zone is not looked up.

The finding is a warning for MX and SRV records and an error for NS records, whose alias targets
break delegation and make BIND refuse the zone.

## Why is this bad
"The domain name used as the value of a NS resource record, or part of the value of a MX resource
record must not be an alias" (RFC 2181 §10.3); the SRV target "must not be an alias" either
(RFC 2782). The additional-section processing that makes these records work looks up addresses for
the target name, not for whatever an alias points at. BIND's `named-checkzone` reports "MX/SRV
... is a CNAME (illegal)" and refuses a zone whose NS records point at a CNAME; many mail servers
still follow an MX alias (RFC 5321 §5.1), but others reject the mail or delay it. The usual cause
is an MX that pointed at a host which later became an alias for a hosted service.

## Example
```
@      IN  MX     10 mail.example.com.
mail   IN  CNAME  mail.provider.example.net.
```

## Use instead
```
@      IN  MX     10 mail.provider.example.net.
```

## Fix safety
No automatic fix: the alias may be there on purpose (to move the service by editing one record),
and replacing the target with the alias's own target changes who controls it.

## References
- RFC 2181 §10.3, MX and NS records: https://www.rfc-editor.org/rfc/rfc2181#section-10.3
- RFC 2782, DNS SRV RR (the Target field): https://www.rfc-editor.org/rfc/rfc2782
- RFC 1912 §2.4, CNAME records: https://www.rfc-editor.org/rfc/rfc1912#section-2.4
- RFC 5321 §5.1, Locating the target host: https://www.rfc-editor.org/rfc/rfc5321#section-5.1
)md"};

struct Checked {
  RRType type;
  std::size_t field;  // the target's field index in the type table
};
constexpr Checked checked[] = {{rr::NS, 0}, {rr::MX, 1}, {rr::SRV, 3}};

class TargetIsAlias final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<zone_support::LastNames>();
  }
  void check(const LintContext& context, Findings& findings) const override {
    if (context.of_type(rr::CNAME).empty()) return;
    const auto records = context.records();
    const auto& last_names = context.analysis<zone_support::LastNames>();
    zone_support::OriginFinder origins(context);
    std::vector<Token> tokens;
    for (const Checked& c : checked) {
      const RRTypeInfo* info = find_type(c.type);
      if (info == nullptr) continue;
      if (!zone_support::is_last_single_field(*info, c.field)) continue;
      const auto of_type = context.of_type(c.type);
      const auto targets = last_names.targets(c.type);
      if (targets.size() != of_type.size()) continue;
      for (std::size_t k = 0; k < of_type.size(); ++k) {
        if (targets[k] == zone_support::LastNames::no_owner) continue;
        const Record& r = records[of_type[k]];
        for (const std::uint32_t a : context.at_owner(targets[k])) {
          const Record& alias = records[a];
          if (alias.type != rr::CNAME || alias.rclass != r.rclass) continue;
          const std::optional<Token> target_token = zone_support::last_rdata_token(context, r, tokens);
          if (target_token) report(context, findings, origins, r, *target_token, info->fields[c.field].label, alias);
          break;
        }
      }
    }
  }

 private:
  static void report(const LintContext& context, Findings& findings, zone_support::OriginFinder& origins,
                     const Record& r, const Token& target, std::string_view label, const Record& alias) {
    const std::vector<Token> alias_rdata = context.rdata_tokens(alias);
    std::string canonical;
    std::string alias_wire;
    if (!alias_rdata.empty() && origins.name(alias, alias_rdata.front(), alias_wire))
      canonical = NameView(alias_wire).to_text();
    const Span alias_span = context.span(alias, context.tokens(alias).type);
    const std::string name = context.owner(alias).to_text();
    const std::string type = type_to_text(r.type);
    Diagnostic& d = findings.add(
        context.span(r, target),
        fmt::format("{} {} \"{}\" is an alias (a CNAME on line {}{}): {} targets must not be aliases ({}), "
                    "and servers and clients that rely on the target's addresses fail; point the {} at {}",
                    type, label, name, zone_support::line_of(context, alias_span),
                    canonical.empty() ? "" : fmt::format(" to \"{}\"", canonical), type,
                    r.type == rr::SRV ? "RFC 2782" : "RFC 2181 §10.3", type,
                    canonical.empty() ? "a name with A or AAAA records" : fmt::format("\"{}\"", canonical)),
        &r);
    if (r.type == rr::NS) d.severity = Severity::error;
    d.notes.push_back(Note{alias_span, fmt::format("\"{}\" is a CNAME here", name)});
  }
};

}  // namespace

const Rule& zone009_target_is_alias() {
  static const TargetIsAlias rule;
  return rule;
}

}  // namespace zonelint::rules
