// ZONE011 missing-apex-ns: a whole zone (it has its SOA) without NS records at its apex, or with
// an apex name server inside the zone that has no address.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE011",
    "missing-apex-ns",
    Severity::error,
    "The zone has no usable NS records at its apex: none, or a name server in the zone without an address",
    FixSafety::none,
    "zone soa ns",
    R"md(## What it does
Reports, at the SOA's type, a zone whose apex has an SOA record but no NS record; and, at its
target, an apex NS record whose name server lies inside the zone (`ns2` in `example.com`) but has
no A or AAAA record there. A wildcard with an address answers for the name server, and a name server
below a delegation is the child zone's; a name server that is an alias is ZONE009's. A file without an
SOA at the apex is taken to be a fragment (a file for `$INCLUDE`, or a list of records to import
into a provider) and is not checked; so is a Route 53 change batch, or an export that says it is
one page of a longer list (the NS records may be in the rest of the zone).

## Why is this bad
The top node of a zone holds its SOA and the NS records that list its name servers
(RFC 1034 §4.2.1); the apex NS RRset is also what the parent's delegation has to match. BIND
refuses to load a zone without them ("has no NS records"), so none of its records are served.
Provider exports always include the apex NS records, so their absence means the file was cut or
the NS lines were deleted by mistake. A name server inside the zone is found only through the
address records the zone gives it: without them resolvers have no address to ask, and BIND
refuses to load the zone ("NS 'ns2.example.com' has no address records (A or AAAA)"), even with
its integrity checks off.

## Example
```
$ORIGIN example.com.
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
ns1  IN  A    192.0.2.1
```

```
$ORIGIN example.com.
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
@    IN  NS   ns1
@    IN  NS   ns2
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

```
$ORIGIN example.com.
@    IN  SOA  ns1 hostmaster 2024060101 7200 3600 1209600 3600
@    IN  NS   ns1
@    IN  NS   ns2
ns1  IN  A    192.0.2.1
ns2  IN  A    192.0.2.2
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
    std::vector<std::uint32_t> apex_ns;
    for (const std::uint32_t i : context.at_owner(*id)) {
      const Record& r = context.records()[i];
      if (r.type == rr::NS) apex_ns.push_back(i);
      if (r.type == rr::SOA && soa == nullptr) soa = &r;
    }
    if (soa == nullptr) return;
    if (apex_ns.empty()) {
      findings.add(context.span(*soa, context.tokens(*soa).type),
                   fmt::format("the zone \"{}\" has an SOA record but no NS records at its apex: a zone lists its "
                               "name servers at its top (RFC 1034 §4.2.1), and BIND refuses to load it without "
                               "them; add an NS record for each name server the domain is delegated to",
                               apex.to_text()),
                   soa);
      return;
    }
    for (const std::uint32_t i : apex_ns) check_address(context, findings, context.records()[i]);
  }

 private:
  // An apex NS whose name server is inside the zone needs its address there: BIND looks it up
  // when it loads the zone and refuses the zone without one ("NS 'ns2.example.com' has no address
  // records (A or AAAA)"), also under "-i none". A wildcard answers the lookup, and a name below a
  // delegation is the child's (BIND loads both). An alias is ZONE009's.
  static void check_address(const LintContext& context, Findings& findings, const Record& ns) {
    // Addresses are IN data: BIND loads a CH zone whose NS is its own apex.
    if (ns.rclass != rrclass::IN || ns.has(record_flag::untyped) || ns.has(record_flag::generic_rdata)) return;
    const std::vector<Token> rdata = context.rdata_tokens(ns);
    if (rdata.size() != 1) return;
    const std::optional<Name> target = context.rdata_name(ns, rdata.front());
    const NameView apex = context.apex();
    if (!target || !target->view().is_subdomain_of(apex)) return;
    if (const auto at = context.find_owner(target->view())) {
      for (const std::uint32_t i : context.at_owner(*at)) {
        const RRType t = context.records()[i].type;
        if (t == rr::A || t == rr::AAAA || t == rr::CNAME) return;
      }
    }
    // Ancestors between the target and the apex: a delegation there, or a wildcard with an address.
    const std::size_t below = target->view().label_count() - apex.label_count();
    std::string wildcard;
    for (std::size_t k = 1; k <= below; ++k) {
      const NameView ancestor = target->view().parent(k);
      if (k < below && has_type(context, ancestor, rr::NS)) return;
      wildcard.assign("\x01*");
      wildcard.append(ancestor.wire());
      if (has_type(context, NameView(wildcard), rr::A) || has_type(context, NameView(wildcard), rr::AAAA)) return;
    }
    const Token& token = rdata.front();
    findings.add(context.span(ns, token),
                 fmt::format("the name server \"{}\" is inside the zone but has no A or AAAA record: resolvers "
                             "cannot reach it, and BIND refuses to load the zone (\"NS '{}' has no address "
                             "records\"); add its address records, or correct the name",
                             target->view().to_text(), without_final_dot(target->view().to_text())),
                 &ns);
  }

  static std::string without_final_dot(std::string name) {
    if (name.size() > 1 && name.back() == '.') name.pop_back();
    return name;
  }

  static bool has_type(const LintContext& context, NameView name, RRType type) {
    const auto id = context.find_owner(name);
    if (!id) return false;
    for (const std::uint32_t i : context.at_owner(*id))
      if (context.records()[i].type == type) return true;
    return false;
  }
};

}  // namespace

const Rule& zone011_missing_apex_ns() {
  static const MissingApexNs rule;
  return rule;
}

}  // namespace zonelint::rules
