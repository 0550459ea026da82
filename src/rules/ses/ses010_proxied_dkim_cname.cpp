// SES010 proxied-dkim-cname: a DKIM (or other mail-authentication) CNAME proxied by Cloudflare,
// so the CNAME is never answered.

#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES010",
    "proxied-dkim-cname",
    Severity::error,
    "A DKIM CNAME (or another mail-authentication CNAME) is proxied by Cloudflare, so it is never answered",
    FixSafety::safe,
    "ses dkim cloudflare",
    R"md(## What it does
Reports a CNAME record marked as proxied by Cloudflare ("orange cloud") when it is an Amazon SES
Easy DKIM record, or when its name is used for mail authentication: any `_domainkey` name (DKIM
of any provider), `_amazonses`, `_dmarc`, or a custom MAIL FROM domain (a name with an MX to
`feedback-smtp.<region>.amazonses.com`, or the `MailFromDomain` of `--ses-identity`).

The proxy flag comes from the input: the `; cf_tags=cf-proxied:true` comment of a Cloudflare
dashboard export (the finding points at it), or `"proxied": true` in Cloudflare's API JSON.
Proxied A and AAAA records are not reported: the proxy changes only their own answers, not the
TXT and MX records at the same name. A DKIM record published as A is SES009's.

In a Cloudflare dashboard export, such a CNAME without any `cf-proxied` tag is a warning:
Cloudflare's export writes `cf-proxied:true` or `cf-proxied:false` on every CNAME it can proxy,
so the line was added or edited by hand, and importing the file proxies it when "Proxy imported
DNS records" is ticked, which it is by default.

## Why is this bad
Cloudflare answers a proxied name with the addresses of its own proxies and does not return the
CNAME. SES resolves `<token>._domainkey.<identity>` expecting the CNAME to
`<token>.dkim.amazonses.com`, where the DKIM key is published; behind the proxy it gets
Cloudflare's addresses (or nothing, since the target has no address records), so DKIM
verification fails. The same holds for DKIM selectors of other senders and for `_dmarc` or MAIL
FROM names delegated with a CNAME. Cloudflare recommends "DNS only" for records that prove domain
ownership, and its zone import proxies imported records unless "Proxy imported DNS records" is
unticked or the record carries `cf-proxied:false`.

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey.example.com.	1	IN	CNAME	xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com. ; cf_tags=cf-proxied:true
```

## Use instead
Set the record to "DNS only" (grey cloud) in the Cloudflare dashboard, or in the export:
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey.example.com.	1	IN	CNAME	xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com. ; cf_tags=cf-proxied:false
```

## Fix safety
Safe: the fix changes `cf-proxied:true` to `cf-proxied:false` in the export's comment, which
turns the proxy off when the file is imported again. It changes nothing else. For a CNAME without
a tag, the fix adds `; cf_tags=cf-proxied:false` after the RDATA (or `cf_tags=cf-proxied:false`
at the end of its comment); no fix when the comment already has other `cf_tags`. Where the flag is
not in the text (API JSON), there is no fix: switch the record to DNS only in Cloudflare.

## References
- Cloudflare docs, "Proxy status" (records used to prove ownership should be DNS only):
  https://developers.cloudflare.com/dns/proxy-status/
- Cloudflare docs, "Import and export records" (`cf_tags=cf-proxied`, "Proxy imported DNS
  records"): https://developers.cloudflare.com/dns/manage-dns-records/how-to/import-and-export/
- Cloudflare docs, "CNAME flattening" (verification CNAMEs are not returned):
  https://developers.cloudflare.com/dns/cname-flattening/
- AWS SES Developer Guide, "Easy DKIM in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
)md"};

enum class Use : std::uint8_t { none, ses_dkim, dkim, amazonses, dmarc, mail_from };

