// SES015 spf-record-invalid: SPF TXT records that receivers reject (permerror), ignore, or read
// differently from what was meant.

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rdata_text.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/txt_look.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES015",
    "spf-record-invalid",
    Severity::error,
    "An SPF record is duplicated, broken by string splitting or quoting, invalid, or over the DNS-lookup limit",
    FixSafety::safe,
    "ses spf mail",
    R"md(## What it does
Checks every TXT record that begins with `v=spf1`, after joining its strings the way receivers do
(RFC 7208 §3.3: without spaces), and reports:

- **more than one SPF record at a name** (error). The message shows one merged record.
  Records in different sets of a provider routing policy (Route 53 `SetIdentifier`, Cloud DNS
  `routingPolicy` items) are different answers and are counted per set;
- **an SPF text broken by its strings**: unquoted words (a master file makes each word its own
  string, so `TXT v=spf1 include:amazonses.com ~all` publishes
  `v=spf1include:amazonses.com~all`), or a string boundary where a space was meant
  (`"v=spf1 include:_spf.google.com" "include:amazonses.com ~all"`) (error). A split in the
  middle of a term, which is how long records are meant to be split, is not reported;
- **`v=spf1` not followed by a space**, or preceded by one (error): receivers ignore the record;
- **an invalid term**: an unknown mechanism, a missing or malformed domain, address or prefix
  length, a qualifier on a modifier, a tab or other invisible character (error);
- **`include:` followed by a space** (`include: amazonses.com`) or a qualifier standing alone
  (`~ all`) (error);
- **`redirect=` or `exp=` given twice** (error);
- **more than 10 DNS-querying terms** (`include`, `a`, `mx`, `ptr`, `exists`, `redirect`) counted
  in the record itself (error). Nested includes add their own lookups and cannot be counted
  offline, so the message says "at least";
- **mechanisms after `all`** and a `redirect=` next to `all` (warning): they are never used;
- **SPF published only as record type SPF (99)** with no TXT at the name (warning).

## Why is this bad
- "A domain name MUST NOT have multiple records that would cause an authorization check to
  select more than one record" (RFC 7208 §3.2); with more than one, `check_host()` returns
  `permerror` (§4.5), and every message from the domain, Amazon SES mail included, fails SPF.
  AWS says to add `include:amazonses.com` to the existing record, not to add a second one.
- The strings of one TXT record are concatenated without spaces (§3.3). A record must begin with
  `v=spf1` followed by a space or its end, or it is discarded (§4.5): a broken version means no
  SPF record at all.
- Any syntax error anywhere in the record gives `permerror` (§4.6; §4.6.1 for the term syntax,
  §5 for the mechanisms, §7.1 for domain-spec). `redirect` and `exp` "MUST NOT appear in a
  record more than once each" (§6).
- Implementations "MUST limit the total number of those terms to 10 … If this limit is
  exceeded, the implementation MUST return permerror" (§4.6.4).
- "Mechanisms after `all` will never be tested. Mechanisms listed after `all` MUST be ignored",
  and a `redirect` is ignored when the record has `all` (§5.1). This is a warning: the record
  works, but not as written.
- "SPF records MUST be published as a DNS TXT (type 16) Resource Record (RR) only" (§3.1); type
  99 is obsolete (§14.1) and receivers do not query it. This is a warning because receivers then
  see no SPF record (result "none") rather than a failing one.

## Example
```
@     TXT "v=spf1 include:_spf.google.com ~all"
@     TXT "v=spf1 include:amazonses.com ~all"
mail  TXT v=spf1 include:amazonses.com ~all
news  TXT "v=spf1 include: amazonses.com ~all"
```

## Use instead
```
@     TXT "v=spf1 include:_spf.google.com include:amazonses.com ~all"
mail  TXT "v=spf1 include:amazonses.com ~all"
news  TXT "v=spf1 include:amazonses.com ~all"
```

