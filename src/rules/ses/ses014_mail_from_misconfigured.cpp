// SES014 mail-from-misconfigured: the custom MAIL FROM domain of Amazon SES (an MX to
// feedback-smtp.<region>.amazonses.com plus an SPF TXT) written in a way SES or receivers reject.

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES014",
    "mail-from-misconfigured",
    Severity::error,
    "A custom MAIL FROM domain is not exactly one MX to feedback-smtp.<region>.amazonses.com plus an SPF TXT",
    FixSafety::safe,
    "ses mail-from mx spf",
    R"md(## What it does
Finds the custom MAIL FROM domains in the zone: names with an MX to
`feedback-smtp.<region>.amazonses.com`, or to a near miss of it
(`feedback-smtp.<region>.amazonaws.com`, `feedback-smtp.amazonses.com`, a misspelt
`feedback-smtp`, `email-smtp.<region>.amazonaws.com`, `inbound-smtp.<region>.amazonses.com`),
plus the `MailFromDomain` of every `--ses-identity` file. For each it reports:

- an MX host that is not `feedback-smtp.<region>.amazonses.com` (error): `amazonaws.com` instead
  of `amazonses.com`, no region, `email-smtp` (the SMTP submission endpoint) or `inbound-smtp`
  (the receiving endpoint, which is under `amazonaws.com`);
- a region that is not an AWS region code (error), or not one zonelint knows SES runs in
  (warning: the list can lag behind AWS);
- an MX host written without its trailing dot in a master file, a zone export or a Cloud DNS
  record set (error): the origin is appended, and Cloud DNS refuses the change;
- a preference other than 10 (warning);
- the MX at the zone apex (error when the apex is itself an SES or mail domain: it has
  `_amazonses`, `_domainkey` or `_dmarc` records, other MX, or is the `--ses-identity` domain;
  warning otherwise, since the zone could be a delegated MAIL FROM subdomain);
- other MX records at the same name, or more than one SES MX there (error). With a provider
  routing policy (Route 53 latency, geolocation, weighted or failover record sets with a
  `SetIdentifier`; Cloud DNS `routingPolicy` items) each set is one answer and is checked on its
  own: a latency set per region, each with its region's feedback MX, is right, while a set that
  answers without the SES MX is an error;
- no SPF record at the name (warning), or an SPF record without `include:amazonses.com` (error);
- with `--ses-identity`: a `MailFromDomain` with no MX in the zone, or with an MX that does not
  point at SES (error).

A missing SPF record or MX is not reported for a Route 53 change batch or an export that says it
is one page of a longer list: the rest of the zone may hold it.

Problems of the SPF text itself (duplicates, quoting, syntax) are SES015's, and curly quotes
around it SES003's: an include written there but for an invisible character (SES015) or inside
curly quotes (SES003) counts as written, since the fix of that rule is the one to make. A name
that holds the zone's name twice (`mail.example.com` written without its dot in `example.com`)
is SES002's: this rule reads such an MX or SPF record as being at the name meant
(`mail.example.com.`), so the typo gives one finding, not a second one about a missing SPF
record or MX.

## Why is this bad
- AWS: "You must publish exactly one MX record … If the MAIL FROM domain has multiple MX records,
  the custom MAIL FROM setup with Amazon SES will fail." The MAIL FROM domain must be a
  subdomain of the verified identity, and should not be one you receive mail on. SES looks for
  the MX for 72 hours and then marks the setup Failed; until it succeeds, SES either falls back to
  an amazonses.com MAIL FROM or rejects sending (`MailFromDomainNotVerified`), depending on
  `BehaviorOnMXFailure`.
- The MX AWS gives is `10 feedback-smtp.<region>.amazonses.com`. The SMTP endpoint is
  `email-smtp.<region>.amazonaws.com` and the receiving endpoint
  `inbound-smtp.<region>.amazonaws.com`; tools have confused the suffixes. A host that does not
  exist means bounces and complaints never reach SES.
- RFC 1035 §5.1: a name without a trailing dot is relative, so
  `feedback-smtp.us-east-1.amazonses.com` in a zone file means
  `feedback-smtp.us-east-1.amazonses.com.example.com.`.
- The SPF record `v=spf1 include:amazonses.com ~all` at the MAIL FROM domain is what lets mail
  sent by SES pass SPF for that domain; an SPF record without the include makes every such
  message fail SPF. Without any SPF record receivers get "none", and DMARC can pass only through
  DKIM: a warning, since SES itself checks only the MX.