// Where the export's comment says `cf-proxied:true`: after the RDATA on the entry's last line,
// else anywhere in the entry (a comment inside parentheses). Text offsets of the tag.
std::optional<std::pair<std::uint32_t, std::uint32_t>> proxied_tag(const LintContext& context, const Record& r) {
  const std::string_view text = context.text(r);
  static constexpr std::string_view tag = "cf-proxied:true";
  std::size_t line_end = text.find('\n', r.rdata_end);
  if (line_end == std::string_view::npos) line_end = text.size();
  const std::size_t comment = text.find(';', r.rdata_end);
  std::size_t at = std::string_view::npos;
  if (comment != std::string_view::npos && comment < line_end) {
    at = text.substr(0, line_end).find(tag, comment);
  }
  if (at == std::string_view::npos) {
    const std::size_t found = text.substr(0, line_end).find(tag, r.entry_begin);
    if (found != std::string_view::npos) {
      const std::size_t semicolon = text.substr(0, found).rfind(';');
      if (semicolon != std::string_view::npos && semicolon >= r.entry_begin) at = found;
    }
  }
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + tag.size())};
}

// Whether the entry's line carries a cf-proxied tag (true or false) in its comment.
bool proxy_tag_written(const LintContext& context, const Record& r) {
  const std::string_view text = context.text(r);
  std::size_t line_end = text.find('\n', r.rdata_end);
  if (line_end == std::string_view::npos) line_end = text.size();
  const std::string_view rest = text.substr(r.rdata_end, line_end - r.rdata_end);
  const std::size_t comment = rest.find(';');
  return comment != std::string_view::npos && rest.find("cf-proxied:", comment) != std::string_view::npos;
}

