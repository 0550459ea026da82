// SES002 duplicated-origin: a name that, once expanded, holds the zone's name twice
// (`tok._domainkey.example.com.example.com.`): the full name typed where the zone is appended.

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>
#include <unordered_map>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/name_rdata.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES002",
    "duplicated-origin",
    Severity::error,
    "A name holds the zone's name twice once expanded, the full name typed where the zone is appended",
    FixSafety::safe,
    "ses dkim names",
    R"md(## What it does
Reports a name that, once the zone file's origin is appended, holds the zone's name twice, such as
`tok._domainkey.example.com.example.com.` in the zone `example.com`. Two ways lead there:

- a name written **without a trailing dot that already ends with the zone's name**
  (`tok._domainkey.example.com` under `$ORIGIN example.com.`): the origin is appended to it; also
  under a deeper origin (`x.example.com` under `$ORIGIN sub.example.com.` means
  `x.example.com.sub.example.com.`);
- a name written absolute with the zone's name typed twice
  (`tok._domainkey.example.com.example.com.`), as left behind by a provider form that appends the
  domain.

It checks the owner of every record, not only DKIM ones (`_dmarc`, `_amazonses`, the MAIL FROM
subdomain, `www` suffer from it too), and the name fields of RDATA: the targets of CNAME, DNAME,
NS, MX, SRV, PTR, SVCB and HTTPS, the SOA MNAME and RNAME, and the other host and mailbox fields.
The finding points at the repeated labels. A relative target that ends in another domain is
ZONE003's, and an SES DKIM target without its dot is SES001's.

## Why is this bad
In a zone file a name without a trailing dot is relative and the origin is appended to it
(RFC 1035 §5.1). `tok._domainkey.example.com` in the zone `example.com` is therefore published as
`tok._domainkey.example.com.example.com.`, and a lookup of `tok._domainkey.example.com` finds
nothing. For Amazon SES this is one of the three causes AWS gives for a domain stuck in "pending
verification": "Some DNS providers automatically append the name of your domain … resulting in
`_domainkey.example.com.example.com`. To avoid duplication … add a period to the end". The same
happens with infrastructure-as-code tools that take names relative to the zone (AWS CDK issues
21306 and 26738) and in octoDNS files (hackclub/dns PR 1599). A target with the zone doubled
points nowhere: mail, aliases and delegations break.

