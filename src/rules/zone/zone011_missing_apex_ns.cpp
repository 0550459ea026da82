// ZONE011 missing-apex-ns: a whole zone (it has its SOA) without NS records at its apex.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE011",
    "missing-apex-ns",
    Severity::error,
    "The zone has an SOA record but no NS records at its apex",
    FixSafety::none,
    "zone soa ns",
    R"md(## What it does
Reports, at the SOA's type, a zone whose apex has an SOA record but no NS record. A file without an
SOA at the apex is taken to be a fragment (a file for `$INCLUDE`, or a list of records to import
into a provider) and is not checked; so is a Route 53 change batch, or an export that says it is
one page of a longer list (the NS records may be in the rest of the zone).

## Why is this bad
The top node of a zone holds its SOA and the NS records that list its name servers
(RFC 1034 §4.2.1); the apex NS RRset is also what the parent's delegation has to match. BIND
refuses to load a zone without them ("has no NS records"), so none of its records are served.
Provider exports always include the apex NS records, so their absence means the file was cut or
the NS lines were deleted by mistake.

## Example
```
$ORIGIN example.com.
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
ns1  IN  A    192.0.2.1
```

## Use instead
```
$ORIGIN example.com.
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
@    IN  NS   ns1
@    IN  NS   ns2.example.net.
ns1  IN  A    192.0.2.1
```

## Fix safety
No automatic fix: the name servers are not in the file.

## References
- RFC 1034 §4.2.1, Technical considerations (the top node of a zone): https://www.rfc-editor.org/rfc/rfc1034#section-4.2.1
- RFC 1035 §5.2, Use of master files to define zones: https://www.rfc-editor.org/rfc/rfc1035#section-5.2
)md"};

class MissingApexNs final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty() || !context.zone().complete()) return;
    const std::optional<NameId> id = context.find_owner(apex);
    if (!id) return;
    const Record* soa = nullptr;
    for (const std::uint32_t i : context.at_owner(*id)) {
      const Record& r = context.records()[i];
      if (r.type == rr::NS) return;
      if (r.type == rr::SOA && soa == nullptr) soa = &r;
    }
    if (soa == nullptr) return;
    findings.add(context.span(*soa, context.tokens(*soa).type),
                 fmt::format("the zone \"{}\" has an SOA record but no NS records at its apex: a zone lists its "
                             "name servers at its top (RFC 1034 §4.2.1), and BIND refuses to load it without them; "
                             "add an NS record for each name server the domain is delegated to",
                             apex.to_text()),
                 soa);
  }
};

}  // namespace

const Rule& zone011_missing_apex_ns() {
  static const MissingApexNs rule;
  return rule;
}

}  // namespace zonelint::rules
