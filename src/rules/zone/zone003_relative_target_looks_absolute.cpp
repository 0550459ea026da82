// ZONE003 relative-target-looks-absolute: a name-valued RDATA field written without its trailing
// dot although it ends in a public top-level domain, so the origin is appended to it.

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "parse/token_lexer.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/ses_dkim.hpp"
#include "rules/zone/public_suffixes.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE003",
    "relative-target-looks-absolute",
    Severity::error,
    "A target name ends in a public top-level domain but has no trailing dot, so the origin is appended",
    FixSafety::safe,
    "zone names",
    R"md(## What it does
Reports a domain name in RDATA that is written without a trailing dot although its last label is
a public top-level domain (`com`, `net`, `io`, `de`, ...), such as `www CNAME shop.herokuapp.com`
in the zone `example.com`. It checks the targets of CNAME, DNAME, NS, MX, SRV and PTR records and
the other name fields where a host name is expected: SOA MNAME and RNAME, NAPTR replacement, SVCB
and HTTPS target, AFSDB, KX, RT, PX, LP, RP, MINFO, MB, MG, MR, MD and MF.

It stays quiet when the relative name is meant: a name whose last label is not a top-level domain
(`mail`, `ns1`, `lb.internal`), a single label (`mx`, `de`), and a name whose last label is a
subdomain that exists in the zone (`lb.dev` when the zone has records at or under
`dev.example.com`). Only names as written count: a name with a trailing dot, `@`, and the values of
provider exports whose names are always absolute (Route 53, Cloudflare API and Azure JSON) never
give a finding. Google Cloud DNS exports are read like zone files: their rrdatas must be fully
qualified, and the Cloud DNS API refuses a host name without its trailing dot. A relative Amazon SES target is left to the SES rule that reports
its missing dot: an Easy DKIM CNAME target (`tok.dkim.amazonses.com`) to SES001, or to SES007 when
the target is a near miss as well, and a MAIL FROM MX host (`feedback-smtp.us-east-1.amazonses.com`)
to SES014. Any other name under `amazonaws.com` or `amazonses.com` (a load balancer
`my-elb.us-east-1.elb.amazonaws.com`, an S3 website endpoint) is this rule's. A name that repeats the
zone's own name (`www.example.com` in `example.com`) is SES002's, so this rule skips it too. The top-level domains come from the IANA list built into zonelint
(version 2023053000).

## Why is this bad
In a zone file a name without a trailing dot is relative: the origin is appended to it
(RFC 1035 §5.1). `shop.herokuapp.com` in the zone `example.com` therefore means
`shop.herokuapp.com.example.com.`, a name that does not exist, so the CNAME, MX or NS record points
nowhere: the web site does not resolve, mail is not delivered, a delegation is lame. Route 53's zone
import and other BIND-compatible importers do the same. The mistake is common when records are
copied from a provider's web form, where every value is absolute, into a zone file.

## Example
```
$ORIGIN example.com.
www   IN  CNAME  shop.herokuapp.com
@     IN  MX     10 aspmx.l.google.com
```

## Use instead
```
$ORIGIN example.com.
www   IN  CNAME  shop.herokuapp.com.
@     IN  MX     10 aspmx.l.google.com.
```

## Fix safety
Safe: the fix adds the trailing dot and nothing else. It is not offered for records produced by
`$GENERATE` or for text that zonelint synthesised from a provider export.

## References
- RFC 1035 §5.1, Master file format (relative and absolute names): https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- IANA list of top-level domains: https://data.iana.org/TLD/tlds-alpha-by-domain.txt
- Route 53, creating records by importing a zone file: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-creating-import.html
- Cloudflare, import and export (fully qualified names in zone files): https://developers.cloudflare.com/dns/manage-dns-records/how-to/import-and-export/
)md"};