class ProxiedDkimCname final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    bool any = false;
    for (const std::uint32_t i : context.of_type(rr::CNAME)) any = any || records[i].has(record_flag::proxied);
    // A Cloudflare export tags every CNAME it can proxy; one without the tag was added by hand, and
    // importing the file proxies it unless "Proxy imported DNS records" is unticked.
    const bool export_tags = context.zone().format == InputFormat::cloudflare_export;
    if (!any && !export_tags) return;

    const auto& analysis = context.analysis<ses::SesAnalysis>();
    std::vector<bool> ses_dkim(records.size(), false);
    for (const ses::DkimRecord& d : analysis.dkim) ses_dkim[d.index] = true;
    std::unordered_set<NameId> mail_from;
    for (const Name& n : mail::custom_mail_from_names(context))
      if (const auto id = context.find_owner(n)) mail_from.insert(*id);

    for (const std::uint32_t i : context.of_type(rr::CNAME)) {
      const Record& r = records[i];
      const bool untagged = export_tags && !r.has(record_flag::proxied) && !proxy_tag_written(context, r);
      if (!r.has(record_flag::proxied) && !untagged) continue;
      Use use = Use::none;
      const NameView owner = context.owner(r);
      if (ses_dkim[i]) {
        use = Use::ses_dkim;
      } else if (ascii_iequals(owner.first_label(), "_amazonses")) {
        use = Use::amazonses;
      } else if (ascii_iequals(owner.first_label(), "_dmarc")) {
        use = Use::dmarc;
      } else if (mail_from.count(r.owner) != 0) {
        use = Use::mail_from;
      } else {
        owner.for_each_label([&](std::string_view l) {
          if (ascii_iequals(l, "_domainkey")) use = Use::dkim;
        });
      }
      if (use == Use::none) continue;
      if (untagged) report_untagged(context, findings, r, use);
      else report(context, findings, r, use);
    }
  }

 private:
  // A mail-authentication CNAME of a Cloudflare export without a cf-proxied tag: a warning, since
  // whether the import proxies it depends on a checkbox (ticked by default).
  static void report_untagged(const LintContext& context, Findings& findings, const Record& r, Use use) {
    const std::string owner = context.owner(r).to_text();
    const char* who = use == Use::ses_dkim ? "SES, which looks up this Easy DKIM name, would never see the CNAME"
                      : use == Use::dkim   ? "receivers would never see the CNAME to the DKIM key"
                      : use == Use::dmarc  ? "receivers would never see the CNAME to the DMARC record"
                      : use == Use::amazonses ? "SES would never see the CNAME to the verification record"
                                              : "the MAIL FROM domain would answer no MX or SPF record";
    Diagnostic& d = findings.add(
        context.owner_span(r),
        fmt::format("CNAME \"{}\" has no cf-proxied tag, which Cloudflare's export writes on every CNAME it can "
                    "proxy: importing this file proxies a CNAME without the tag when \"Proxy imported "
                    "DNS records\" is ticked (the default), and a proxied name is answered with Cloudflare's "
                    "addresses instead of the CNAME, so {}; add \"; cf_tags=cf-proxied:false\" to the line",
                    owner, who),
        &r);
    d.severity = Severity::warning;
    // The tag goes after the RDATA, or at the end of a comment that has no cf_tags yet.
    const std::string_view text = context.text(r);
    std::size_t line_end = text.find('\n', r.rdata_end);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::size_t end = line_end;
    while (end > r.rdata_end && (text[end - 1] == '\r' || text[end - 1] == ' ' || text[end - 1] == '\t')) --end;
    const std::string_view rest = text.substr(r.rdata_end, end - r.rdata_end);
    const std::size_t comment = rest.find(';');
    if (comment != std::string_view::npos && rest.find("cf_tags=", comment) != std::string_view::npos) return;
    const auto at = static_cast<std::uint32_t>(end);
    if (const auto span = ses::editable_span(context, r, at, at))
      findings.fix(d, "keep the CNAME DNS only when the file is imported",
                   {Edit{*span, comment == std::string_view::npos ? " ; cf_tags=cf-proxied:false"
                                                                  : " cf_tags=cf-proxied:false"}});
  }

  static void report(const LintContext& context, Findings& findings, const Record& r, Use use) {
    const std::string owner = context.owner(r).to_text();
    std::string target;
    const auto rdata = context.rdata_tokens(r);
    if (!rdata.empty()) {
      if (const auto name = context.rdata_name(r, rdata.front())) target = name->to_text();
    }
    std::string why;
    switch (use) {
      case Use::ses_dkim:
        why = fmt::format("SES looks up this Easy DKIM name and never sees the CNAME to {}, so DKIM verification "
                          "fails",
                          target);
        break;
      case Use::dkim:
        why = fmt::format("receivers and the sending service never see the CNAME to {}, where the DKIM key is, so "
                          "DKIM fails",
                          target);
        break;
      case Use::amazonses:
        why = "SES never sees the CNAME or the verification TXT behind it, so the domain stays unverified";
        break;
      case Use::dmarc:
        why = "receivers never see the CNAME or the DMARC TXT behind it, so the domain has no DMARC policy";
        break;
      case Use::mail_from:
        why = "the MAIL FROM domain answers no MX or SPF record behind it, so the custom MAIL FROM setup fails";
        break;
      case Use::none:
        break;
    }
    const auto tag = proxied_tag(context, r);
    const std::string message = fmt::format(
        "CNAME \"{}\" is proxied by Cloudflare ({}): Cloudflare answers the name with its own proxy addresses instead "
        "of the CNAME; {}; set the record to \"DNS only\"{}",
        owner, tag ? "cf-proxied:true" : "proxied: true", why, tag ? " (cf-proxied:false)" : "");
    const Span span = tag ? context.span(r, tag->first, tag->second) : context.owner_span(r);
    Diagnostic& d = findings.add(span, message, &r);
    if (tag) {
      if (const auto value = ses::editable_span(context, r, tag->second - 4, tag->second))
        findings.fix(d, "turn the Cloudflare proxy off (DNS only)", {Edit{*value, "false"}});
    }
  }
};

}  // namespace

const Rule& ses010_proxied_dkim_cname() {
  static const ProxiedDkimCname rule;
  return rule;
}

}  // namespace zonelint::rules
