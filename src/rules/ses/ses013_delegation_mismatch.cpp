// SES013 delegation-mismatch: the zone's apex NS set differs from the name servers the parent
// zone delegates to (--delegated-ns), so the zone being linted may not be the one resolvers query.

#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES013",
    "delegation-mismatch",
    Severity::error,
    "The zone's apex NS records differ from the name servers the parent delegates to (--delegated-ns)",
    FixSafety::none,
    "ses zone delegation",
    R"md(## What it does
With `--delegated-ns NAME,...` (the name servers the registrar or parent zone delegates the
domain to, as `dig NS example.com +short` prints them), compares that set with the zone's own NS
records at its apex, ignoring letter case and trailing dots. It reports:

- no server in common (error): the zone being linted is not the one resolvers query, a classic
  after re-creating a Route 53 hosted zone, which gets new name servers, or when editing the
  records at the registrar while DNS is hosted elsewhere;
- a partial difference, servers missing or extra (warning): some resolvers ask servers that may
  not serve this version of the zone;
- no apex NS records at all (warning), so the zone cannot be matched with the delegation (not
  for a Route 53 change batch or one page of an export, where they may be in the rest of the zone).

One finding for the zone, at the first apex NS record that is not delegated (else the first apex
NS record, else the SOA), with notes at the other apex NS records that differ. An NS target
written without its trailing dot is compared as written, since ZONE003 reports the missing dot.

## Why is this bad
Records take effect only on the name servers the parent delegates to. AWS names "the CNAME records
haven't been added to the delegated name servers" as one of three causes of an SES domain stuck
in "pending verification" (AWS Knowledge Center): SES queries public DNS, reaches the delegated
servers, and never sees records that live in another copy of the zone. Route 53 gives every new
public hosted zone a new set of four name servers, and the registrar must list that set
(`DelegationSet` of `CreateHostedZone`). When the two sets only partly agree, answers depend on
which server a resolver picks (RFC 1034 §4.2.2: the NS records on both sides of a zone cut
should be consistent and remain so).

## Example
With `--delegated-ns ns-1536.awsdns-00.co.uk,ns-512.awsdns-00.net,ns-0.awsdns-00.com,ns-1024.awsdns-00.org`:
```
$ORIGIN example.com.
@  NS  ns-1721.awsdns-21.co.uk.
@  NS  ns-648.awsdns-17.net.
@  NS  ns-170.awsdns-21.com.
@  NS  ns-1302.awsdns-34.org.
```

## Use instead
Edit the records in the hosted zone whose name servers the registrar lists, or point the
registrar at this zone's name servers:
```
$ORIGIN example.com.
@  NS  ns-1536.awsdns-00.co.uk.
@  NS  ns-512.awsdns-00.net.
@  NS  ns-0.awsdns-00.com.
@  NS  ns-1024.awsdns-00.org.
```

## Fix safety
No fix: only you know whether the zone or the delegation is the one to change.

## References
- AWS Knowledge Center, "Why is my domain stuck in pending verification in Amazon SES?" (cause 3):
  https://repost.aws/knowledge-center/ses-domain-stuck-pending-verification
- Route 53 API reference, `CreateHostedZone` (`DelegationSet`):
  https://docs.aws.amazon.com/Route53/latest/APIReference/API_CreateHostedZone.html
- Route 53 Developer Guide, "Making Amazon Route 53 the DNS service for an existing domain":
  https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/MigratingDNS.html
- RFC 1034 §4.2.2 (NS records at the top of a zone): https://www.rfc-editor.org/rfc/rfc1034#section-4.2.2
)md"};

