// ZONE008 cname-at-apex: a CNAME at the zone's own name.

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE008",
    "cname-at-apex",
    Severity::error,
    "A CNAME record at the zone apex",
    FixSafety::none,
    "zone cname",
    R"md(## What it does
Reports a CNAME whose owner is the zone apex (`@`, the zone's own name), at its type. In a
Cloudflare export or API dump the finding is a warning: Cloudflare answers such a record by
flattening it into A and AAAA records, but the file means something else to every other server.
Nothing is reported when the apex is unknown.

## Why is this bad
The apex must hold the zone's SOA and NS records (RFC 1034 §4.2.1), and a name with a CNAME can
hold no other data (RFC 1034 §3.6.2, RFC 2181 §10.1), so a CNAME at the apex breaks the zone:
RFC 1912 §2.4 gives exactly this example as something not to do. BIND and NSD refuse to load the
zone ("CNAME and other data"); Route 53 does not allow a CNAME at the apex at all; a server that
accepts it answers every query for the domain with the CNAME, hiding its MX, TXT (SPF, domain
verification) and NS records. It is usually an attempt to point the bare domain at a hosted
service.

## Example
```
@    IN  CNAME  myapp.herokudns.com.
```

## Use instead
```
; the service's IP addresses, or your provider's alias record (Route 53 alias, ALIAS, ANAME)
@    IN  A      192.0.2.10
www  IN  CNAME  myapp.herokudns.com.
```

## Fix safety
No automatic fix: the replacement (addresses, or a provider-specific alias) is not in the file.

## References
- RFC 1912 §2.4, CNAME records: https://www.rfc-editor.org/rfc/rfc1912#section-2.4
- RFC 1034 §3.6.2, Aliases and canonical names: https://www.rfc-editor.org/rfc/rfc1034#section-3.6.2
- RFC 2181 §10.1, CNAME resource records: https://www.rfc-editor.org/rfc/rfc2181#section-10.1
- Route 53 supported record types (CNAME): https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html
- Cloudflare CNAME flattening: https://developers.cloudflare.com/dns/cname-flattening/
)md"};

class CnameAtApex final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty()) return;
    const std::optional<NameId> id = context.find_owner(apex);
    if (!id) return;
    const InputFormat format = context.zone().format;
    const bool cloudflare = format == InputFormat::cloudflare_export || format == InputFormat::cloudflare_json;
    const std::string zone = apex.to_text();
    for (const std::uint32_t i : context.at_owner(*id)) {
      const Record& r = context.records()[i];
      if (r.type != rr::CNAME) continue;
      Diagnostic& d = findings.add(
          context.span(r, context.tokens(r).type),
          cloudflare
              ? fmt::format("CNAME at the zone apex \"{}\": Cloudflare serves it only by flattening it into A/AAAA "
                            "records; any other server refuses it, since the apex holds the SOA and NS records "
                            "and a CNAME allows no other data (RFC 1034 §3.6.2, RFC 1912 §2.4)",
                            zone)
              : fmt::format("CNAME at the zone apex \"{}\": the apex holds the zone's SOA and NS records and a "
                            "CNAME allows no other data (RFC 1034 §3.6.2, RFC 1912 §2.4), so servers refuse the "
                            "zone and Route 53 does not allow it; use A/AAAA records or your provider's alias "
                            "record at the apex, and the CNAME at a subdomain such as www",
                            zone),
          &r);
      if (cloudflare) d.severity = Severity::warning;
    }
  }
};

}  // namespace

const Rule& zone008_cname_at_apex() {
  static const CnameAtApex rule;
  return rule;
}

}  // namespace zonelint::rules
