// ZONE013 target-is-address: an IP address written where RDATA needs a host name (MX, NS, CNAME,
// SRV, ...), which the zone file reads as a domain name instead.

#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "parse/token_lexer.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE013",
    "target-is-address",
    Severity::error,
    "An IP address is written where the record needs a host name",
    FixSafety::none,
    "zone names",
    R"md(## What it does
Reports an IPv4 or IPv6 address written in an RDATA field that holds a domain name: the target of
a CNAME, DNAME, PTR, MX, NS, SRV, KX, AFSDB, RT, NAPTR, SVCB or HTTPS record, an LP name, and the
SOA MNAME. The finding is at the address.

## Why is this bad
These fields are domain names by definition (RFC 1035 §3.3.1 CNAME, §3.3.9 MX, §3.3.11 NS,
§3.3.12 PTR, §3.3.13 SOA; RFC 2782 SRV), and a zone file reads whatever is written there as a
name. `MX 10 192.0.2.25` is the host named `192.0.2.25.example.com.` (no trailing dot) or
`192.0.2.25.` (with one), names that have no address, so mail is not delivered; `CNAME 192.0.2.10`
makes the name an alias for a name that does not exist. An IPv6 address does not even form a
usable host name. Some providers' web forms accept an address in these fields, which is where the
habit comes from.

## Example
```
@    IN  MX     10 192.0.2.25
www  IN  CNAME  192.0.2.10
```

## Use instead
```
@    IN  MX     10 mail
mail IN  A      192.0.2.25
www  IN  A      192.0.2.10
```

## Fix safety
No automatic fix: the host needs a name (and an address record) that only the author can choose.

## References
- RFC 1035 §3.3, Standard RRs (name-valued RDATA fields): https://www.rfc-editor.org/rfc/rfc1035#section-3.3
- RFC 1035 §3.3.9, MX RDATA format: https://www.rfc-editor.org/rfc/rfc1035#section-3.3.9
- RFC 2782, DNS SRV RR (the Target field): https://www.rfc-editor.org/rfc/rfc2782
)md"};

struct Checked {
  RRType type;
  std::size_t field;
};
constexpr Checked checked[] = {{rr::NS, 0},    {rr::MD, 0},    {rr::MF, 0},   {rr::CNAME, 0}, {rr::SOA, 0},
                               {rr::PTR, 0},   {rr::MX, 1},    {rr::AFSDB, 1}, {rr::RT, 1},   {rr::SRV, 3},
                               {rr::NAPTR, 5}, {rr::KX, 1},    {rr::DNAME, 0}, {rr::SVCB, 1}, {rr::HTTPS, 1},
                               {rr::LP, 1}};

// 4 for a dotted-quad IPv4 address, 6 for an IPv6 address, 0 otherwise. A final dot is ignored.
class TargetIsAddress final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<zone_support::LastNames>();
  }
  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    const auto& last_names = context.analysis<zone_support::LastNames>();
    zone_support::OriginFinder origins(context);
    std::vector<Token> tokens;
    std::string wire;
    for (const Checked& c : checked) {
      const RRTypeInfo* info = find_type(c.type);
      if (info == nullptr) continue;
      const auto at = zone_support::field_token_index(*info, c.field);
      if (!at) continue;
      const bool last = zone_support::is_last_single_field(*info, c.field);
      const auto of_type = context.of_type(c.type);
      // The shared first look at last-field names says which records are written as addresses.
      const auto facts = last ? last_names.facts(c.type) : std::span<const std::uint8_t>();
      for (std::size_t k = 0; k < of_type.size(); ++k) {
        if (!facts.empty() && (facts[k] & (zone_support::LastNames::ipv4 | zone_support::LastNames::ipv6)) == 0)
          continue;
        const Record& r = records[of_type[k]];
        if (r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) continue;
        std::optional<Token> token;
        if (last) {
          token = zone_support::last_rdata_token(context, r, tokens);  // no full lexing: most records
        } else {
          tokens.clear();
          lex_tokens(context.text(r), r.rdata_begin, r.rdata_end, tokens);
          if (*at < tokens.size()) token = tokens[*at];
        }
        if (!token || token->quoted()) continue;
        const std::string_view written = token->content(context.text(r));
        const int family = zone_support::address_family(written);
        if (family == 0) continue;
        std::string meaning;
        if (origins.name(r, *token, wire)) meaning = NameView(wire).to_text();
        std::string_view address = written;
        if (address.back() == '.') address.remove_suffix(1);
        const std::string type = type_to_text(c.type);
        const std::string_view address_type = family == 4 ? "A" : "AAAA";
        const std::string advice =
            c.type == rr::CNAME
                ? fmt::format("publish \"{} {}\" at this name instead of the CNAME", address_type, address)
                : fmt::format("give the host a name with an {} record (such as \"host {} {}\") and write that "
                              "name here",
                              address_type, address_type, address);
        findings.add(context.span(r, *token),
                     fmt::format("{} {} \"{}\" is an IP address, but this field holds a host name (RFC 1035 §3.3){}; "
                                 "{}",
                                 type, info->fields[c.field].label, written,
                                 meaning.empty() ? ""
                                                 : fmt::format(", so it means the name \"{}\", which has no address",
                                                               meaning),
                                 advice),
                     &r);
      }
    }
  }
};

}  // namespace

const Rule& zone013_target_is_address() {
  static const TargetIsAddress rule;
  return rule;
}

}  // namespace zonelint::rules
