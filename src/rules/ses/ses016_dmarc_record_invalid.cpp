// SES016 dmarc-record-invalid: a TXT record at _dmarc.<domain> that receivers discard, that
// applies no policy, or whose SPF alignment cannot work with the SES custom MAIL FROM domain.

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/ses_dkim.hpp"
#include "rules/ses/txt_look.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES016",
    "dmarc-record-invalid",
    Severity::error,
    "A _dmarc TXT record is not a valid DMARC record, is one of several, or forbids SPF alignment with a custom MAIL FROM",
    FixSafety::safe,
    "ses dmarc mail",
    R"md(## What it does
Checks every TXT record at a `_dmarc.<domain>` name, after joining its strings, and reports:

- **an invisible character** pasted into the value (error, one finding per character, at it, or
  per run of them written one right after the other, at the first): a
  zero-width or other format character (U+200B ZERO WIDTH SPACE, U+FEFF, U+00AD), a control
  character, or a space that is not U+0020 (U+00A0, U+2009, ...). The other checks then skip the
  record, since they would only see the effect (an unknown tag, a policy that is not one). SES003
  leaves DMARC values to this rule; a stray character in the `_dmarc` name is SES003's, and so
  are curly quotes around the value (this rule judges, and quotes, what they hold);
- **`v=DMARC1` not first** or missing while the record has DMARC tags (error), a version other
  than `DMARC1` (error), or `dmarc1` in lower case (warning);
- **tags separated by a comma or white space instead of `;`** (`v=DMARC1 p=none`,
  `p=none, rua=mailto:…`) (error);
- **a record written without quotes**, where the first `;` starts a master-file comment:
  `_dmarc TXT v=DMARC1; p=none` publishes only `v=DMARC1` (RFC 1035 §5.1) (error);
- **no `p=` tag**, or a `p=`/`sp=` value other than `none`, `quarantine` or `reject` (error; a
  warning when the record has `rua=`, since receivers then act as if `p=none`);
- **several DMARC records at one name** (error). Records in different sets of a provider
  routing policy (Route 53 `SetIdentifier`, Cloud DNS `routingPolicy` items) are different
  answers and are counted per set;
- **`aspf=s` while a custom MAIL FROM domain exists below the domain** (warning): a feedback-smtp
  MX under it, or an `--ses-identity` `MailFromDomain`;
- `adkim`/`aspf` values other than `r`/`s`, and a `pct` outside 0-100 (warning);
- another kind of TXT at `_dmarc` (warning): receivers ignore it.

## Why is this bad
- RFC 7489 §6.3: `v` "MUST be the first tag"; §6.6.3: records that do not start with a `v=` tag
  for DMARC1 are discarded, and "If the remaining set contains multiple records or no records,
  policy discovery terminates and DMARC processing is not applied to this message." The version
  value is `%x44 %x4d %x41 %x52 %x43 %x31` in the ABNF (§6.4), upper-case `DMARC1`.
- Tags are separated by `;` (§6.4). With a comma or a space, the previous tag's value swallows the
  next tag: `p=none, rua=…` has the policy `none, rua=…`, which is not a policy.
- `p` is REQUIRED (§6.3). Without a valid `p` (or with an invalid `sp`), a receiver acts as if
  `p=none` when `rua` has a valid URI, and otherwise applies no DMARC processing (§6.6.3).
- With `aspf=s` SPF aligns only when the MAIL FROM domain equals the From domain exactly (§3.1.2).
  Amazon SES requires the custom MAIL FROM domain to be a subdomain of the identity, and AWS tells
  SES users to keep alignment relaxed, so SPF can never align and DMARC can pass only through
  DKIM. A warning, because DKIM alone can still pass DMARC.
- Invalid `adkim`, `aspf` and `pct` values are ignored in favour of the defaults (§6.3), so they
  are warnings.

## Example
```
_dmarc  TXT "p=quarantine; v=DMARC1"
_dmarc  TXT "v=DMARC1; p=none, rua=mailto:dmarc@example.com"
```

## Use instead
```
_dmarc  TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"
```

