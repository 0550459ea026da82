// ZONE014 data-below-dname: records at a name below a DNAME's owner.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE014",
    "data-below-dname",
    Severity::error,
    "Records below a DNAME",
    FixSafety::none,
    "zone dname",
    R"md(## What it does
Reports each name that holds records and lies below the owner of a DNAME record in the same
zone, at the name's first record, with a note at the DNAME. The DNAME's owner itself may hold
other records (but not a CNAME: ZONE001). Nothing is checked in a zone without a DNAME.

## Why is this bad
A DNAME redirects every name below its owner to the same name below its target (RFC 6672 §2):
a server answers a query for such a name with the DNAME and a CNAME it makes up, never with
records stored there. So records below a DNAME are never served, and RFC 6672 §2.4 says they
MUST NOT exist; Knot's `kzonecheck` refuses the zone, and BIND loads it but hides those records.
It is usually a subtree that was renamed with a DNAME and then given new records under its old
name.

## Example
```
old     IN  DNAME  new.example.com.
www.old IN  A      192.0.2.10
```

## Use instead
```
old     IN  DNAME  new.example.com.
www.new IN  A      192.0.2.10
```

## Fix safety
No automatic fix: whether the records or the DNAME should go is the zone owner's choice.

## References
- RFC 6672 §2.4, Names next to and below a DNAME record: https://www.rfc-editor.org/rfc/rfc6672#section-2.4
- RFC 6672 §2, The DNAME resource record: https://www.rfc-editor.org/rfc/rfc6672#section-2
)md"};

class DataBelowDname final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const auto dnames = context.of_type(rr::DNAME);
    if (dnames.empty()) return;
    const auto records = context.records();
    // Per owner name: the index of its first DNAME record, when it has one.
    constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> dname_at(context.zone().names.size(), none);
    for (const std::uint32_t i : dnames)
      if (dname_at[records[i].owner] == none) dname_at[records[i].owner] = i;
    const NameView apex = context.apex();
    context.for_each_owner([&](std::span<const std::uint32_t> at_name) {
      const Record& first = records[at_name.front()];
      const NameView owner = context.owner(first);
      // Only ancestors inside the zone can hold a DNAME of this zone.
      const std::size_t labels = owner.label_count();
      const std::size_t apex_labels = apex.empty() ? 0 : apex.label_count();
      if (!apex.empty() && !owner.is_subdomain_of(apex)) return;
      for (std::size_t up = 1; up <= labels && labels - up >= apex_labels; ++up) {
        const std::optional<NameId> id = context.find_owner(owner.parent(up));
        if (!id || dname_at[*id] == none) continue;
        report(context, findings, first, records[dname_at[*id]]);
        return;
      }
    });
  }

 private:
  static void report(const LintContext& context, Findings& findings, const Record& below, const Record& dname) {
    const Span dname_span = context.span(dname, context.tokens(dname).type);
    const std::string above = context.owner(dname).to_text();
    Diagnostic& d = findings.add(
        context.owner_span(below),
        fmt::format("\"{}\" is below the DNAME at \"{}\" (line {}): a DNAME redirects every name below its owner, "
                    "so servers never answer with records stored there, and RFC 6672 §2.4 forbids them (Knot "
                    "refuses the zone); move these records below the DNAME's target, or delete the DNAME",
                    context.owner(below).to_text(), above, zone_support::line_of(context, dname_span)),
        &below);
    d.notes.push_back(Note{dname_span, fmt::format("the DNAME at \"{}\" is here", above)});
  }
};

}  // namespace

const Rule& zone014_data_below_dname() {
  static const DataBelowDname rule;
  return rule;
}

}  // namespace zonelint::rules