## Fix safety
Safe fixes, applied by `--fix`, only where the intended text is certain: quote a record written
as unquoted words (when the words sit on one line), insert the missing space at a string
boundary or after `v=spf1` (every such boundary of a record at once), delete a space after
`include:` (or after a qualifier) or before `v=spf1`, delete invisible characters pasted into a
term that is valid without them (SES003 leaves them in SPF records to this rule), and change the
type of an SPF (99) record to TXT. Merging two records, removing
lookups and moving terms before `all` are left to you: the message shows the text to write.

## References
- RFC 7208 §3.1, §3.2, §3.3, §4.5, §4.6, §4.6.4, §5.1, §6: https://www.rfc-editor.org/rfc/rfc7208
- AWS SES Developer Guide, "Authenticating Email with SPF in Amazon SES":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-spf.html
- AWS SES Developer Guide, "Using a custom MAIL FROM domain":
  https://docs.aws.amazon.com/ses/latest/dg/mail-from.html
)md"};

using mail::JoinedTxt;
using mail::SpfKind;
using mail::SpfTerm;

// One selected SPF record, kept for the duplicate check.
struct SpfRecord {
  std::uint32_t index;
  JoinedTxt joined;
  std::vector<SpfTerm> terms;
};

class SpfRecordInvalid final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<mail::TxtLook>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    // Names with one selected SPF record so far, and with several (rare): a bit per name. The
    // records of a name with several are read again at the end, from its own records.
    const std::size_t names = context.zone().names.size();
    mail::OwnerRepeats owners(names);
    // Names with a TXT record meant as SPF: needed only when there are SPF (99) records.
    const bool type_99 = !context.of_type(rr::SPF).empty();
    std::unordered_set<NameId> owners_with_txt_spf;

    Reading reading;  // buffers reused from record to record
    const auto txt = context.of_type(rr::TXT);
    // The first look at each record (mail::TxtLook::Spf), taken once for this rule, SES003 and
    // SES011: only the records it cannot decide are read here.
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      const std::uint32_t i = txt[k];
      const Record& r = records[i];
      const mail::TxtLook::Spf quick = mail::TxtLook::spf(looks[k]);
      if (quick == mail::TxtLook::Spf::not_spf) continue;
      if (quick == mail::TxtLook::Spf::valid) {
        if (type_99) owners_with_txt_spf.insert(r.owner);
      } else if (!selected(context, findings, r, reading, type_99 ? &owners_with_txt_spf : nullptr)) {
        continue;
      }
      owners.add(r.owner);
    }

    if (!owners.repeated().empty()) {
      // The same reading as above; its findings were reported there.
      std::vector<Diagnostic> again;
      Findings quiet(findings.rule(), context, again);
      std::vector<std::vector<SpfRecord>> lists;
      for (const NameId owner : owners.repeated()) {
        auto& list = lists.emplace_back();
        for (const std::uint32_t j : context.at_owner(owner)) {
          if (records[j].type != rr::TXT || !selected(context, quiet, records[j], reading, nullptr)) continue;
          list.push_back({j, reading.joined, reading.terms});
        }
      }
      // Names in the order of their first SPF record, as they were found.
      std::sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) { return a.front().index < b.front().index; });
      for (const auto& list : lists) {
        // Records in different routing-policy sets are different answers, one SPF record each.
        std::vector<std::uint32_t> indices;
        for (const SpfRecord& rec : list) indices.push_back(rec.index);
        for (const auto& set : mail::by_routing_set(context, indices)) {
          if (set.size() < 2) continue;
          std::vector<SpfRecord> in_set;
          for (const std::size_t k : set) in_set.push_back(list[k]);
          report_duplicates(context, findings, in_set);
        }
      }
    }

    for (const std::uint32_t i : context.of_type(rr::SPF)) {
      const Record& r = records[i];
      if (owners_with_txt_spf.count(r.owner) != 0) continue;
      report_type_99(context, findings, r);
    }
  }

 private:
  // The buffers of one reading of a record.
  struct Reading {
    JoinedTxt joined;
    std::vector<Token> tokens;
    std::vector<SpfTerm> terms;
    std::vector<SpfTerm> split;
  };

  // Reads and checks a TXT record (into `reading`); true when receivers select it as an SPF
  // record. Names with a TXT record meant as SPF go into `meant_as_spf` when given.
  static bool selected(const LintContext& context, Findings& findings, const Record& r, Reading& reading,
                       std::unordered_set<NameId>* meant_as_spf) {
    // Only records that start with "v=spf1" matter here; most TXT records show they do not in
    // their first bytes as written.
    std::array<char, 6> head_buffer{};
    if (const auto head = mail::txt_prefix(context, r, head_buffer); head && !mail::istarts_with(*head, "v=spf1"))
      return false;
    mail::join_txt_into(context, r, reading.joined, reading.tokens);
    if (meant_as_spf != nullptr && mail::has_spf_prefix(trimmed_front(reading.joined.bytes)))
      meant_as_spf->insert(r.owner);
    return check_record(context, findings, r, reading.joined, reading.terms, reading.split);
  }

  static std::string_view trimmed_front(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size() && mail::is_space(s[i])) ++i;
    return s.substr(i);
  }

  static Span at(const LintContext& context, const Record& r, const JoinedTxt& j, std::size_t from, std::size_t to) {
    const auto [b, e] = j.text_range(from, to);
    return context.span(r, b, e);
  }

  // Reports the record's own problems. Returns true when receivers select it as an SPF record.
  // `terms` receives the terms as receivers read them; `split` is scratch.
  static bool check_record(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j,
                           std::vector<SpfTerm>& terms, std::vector<SpfTerm>& split) {
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    const bool can_fix = mail::fixable(context, r);

    // White space before the version.
    const std::string_view rest = trimmed_front(text);
    if (rest.size() != text.size() && mail::has_spf_prefix(rest)) {
      const std::size_t n = text.size() - rest.size();
      Diagnostic& d = findings.add(
          at(context, r, j, 0, n),
          fmt::format("the SPF record at \"{}\" starts with {}: receivers only recognise a record that begins with "
                      "\"v=spf1\" (RFC 7208 §4.5), so they ignore this one; delete it so the text reads \"{}\"",
                      owner, mail::describe_byte(text, 0), mail::abbreviate(rest, 40)),
          &r);
      if (can_fix && !j.boundary_before(n)) {
        const auto [b, e] = j.text_range(0, n);
        findings.fix(d, "delete the white space before v=spf1", {Edit{context.span(r, b, e), ""}});
      }
      return false;
    }
    if (!mail::has_spf_prefix(text)) return false;

    // Unquoted words.
    if (j.all_unquoted_words()) {
      report_unquoted(context, findings, r, j);
      return false;
    }

    // The version must end at a space or the end of the record.
    if (text.size() > 6 && text[6] != ' ') {
      report_glued_version(context, findings, r, j);
      if (j.boundary_before(6)) {
        // The other string boundaries that lack their space too (RFC 7208 §3.3), each with its
        // fix, so that one run repairs them all: the terms read as if the first space were there.
        // spf_terms starts after the first space; the version's word goes on past "v=spf1".
        terms.clear();
        const std::size_t space = std::min(text.find(' '), text.size());
        if (space > 7) split_at_boundaries(context, findings, r, j, mail::classify_spf_term(text, 6, space), terms);
        mail::spf_terms(text, split);
        for (const SpfTerm& t : split) split_at_boundaries(context, findings, r, j, t, terms);
      }
      return false;
    }

    mail::spf_terms(text, split);
    terms.clear();  // the terms with missing spaces at string boundaries put back
    for (const SpfTerm& t : split) split_at_boundaries(context, findings, r, j, t, terms);

    // A tab or line break in the text: only then can a term hold white space (terms are split
    // at spaces).
    const bool other_blanks = std::any_of(text.begin(), text.end(), [](char c) { return mail::is_space(c) && c != ' '; });
    int all_at = -1;
    bool reported_after_all = false;
    std::size_t redirects = 0, exps = 0, lookups = 0;
    const SpfTerm* eleventh = nullptr;
    const SpfTerm* first_redirect = nullptr;
    for (std::size_t k = 0; k < terms.size(); ++k) {
      const SpfTerm& t = terms[k];
      const std::string_view term_text = text.substr(t.begin, t.end - t.begin);

      // "include: amazonses.com", "~ all": a space where none belongs.
      if (k + 1 < terms.size() && stray_space(text, t, terms[k + 1])) {
        const SpfTerm& next = terms[k + 1];
        const std::string joined = fmt::format("{}{}", term_text, text.substr(next.begin, next.end - next.begin));
        Diagnostic& d = findings.add(
            at(context, r, j, t.end, next.begin),
            fmt::format("space after \"{}\" in the SPF record at \"{}\": receivers read \"{}\" and \"{}\" as two terms, "
                        "and the record gives permerror (RFC 7208 §4.6); write \"{}\"",
                        term_text, owner, term_text, text.substr(next.begin, next.end - next.begin), joined),
            &r);
        bool clean = can_fix;
        for (std::size_t b = t.end + 1; b < next.begin; ++b) clean = clean && !j.boundary_before(b);
        if (clean) findings.fix(d, "delete the space", {Edit{at(context, r, j, t.end, next.begin), ""}});
        SpfTerm whole = t;
        if (t.kind == SpfKind::invalid) whole.kind = next.kind;  // "~" + "all"
        ++k;  // the next term is part of this one
        count_term(whole, all_at, k, lookups, eleventh, t);
        continue;
      }

      if (other_blanks && other_blank_between_terms(context, findings, r, j, t)) {
        // reported with its fix
      } else if (const auto problem = mail::spf_term_problem(text, t)) {
        // Invisible characters pasted into a term that is valid without them: delete them.
        const auto invisible = mail::invisible_characters(term_text);
        const std::string visible = invisible.empty() ? std::string() : mail::without_invisible(term_text, invisible);
        // A no-break or other wide space stood for a space: deleting it would glue two terms.
        const bool wide_space = std::any_of(invisible.begin(), invisible.end(), [](const mail::InvisibleCharacter& c) {
          return c.code_point == 0x00A0 || c.code_point == 0x1680 || (c.code_point >= 0x2000 && c.code_point <= 0x200A) ||
                 c.code_point == 0x202F || c.code_point == 0x205F || c.code_point == 0x3000;
        });
        const bool only_invisible =
            !invisible.empty() && !wide_space && !visible.empty() &&
            !mail::spf_term_problem(visible, mail::classify_spf_term(visible, 0, visible.size())).has_value();
        Diagnostic& d = findings.add(
            at(context, r, j, t.begin, t.end),
            fmt::format("invalid SPF term \"{}\" at \"{}\": {}; one invalid term makes receivers return permerror "
                        "for the whole record (RFC 7208 §4.6), so SPF fails for all its mail{}",
                        mail::abbreviate(term_text, 30), owner, *problem,
                        only_invisible ? fmt::format("; delete {}: \"{}\"", invisible.size() == 1 ? "it" : "them",
                                                     mail::abbreviate(visible, 30))
                                       : std::string()),
            &r);
        if (only_invisible && can_fix) {
          std::vector<Edit> edits;
          bool across = false;  // a character split across two strings: no fix
          for (const mail::InvisibleCharacter& c : invisible) {
            const std::size_t from = t.begin + c.offset;
            for (std::size_t b = from + 1; b < from + c.length; ++b) across = across || j.boundary_before(b);
            edits.push_back(Edit{at(context, r, j, from, from + c.length), ""});
          }
          if (!across)
            findings.fix(d, invisible.size() == 1 ? "delete the invisible character" : "delete the invisible characters",
                       std::move(edits));
        }
      }

      if (t.kind == SpfKind::redirect || t.kind == SpfKind::exp) {
        std::size_t& seen = t.kind == SpfKind::redirect ? redirects : exps;
        if (++seen == 2) {
          findings.add(at(context, r, j, t.begin, t.end),
                       fmt::format("\"{}=\" appears twice in the SPF record at \"{}\"; RFC 7208 §6 allows it once, "
                                   "and receivers return permerror; keep one",
                                   mail::spf_kind_name(t.kind), owner),
                       &r);
        }
        if (t.kind == SpfKind::redirect && first_redirect == nullptr) first_redirect = &t;
      }

      if (all_at >= 0 && t.is_mechanism() && !reported_after_all) {
        reported_after_all = true;
        const SpfTerm& all = terms[static_cast<std::size_t>(all_at)];
        const std::string_view all_text = text.substr(all.begin, all.end - all.begin);
        Diagnostic& d = findings.add(
            at(context, r, j, t.begin, t.end),
            fmt::format("\"{}\" comes after \"{}\" in the SPF record at \"{}\"; mechanisms after \"all\" are never "
                        "evaluated (RFC 7208 §5.1), so it has no effect; move it before \"{}\"",
                        mail::abbreviate(term_text, 30), all_text, owner, all_text),
            &r);
        d.severity = Severity::warning;
      }
      count_term(t, all_at, k, lookups, eleventh, t);
    }

    if (first_redirect != nullptr && all_at < 0) {
      if (++lookups == 11) eleventh = first_redirect;
    }
    if (first_redirect != nullptr && all_at >= 0) {
      Diagnostic& d = findings.add(
          at(context, r, j, first_redirect->begin, first_redirect->end),
          fmt::format("\"{}\" in the SPF record at \"{}\" is ignored because the record has \"all\" (RFC 7208 §5.1, "
                      "§6.1); remove one of them",
                      text.substr(first_redirect->begin, first_redirect->end - first_redirect->begin), owner),
          &r);
      d.severity = Severity::warning;
    }

    if (lookups > 10 && eleventh != nullptr) {
      findings.add(at(context, r, j, eleventh->begin, eleventh->end),
                   fmt::format("the SPF record at \"{}\" needs at least {} DNS lookups ({} of its own terms are "
                               "include, a, mx, ptr, exists or redirect; nested includes add more); the limit is 10 "
                               "and receivers return permerror beyond it (RFC 7208 §4.6.4); this is term number 11: "
                               "replace includes with ip4:/ip6: ranges or remove unused ones",
                               owner, lookups, lookups),
                   &r);
    }
    return true;
  }

  // Counts DNS-querying mechanisms evaluated before the first "all" and remembers that "all";
  // `report_at` is where the 11th lookup is reported. "redirect" is counted by the caller.
  static void count_term(const SpfTerm& t, int& all_at, std::size_t k, std::size_t& lookups, const SpfTerm*& eleventh,
                         const SpfTerm& report_at) {
    if (all_at < 0 && t.is_mechanism() && t.kind != SpfKind::all && t.queries_dns()) {
      if (++lookups == 11) eleventh = &report_at;
    }
    if (t.kind == SpfKind::all && all_at < 0) all_at = static_cast<int>(k);
  }

  // A tab or line break between two valid terms ("include:amazonses.com<TAB>~all"): SPF
  // separates terms by spaces only. Reports it, with the replacement, and returns true.
  static bool other_blank_between_terms(const LintContext& context, Findings& findings, const Record& r,
                                        const JoinedTxt& j, const SpfTerm& t) {
    const std::string_view text = j.bytes;
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t i = t.begin; i < t.end; ++i) {
      if (!mail::is_space(text[i])) continue;
      if (!runs.empty() && runs.back().second == i) runs.back().second = i + 1;
      else runs.emplace_back(i, i + 1);
    }
    if (runs.empty() || runs.front().first == t.begin || runs.back().second == t.end) return false;
    std::size_t start = t.begin;
    for (std::size_t k = 0; k <= runs.size(); ++k) {
      const std::size_t end = k < runs.size() ? runs[k].first : t.end;
      const SpfTerm part = mail::classify_spf_term(text, start, end);
      if (mail::spf_term_problem(text, part)) return false;
      if (k < runs.size()) start = runs[k].second;
    }
    Diagnostic& d = findings.add(
        at(context, r, j, runs.front().first, runs.front().second),
        fmt::format("{} separates SPF terms in the record at \"{}\"; SPF terms are separated by spaces only "
                    "(RFC 7208 §4.6.1), so receivers read \"{}\" as one invalid term and return permerror; use a "
                    "space",
                    mail::describe_byte(text, runs.front().first), context.owner(r).to_text(),
                    mail::abbreviate(text.substr(t.begin, t.end - t.begin), 40)),
        &r);
    bool clean = mail::fixable(context, r);
    std::vector<Edit> edits;
    for (const auto& [b, e] : runs) {
      for (std::size_t i = b + 1; i < e; ++i) clean = clean && !j.boundary_before(i);
      edits.push_back(Edit{at(context, r, j, b, e), " "});
    }
    if (clean) findings.fix(d, "separate the terms with a space", std::move(edits));
    return true;
  }

  // `t` ends with ':' or is a bare qualifier, and `next` completes it into a valid term.
  static bool stray_space(std::string_view text, const SpfTerm& t, const SpfTerm& next) {
    const bool bare_qualifier = t.kind == SpfKind::invalid && t.qualifier != 0 && t.end == t.begin + 1;
    const bool empty_argument =
        t.is_mechanism() && (t.separator == ':') && t.value_begin == t.end;
    if (!bare_qualifier && !empty_argument) return false;
    if (empty_argument && next.kind != SpfKind::unknown_mechanism) return false;
    if (bare_qualifier && !next.is_mechanism()) return false;
    if (bare_qualifier && next.qualifier != 0) return false;
    // The two read as one term must be valid.
    std::string joined(text.substr(t.begin, t.end - t.begin));
    joined += text.substr(next.begin, next.end - next.begin);
    const SpfTerm whole = mail::classify_spf_term(joined, 0, joined.size());
    return !mail::spf_term_problem(joined, whole).has_value();
  }

  // Splits a term at a string boundary where a space was clearly meant: the part before is a
  // complete valid term and the part after starts a known mechanism or modifier.
  static void split_at_boundaries(const LintContext& context, Findings& findings, const Record& r,
                                  const JoinedTxt& j, const SpfTerm& t, std::vector<SpfTerm>& out) {
    if (j.pieces.size() < 2) {  // one string: no boundary
      out.push_back(t);
      return;
    }
    const std::string_view text = j.bytes;
    std::size_t start = t.begin;
    // No term that passes spf_term_problem is this long (a domain is at most 253 octets), and
    // classifying every boundary's whole remainder would make a term of many strings (a hostile
    // 1 MB record) quadratic: longer pieces are taken for invalid without a look.
    constexpr std::size_t longest_term = 1024;
    for (std::size_t b = t.begin + 1; b < t.end; ++b) {
      if (!j.boundary_before(b)) continue;
      if (b - start > longest_term) continue;
      const SpfTerm before = mail::classify_spf_term(text, start, b);
      if (mail::spf_term_problem(text, before)) continue;
      // What follows is a term up to the end, or up to the next boundary when that one lacks its
      // space too ("v=spf1" "ip4:192.0.2.1" "mx" "-all").
      const auto good_term = [&](const SpfTerm& a) {
        const bool known = a.is_mechanism() || a.kind == SpfKind::redirect || a.kind == SpfKind::exp;
        return known && !mail::spf_term_problem(text, a).has_value();
      };
      std::size_t next = b + 1;
      while (next < t.end && !j.boundary_before(next)) ++next;
      const auto good_piece = [&](std::size_t end) {
        return end - b <= longest_term && good_term(mail::classify_spf_term(text, b, end));
      };
      if (!good_piece(t.end) && (next == t.end || !good_piece(next))) continue;
      const std::string_view left = text.substr(start, b - start);
      const std::string_view right = text.substr(b, t.end - b);
      const std::size_t piece = j.piece_of(b);
      const mail::TxtPiece& p = j.pieces[piece];
      const std::string_view next_string = text.substr(p.begin, p.size);
      Diagnostic& d = findings.add(
          at(context, r, j, b, b + 1),
          fmt::format("a string boundary in the SPF record at \"{}\" falls between \"{}\" and \"{}\" with no space: "
                      "receivers join the strings without spaces (RFC 7208 §3.3) and read \"{}{}\"; start the next "
                      "string with a space: \" {}\"",
                      context.owner(r).to_text(), mail::abbreviate(left, 30), mail::abbreviate(right, 30),
                      mail::abbreviate(left, 30), mail::abbreviate(right, 30), mail::abbreviate(next_string, 40)),
          &r);
      if (mail::fixable(context, r) && p.quoted) {
        const auto [pos, unused] = j.text_range(b, b);
        (void)unused;
        findings.fix(d, "insert the missing space", {Edit{context.span(r, pos, pos), " "}});
      }
      out.push_back(before);
      start = b;
    }
    if (start == t.begin) {
      out.push_back(t);
    } else {
      out.push_back(mail::classify_spf_term(text, start, t.end));
    }
  }

  static void report_unquoted(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j) {
    const std::string_view text = context.text(r);
    std::string words;
    for (const mail::TxtPiece& p : j.pieces) {
      if (!words.empty()) words += ' ';
      words += std::string_view(j.bytes).substr(p.begin, p.size);
    }
    std::string quoted;
    append_quoted_string(words, quoted);
    const Token& first = j.pieces.front().token;
    const Token& last = j.pieces.back().token;
    Diagnostic& d = findings.add(
        context.span(r, first.begin, last.end),
        fmt::format("the SPF record at \"{}\" is written as {} unquoted words; each word is a separate string, and "
                    "receivers join them without spaces (RFC 7208 §3.3) into \"{}\", which is not an SPF record "
                    "(RFC 7208 §4.5); quote the whole value: {}",
                    context.owner(r).to_text(), j.pieces.size(), mail::abbreviate(j.bytes, 40),
                    quoted.size() <= 300 ? quoted : std::string("write the words inside one pair of quotes")),
        &r);
    // Fix only when the words are separated by plain blanks on one line.
    bool plain = mail::fixable(context, r);
    for (std::size_t k = 1; k < j.pieces.size() && plain; ++k) {
      for (std::uint32_t at = j.pieces[k - 1].token.end; at < j.pieces[k].token.begin; ++at) {
        if (text[at] != ' ' && text[at] != '\t') plain = false;
      }
    }
    if (plain) findings.fix(d, "quote the record as one string", {Edit{context.span(r, first.begin, last.end), quoted}});
  }

  static void report_glued_version(const LintContext& context, Findings& findings, const Record& r,
                                   const JoinedTxt& j) {
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    const bool can_fix = mail::fixable(context, r);
    if (j.boundary_before(6)) {
      const mail::TxtPiece& p = j.pieces[j.piece_of(6)];
      const std::string_view next_string = text.substr(p.begin, p.size);
      Diagnostic& d = findings.add(
          at(context, r, j, 6, 7),
          fmt::format("the SPF record at \"{}\" has a string boundary right after \"v=spf1\" with no space: receivers "
                      "join the strings without spaces (RFC 7208 §3.3) into \"{}\", which is not an SPF record "
                      "(RFC 7208 §4.5); start the next string with a space: \" {}\"",
                      owner, mail::abbreviate(text, 30), mail::abbreviate(next_string, 40)),
          &r);
      if (can_fix && p.quoted) {
        const auto [pos, unused] = j.text_range(6, 6);
        (void)unused;
        findings.fix(d, "insert the missing space", {Edit{context.span(r, pos, pos), " "}});
      }
      return;
    }
    const char c = text[6];
    Diagnostic& d = findings.add(
        at(context, r, j, 6, 7),
        fmt::format("\"v=spf1\" in the record at \"{}\" is followed by {} instead of a space, so receivers do not "
                    "recognise it as an SPF record (RFC 7208 §4.5) and ignore it; write \"v=spf1 {}\"",
                    owner, mail::describe_byte(text, 6),
                    mail::abbreviate(mail::is_space(c) ? text.substr(7) : text.substr(6), 40)),
        &r);
    if (!can_fix) return;
    if (mail::is_space(c)) {
      findings.fix(d, "use a space after v=spf1", {Edit{at(context, r, j, 6, 7), " "}});
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '~' || c == '-' || c == '+' || c == '?') {
      const auto [pos, unused] = j.text_range(6, 6);
      (void)unused;
      findings.fix(d, "insert a space after v=spf1", {Edit{context.span(r, pos, pos), " "}});
    }
  }

  static void report_duplicates(const LintContext& context, Findings& findings, const std::vector<SpfRecord>& list) {
    std::vector<std::string> terms;
    std::unordered_set<std::string> seen;
    std::string all, redirect, exp;
    bool alls_differ = false;
    for (const SpfRecord& rec : list) {
      const std::string_view text = rec.joined.bytes;
      for (const SpfTerm& t : rec.terms) {
        const std::string term(text.substr(t.begin, t.end - t.begin));
        if (t.kind == SpfKind::all) {
          if (all.empty()) all = term;
          else if (!mail::iequals(all, term)) alls_differ = true;
          continue;
        }
        if (t.kind == SpfKind::redirect) {
          if (redirect.empty()) redirect = term;
          continue;
        }
        if (t.kind == SpfKind::exp) {
          if (exp.empty()) exp = term;
          continue;
        }
        if (seen.insert(mail::lower(term)).second) terms.push_back(term);
      }
    }
    std::string merged = "v=spf1";
    for (const std::string& t : terms) merged += " " + t;
    if (!all.empty()) merged += " " + all;
    else if (!redirect.empty()) merged += " " + redirect;
    if (!exp.empty()) merged += " " + exp;

    const auto records = context.records();
    const Record& first = records[list.front().index];
    const mail::LazyNameText owner(context.owner(first));
    for (std::size_t k = 1; k < list.size(); ++k) {
      const Record& r = records[list[k].index];
      Diagnostic& d = findings.add(
          at(context, r, list[k].joined, 0, 6),
          fmt::format("{} SPF records at \"{}\"{}: receivers return permerror when a name has more than one "
                      "\"v=spf1\" record (RFC 7208 §3.2, §4.5), so SPF fails for all its mail; publish one record "
                      "that merges them: \"{}\"{}",
                      list.size(), owner, first.has(record_flag::routing_policy) ? mail::in_one_routing_set : "", merged,
                      alls_differ ? " (the records end in different \"all\" terms: keep the one you mean)" : ""),
          &r);
      d.notes.push_back(Note{at(context, first, list.front().joined, 0, 6), "the first SPF record at this name"});
    }
  }

  static void report_type_99(const LintContext& context, Findings& findings, const Record& r) {
    const RecordTokens tokens = context.tokens(r);
    const JoinedTxt j = mail::join_txt(context, r);
    std::string quoted;
    append_quoted_string(j.bytes, quoted);
    const mail::LazyNameText owner(context.owner(r));
    Diagnostic& d = findings.add(
        context.span(r, tokens.type),
        fmt::format("SPF for \"{}\" is published only as record type SPF (99); receivers look up TXT records only "
                    "(RFC 7208 §3.1, §14.1), so they find no SPF record for this name; publish it as TXT: {} TXT {}",
                    owner, owner, mail::abbreviate(quoted, 60)),
        &r);
    d.severity = Severity::warning;
    if (mail::fixable(context, r)) findings.fix(d, "publish the record as TXT", {Edit{context.span(r, tokens.type), "TXT"}});
  }
};

}  // namespace

const Rule& ses015_spf_record_invalid() {
  static const SpfRecordInvalid rule;
  return rule;
}

}  // namespace zonelint::rules