- The preference is a warning: with a single MX any value works, but AWS's text is `10`.

## Example
```
@     MX 10 feedback-smtp.us-east-1.amazonses.com.
mail  MX 10 feedback-smtp.us-east-1.amazonaws.com.
mail  MX 20 mx.example.net.
```

## Use instead
```
mail  MX  10 feedback-smtp.us-east-1.amazonses.com.
mail  TXT "v=spf1 include:amazonses.com ~all"
```

## Fix safety
Safe fixes: add the trailing dot to an SES MX host, change `amazonaws` to `amazonses` in
`feedback-smtp.<region>.amazonaws.com`, and set the preference to `10`. Moving records, choosing
a region or host, and adding the SPF record are left to you; the message gives the exact text.

## References
- AWS SES Developer Guide, "Using a custom MAIL FROM domain":
  https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
- AWS SES Developer Guide, "Regions and Amazon SES" (feedback endpoints):
  https://docs.aws.amazon.com/ses/latest/dg/regions.html
- AWS SES Developer Guide, "Publishing an MX record for Amazon SES email receiving":
  https://docs.aws.amazon.com/ses/latest/dg/receiving-email-mx-record.html
- RFC 1035 §5.1: https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- RFC 7208 §5.2 (include): https://www.rfc-editor.org/rfc/rfc7208#section-5.2
)md"};

using mail::MxTarget;
using mail::SesHost;
using mail::SesHostKind;

struct MxEntry {
  std::uint32_t index;
  MxTarget target;
  SesHost host;
};

bool is_cloud_dns(InputFormat f) { return f == InputFormat::gcloud_yaml || f == InputFormat::gcloud_json; }

// Formats whose host names are relative without a trailing dot. Cloud DNS rrdatas are presentation
// text too; its API refuses a host without the dot, and a zone-file import appends the zone.
bool relative_names(InputFormat f) {
  return f == InputFormat::master_file || f == InputFormat::cloudflare_export || f == InputFormat::azure_export ||
         is_cloud_dns(f);
}

std::string region_or_placeholder(const SesHost& h) {
  return mail::looks_like_region(h.region) ? std::string(h.region) : std::string("<region>");
}