std::string bare(NameView name) {
  std::string text = name.to_text();
  if (text.size() > 1 && text.back() == '.') text.pop_back();
  for (char& c : text) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return text;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

struct ZoneNs {
  const Record* record;
  Span span;                  // the target token
  std::vector<Name> names;    // as completed, and as written when it has no trailing dot
  bool delegated = false;
};

class DelegationMismatch final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& delegated = context.options().delegated_ns;
    if (delegated.empty()) return;
    const auto records = context.records();
    NameView apex = context.apex();
    if (apex.empty()) {
      const auto soa = context.of_type(rr::SOA);
      if (soa.empty()) return;
      apex = context.owner(records[soa.front()]);
    }
    std::vector<std::string> delegated_text;
    for (const Name& n : delegated) delegated_text.push_back(bare(n));

    std::vector<ZoneNs> zone_ns;
    if (const auto id = context.find_owner(apex)) {
      for (const std::uint32_t i : context.at_owner(*id)) {
        const Record& r = records[i];
        if (r.type != rr::NS) continue;
        const auto rdata = context.rdata_tokens(r);
        if (rdata.empty()) continue;
        ZoneNs ns{&r, context.span(r, rdata.front()), {}, false};
        if (auto name = context.rdata_name(r, rdata.front())) ns.names.push_back(std::move(*name));
        const std::string_view written = rdata.front().content(context.text(r));
        if (!written.empty() && !written.ends_with('.') && written != "@") {
          Name as_written;
          NameError error;
          if (parse_name(std::string(written) + ".", NameView(), as_written, error)) ns.names.push_back(std::move(as_written));
        }
        if (ns.names.empty()) continue;
        zone_ns.push_back(std::move(ns));
      }
    }

    const std::string domain = bare(apex);
    if (zone_ns.empty()) {
      if (!context.zone().complete()) return;  // the NS records may be in the rest of the zone
      const auto anchor = ses::zone_anchor(context);
      if (!anchor) return;
      const Record& at = records[*anchor];
      Diagnostic& d = findings.add(
          context.owner_span(at),
          fmt::format("the zone has no NS records at {}., so it cannot be matched with the delegation ({}); if "
                      "this is not the zone those servers serve, SES and resolvers never see its records; add the "
                      "delegated servers as \"{}. NS <server>.\" records",
                      domain, join(delegated_text), domain),
          &at);
      d.severity = Severity::warning;
      return;
    }

    std::vector<bool> listed(delegated.size(), false);
    std::size_t common = 0;
    for (ZoneNs& ns : zone_ns) {
      for (std::size_t j = 0; j < delegated.size(); ++j) {
        for (const Name& n : ns.names) {
          if (n.view().equals(delegated[j])) {
            ns.delegated = true;
            listed[j] = true;
          }
        }
      }
      if (ns.delegated) ++common;
    }
    std::vector<std::string> extra, missing, zone_text;
    for (const ZoneNs& ns : zone_ns) {
      zone_text.push_back(bare(ns.names.front()));
      if (!ns.delegated) extra.push_back(bare(ns.names.front()));
    }
    for (std::size_t j = 0; j < delegated.size(); ++j)
      if (!listed[j]) missing.push_back(delegated_text[j]);
    if (extra.empty() && missing.empty()) return;

    const ZoneNs* first = &zone_ns.front();
    for (const ZoneNs& ns : zone_ns) {
      if (!ns.delegated) {
        first = &ns;
        break;
      }
    }
    std::string message;
    if (common == 0) {
      message = fmt::format(
          "the parent delegates {} to {} (--delegated-ns), but this zone lists {}: no server in common, so "
          "resolvers and SES query another copy of the zone and never see the records here (AWS: records not added "
          "to the delegated name servers); edit the zone those servers serve, or change the name servers at the "
          "registrar to this zone's",
          domain, join(delegated_text), join(zone_text));
    } else {
      std::string parts;
      if (!extra.empty()) parts = fmt::format("lists {}, which the parent does not delegate to", join(extra));
      if (!missing.empty())
        parts += fmt::format("{}lacks {}, which the parent delegates to", parts.empty() ? "" : ", and ", join(missing));
      message = fmt::format(
          "the apex NS records of {} differ from the delegation (--delegated-ns {}): the zone {}; resolvers pick any "
          "delegated server, so answers depend on which one serves this copy of the zone; make the NS records and "
          "the registrar's list the same",
          domain, join(delegated_text), parts);
    }
    Diagnostic& d = findings.add(first->span, std::move(message), first->record);
    if (common != 0) d.severity = Severity::warning;
    for (const ZoneNs& ns : zone_ns) {
      if (&ns == first || ns.delegated) continue;
      d.notes.push_back(Note{ns.span, fmt::format("{} is not among the delegated servers either", bare(ns.names.front()))});
    }
  }
};

}  // namespace

const Rule& ses013_delegation_mismatch() {
  static const DelegationMismatch rule;
  return rule;
}

}  // namespace zonelint::rules