## Fix safety
Safe fixes: replace a comma that separates two tags with `;`, insert the missing `;` before a tag
written after a space, and upper-case `dmarc1`. Reordering tags, choosing a policy and removing
a record are left to you; the message shows the text to write.

## References
- RFC 7489 §3.1.2, §6.3, §6.4, §6.6.3: https://www.rfc-editor.org/rfc/rfc7489
- AWS SES Developer Guide, "Complying with DMARC authentication protocol in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dmarc.html
- AWS SES Developer Guide, "Using a custom MAIL FROM domain":
  https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
)md"};

constexpr std::array<std::string_view, 14> dmarc_tags{"v",  "p",   "sp", "adkim", "aspf", "pct", "fo",
                                                      "rf", "ri", "rua", "ruf", "np", "psd", "t"};

using mail::JoinedTxt;
using mail::Tag;

struct DmarcRecord {
  std::uint32_t index;
  JoinedTxt joined;
};

class DmarcRecordInvalid final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
    needs.add<mail::TxtLook>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    // Domains with a custom MAIL FROM domain strictly below them: lower-case wire form, sorted.
    std::vector<std::string> has_mail_from_below;
    for (const Name& m : mail::custom_mail_from_names(context)) {
      const NameView v = m.view();
      for (std::size_t k = 1; k <= v.label_count(); ++k) has_mail_from_below.push_back(mail::lower(v.parent(k).wire()));
    }
    std::sort(has_mail_from_below.begin(), has_mail_from_below.end());
    const auto mail_from_below = [&](NameView owner) {
      if (has_mail_from_below.empty()) return false;
      const std::string_view wire = owner.parent(1).wire();
      std::array<char, 256> lowered{};
      if (wire.size() > lowered.size()) return false;  // not a name: none is that long
      std::transform(wire.begin(), wire.end(), lowered.begin(),
                     [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
      return std::binary_search(has_mail_from_below.begin(), has_mail_from_below.end(),
                                std::string_view(lowered.data(), wire.size()));
    };

    // Names with one selected DMARC record so far, and with several (rare): a bit per name. The
    // records of a name with several are read again at the end, from its own records.
    const std::size_t names = context.zone().names.size();
    mail::OwnerRepeats owners(names);
    Reading reading;  // buffers reused from record to record
    const auto txt = context.of_type(rr::TXT);
    // Whether each record at a _dmarc name is a DMARC record in its usual valid form (with and
    // without a custom MAIL FROM domain below) was found in the look taken once at every TXT
    // record for several rules (mail::TxtLook): the text of most is not read here.
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      if (k + 8 < txt.size()) __builtin_prefetch(context.owner(records[txt[k + 8]]).wire().data());
      const std::uint32_t i = txt[k];
      const Record& r = records[i];
      // The first label is "_dmarc", read from the wire form: <6>_dmarc...
      const std::string_view wire = context.owner(r).wire();
      if (wire.size() < 7 || wire[0] != 6 || !mail::iequals(wire.substr(1, 6), "_dmarc")) continue;
      const bool below = mail_from_below(context.owner(r));
      const bool usual = (looks[k] & (below ? mail::TxtLook::usual_dmarc_below : mail::TxtLook::usual_dmarc)) != 0;
      if (!usual && !selected(context, findings, r, reading, below)) continue;
      owners.add(r.owner);
    }
    if (owners.repeated().empty()) return;

    // The same reading as above; its findings were reported there.
    std::vector<Diagnostic> again;
    Findings quiet(findings.rule(), context, again);
    std::vector<std::vector<DmarcRecord>> lists;
    for (const NameId owner : owners.repeated()) {
      auto& list = lists.emplace_back();
      const bool below = mail_from_below(context.zone().names.get(owner));
      for (const std::uint32_t j : context.at_owner(owner)) {
        if (records[j].type != rr::TXT || !selected(context, quiet, records[j], reading, below)) continue;
        list.push_back({j, reading.joined});
      }
    }
    // Names in the order of their first DMARC record, as they were found.
    std::sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) { return a.front().index < b.front().index; });
    for (const auto& list : lists) {
      // Records in different routing-policy sets are different answers, one DMARC record each.
      std::vector<std::uint32_t> indices;
      for (const DmarcRecord& rec : list) indices.push_back(rec.index);
      for (const auto& set : mail::by_routing_set(context, indices)) {
        const DmarcRecord& first_dmarc = list[set.front()];
        for (std::size_t k = 1; k < set.size(); ++k) {
          const Record& r = records[list[set[k]].index];
          const JoinedTxt& j = list[set[k]].joined;
          Diagnostic& d = findings.add(
              at(context, r, j, 0, std::min<std::size_t>(8, j.bytes.size())),
              fmt::format("{} DMARC records at \"{}\"{}: when policy discovery finds more than one, DMARC is not "
                          "applied at all (RFC 7489 §6.6.3); keep one record",
                          set.size(), context.owner(r).to_text(),
                          r.has(record_flag::routing_policy) ? mail::in_one_routing_set : ""),
              &r);
          const Record& first = records[first_dmarc.index];
          d.notes.push_back(Note{at(context, first, first_dmarc.joined, 0,
                                    std::min<std::size_t>(8, first_dmarc.joined.bytes.size())),
                                 "the first DMARC record at this name"});
        }
      }
    }
  }

 private:
  // The buffers of one reading of a record.
  struct Reading {
    JoinedTxt joined;
    std::vector<Token> tokens;
    std::vector<Tag> tags;
  };

  // Reads and checks a TXT record at a _dmarc name (into `reading`); true when receivers select
  // it as a DMARC record.
  static bool selected(const LintContext& context, Findings& findings, const Record& r, Reading& reading,
                       bool mail_from_below) {
    mail::join_txt_into(context, r, reading.joined, reading.tokens);
    // Curly quotes around the value are SES003's: the record is judged, and quoted, without them,
    // though receivers do not select it as it is (it does not start with "v=DMARC1"). Unquoted
    // words they open (each its own string), or a value a ';' cuts short, are SES003's whole: its
    // fix writes them as one quoted string, which the next run judges.
    if (mail::leading_curly_quote(reading.joined.bytes) > 0) {
      if (reading.joined.all_unquoted_words() || mail::cut_by_comment(context, r, reading.joined)) return false;
      mail::strip_curly_wrapping(reading.joined);
      (void)check_record(context, findings, r, reading.joined, mail_from_below, reading.tags);
      return false;
    }
    // Straight quotes that are part of the value ("\"v=DMARC1; p=none\""): SES003 reports them
    // with its fix, and the next run judges what they hold.
    if (const std::string_view b = reading.joined.bytes; b.size() >= 2 && (b.front() == '"' || b.front() == '\'') &&
                                                          b.back() == b.front() && mail::istarts_with(b.substr(1), "v=DMARC1"))
      return false;
    return check_record(context, findings, r, reading.joined, mail_from_below, reading.tags);
  }

  static Span at(const LintContext& context, const Record& r, const JoinedTxt& j, std::size_t from, std::size_t to) {
    const auto [b, e] = j.text_range(from, to);
    return context.span(r, b, e);
  }

  static std::string tag_text(std::string_view text, const Tag& t) {
    return std::string(text.substr(t.begin, t.end - t.begin));
  }

  static bool valid_policy(std::string_view v) { return mail::dmarc_policy_valid(v); }


  static std::string did_you_mean(std::string_view v) {
    std::string_view best;
    std::size_t best_distance = 4;
    for (const std::string_view p : {"none", "quarantine", "reject"}) {
      const std::size_t d = mail::edit_distance(v, p);
      if (d < best_distance) {
        best = p;
        best_distance = d;
      }
    }
    return best.empty() ? std::string() : fmt::format(" (did you mean \"{}\"?)", best);
  }

  // Returns true when receivers select the record as a DMARC record.
  static bool check_record(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j,
                           bool mail_from_below, std::vector<Tag>& tags) {
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    const bool can_fix = mail::fixable(context, r);
    // Invisible characters first, one finding per run: every later check would only see their
    // effect (an unknown tag, a policy that is not one) and give the wrong advice.
    if (const auto invisible = mail::invisible_characters(text); !invisible.empty()) {
      const std::string cleaned = mail::without_invisible(text, invisible);
      // Characters one right after the other are one finding.
      for (const auto& [first, last] : mail::invisible_runs(invisible)) {
        const std::span<const mail::InvisibleCharacter> run(invisible.data() + first, last - first + 1);
        const std::size_t end = run.back().offset + run.back().length;
        Diagnostic& d = findings.add(
            at(context, r, j, run.front().offset, end),
            fmt::format("the DMARC record at \"{}\" contains {}: DMARC tags are plain ASCII (RFC 7489 §6.4), so "
                        "receivers read the character as part of the tag or value it sits in, which then means "
                        "nothing to them; delete {}: \"{}\"",
                        owner, mail::describe_invisible(text, run), run.size() == 1 ? "it" : "them",
                        mail::abbreviate(cleaned, 40)),
            &r);
        if (!can_fix) continue;
        std::vector<Edit> edits;
        for (const mail::InvisibleCharacter& c : run) edits.push_back(Edit{at(context, r, j, c.offset, c.offset + c.length), ""});
        findings.fix(d, run.size() == 1 ? "delete the invisible character" : "delete the invisible characters",
                     std::move(edits));
      }
      return mail::istarts_with(text, "v=DMARC1");
    }
    if (const auto cut = mail::cut_by_comment(context, r, j)) {
      findings.add(context.span(r, *cut, *cut + 1),
                   fmt::format("the DMARC record at \"{}\" is not quoted, so this \";\" starts a comment (RFC 1035 "
                               "§5.1) and the record published is only \"{}\"; quote the whole value: \"{}\"",
                               owner, mail::abbreviate(text, 30),
                               mail::abbreviate(mail::text_before_comment_cut(context, r, j, *cut), 60)),
                   &r);
      return mail::istarts_with(text, "v=DMARC1");
    }
    mail::parse_tag_list(text, dmarc_tags, tags);

    // Separators other than ';'.
    bool broken_separator = false;
    for (std::size_t k = 1; k < tags.size(); ++k) {
      const Tag& t = tags[k];
      if (t.missing_semicolon_at == std::string_view::npos) continue;
      broken_separator = true;
      const Tag& prev = tags[k - 1];
      const std::size_t p = t.missing_semicolon_at;
      const bool comma = t.separator_used == ',';
      Diagnostic& d = findings.add(
          at(context, r, j, p, comma ? p + 1 : t.begin),
          fmt::format("{} separates \"{}\" from \"{}\" in the DMARC record at \"{}\"; tags are separated by \";\" "
                      "(RFC 7489 §6.4), so receivers read the value of \"{}\" as \"{}\", which is not valid, and the "
                      "record fails; write \"{}; {}\"",
                      comma ? "a comma" : "white space", tag_text(text, prev), mail::abbreviate(tag_text(text, t), 30),
                      owner, prev.name(text), mail::abbreviate(text.substr(prev.value_begin, t.end - prev.value_begin), 40),
                      tag_text(text, prev), mail::abbreviate(tag_text(text, t), 30)),
          &r);
      if (can_fix && !j.boundary_before(p) && !j.boundary_before(p + 1)) {
        if (comma) {
          findings.fix(d, "use ';' between the tags", {Edit{at(context, r, j, p, p + 1), ";"}});
        } else {
          const auto [pos, unused] = j.text_range(p, p);
          (void)unused;
          findings.fix(d, "insert ';' between the tags", {Edit{context.span(r, pos, pos), ";"}});
        }
      }
    }
    if (broken_separator) return false;

    // The version tag.
    std::size_t v_index = tags.size();
    for (std::size_t k = 0; k < tags.size(); ++k) {
      if (mail::iequals(tags[k].name(text), "v")) {
        v_index = k;
        break;
      }
    }
    // (v_index is tags.size() when no tag is "v": 0 for a record without tags, such as "".)
    const bool v_first_ok =
        v_index == 0 && !tags.empty() && tags[0].begin == 0 && mail::iequals(tags[0].value(text), "DMARC1");
    if (!v_first_ok) {
      report_not_dmarc(context, findings, r, j, tags, v_index);
      return false;
    }
    const Tag& v = tags[0];
    if (v.value(text) != "DMARC1") {
      Diagnostic& d = findings.add(
          at(context, r, j, v.value_begin, v.value_end),
          fmt::format("the DMARC version at \"{}\" is written \"{}\"; RFC 7489 §6.4 defines it as upper-case "
                      "\"DMARC1\", and strict receivers discard other spellings; write \"v=DMARC1\"",
                      owner, v.value(text)),
          &r);
      d.severity = Severity::warning;
      if (can_fix) findings.fix(d, "write DMARC1", {Edit{at(context, r, j, v.value_begin, v.value_end), "DMARC1"}});
    }

    const Tag* p = nullptr;
    const Tag* sp = nullptr;
    const Tag* aspf = nullptr;
    bool has_rua = false;
    for (const Tag& t : tags) {
      const std::string_view name = t.name(text);
      if (mail::iequals(name, "p") && p == nullptr) p = &t;
      else if (mail::iequals(name, "sp") && sp == nullptr) sp = &t;
      else if (mail::iequals(name, "aspf") && aspf == nullptr) aspf = &t;
      else if (mail::iequals(name, "rua") && mail::ifind(t.value(text), "mailto:") != std::string_view::npos) has_rua = true;
      if ((mail::iequals(name, "adkim") || mail::iequals(name, "aspf")) && !mail::iequals(t.value(text), "r") &&
          !mail::iequals(t.value(text), "s")) {
        Diagnostic& d = findings.add(
            at(context, r, j, t.value_begin, std::max(t.value_end, t.value_begin + 1)),
            fmt::format("\"{}={}\" in the DMARC record at \"{}\" is not valid: the value is \"r\" (relaxed) or \"s\" "
                        "(strict); receivers ignore it and use relaxed (RFC 7489 §6.3)",
                        name, t.value(text), owner),
            &r);
        d.severity = Severity::warning;
      }
      if (mail::iequals(name, "pct") && !valid_pct(t.value(text))) {
        Diagnostic& d = findings.add(
            at(context, r, j, t.value_begin, std::max(t.value_end, t.value_begin + 1)),
            fmt::format("\"pct={}\" in the DMARC record at \"{}\" is not an integer from 0 to 100; receivers ignore "
                        "it and apply the policy to all mail (RFC 7489 §6.3)",
                        t.value(text), owner),
            &r);
        d.severity = Severity::warning;
      }
    }

    if (p == nullptr) {
      std::string corrected = "v=DMARC1; p=none";
      corrected += text.substr(v.end);
      Diagnostic& d = findings.add(
          at(context, r, j, v.begin, v.end),
          fmt::format("the DMARC record at \"{}\" has no \"p=\" tag, which is REQUIRED (RFC 7489 §6.3); {}; add a "
                      "policy: \"{}\"",
                      owner,
                      has_rua ? "receivers act as if it were \"p=none\" because it has rua= (§6.6.3)"
                              : "receivers apply no DMARC processing (§6.6.3)",
                      mail::abbreviate(corrected, 50)),
          &r);
      if (has_rua) d.severity = Severity::warning;
    }
    for (const Tag* t : {p, sp}) {
      if (t == nullptr || valid_policy(t->value(text))) continue;
      Diagnostic& d = findings.add(
          at(context, r, j, t->value_begin, std::max(t->value_end, t->value_begin + 1)),
          fmt::format("\"{}={}\" in the DMARC record at \"{}\" is not a policy{}: the values are none, quarantine "
                      "and reject; with an invalid \"{}\" receivers {} (RFC 7489 §6.6.3)",
                      t->name(text), t->value(text), owner, did_you_mean(t->value(text)), t->name(text),
                      has_rua ? "act as if it were \"p=none\"" : "apply no DMARC processing"),
          &r);
      if (has_rua) d.severity = Severity::warning;
    }

    if (aspf != nullptr && mail_from_below && mail::iequals(aspf->value(text), "s")) {
      Diagnostic& d = findings.add(
          at(context, r, j, aspf->begin, aspf->end),
          fmt::format("\"aspf=s\" at \"{}\" requires the MAIL FROM domain to equal the From domain, but the Amazon "
                      "SES custom MAIL FROM domain below \"{}\" is a subdomain, so SPF never aligns and DMARC can pass "
                      "only through DKIM; AWS recommends relaxed alignment: remove \"aspf=s\" (or write \"aspf=r\")",
                      owner, context.owner(r).parent(1).to_text()),
          &r);
      d.severity = Severity::warning;
    }
    return true;
  }

  static bool valid_pct(std::string_view v) { return mail::dmarc_pct_valid(v); }


  static void report_not_dmarc(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j,
                               const std::vector<Tag>& tags, std::size_t v_index) {
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    std::string others;
    for (std::size_t k = 0; k < tags.size(); ++k) {
      if (k == v_index) continue;
      others += "; " + tag_text(text, tags[k]);
    }
    if (v_index < tags.size() && mail::istarts_with(tags[v_index].value(text), "DMARC")) {
      const Tag& v = tags[v_index];
      if (!mail::iequals(v.value(text), "DMARC1")) {
        findings.add(at(context, r, j, v.value_begin, std::max(v.value_end, v.value_begin + 1)),
                     fmt::format("the DMARC record at \"{}\" has version \"{}\"; the only version is \"DMARC1\" and "
                                 "receivers discard other records (RFC 7489 §6.6.3); write \"v=DMARC1\"",
                                 owner, v.value(text)),
                     &r);
        return;
      }
      if (v_index == 0) {
        // Only white space before it.
        Diagnostic& d = findings.add(
            at(context, r, j, 0, v.begin),
            fmt::format("the DMARC record at \"{}\" starts with {}; it must start with \"v=DMARC1\" (RFC 7489 §6.4) "
                        "or receivers discard it (§6.6.3); delete it",
                        owner, mail::describe_byte(text, 0)),
            &r);
        if (mail::fixable(context, r) && !j.boundary_before(v.begin))
          findings.fix(d, "delete the leading white space", {Edit{at(context, r, j, 0, v.begin), ""}});
        return;
      }
      findings.add(at(context, r, j, v.begin, v.end),
                   fmt::format("\"v=DMARC1\" must be the first tag of the DMARC record at \"{}\" (RFC 7489 §6.3); "
                               "receivers discard a record that does not start with it (§6.6.3); write \"v=DMARC1{}\"",
                               owner, mail::abbreviate(others, 50)),
                   &r);
      return;
    }
    const bool dmarc_tags_present = std::any_of(tags.begin(), tags.end(), [&](const Tag& t) {
      return t.has_equals && !mail::iequals(t.name(text), "v") &&
             std::any_of(dmarc_tags.begin(), dmarc_tags.end(),
                                         [&](std::string_view n) { return mail::iequals(n, t.name(text)); });
    });
    if (dmarc_tags_present) {
      findings.add(at(context, r, j, 0, std::min<std::size_t>(text.size(), tags.front().end)),
                   fmt::format("the DMARC record at \"{}\" does not start with \"v=DMARC1\", so receivers discard it "
                               "(RFC 7489 §6.3, §6.6.3); write \"v=DMARC1; {}\"",
                               owner, mail::abbreviate(text, 50)),
                   &r);
      return;
    }
    const Span where = text.empty() && !j.pieces.empty() ? context.span(r, j.pieces.front().token)
                                                         : at(context, r, j, 0, text.size());
    Diagnostic& d = findings.add(
        where,
        fmt::format("the TXT record at \"{}\" is not a DMARC record (it does not start with \"v=DMARC1\"); receivers "
                    "ignore it (RFC 7489 §6.6.3); remove it, or write a DMARC record such as \"v=DMARC1; p=none\"",
                    owner),
        &r);
    d.severity = Severity::warning;
  }
};

}  // namespace

const Rule& ses016_dmarc_record_invalid() {
  static const DmarcRecordInvalid rule;
  return rule;
}

}  // namespace zonelint::rules