## Example
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey.example.com  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
_dmarc.example.com.example.com.                           TXT    "v=DMARC1; p=none"
www                                                       CNAME  web.example.com
```

## Use instead
```
$ORIGIN example.com.
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey.example.com.  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
_dmarc.example.com.                                        TXT    "v=DMARC1; p=none"
www                                                        CNAME  web.example.com.
```

## Fix safety
Safe. For a name written without a trailing dot the fix adds the dot, as AWS advises: the text the
user typed is the full name they meant, so the dot makes it mean exactly that whatever `$ORIGIN`
is in effect (deleting the zone's name instead would be right only when the origin is the zone's
name), and the name stays as the SES console shows it. For a name written absolute with the zone
typed twice the fix deletes the repeated labels. In an Azure DNS JSON export, whose record-set
names are relative to the zone and take no trailing dot, the fix deletes the zone's name from
`name` (the output-only `fqdn` and `id` are left as exported). In other exports the fix edits the
string the value was read from, and only where zonelint maps the bytes back exactly (a JSON or
YAML escape is not split). No fix is offered for `$GENERATE`d records.

## References
- RFC 1035 §5.1, Master file format (relative and absolute names): https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- Amazon SES, troubleshooting verification: https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- AWS Knowledge Center, domain stuck in pending verification: https://repost.aws/knowledge-center/ses-domain-stuck-pending-verification
- AWS CDK issue 21306: https://github.com/aws/aws-cdk/issues/21306
)md"};

class DuplicatedOrigin final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const NameView apex = context.apex();
    if (apex.empty() || apex.is_root()) return;
    Scan scan{context, findings, apex, {}, {}};
    const auto records = context.records();
    // Per owner name: whether one of its labels in front of the zone's own is the zone's first
    // label, which a name under a doubled name (the zone's labels, then the origin, which ends in
    // the zone's name) has. Necessary for a finding below, and one byte per record to test.
    const std::string_view apex_first = apex.first_label();
    const std::size_t apex_labels = apex.label_count();
    const std::size_t doubled_size = 2 * apex.wire().size() - 1;
    std::vector<std::int8_t> may_double(context.zone().names.size(), -1);
    for (const Record& r : records) {
      if (r.has(record_flag::owner_inherited) || r.has(record_flag::owner_at)) continue;
      std::int8_t& may = may_double[r.owner];
      if (may < 0) {
        const NameView name = context.owner(r);
        bool found = false;
        if (const std::string_view in_front = ses::wire_in_front(name, apex); !in_front.empty()) {
          // Under the zone's name at a label boundary: the labels in front of it are those.
          if (name.wire().size() >= doubled_size)
            NameView(in_front).for_each_label([&](std::string_view l) { found = found || ascii_iequals(l, apex_first); });
        } else if (name.wire().size() >= doubled_size && name.label_count() > apex_labels) {
          const std::size_t front = name.label_count() - apex_labels;
          std::size_t k = 0;
          name.for_each_label([&](std::string_view l) {
            found = found || (k < front && ascii_iequals(l, apex_first));
            ++k;
          });
        }
        may = found ? 1 : 0;
      }
      if (may == 0) continue;
      const NameView owner = context.owner(r);
      const bool relative = LintContext::owner_written_relative(r);
      const Name* doubled = relative ? scan.apex_then(r.origin) : scan.apex_twice();
      if (doubled == nullptr || !owner.is_subdomain_of(*doubled)) continue;
      const RecordTokens tokens = context.tokens(r);
      if (!tokens.owner || tokens.owner->quoted()) continue;
      scan.report(r, *tokens.owner, "name", owner, relative, true);
    }
    // One pass in input order, so that the records' text is read front to back once rather than
    // once per type (findings are sorted by position afterwards: the order found does not matter).
    // The cheap filter (the zone's first label written somewhere in the RDATA, see may_repeat_apex)
    // was applied to every record's text once, for this rule and SES003.
    const auto& rdata_scan = context.analysis<ses::NameRdata>();
    std::array<const RRTypeInfo*, 256> info_of{};
    for (const RRType type : ses::name_field_types) info_of[type] = find_type(type);
    {
      for (std::uint32_t i = 0; i < records.size(); ++i) {
        const Record& r = records[i];
        const RRTypeInfo* info = r.type < info_of.size() ? info_of[r.type] : nullptr;
        if (info == nullptr) continue;
        if (r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) continue;
        if ((rdata_scan.bits(i) & ses::NameRdata::may_repeat_zone) == 0) continue;
        const std::string_view text = context.text(r);
        const auto tokens = context.rdata_tokens(r);
        for (std::size_t f = 0; f < info->fields.size() && f < tokens.size(); ++f) {
          if (info->fields[f].kind != FieldKind::name) continue;
          const Token& t = tokens[f];
          const std::string_view written = t.content(text);
          if (t.quoted() || written.empty() || written == "@") continue;
          const bool relative = !(written.back() == '.' && !ends_with_escape(written));
          const auto name = context.rdata_name(r, t);
          if (!name) continue;
          const Name* doubled = relative ? scan.apex_then(r.origin) : scan.apex_twice();
          if (doubled == nullptr || !name->view().is_subdomain_of(*doubled)) continue;
          scan.report(r, t, info->fields[f].label, *name, relative, false);
        }
      }
    }
  }

 private:
  // The final dot of `written` is escaped ("a\.").
  static bool ends_with_escape(std::string_view written) {
    std::size_t backslashes = 0;
    for (std::size_t i = written.size() - 1; i-- > 0 && written[i] == '\\';) ++backslashes;
    return backslashes % 2 == 1;
  }

  struct Scan {
    const LintContext& context;
    Findings& findings;
    NameView apex;
    std::unordered_map<NameId, std::optional<Name>> by_origin;  // apex labels + origin
    std::optional<Name> twice;

    static Name join(NameView first, NameView then) {
      std::string wire(first.wire().substr(0, first.wire().size() - 1));
      wire.append(then.wire());
      return Name(std::move(wire));
    }

    // The zone's labels followed by the origin: what a relative name that ends with the zone's
    // name becomes. Null when the origin is outside the zone (ZONE004's finding).
    const Name* apex_then(NameId origin_id) {
      auto [it, inserted] = by_origin.try_emplace(origin_id);
      if (inserted) {
        const NameView origin = context.zone().names.get(origin_id);
        if (!origin.empty() && origin.is_subdomain_of(apex) && apex.wire().size() + origin.wire().size() <= 256)
          it->second = join(apex, origin);
      }
      return it->second ? &*it->second : nullptr;
    }
    const Name* apex_twice() {
      if (!twice) twice = join(apex, apex);
      return &*twice;
    }

    void report(const Record& r, const Token& t, std::string_view what, NameView expanded, bool relative, bool owner) {
      const std::string_view text = context.text(r);
      const std::string_view written = t.content(text);
      const auto labels = ses::written_labels(written);
      // The repeated labels: the zone's name, or the whole origin when the name written relative
      // ends with it ("x.news.example.com" under news.example.com).
      NameView repeated = apex;
      std::string_view repeated_what = "the zone name";
      const NameView origin = context.origin(r);
      if (relative && !origin.empty() && !origin.equals(apex) && origin.wire().size() * 2 <= 256 &&
          expanded.is_subdomain_of(join(origin, origin))) {
        repeated = origin;
        repeated_what = "the origin";
      }
      const std::size_t a = repeated.label_count();
      if (labels.size() < a || (!relative && labels.size() < 2 * a)) return;
      const std::size_t first = labels.size() - a;
      const std::uint32_t base = t.content_begin();
      const auto at = static_cast<std::uint32_t>(base + labels[first].first);
      const auto end = static_cast<std::uint32_t>(base + labels.back().second);
      const std::string zone = repeated.to_text();
      const std::string zone_name = fmt::format("{} \"{}\"", repeated_what, zone.substr(0, zone.size() - 1));
      std::string corrected;
      Edit edit;
      std::optional<Span> editable;
      // Azure record-set names are relative and take no trailing dot: the zone's name goes instead.
      const bool zone_appended = relative && owner && context.zone().format == InputFormat::azure_json;
      if (zone_appended) {
        if (first == 0) {
          corrected = "@";
        } else {
          const auto from = static_cast<std::uint32_t>(base + labels[first - 1].second);
          corrected = std::string(written.substr(0, from - base));
          editable = ses::editable_span(context, r, from, end);
          if (editable) edit = Edit{*editable, ""};
        }
      } else if (relative) {
        corrected = fmt::format("{}.", written);
        editable = ses::editable_span(context, r, t.content_end(), t.content_end());
        if (editable) edit = Edit{*editable, "."};
      } else {
        // Delete the repeated labels with the dot before them.
        const auto from = static_cast<std::uint32_t>(base + labels[first - 1].second);
        corrected = fmt::format("{}{}", written.substr(0, from - base), written.substr(end - base));
        editable = ses::editable_span(context, r, from, end);
        if (editable) edit = Edit{*editable, ""};
      }
      const std::string meaning = expanded.to_text();
      std::string message;
      if (zone_appended) {
        message = fmt::format("{} \"{}\" ends with {}, and Azure DNS appends the zone to record-set names, so the "
                              "record is published at \"{}\"; write \"{}\"",
                              what, written, zone_name, meaning, corrected);
      } else if (relative) {
        message = owner ? fmt::format("{} \"{}\" ends with {} but has no trailing dot, so the origin "
                                      "is appended and the record is published at \"{}\" instead of \"{}\"; write \"{}\"",
                                      what, written, zone_name, meaning, corrected, corrected)
                        : fmt::format("{} \"{}\" ends with {} but has no trailing dot, so it means "
                                      "\"{}\" instead of \"{}\"; write \"{}\"",
                                      what, written, zone_name, meaning, corrected, corrected);
      } else {
        message = owner ? fmt::format("{} \"{}\" holds {} twice, so the record is not published at "
                                      "\"{}\" where it is looked up; write \"{}\"",
                                      what, written, zone_name, corrected, corrected)
                        : fmt::format("{} \"{}\" holds {} twice, so it points at a name that does "
                                      "not exist instead of \"{}\"; write \"{}\"",
                                      what, written, zone_name, corrected, corrected);
      }
      Diagnostic& d = findings.add(context.span(r, at, end), std::move(message), &r);
      if (editable)
        findings.fix(d, relative && !zone_appended ? "add the trailing dot" : "delete the repeated zone name",
                     {std::move(edit)});
    }
  };
};

}  // namespace

const Rule& ses002_duplicated_origin() {
  static const DuplicatedOrigin rule;
  return rule;
}

}  // namespace zonelint::rules