class MailFromMisconfigured final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    const auto mx_records = context.of_type(rr::MX);
    // Only owners with an SES MAIL FROM candidate among their MX records, or declared with
    // --ses-identity, are checked (check_owner has nothing to say about the others); the MX
    // records that name SES hosts are found once for the rules that need them.
    std::unordered_set<NameId> checked;
    for (const mail::SesMxHosts::Entry& e : context.analysis<mail::SesMxHosts>().entries) {
      if (mail::is_mail_from_kind(e.kind)) checked.insert(records[e.index].owner);
    }

    // MailFromDomain of every --ses-identity inside this zone.
    std::unordered_map<NameId, const SesIdentityData*> declared;
    for (const SesIdentityData& identity : context.options().ses_identities) {
      if (!identity.mail_from_domain || identity.mail_from_domain->empty()) continue;
      const NameView m = *identity.mail_from_domain;
      if (!context.apex().empty() && !m.is_subdomain_of(context.apex())) continue;
      const auto has_mx_at = [&](std::optional<NameId> owner) {
        const auto at = owner ? context.at_owner(*owner) : std::span<const std::uint32_t>();
        return std::any_of(at.begin(), at.end(), [&](std::uint32_t j) {
          return records[j].type == rr::MX && mail::mx_target(context, records[j]).has_value();
        });
      };
      auto id = context.find_owner(m);
      bool has_mx = has_mx_at(id);
      if (!has_mx) {
        // The MX written with the zone's name twice (SES002's finding) still counts as this one.
        if (const auto doubled = with_apex_twice(context, m)) {
          if (const auto other = context.find_owner(*doubled); has_mx_at(other)) {
            id = other;
            has_mx = true;
          }
        }
      }
      if (has_mx) {
        declared.emplace(*id, &identity);
        checked.insert(*id);
      } else {
        report_declared_without_mx(context, findings, identity, id);
      }
    }

    if (checked.empty()) return;
    std::unordered_map<NameId, std::vector<MxEntry>> mx_at;
    std::vector<NameId> order;
    for (const std::uint32_t i : mx_records) {
      if (checked.count(records[i].owner) == 0) continue;
      auto target = mail::mx_target(context, records[i]);
      if (!target) continue;
      const SesHost host = mail::classify_ses_host(target->host);
      auto& list = mx_at[records[i].owner];
      if (list.empty()) order.push_back(records[i].owner);
      list.push_back({i, std::move(*target), host});
    }

    for (const NameId owner : order) {
      const auto& entries = mx_at[owner];
      const auto d = declared.find(owner);
      check_owner(context, findings, entries, d == declared.end() ? nullptr : d->second);
    }
  }

 private:
  void check_owner(const LintContext& context, Findings& findings, const std::vector<MxEntry>& entries,
                   const SesIdentityData* declared) const {
    const auto records = context.records();
    std::vector<const MxEntry*> ses, feedback, others;
    for (const MxEntry& e : entries) {
      if (mail::is_mail_from_kind(e.host.kind)) ses.push_back(&e);
      else others.push_back(&e);
      if (mail::is_feedback_kind(e.host.kind)) feedback.push_back(&e);
    }
    if (ses.empty() && declared == nullptr) return;

    for (const MxEntry* e : ses) check_host(context, findings, *e);

    const Record& first_record = records[entries.front().index];
    // The name meant: with the zone's name typed twice (SES002's finding), the name without the
    // repeat, so that the typo is not reported again here.
    const NameView written_owner = context.owner(first_record);
    const std::optional<Name> meant = ses::strip_duplicated_apex(written_owner, context.apex());
    const NameView owner = meant ? meant->view() : written_owner;
    const std::string owner_text = owner.to_text();

    if (feedback.empty()) {
      if (declared != nullptr && ses.empty()) {
        const MxEntry& e = entries.front();
        const Record& r = records[e.index];
        findings.add(context.span(r, e.target.exchange),
                     fmt::format("\"{}\" is the custom MAIL FROM domain in {}, but its MX points at \"{}.\"; SES "
                                 "requires exactly one MX there: \"10 feedback-smtp.<region>.amazonses.com.\" (the "
                                 "region where you send); until then the MAIL FROM setup stays pending and fails",
                                 owner_text, declared->source, e.target.host),
                     &r);
      }
      if (declared != nullptr) check_spf(context, findings, owner, first_record);
      return;
    }

    const MxEntry& main = *feedback.front();
    const Record& main_record = records[main.index];
    const std::string wanted = fmt::format("10 feedback-smtp.{}.amazonses.com.", region_or_placeholder(main.host));

    // At the apex (combined with "mixed" there: moving the record fixes both).
    const bool at_apex = !context.apex().empty() && owner.equals(context.apex());
    const bool apex_allowed = declared != nullptr;  // the zone is the MAIL FROM domain itself
    if (at_apex && !apex_allowed) {
      const bool strong = !others.empty() || apex_is_mail_domain(context);
      Diagnostic& d = findings.add(
          context.owner_span(main_record),
          fmt::format("the SES MAIL FROM MX \"{}\" is at the zone apex \"{}\"{}; a custom MAIL FROM domain must be a "
                      "subdomain of the SES identity with exactly one MX, not a name that receives mail, or the "
                      "MAIL FROM setup fails; move it to a subdomain: mail.{} MX {} and mail.{} TXT "
                      "\"v=spf1 include:amazonses.com ~all\"",
                      fmt::format("{} {}.", main.target.preference_value, main.target.host), owner_text,
                      others.empty() ? "" : fmt::format(", next to {} other MX", others.size()), owner_text, wanted,
                      owner_text),
          &main_record);
      if (!strong) {
        d.severity = Severity::warning;
        d.message += "; if this zone is itself the MAIL FROM subdomain, pass its identity with --ses-identity";
      }
      for (const MxEntry* o : others)
        d.notes.push_back(Note{context.span(records[o->index], o->target.exchange), "another MX at the apex"});
    }

    // "Exactly one MX" holds per answer. With a provider routing policy (Route 53 latency, geo,
    // weighted, failover sets with a SetIdentifier; Cloud DNS routingPolicy items) each set is
    // an answer of its own: a latency set per region, each with its region's feedback MX, is
    // right. Without one there is one set, and these checks are those of a plain RRset.
    std::vector<std::uint32_t> indices;
    for (const MxEntry& e : entries) indices.push_back(e.index);
    const auto sets = mail::by_routing_set(context, indices);
    const bool routed = std::any_of(entries.begin(), entries.end(),
                                    [&](const MxEntry& e) { return records[e.index].has(record_flag::routing_policy); });
    const std::string in_one_set = routed ? mail::in_one_routing_set : "";
    for (const auto& set : sets) {
      std::vector<const MxEntry*> set_feedback, set_others;
      for (const std::size_t k : set) {
        const MxEntry* e = &entries[k];
        if (mail::is_feedback_kind(e->host.kind)) set_feedback.push_back(e);
        else if (!mail::is_mail_from_kind(e->host.kind)) set_others.push_back(e);
      }
      if (set_feedback.empty()) {
        // Another set answers without the SES MX (only with a routing policy: else it is `main`'s).
        if (set_others.empty() || (at_apex && !apex_allowed)) continue;
        const MxEntry& o = *set_others.front();
        const Record& r = records[o.index];
        Diagnostic& d = findings.add(
            context.span(r, o.target.exchange),
            fmt::format("\"{}\" answers with MX \"{} {}.\" in a routing-policy set without the SES MAIL FROM MX, "
                        "while another set answers with it; SES, and mail servers, that get this answer find no "
                        "\"feedback-smtp.<region>.amazonses.com.\" MX, and SES fails the MAIL FROM setup when that "
                        "is what it sees; make every set answer with exactly one SES MX (\"{}\")",
                        owner_text, o.target.preference_value, o.target.host, wanted),
            &r);
        d.notes.push_back(Note{context.span(main_record, main.target.exchange), "the SES MX of another set"});
        continue;
      }
      const MxEntry& first = *set_feedback.front();
      const Record& set_first_record = records[first.index];
      const std::string set_wanted = fmt::format("10 feedback-smtp.{}.amazonses.com.", region_or_placeholder(first.host));
      if (!(at_apex && !apex_allowed) && !set_others.empty()) {
        Diagnostic& d = findings.add(
            context.span(set_first_record, first.target.exchange),
            fmt::format("\"{}\" has the SES MAIL FROM MX and {} other MX record{}{}; AWS: \"If the MAIL FROM domain "
                        "has multiple MX records, the custom MAIL FROM setup with Amazon SES will fail\"; keep only "
                        "\"{}\" at this name and receive mail on another one",
                        owner_text, set_others.size(), set_others.size() == 1 ? "" : "s", in_one_set, set_wanted),
            &set_first_record);
        for (const MxEntry* o : set_others)
          d.notes.push_back(Note{context.span(records[o->index], o->target.exchange), "another MX at this name"});
      }
      // More than one SES MX in the set (identical records are one RR and do not count).
      std::unordered_set<std::string> distinct{fmt::format("{} {}", first.target.preference_value, first.target.host)};
      for (std::size_t k = 1; k < set_feedback.size(); ++k) {
        const MxEntry& e = *set_feedback[k];
        if (!distinct.insert(fmt::format("{} {}", e.target.preference_value, e.target.host)).second) continue;
        const Record& r = records[e.index];
        Diagnostic& d = findings.add(
            context.span(r, e.target.exchange),
            fmt::format("a second SES MX at \"{}\"{}: SES requires exactly one MX record at the MAIL FROM domain and "
                        "the setup fails with more; keep one, \"{}\" (one MX serves identities in several regions)",
                        owner_text, in_one_set, set_wanted),
            &r);
        d.notes.push_back(Note{context.span(set_first_record, first.target.exchange), "the first SES MX at this name"});
      }
    }

    // At the apex the fix is to move the MX and its SPF record; the apex SPF is not the issue.
    if (!(at_apex && !apex_allowed)) check_spf(context, findings, owner, main_record);
  }

  static void check_host(const LintContext& context, Findings& findings, const MxEntry& e) {
    const Record& r = context.records()[e.index];
    const MxTarget& t = e.target;
    const SesHost& h = e.host;
    const std::string region = region_or_placeholder(h);
    const std::string wanted_host = fmt::format("feedback-smtp.{}.amazonses.com.", region);
    // A fix of the host edits bytes of the file: a master file's record, or a string an export
    // holds byte for byte (editable_span), so that Route 53, Cloud DNS and Azure exports are fixed too.
    const bool can_fix = !r.has(record_flag::generic_rdata) && !r.has(record_flag::untyped);
    const auto fix_span = [&](std::uint32_t b, std::uint32_t en) {
      return can_fix ? ses::editable_span(context, r, b, en) : std::nullopt;
    };
    const Span exchange = context.span(r, t.exchange);
    const auto host_span = [&](std::size_t from, std::size_t to) {
      const auto [b, en] = t.host_range(from, to);
      return context.span(r, b, en);
    };

    switch (h.kind) {
      case SesHostKind::feedback_amazonaws: {
        const std::size_t b = h.suffix_begin;
        Diagnostic& d = findings.add(
            host_span(b, b + 9),
            fmt::format("MX host \"{}.\" does not exist: the SES MAIL FROM feedback endpoint is under amazonses.com "
                        "(amazonaws.com is the suffix of the SMTP and receiving endpoints); write \"{}\"",
                        t.host, wanted_host),
            &r);
        const auto [fb, fe] = t.host_range(b, b + 9);
        if (const auto span = fix_span(fb, fe)) findings.fix(d, "change amazonaws to amazonses", {Edit{*span, "amazonses"}});
        break;
      }
      case SesHostKind::feedback_no_region:
        findings.add(exchange,
                     fmt::format("MX host \"{}.\" has no region: the SES MAIL FROM MX is "
                                 "feedback-smtp.<region>.amazonses.com, with the region you send from, e.g. "
                                 "\"feedback-smtp.us-east-1.amazonses.com.\"",
                                 t.host),
                     &r);
        break;
      case SesHostKind::feedback_other:
        findings.add(exchange,
                     fmt::format("MX host \"{}.\" is not the SES MAIL FROM feedback endpoint; write \"{}\"", t.host,
                                 wanted_host),
                     &r);
        break;
      case SesHostKind::email_smtp:
        findings.add(exchange,
                     fmt::format("MX host \"{}.\" is the SES SMTP endpoint for sending, not a mail exchanger; a custom "
                                 "MAIL FROM domain needs \"10 {}\" (and receiving with SES needs "
                                 "\"inbound-smtp.{}.amazonaws.com.\")",
                                 t.host, wanted_host, region),
                     &r);
        break;
      case SesHostKind::inbound_amazonses:
        findings.add(exchange,
                     fmt::format("MX host \"{}.\" does not exist: SES receives mail at \"inbound-smtp.{}.amazonaws.com.\""
                                 ", and the custom MAIL FROM MX is \"{}\"",
                                 t.host, region, wanted_host),
                     &r);
        break;
      default:
        break;
    }

    // Region of feedback-smtp.<region>.amazon{ses,aws}.com.
    if ((h.kind == SesHostKind::feedback || h.kind == SesHostKind::feedback_amazonaws) && !h.region.empty()) {
      const Span region_span = host_span(h.region_begin, h.region_begin + h.region.size());
      if (!mail::looks_like_region(h.region)) {
        findings.add(region_span,
                     fmt::format("\"{}\" in MX host \"{}.\" is not an AWS region code (like us-east-1 or "
                                 "eu-west-2), so the host does not exist; use the region where you send with SES",
                                 h.region, t.host),
                     &r);
      } else if (!mail::known_ses_region(h.region)) {
        Diagnostic& d = findings.add(
            region_span,
            fmt::format("\"{}\" in MX host \"{}.\" is not a region zonelint knows SES runs in; the MAIL FROM MX must "
                        "name the region where you send (e.g. \"feedback-smtp.us-east-1.amazonses.com.\"); if AWS "
                        "added this region recently, suppress this finding",
                        h.region, t.host),
            &r);
        d.severity = Severity::warning;
      }
    }

    // Trailing dot.
    if (!t.absolute && relative_names(context.zone().format) && h.kind != SesHostKind::none) {
      const std::string origin = origin_of(context, r);
      const auto [b, en] = t.host_range(0, t.host.size());
      (void)b;
      Diagnostic& d = findings.add(
          exchange,
          is_cloud_dns(context.zone().format)
              ? fmt::format("MX host \"{}\" has no trailing dot: Cloud DNS requires fully qualified host names in "
                            "rrdatas and rejects the change (\"Invalid value for ... rrdata\"), and a zone-file "
                            "import reads it as \"{}.{}\"; write \"{}.\"",
                            t.host, t.host, origin, t.host)
              : fmt::format("MX host \"{}\" has no trailing dot, so it means \"{}.{}\"; write \"{}.\"", t.host,
                            t.host, origin, t.host),
          &r);
      if (const auto span = fix_span(en, en)) findings.fix(d, "add the trailing dot", {Edit{*span, "."}});
    }

    // Preference.
    if (mail::is_feedback_kind(h.kind) && t.preference_value != 10) {
      Diagnostic& d = findings.add(
          context.span(r, t.preference),
          fmt::format("the SES MAIL FROM MX has preference {}; AWS publishes it as \"10 {}\": write 10 (with a "
                      "single MX the value does not change delivery, but a copy of AWS's record is easiest to check)",
                      t.preference_value, wanted_host),
          &r);
      d.severity = Severity::warning;
      // In a master file only: an export may hold the preference as a JSON number, and a fix of
      // an export changes string values alone.
      if (mail::fixable(context, r)) findings.fix(d, "set the preference to 10", {Edit{context.span(r, t.preference), "10"}});
    }
  }

  // The SPF record of a MAIL FROM domain.
  static void check_spf(const LintContext& context, Findings& findings, NameView owner, const Record& mx_record) {
    const auto records = context.records();
    // The SPF record at the name, or at the name with the zone's name typed twice (SES002's).
    std::vector<NameId> ids;
    if (const auto id = context.find_owner(owner)) ids.push_back(*id);
    if (const auto doubled = with_apex_twice(context, owner)) {
      if (const auto id = context.find_owner(*doubled)) ids.push_back(*id);
    }
    const Record* spf = nullptr;
    mail::JoinedTxt spf_text;
    for (const NameId id : ids) {
      for (const std::uint32_t i : context.at_owner(id)) {
        if (records[i].type != rr::TXT) continue;
        mail::JoinedTxt j = mail::join_txt(context, records[i]);
        std::string_view text = j.bytes;
        while (!text.empty() && mail::is_space(text.front())) text.remove_prefix(1);
        // Curly quotes around the value are SES003's, with its fix: what they hold is judged.
        std::size_t skip = j.bytes.size() - text.size();
        if (const std::size_t q = mail::leading_curly_quote(text); q > 0) {
          text.remove_prefix(q);
          skip += q;
          if (text.size() >= 3 && mail::trailing_curly_quote(j.bytes) > 0) text.remove_suffix(3);
        } else if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front() &&
                   mail::has_spf_prefix(text.substr(1))) {
          // Straight quotes that are part of the value ("\"v=spf1 ...\""): SES003's too.
          text = text.substr(1, text.size() - 2);
          skip += 1;
        }
        if (!mail::has_spf_prefix(text)) continue;
        if (includes_amazonses(text, j, skip)) return;
        // Included but for an invisible character pasted into the term: SES015 reports it, and
        // its fix deletes it; asking for the include again would add a second one.
        if (const auto invisible = mail::invisible_characters(text); !invisible.empty()) {
          const std::string visible = mail::without_invisible(text, invisible);
          if (includes_amazonses(visible, mail::JoinedTxt{}, 0)) return;
        }
        if (spf == nullptr) {
          spf = &records[i];
          spf_text = std::move(j);
        }
      }
    }
    const std::string owner_text = owner.to_text();
    if (spf == nullptr) {
      if (!context.zone().complete()) return;  // the SPF record may be in the rest of the zone
      Diagnostic& d = findings.add(
          context.owner_span(mx_record),
          fmt::format("the MAIL FROM domain \"{}\" has no SPF record: receivers get no SPF result for mail SES sends "
                      "with it, so DMARC can pass only through DKIM; add: {} TXT \"v=spf1 include:amazonses.com ~all\"",
                      owner_text, owner_text),
          &mx_record);
      d.severity = Severity::warning;
      return;
    }
    const auto [b, e] = spf_text.text_range(0, std::min<std::size_t>(6, spf_text.bytes.size()));
    findings.add(context.span(*spf, b, e),
                 fmt::format("the SPF record of the MAIL FROM domain \"{}\" does not include amazonses.com, so mail "
                             "SES sends with this MAIL FROM fails SPF; write \"v=spf1 include:amazonses.com{}\"",
                             owner_text, mail::abbreviate(std::string_view(spf_text.bytes).substr(6), 40)),
                 spf);
  }

  // `name` with the zone's name appended once more, as a relative name ending in it reads.
  static std::optional<Name> with_apex_twice(const LintContext& context, NameView name) {
    const NameView apex = context.apex();
    if (apex.empty() || apex.is_root() || !name.is_subdomain_of(apex)) return std::nullopt;
    std::string wire(name.wire().substr(0, name.wire().size() - 1));
    wire.append(apex.wire());
    if (wire.size() > max_name_length) return std::nullopt;
    return Name(std::move(wire));
  }

  // "include:amazonses.com" or "redirect=amazonses.com" (also with a stray space after the colon,
  // or with the next term glued on across a string boundary: SES015 reports those, and its fix is
  // the one to make, so this rule does not report a missing include as well). `skip` is the
  // offset of `text` in `joined.bytes`.
  static bool includes_amazonses(std::string_view text, const mail::JoinedTxt& joined, std::size_t skip) {
    for (const std::string_view term : {"include:", "redirect="}) {
      if (authorizes(text, term, joined, skip)) return true;
    }
    return false;
  }

  static bool authorizes(std::string_view text, std::string_view term, const mail::JoinedTxt& joined,
                         std::size_t skip) {
    for (std::size_t at = mail::ifind(text, term); at != std::string_view::npos; at = mail::ifind(text, term, at + 1)) {
      std::size_t p = at + term.size();
      while (p < text.size() && text[p] == ' ') ++p;
      if (mail::istarts_with(text.substr(p), "amazonses.com")) {
        const std::size_t end = p + 13;
        if (end == text.size() || text[end] == ' ' || (end + 1 == text.size() && text[end] == '.') ||
            (text[end] == '.' && end + 1 < text.size() && text[end + 1] == ' ') || joined.boundary_before(skip + end))
          return true;
      }
    }
    return false;
  }

  // The zone apex looks like a domain that sends or receives mail itself.
  static bool apex_is_mail_domain(const LintContext& context) {
    const NameView apex = context.apex();
    for (const SesIdentityData& identity : context.options().ses_identities) {
      if (identity.domain && identity.domain->view().equals(apex)) return true;
    }
    const auto child = [&](std::string_view label) {
      std::string wire(1, static_cast<char>(label.size()));
      wire += label;
      wire += apex.wire();
      return context.find_owner(NameView(wire)).has_value();
    };
    if (child("_amazonses") || child("_dmarc")) return true;
    const auto records = context.records();
    for (const RRType type : {rr::CNAME, rr::TXT}) {
      for (const std::uint32_t i : context.of_type(type)) {
        const NameView o = context.owner(records[i]);
        if (o.label_count() == apex.label_count() + 2 && mail::iequals(o.label(1), "_domainkey") &&
            o.parent(2).equals(apex))
          return true;
      }
    }
    return false;
  }

  // The origin a relative name in this record was completed with, as text with its trailing dot.
  static std::string origin_of(const LintContext& context, const Record& r) {
    std::string origin = context.apex().empty() ? std::string("<origin>.") : context.apex().to_text();
    const NameView owner = context.owner(r);
    if (r.has(record_flag::owner_at)) {
      origin = owner.to_text();
    } else if (LintContext::owner_written_relative(r)) {
      const RecordTokens tokens = context.tokens(r);
      if (tokens.owner) {
        const std::string_view written = tokens.owner->content(context.text(r));
        const std::size_t labels = static_cast<std::size_t>(std::count(written.begin(), written.end(), '.')) + 1;
        if (labels <= owner.label_count()) origin = owner.parent(labels).to_text();
      }
    }
    return origin;
  }

  static void report_declared_without_mx(const LintContext& context, Findings& findings,
                                         const SesIdentityData& identity, std::optional<NameId> id) {
    const auto records = context.records();
    if (records.empty() || !context.zone().complete()) return;  // the MX may be in the rest of the zone
    const Record* at = nullptr;
    if (id) at = &records[context.at_owner(*id).front()];
    if (at == nullptr && !context.apex().empty()) {
      if (const auto apex = context.find_owner(context.apex())) at = &records[context.at_owner(*apex).front()];
    }
    if (at == nullptr) at = &records.front();
    const std::string m = identity.mail_from_domain->to_text();
    findings.add(context.owner_span(*at),
                 fmt::format("{} sets the custom MAIL FROM domain \"{}\", but the zone has no MX there; SES looks for "
                             "exactly one MX for 72 hours and then fails the setup; add: {} MX 10 "
                             "feedback-smtp.<region>.amazonses.com. and {} TXT \"v=spf1 include:amazonses.com ~all\"",
                             identity.source, m, m, m),
                 at);
  }
};

}  // namespace

const Rule& ses014_mail_from_misconfigured() {
  static const MailFromMisconfigured rule;
  return rule;
}

}  // namespace zonelint::rules
