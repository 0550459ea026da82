// ZONE007 long-negative-ttl: the SOA makes resolvers cache "no such record" for more than a day.

#include <algorithm>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "parse/rdata_parser.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr std::uint64_t one_day = 86400;
constexpr std::uint32_t suggested = 3600;
constexpr std::size_t minimum_field = 6;  // SOA RDATA: MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM

constexpr RuleInfo rule_info{
    "ZONE007",
    "long-negative-ttl",
    Severity::warning,
    "The SOA makes resolvers cache negative answers for more than a day",
    FixSafety::unsafe,
    "zone soa ttl",
    R"md(## What it does
Computes how long resolvers cache a negative answer (NXDOMAIN or "no record of this type") from the
zone: the smaller of the SOA MINIMUM field and the SOA record's own TTL (RFC 2308 §3, §5). When that
is more than one day (86400 seconds), it reports the SOA's MINIMUM field.

## Why is this bad
A resolver that asked for a name before it existed remembers the negative answer for that long. A
record added afterwards stays invisible to everyone behind that resolver: the classic case is a
verification record (Amazon SES DKIM CNAMEs, an `_amazonses` TXT, an ACME challenge) that the service
looked up once before it was published, and that then seems missing for days. RFC 2308 §5: "Values
of one to three hours have been found to work well and would make sensible a default. Values
exceeding one day have been found to be problematic." Resolvers cap the time (BIND's
`max-ncache-ttl` defaults to 3 hours), but not all of them, and not all to the same value.

Zones whose SOA names `localhost.` as their primary server are skipped: those are the local zones
BIND ships (Debian's `db.local`, `db.127`, `db.0`, `db.255`, `db.empty`), which answer only the host
itself and use a one-week MINIMUM by design.

It is a warning rather than an error: the zone is valid and served, and the effect appears only
when a name is queried before it exists. RFC 2308 calls long values problematic, not forbidden.

## Example
```
@  86400  IN  SOA  ns1.example.com. hostmaster.example.com. (
                   2024060101 7200 3600 1209600 604800 )
```

## Use instead
```
@  86400  IN  SOA  ns1.example.com. hostmaster.example.com. (
                   2024060101 7200 3600 1209600 3600 )
```

## Fix safety
Unsafe (`--fix` applies it only together with `--unsafe-fixes`): the fix sets MINIMUM to 3600
(one hour). In a zone without `$TTL` some servers use MINIMUM as the default TTL of the records
that follow, so changing it may change their TTLs too.

## References
- RFC 2308 §3, Negative answers from authoritative servers: https://www.rfc-editor.org/rfc/rfc2308#section-3
- RFC 2308 §5, Negative answers from the cache: https://www.rfc-editor.org/rfc/rfc2308#section-5
- RFC 1035 §3.3.13, SOA RDATA format: https://www.rfc-editor.org/rfc/rfc1035#section-3.3.13
- BIND 9 reference, max-ncache-ttl: https://bind9.readthedocs.io/en/latest/reference.html#namedconf-statement-max-ncache-ttl
)md"};

class LongNegativeTtl final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    for (const std::uint32_t i : context.of_type(rr::SOA)) {
      const Record& soa = context.records()[i];
      if (soa.has(record_flag::untyped) || soa.has(record_flag::generic_rdata)) continue;
      const std::vector<Token> rdata = context.rdata_tokens(soa);
      if (rdata.size() <= minimum_field) continue;
      // BIND's built-in local zones (Debian's db.local, db.127, db.0, db.255, db.empty) name
      // "localhost." as their primary and cache negative answers for a week: they answer only
      // this host, so nothing is ever published there for a resolver to miss.
      if (ascii_iequals(rdata[0].content(context.text(soa)), "localhost.")) continue;
      const Token& token = rdata[minimum_field];
      std::uint64_t minimum = 0;
      if (!RdataParser::parse_ttl(token.content(context.text(soa)), minimum)) continue;
      const std::uint64_t negative = std::min<std::uint64_t>(minimum, soa.ttl);
      if (negative <= one_day) continue;
      const Span at = context.span(soa, token);
      Diagnostic& d = findings.add(
          at,
          fmt::format("negative answers are cached for {}, the smaller of the SOA MINIMUM ({}) and the SOA TTL "
                      "({}) (RFC 2308 §3): a name looked up before it exists, such as a verification record, "
                      "stays invisible that long; RFC 2308 §5 recommends 1 to 3 hours, e.g. {}",
                      zone_support::seconds_text(negative), minimum, soa.ttl, suggested),
          &soa);
      if (!soa.has(record_flag::generated) && at.size() == token.end - token.begin && minimum > suggested)
        findings.fix(d, fmt::format("set the SOA MINIMUM to {}", suggested), {Edit{at, fmt::format("{}", suggested)}});
    }
  }
};

}  // namespace

const Rule& zone007_long_negative_ttl() {
  static const LongNegativeTtl rule;
  return rule;
}

}  // namespace zonelint::rules
