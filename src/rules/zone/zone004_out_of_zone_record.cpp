// ZONE004 out-of-zone-record: a record whose owner is not at or below the zone apex.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE004",
    "out-of-zone-record",
    Severity::error,
    "A record's owner name is outside the zone",
    FixSafety::none,
    "zone names",
    R"md(## What it does
Reports every record whose owner name is neither the zone apex nor below it, at the owner name. The
apex is the zone's name: `--origin`, else a `$ORIGIN` before the first record, else the SOA
owner, else the file name. Nothing is reported when the apex cannot be determined. Glue (an A or
AAAA record below a delegation inside the zone) is inside the zone and is not reported; an address
record for a name server in another domain (`ns1.other.net.` in the zone `example.com`) is. A name
that is inside the zone once the stray characters SES003 reports are taken out (an invisible
character pasted after the final dot of a name in a provider export) is left to SES003, whose fix
deletes them.

## Why is this bad
A zone holds the names at and below its apex; anything else is "the result of an origin or similar
error" (RFC 1035 §5.2). Name servers do not serve it: BIND logs "ignoring out-of-zone data" and
drops the record, so it never reaches the public DNS; Route 53's zone import rejects the file
("The domain name of the records in the zone file must match the name of the hosted zone"). Typical
causes are a name typed in full with the wrong domain (`sel._domainkey.example.co.` in
`example.com`), a record pasted into the wrong zone file, and a `$ORIGIN` that switched to another
domain.

## Example
```
$ORIGIN example.com.
sel1._domainkey.example.co.  IN  CNAME  sel1.dkim.example.net.
```

## Use instead
```
$ORIGIN example.com.
sel1._domainkey  IN  CNAME  sel1.dkim.example.net.
```

## Fix safety
No automatic fix: the intended name, or the zone the record belongs to, cannot be known.

## References
- RFC 1035 §5.2, Use of master files to define zones: https://www.rfc-editor.org/rfc/rfc1035#section-5.2
- RFC 1034 §4.2.1, Technical considerations (what a zone contains): https://www.rfc-editor.org/rfc/rfc1034#section-4.2.1
- Route 53, creating records by importing a zone file: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-creating-import.html
)md"};

class OutOfZoneRecord final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty()) return;
    const auto records = context.records();
    const std::string zone = apex.to_text();
    NameId previous = 0;
    bool outside = false;
    std::string owner;
    bool first = true;
    for (const std::uint32_t i : context.by_owner()) {  // each owner's records are contiguous
      const Record& r = records[i];
      if (first || r.owner != previous) {
        first = false;
        previous = r.owner;
        outside = !context.owner(r).is_subdomain_of(apex);
        // A name that is in the zone once its stray characters are out is SES003's.
        if (outside) {
          const std::optional<Name> meant = ses::name_without_stray(context.owner(r));
          outside = !meant || !meant->view().is_subdomain_of(apex);
        }
        if (outside) owner = context.owner(r).to_text();
      }
      if (!outside) continue;
      findings.add(context.owner_span(r),
                   fmt::format("\"{}\"{} is outside the zone \"{}\": name servers ignore out-of-zone records "
                               "and Route 53's import rejects them; write a name under \"{}\", or move the record "
                               "to the zone it belongs to",
                               owner,
                               r.has(record_flag::owner_inherited) ? " (the owner this line inherits)" : "", zone,
                               zone),
                   &r);
    }
  }
};

}  // namespace

const Rule& zone004_out_of_zone_record() {
  static const OutOfZoneRecord rule;
  return rule;
}

}  // namespace zonelint::rules