// Types whose RDATA holds host or mailbox names that a person writes by hand. DNSSEC types
// (RRSIG, NSEC, NXT, SIG) are left out: signers write them, always absolute.
constexpr RRType checked_types[] = {rr::NS,   rr::MD,    rr::MF,  rr::CNAME, rr::SOA,   rr::MB,
                                    rr::MG,   rr::MR,    rr::PTR, rr::MINFO, rr::MX,    rr::RP,
                                    rr::AFSDB, rr::RT,   rr::PX,  rr::SRV,   rr::NAPTR, rr::KX,
                                    rr::DNAME, rr::SVCB, rr::HTTPS, rr::LP};

bool names_are_relative(InputFormat format) noexcept {
  return format == InputFormat::master_file || format == InputFormat::cloudflare_export ||
         format == InputFormat::azure_export || format == InputFormat::gcloud_yaml ||
         format == InputFormat::gcloud_json;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return out;
}

class RelativeTargetLooksAbsolute final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
    needs.add<zone_support::LastNames>();
  }
  void check(const LintContext& context, Findings& findings) const override {
    if (!names_are_relative(context.zone().format)) return;
    // The records whose relative SES target an SES rule reports (one mistake, one finding).
    std::unordered_set<std::uint32_t> ses_reports;
    for (const ses::DkimRecord& d : context.analysis<ses::SesAnalysis>().dkim) {
      const Record& r = context.records()[d.index];
      if (r.type == rr::CNAME && !r.has(record_flag::alias) && d.target.kind != ses::Match::none &&
          d.target.origin_appended)
        ses_reports.insert(d.index);  // SES001, or SES007 for a near miss
    }
    for (const mail::SesMxHosts::Entry& e : context.analysis<mail::SesMxHosts>().entries) {
      if (!mail::is_mail_from_kind(e.kind)) continue;
      const auto mx = mail::mx_target(context, context.records()[e.index]);
      if (mx && !mx->absolute) ses_reports.insert(e.index);  // SES014
    }
    const auto& last_names = context.analysis<zone_support::LastNames>();
    Scan scan{context, findings, zone_support::OriginFinder(context), {}, {}, {}};
    for (const RRType type : checked_types) {
      const RRTypeInfo* info = find_type(type);
      if (info == nullptr) continue;
      const auto of_type = context.of_type(type);
      // Where the only name is the last field, the shared first look says which records need a
      // second one.
      const auto facts = last_names.facts(type);
      for (std::size_t k = 0; k < of_type.size(); ++k) {
        if (!facts.empty() && (facts[k] & zone_support::LastNames::may_lack_dot) == 0) continue;
        if (ses_reports.count(of_type[k]) == 0) scan.record(context.records()[of_type[k]], *info);
      }
    }
  }

 private:
  struct Scan {
    const LintContext& context;
    Findings& findings;
    zone_support::OriginFinder origins;
    std::vector<Token> tokens;
    std::string wire;
    // Per origin (wire form, lowercased): the labels directly under it that hold records.
    std::vector<std::pair<std::string, std::unordered_set<std::string>>> subdomains;

    void record(const Record& r, const RRTypeInfo& info) {
      if (r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) return;
      const std::string_view text = context.text(r);
      bool lexed = false;
      for (std::size_t f = 0; f < info.fields.size(); ++f) {
        if (info.fields[f].kind != FieldKind::name) continue;
        std::optional<Token> token;
        if (zone_support::is_last_single_field(info, f)) {
          token = zone_support::last_rdata_token(context, r, tokens);  // no full lexing: most records
        } else if (const auto at = zone_support::field_token_index(info, f)) {
          if (!lexed) {
            tokens.clear();
            lex_tokens(text, r.rdata_begin, r.rdata_end, tokens);
            lexed = true;
          }
          if (*at < tokens.size()) token = tokens[*at];
        }
        if (!token || token->quoted()) continue;
        check_name(r, info.fields[f].label, *token, text);
      }
    }

    void check_name(const Record& r, std::string_view label, const Token& token, std::string_view text) {
      const std::string_view written = token.content(text);
      if (written.empty() || written.back() == '.' || written == "@") {
        // A final dot is absolute unless escaped ("\."); an escaped one is rare enough to skip.
        return;
      }
      // Cheap tests on the text first: one label is meant relative, and without escapes the last
      // label is the text after the last dot.
      const std::size_t last_dot = written.rfind('.');
      if (last_dot == std::string_view::npos) return;
      if (written.find('\\') == std::string_view::npos && !is_public_tld(written.substr(last_dot + 1))) return;
      wire.clear();
      NameError error;
      ParsedNameInfo parsed;
      const std::string root(1, '\0');
      if (!name_from_text(written, NameView(root), wire, error, &parsed) || parsed.absolute) return;
      const NameView name(wire);
      const std::size_t labels = name.label_count();
      if (labels < 2) return;  // "mx", "de": a single label is meant relative
      const std::string_view last = name.label(labels - 1);
      if (!is_public_tld(last)) return;
      if (repeats_apex(name)) return;  // SES002

      const std::optional<NameView> origin = origins.origin(r);
      const NameView base = origin ? *origin : context.apex();
      if (!base.empty() && has_records_under(base, last)) return;  // "lb.dev" with dev.<origin> in use

      std::string meaning;
      if (!base.empty()) {
        std::string expanded;
        if (name_from_text(written, base, expanded, error)) meaning = NameView(expanded).to_text();
      }
      const std::string corrected = fmt::format("{}.", written);
      const Span span = context.span(r, token);
      Diagnostic& d = findings.add(
          span,
          context.zone().format == InputFormat::gcloud_yaml || context.zone().format == InputFormat::gcloud_json
              ? fmt::format("{} \"{}\" has no trailing dot: Cloud DNS requires fully qualified host names in "
                            "rrdatas and rejects the change (\"Invalid value for ... rrdata\"), and a zone-file "
                            "import appends the zone; write \"{}\"",
                            label, written, corrected)
          : meaning.empty()
              ? fmt::format("{} \"{}\" has no trailing dot, so the origin is appended to it; write \"{}\"", label,
                            written, corrected)
              : fmt::format("{} \"{}\" has no trailing dot, so it means \"{}\"; write \"{}\"", label, written,
                            meaning, corrected),
          &r);
      // Offer the edit only where the span maps byte for byte onto the file.
      if (!r.has(record_flag::generated) && span.size() == token.end - token.begin) {
        findings.fix(d, "add the trailing dot", {Edit{Span{span.file, span.end, span.end}, "."}});
      }
    }

    // The name as written ends with the zone apex ("www.example.com" in example.com).
    [[nodiscard]] bool repeats_apex(NameView name) const {
      const NameView apex = context.apex();
      if (apex.empty() || apex.is_root()) return false;
      const std::size_t n = name.label_count();
      const std::size_t a = apex.label_count();
      if (n < a) return false;
      for (std::size_t i = 0; i < a; ++i)
        if (!ascii_iequals(name.label(n - a + i), apex.label(i))) return false;
      return true;
    }

    // Some record's owner is `label.origin` or below it.
    bool has_records_under(NameView origin, std::string_view label) {
      const std::string key = lower(origin.wire());
      auto it = std::find_if(subdomains.begin(), subdomains.end(), [&](const auto& e) { return e.first == key; });
      if (it == subdomains.end()) {
        std::unordered_set<std::string> labels;
        const std::size_t depth = origin.label_count();
        NameId previous = 0;
        bool first = true;
        for (const std::uint32_t i : context.by_owner()) {  // each owner's records are contiguous
          const Record& r = context.records()[i];
          if (!first && r.owner == previous) continue;
          first = false;
          previous = r.owner;
          const NameView owner = context.owner(r);
          const std::size_t n = owner.label_count();
          if (n <= depth || !owner.is_subdomain_of(origin)) continue;
          labels.insert(lower(owner.label(n - depth - 1)));
        }
        subdomains.emplace_back(key, std::move(labels));
        it = subdomains.end() - 1;
      }
      return it->second.count(lower(label)) != 0;
    }
  };
};

}  // namespace

const Rule& zone003_relative_target_looks_absolute() {
  static const RelativeTargetLooksAbsolute rule;
  return rule;
}

}  // namespace zonelint::rules
