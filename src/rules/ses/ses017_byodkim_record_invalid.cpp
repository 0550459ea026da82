// SES017 byodkim-record-invalid: a DKIM public-key TXT record at <selector>._domainkey (Amazon
// SES BYODKIM or any other signer's) that verifiers cannot use.

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "model/text_codec.hpp"
#include "rules/rules.hpp"
#include "rules/ses/dkim_key.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/txt_look.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES017",
    "byodkim-record-invalid",
    Severity::error,
    "A DKIM key TXT record (BYODKIM or any selector) is malformed, split over several records, or unusable",
    FixSafety::safe,
    "ses dkim byodkim",
    R"md(## What it does
Checks every TXT record at `<selector>._domainkey.<domain>` that holds a DKIM public key (it has a
`p=`, `k=` or `v=DKIM1` tag, a PEM header, or is a bare base64 key), after joining its strings,
and reports:

- **an invisible character** anywhere in the value, inside `p=` or in the tags around it (error,
  one finding per character, at it, or per run of them written one right after the other, at
  the first): a zero-width or other format character (U+200B ZERO WIDTH
  SPACE, U+FEFF, U+00AD), a control character, or a space that is not U+0020. The other checks
  then skip the record, since they would only see the effect. SES003 leaves DKIM key values to
  this rule; a stray character in the selector name is SES003's, and so are curly quotes around
  the value (this rule judges, and quotes, what they hold);
- **a PEM header or footer** (`-----BEGIN PUBLIC KEY-----`) in the value (error); a **private
  key** (`-----BEGIN … PRIVATE KEY-----`) gets its own error: revoke it;
- **characters that are not base64** inside `p=` (error), and **junk after the key**, such as a
  trailing `.` (error);
- **white space inside `p=`** (warning);
- **a key of the wrong length**: base64 that is not a multiple of 4 characters, an RSA key whose
  DER header announces another length than the key has (characters missing or inserted), an RSA
  modulus under 1024 bits, an Ed25519 key that is not 32 bytes (error);
- **the key spread over several TXT records** at one selector, or two keys there (error).
  Records in different sets of a provider routing policy (Route 53 `SetIdentifier`, Cloud DNS
  `routingPolicy` items) are different answers and are counted per set;
- **`v=` not first, or not `DKIM1`** (error; `dkim1` in lower case is a warning), an unknown `k=`
  key type, a tag given twice, tags separated by white space instead of `;` (error);
- **no `p=` tag** (error), and an **empty `p=`**, which revokes the key (note);
- **a record written without quotes**, where the first `;` starts a master-file comment:
  `sel._domainkey TXT v=DKIM1; k=rsa; p=MIIB…` publishes only `v=DKIM1` (RFC 1035 §5.1) (error);
- **a single string over 255 octets** (error). Master files cannot hold one (the reader reports it
  as ZONE000 and skips the record), so this finding comes from provider exports.

CNAMEs at `_domainkey` names (Easy DKIM, Microsoft 365, SendGrid, Mailchimp) are not TXT keys and
are left to the Easy DKIM rules; a TXT that holds a host name rather than a key is SES009's.

## Why is this bad
- RFC 6376 §3.6.2.2: "Strings in a TXT RR MUST be concatenated together before use with no
  intervening whitespace", and "TXT RRs MUST be unique for a particular selector name; that is,
  if there are multiple records in an RRset, the results are undefined". Two records each holding
  half a key make DKIM fail (a leftover partial record did exactly that in forwardemail.net
  issue 316).
- RFC 6376 §3.6.1: `v=` "MUST be the first tag in the record" and records beginning with a `v=`
  of another value "MUST be discarded"; `p=` is required, and "An empty value means that this
  public key has been revoked" (a note: it may be intended); `p=` is base64. RFC 6376 §3.2: a tag
  given twice makes the entire tag-list invalid.
- Amazon SES BYODKIM: delete the first and last lines (`-----BEGIN PUBLIC KEY-----`,
  `-----END PUBLIC KEY-----`) and the line breaks: the value is "a string of characters with no
  spaces or line breaks". RFC 6376 lets verifiers skip folding white space in `p=`, so white
  space is a warning: SES's instructions and some tools reject it.
- A key corrupted by stray text and a trailing `.` broke DKIM in hackclub/dns (PR 2572).
- RFC 8301 §3.2: verifiers "MUST NOT consider signatures using RSA keys of less than 1024 bits as
  valid signatures".
- RFC 1035 §3.3: a <character-string> is at most 255 octets; a 2048-bit key must be split into
  several strings of one record.

## Example
```
sel1._domainkey  TXT "k=rsa; v=DKIM1; p=-----BEGIN PUBLIC KEY-----MIIBIjANBg…IDAQAB-----END PUBLIC KEY-----"
sel2._domainkey  TXT "v=DKIM1; k=rsa; p=MIIBIjANBg…"
sel2._domainkey  TXT "…IDAQAB"
```

## Use instead
```
sel1._domainkey  TXT "v=DKIM1; k=rsa; p=MIIBIjANBg…IDAQAB"
sel2._domainkey  TXT ( "v=DKIM1; k=rsa; p=MIIBIjANBg…"
                       "…IDAQAB" )
```

## Fix safety
Safe fixes: delete a PEM header and footer of a public key, delete white space inside `p=`, delete
a trailing `.` or quote after the key, insert a missing `;`, write `DKIM1` in upper case, and
insert `p=` before a bare key. Merging records, reordering tags and re-exporting a truncated key
are left to you.

## References
- RFC 6376 §3.2, §3.6.1, §3.6.2.2: https://www.rfc-editor.org/rfc/rfc6376
- RFC 8301 §3.2: https://www.rfc-editor.org/rfc/rfc8301#section-3.2
- RFC 8463 (Ed25519 keys): https://www.rfc-editor.org/rfc/rfc8463
- RFC 1035 §3.3: https://www.rfc-editor.org/rfc/rfc1035#section-3.3
- AWS SES Developer Guide, "Provide your own authentication token (BYODKIM)":
  https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-bring-your-own.html
)md"};

constexpr std::array<std::string_view, 8> dkim_tags{"v", "g", "h", "k", "n", "p", "s", "t"};

using mail::JoinedTxt;
using mail::Tag;

struct KeyRecord {
  std::uint32_t index = 0;
  JoinedTxt joined;
  std::vector<Tag> tags;
  bool key = false;       // holds a key (tags or PEM)
  bool bare = false;      // a bare base64 key without tags
  bool fragment = false;  // base64 without tags that does not start a key: a continuation
  std::vector<mail::InvisibleCharacter> invisible;  // reported instead of the other checks
};

using mail::DerHead;
using mail::DerShape;
using mail::decode_head;
using mail::der_shape;
using mail::key_owner;

bool base64_text(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return mail::is_base64_char(c) || c == '=' || mail::is_space(c); });
}


class ByodkimRecordInvalid final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<mail::TxtLook>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    // Each selector is checked when its first TXT record comes (the first record at a name
    // decides: a bit per name), with all its TXT records, read into buffers reused for the next
    // selector: a zone's keys are never all held at once.
    std::vector<bool> looked(context.zone().names.size(), false);
    std::vector<KeyRecord> pool;
    std::vector<Token> tokens;
    const auto txt = context.of_type(rr::TXT);
    // Whether each TXT record is a key in its usual valid form was found in the look taken once at
    // every TXT record for several rules (mail::TxtLook): the text of most keys is not read here.
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      if (k + 8 < txt.size()) __builtin_prefetch(context.owner(records[txt[k + 8]]).wire().data());
      const std::uint32_t i = txt[k];
      const Record& r = records[i];
      if (looked[r.owner]) continue;
      looked[r.owner] = true;
      if (!key_owner(context.owner(r))) continue;
      // Nearly every selector has one TXT record, a valid key in the usual form: nothing to say.
      const auto at = context.at_owner(r.owner);
      const auto txt_here = std::count_if(at.begin(), at.end(), [&](std::uint32_t j) { return records[j].type == rr::TXT; });
      if (txt_here == 1 && (looks[k] & mail::TxtLook::usual_key) != 0) continue;
      std::size_t used = 0;
      for (const std::uint32_t j : context.at_owner(r.owner)) {
        if (records[j].type != rr::TXT) continue;
        if (used == pool.size()) pool.emplace_back();
        read_key_record(context, j, pool[used++], tokens);
      }
      check_owner(context, findings, std::span<KeyRecord>(pool.data(), used));
    }
  }

 private:
  static void read_key_record(const LintContext& context, std::uint32_t i, KeyRecord& k, std::vector<Token>& tokens) {
    k.index = i;
    mail::join_txt_into(context, context.records()[i], k.joined, tokens);
    // Curly quotes around the value are SES003's: the key is judged, and quoted, without them.
    // Unquoted words they open (each its own string), or a value a ';' cuts short, are left as
    // read, and check_owner leaves them to SES003, whose fix writes them as one quoted string.
    if (mail::leading_curly_quote(k.joined.bytes) > 0 && !k.joined.all_unquoted_words() &&
        !mail::cut_by_comment(context, context.records()[i], k.joined))
      mail::strip_curly_wrapping(k.joined);
    mail::parse_tag_list(k.joined.bytes, dkim_tags, k.tags);
    k.key = k.bare = k.fragment = false;
    classify(k);
    k.invisible = mail::invisible_characters(k.joined.bytes);
    if (!k.invisible.empty()) {
      // What the record is, judged without them (a key with a pasted zero-width space is a key).
      KeyRecord cleaned{i, {}, {}, false, false, false, {}};
      cleaned.joined.bytes = mail::without_invisible(k.joined.bytes, k.invisible);
      cleaned.tags = mail::parse_tag_list(cleaned.joined.bytes, dkim_tags);
      classify(cleaned);
      k.key = cleaned.key;
      k.bare = cleaned.bare;
      k.fragment = cleaned.fragment;
    }
  }

  static void classify(KeyRecord& k) {
    const std::string_view text = k.joined.bytes;
    for (const Tag& t : k.tags) {
      const std::string_view name = t.name(text);
      if (t.has_equals && (mail::iequals(name, "p") || mail::iequals(name, "k") ||
                           (mail::iequals(name, "v") && mail::istarts_with(t.value(text), "DKIM")))) {
        k.key = true;
      }
    }
    if (mail::ifind(text, "-----BEGIN") != std::string_view::npos) k.key = true;
    if (k.key) return;
    std::string_view trimmed = text;
    while (!trimmed.empty() && mail::is_space(trimmed.front())) trimmed.remove_prefix(1);
    if (base64_text(trimmed) && trimmed.size() >= 16) {
      if (trimmed.starts_with("MI") && trimmed.size() >= 100) k.bare = true;
      else k.fragment = true;
    }
  }

  static Span at(const LintContext& context, const Record& r, const JoinedTxt& j, std::size_t from, std::size_t to) {
    const auto [b, e] = j.text_range(from, to);
    return context.span(r, b, e);
  }

  // The bytes [from, to) lie inside one string (an edit there touches no quote).
  static bool one_string(const JoinedTxt& j, std::size_t from, std::size_t to) {
    for (std::size_t b = from + 1; b < to; ++b)
      if (j.boundary_before(b)) return false;
    return true;
  }

  void check_owner(const LintContext& context, Findings& findings, std::span<KeyRecord> list) const {
    const auto records = context.records();
    const bool any_key = std::any_of(list.begin(), list.end(), [](const KeyRecord& k) { return k.key || k.bare; });
    if (!any_key) return;
    const bool several = list.size() > 1;
    const mail::LazyNameText owner(context.owner(records[list.front().index]));

    // Records in different routing-policy sets are different answers, one record each.
    std::vector<std::vector<std::size_t>> sets;
    if (several) {
      std::vector<std::uint32_t> indices;
      for (const KeyRecord& rec : list) indices.push_back(rec.index);
      sets = mail::by_routing_set(context, indices);
    }
    for (const auto& set : sets) {
      const KeyRecord& first = list[set.front()];
      const Record& first_record = records[first.index];
      for (std::size_t k = 1; k < set.size(); ++k) {
        const KeyRecord& rec = list[set[k]];
        const Record& r = records[rec.index];
        std::string message;
        if (rec.fragment) {
          message = fmt::format(
              "a second TXT record at \"{}\" holds what looks like the rest of the key: DKIM reads one record, with "
              "its strings joined without spaces (RFC 6376 §3.6.2.2), so the key in the first record is cut short; "
              "put all strings into one record: {} TXT ( \"{}\" \"{}\" ) and delete this one",
              owner, owner, mail::abbreviate(first.joined.bytes, 20), mail::abbreviate(rec.joined.bytes, 20));
        } else {
          message = fmt::format(
              "{} TXT records at the DKIM selector \"{}\"{}: \"TXT RRs MUST be unique for a particular selector name; "
              "… if there are multiple records in an RRset, the results are undefined\" (RFC 6376 §3.6.2.2), and "
              "verifiers fail or pick either one; keep one record (a long key goes into several strings of that "
              "record)",
              set.size(), owner, r.has(record_flag::routing_policy) ? mail::in_one_routing_set : "");
        }
        const Span where = rec.joined.pieces.empty() ? context.entry_span(r)
                                                     : context.span(r, rec.joined.pieces.front().token);
        Diagnostic& d = findings.add(where, message, &r);
        if (!first.joined.pieces.empty())
          d.notes.push_back(Note{context.span(first_record, first.joined.pieces.front().token),
                                 "the first TXT record at this selector"});
      }
    }

    // Whether a record shares its answer (its routing-policy set) with another one.
    std::vector<bool> shared(list.size(), false);
    for (const auto& set : sets)
      for (const std::size_t k : set) shared[k] = set.size() > 1;
    for (std::size_t n = 0; n < list.size(); ++n) {
      KeyRecord& rec = list[n];
      const bool several_here = shared[n];
      const Record& r = records[rec.index];
      if (mail::leading_curly_quote(rec.joined.bytes) > 0) continue;  // SES003's (see read_key_record)
      check_strings(context, findings, r, rec.joined);
      if (!rec.invisible.empty()) {
        // One finding per run of invisible characters; the other checks would report only their effect.
        report_invisible(context, findings, r, rec, owner);
        continue;
      }
      if (const auto cut = mail::cut_by_comment(context, r, rec.joined)) {
        findings.add(context.span(r, *cut, *cut + 1),
                     fmt::format("the DKIM record at \"{}\" is not quoted, so this \";\" starts a comment (RFC 1035 "
                                 "§5.1) and the record published is only \"{}\"; quote the whole value: \"{}\"",
                                 owner, mail::abbreviate(rec.joined.bytes, 30),
                                 mail::abbreviate(mail::text_before_comment_cut(context, r, rec.joined, *cut), 30)),
                     &r);
        continue;
      }
      if (rec.key) {
        check_key(context, findings, r, rec, several_here);
      } else if (rec.bare && !several_here) {
        Diagnostic& d = findings.add(
            at(context, r, rec.joined, 0, 2),
            fmt::format("the DKIM record at \"{}\" is a bare key without \"p=\": verifiers read the record as a tag "
                        "list, and p= is required (RFC 6376 §3.6.1); write \"v=DKIM1; k=rsa; p={}\"",
                        owner, mail::abbreviate(rec.joined.bytes, 12)),
            &r);
        if (mail::fixable(context, r)) {
          const auto [pos, unused] = rec.joined.text_range(0, 0);
          (void)unused;
          findings.fix(d, "insert p= before the key", {Edit{context.span(r, pos, pos), "p="}});
        }
      }
    }
  }

  static void report_invisible(const LintContext& context, Findings& findings, const Record& r, const KeyRecord& rec,
                               const std::string& owner) {
    const std::string_view text = rec.joined.bytes;
    const std::string cleaned = mail::without_invisible(text, rec.invisible);
    const bool can_fix = mail::fixable(context, r);
    // Characters one right after the other are one finding.
    for (const auto& [first, last] : mail::invisible_runs(rec.invisible)) {
      const std::span<const mail::InvisibleCharacter> run(rec.invisible.data() + first, last - first + 1);
      const std::size_t end = run.back().offset + run.back().length;
      Diagnostic& d = findings.add(
          at(context, r, rec.joined, run.front().offset, end),
          fmt::format("the DKIM record at \"{}\" contains {}: DKIM records are plain ASCII tags and base64 (RFC 6376 "
                      "§3.2, §3.6.1), so verifiers read the character as part of the tag or key it sits in and the "
                      "key fails; delete {}: \"{}\"",
                      owner, mail::describe_invisible(text, run), run.size() == 1 ? "it" : "them",
                      mail::abbreviate(cleaned, 30)),
          &r);
      if (!can_fix) continue;
      std::vector<Edit> edits;
      for (const mail::InvisibleCharacter& c : run)
        edits.push_back(Edit{at(context, r, rec.joined, c.offset, c.offset + c.length), ""});
      findings.fix(d, run.size() == 1 ? "delete the invisible character" : "delete the invisible characters",
                   std::move(edits));
    }
  }

  static void check_strings(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j) {
    for (const mail::TxtPiece& p : j.pieces) {
      if (p.size <= 255) continue;
      const std::string_view s = std::string_view(j.bytes).substr(p.begin, p.size);
      findings.add(context.span(r, p.token),
                   fmt::format("this string is {} octets long; a DNS <character-string> holds at most 255 "
                               "(RFC 1035 §3.3), so name servers and DNS providers reject or cut it; split it into "
                               "strings of at most 255 characters in the same record: ( \"{}\" \"{}\" )",
                               p.size, mail::abbreviate(s.substr(0, 255), 16), mail::abbreviate(s.substr(255), 16)),
                   &r);
    }
  }

  static void check_key(const LintContext& context, Findings& findings, const Record& r, const KeyRecord& rec,
                        bool several) {
    const JoinedTxt& j = rec.joined;
    const std::string_view text = j.bytes;
    const std::vector<Tag>& tags = rec.tags;
    const mail::LazyNameText owner(context.owner(r));
    const bool can_fix = mail::fixable(context, r);

    // Separators and duplicate tags.
    for (std::size_t k = 1; k < tags.size(); ++k) {
      const Tag& t = tags[k];
      if (t.missing_semicolon_at != std::string_view::npos) {
        const std::size_t p = t.missing_semicolon_at;
        const bool comma = t.separator_used == ',';
        Diagnostic& d = findings.add(
            at(context, r, j, p, comma ? p + 1 : t.begin),
            fmt::format("{} separates \"{}\" from the tag before it in the DKIM record at \"{}\"; tags are separated "
                        "by \";\" (RFC 6376 §3.2), so the previous value swallows this tag; write \"; {}\"",
                        comma ? "a comma" : "white space", mail::abbreviate(t.name(text), 10), owner,
                        mail::abbreviate(text.substr(t.begin, t.end - t.begin), 20)),
            &r);
        if (can_fix && one_string(j, p, t.begin)) {
          if (comma) {
            findings.fix(d, "use ';' between the tags", {Edit{at(context, r, j, p, p + 1), ";"}});
          } else {
            const auto [pos, unused] = j.text_range(p, p);
            (void)unused;
            findings.fix(d, "insert ';' between the tags", {Edit{context.span(r, pos, pos), ";"}});
          }
        }
      }
    }
    // A tag name given before (case-insensitively): compared with the tags before it in a short
    // list, looked up in a set in a long one.
    std::unordered_set<std::string> names;
    const bool short_list = tags.size() <= 16;
    for (std::size_t k = 0; k < tags.size(); ++k) {
      const Tag& t = tags[k];
      if (!t.has_equals) continue;
      const bool again = short_list ? std::any_of(tags.begin(), tags.begin() + static_cast<std::ptrdiff_t>(k),
                                                  [&](const Tag& u) {
                                                    return u.has_equals && mail::iequals(u.name(text), t.name(text));
                                                  })
                                    : !names.insert(mail::lower(t.name(text))).second;
      if (!again) continue;
      findings.add(at(context, r, j, t.begin, t.end),
                   fmt::format("the tag \"{}=\" appears twice in the DKIM record at \"{}\"; a tag given twice makes "
                               "the whole record invalid (RFC 6376 §3.2); keep one",
                               t.name(text), owner),
                   &r);
    }

    const Tag* v = nullptr;
    const Tag* k_tag = nullptr;
    const Tag* p = nullptr;
    std::size_t v_index = 0;
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const std::string_view name = tags[i].name(text);
      if (mail::iequals(name, "v") && v == nullptr) {
        v = &tags[i];
        v_index = i;
      } else if (mail::iequals(name, "k") && k_tag == nullptr) {
        k_tag = &tags[i];
      } else if (mail::iequals(name, "p") && p == nullptr) {
        p = &tags[i];
      }
    }

    if (v != nullptr) {
      const std::string_view value = v->value(text);
      if (!mail::iequals(value, "DKIM1")) {
        findings.add(at(context, r, j, v->value_begin, std::max(v->value_end, v->value_begin + 1)),
                     fmt::format("\"v={}\" in the DKIM record at \"{}\": the version must be \"DKIM1\", and verifiers "
                                 "discard a record with another value (RFC 6376 §3.6.1); write \"v=DKIM1\"",
                                 value, owner),
                     &r);
      } else if (value != "DKIM1") {
        Diagnostic& d = findings.add(
            at(context, r, j, v->value_begin, v->value_end),
            fmt::format("\"v={}\" in the DKIM record at \"{}\": RFC 6376 §3.6.1 spells the version \"DKIM1\" in upper "
                        "case, and strict verifiers discard other spellings; write \"v=DKIM1\"",
                        value, owner),
            &r);
        d.severity = Severity::warning;
        if (can_fix) findings.fix(d, "write DKIM1", {Edit{at(context, r, j, v->value_begin, v->value_end), "DKIM1"}});
      }
      if (v_index != 0) {
        std::string rest;
        for (std::size_t i = 0; i < tags.size(); ++i) {
          if (i == v_index) continue;
          rest += "; " + std::string(text.substr(tags[i].begin, tags[i].end - tags[i].begin));
        }
        findings.add(at(context, r, j, v->begin, v->end),
                     fmt::format("\"v=DKIM1\" must be the first tag of the DKIM record at \"{}\" (RFC 6376 §3.6.1: "
                                 "\"This tag MUST be the first tag in the record\"); write \"v=DKIM1{}\"",
                                 owner, mail::abbreviate(rest, 40)),
                     &r);
      }
    }

    bool ed25519 = false;
    if (k_tag != nullptr) {
      const std::string_view kv = k_tag->value(text);
      ed25519 = mail::iequals(kv, "ed25519");
      if (!ed25519 && !mail::iequals(kv, "rsa")) {
        findings.add(at(context, r, j, k_tag->value_begin, std::max(k_tag->value_end, k_tag->value_begin + 1)),
                     fmt::format("\"k={}\" in the DKIM record at \"{}\" is not a key type verifiers know; write "
                                 "\"k=rsa\" (RFC 6376 §3.6.1) or \"k=ed25519\" (RFC 8463)",
                                 kv, owner),
                     &r);
      }
    }

    // PEM armour anywhere in the record.
    std::vector<std::pair<std::size_t, std::size_t>> pem;  // byte ranges of header and footer
    const bool private_key = check_pem(context, findings, r, j, pem);
    if (private_key) return;

    if (p == nullptr) {
      if (pem.empty()) {
        findings.add(at(context, r, j, 0, std::min<std::size_t>(text.size(), tags.empty() ? 0 : tags.front().end)),
                     fmt::format("the DKIM record at \"{}\" has no \"p=\" tag, so it holds no key (p= is required, "
                                 "RFC 6376 §3.6.1); write \"v=DKIM1; k=rsa; p=<base64 public key>\"",
                                 owner),
                     &r);
      }
      return;
    }
    if (p->value_begin == p->value_end) {
      Diagnostic& d = findings.add(
          at(context, r, j, p->begin, p->end),
          fmt::format("the DKIM key at \"{}\" is empty (\"p=\"), which means the key is revoked (RFC 6376 §3.6.1): "
                      "mail signed with this selector fails DKIM; delete the record if the selector is retired, or "
                      "publish the public key",
                      owner),
          &r);
      d.severity = Severity::note;
      return;
    }
    check_key_value(context, findings, r, rec, *p, pem, several, ed25519);
  }

  // Reports PEM headers and footers; returns true when the record holds a private key.
  static bool check_pem(const LintContext& context, Findings& findings, const Record& r, const JoinedTxt& j,
                        std::vector<std::pair<std::size_t, std::size_t>>& out) {
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    bool private_key = false;
    std::size_t header_at = std::string_view::npos;
    std::string label;
    for (const std::string_view marker : {"-----BEGIN", "-----END"}) {
      for (std::size_t b = mail::ifind(text, marker); b != std::string_view::npos;
           b = mail::ifind(text, marker, b + 1)) {
        const std::size_t close = text.find("-----", b + marker.size());
        const std::size_t e = close == std::string_view::npos ? b + marker.size() : close + 5;
        out.emplace_back(b, e);
        if (marker == "-----BEGIN") {
          if (header_at == std::string_view::npos) header_at = b;
          if (close != std::string_view::npos) label = std::string(text.substr(b + 11, close > b + 11 ? close - b - 11 : 0));
          if (mail::ifind(text.substr(b, e - b), "PRIVATE") != std::string_view::npos) private_key = true;
        }
      }
    }
    if (out.empty()) return false;
    const auto [hb, he] = out.front();
    if (private_key) {
      findings.add(at(context, r, j, hb, he),
                   fmt::format("the DKIM record at \"{}\" holds a PRIVATE key: anyone can now sign mail as this "
                               "domain; remove the record, generate a new key pair, and publish only the public key "
                               "as \"v=DKIM1; k=rsa; p=<base64>\"",
                               owner),
                   &r);
      return true;
    }
    Diagnostic& d = findings.add(
        at(context, r, j, hb, he),
        fmt::format("the DKIM key at \"{}\" includes the PEM line \"{}\"; the value of p= is only the base64 between "
                    "the \"-----BEGIN {}-----\" and \"-----END {}-----\" lines (RFC 6376 §3.6.1; AWS BYODKIM: delete "
                    "the first and last lines), and verifiers cannot decode the key with them; delete them",
                    owner, mail::abbreviate(text.substr(hb, he - hb), 30), label.empty() ? "PUBLIC KEY" : label,
                    label.empty() ? "PUBLIC KEY" : label),
        &r);
    bool clean = mail::fixable(context, r);
    std::vector<Edit> edits;
    for (const auto& [b, e] : out) {
      clean = clean && one_string(j, b, e);
      edits.push_back(Edit{at(context, r, j, b, e), ""});
    }
    if (clean) findings.fix(d, "delete the PEM header and footer", std::move(edits));
    return false;
  }

  static void check_key_value(const LintContext& context, Findings& findings, const Record& r, const KeyRecord& rec,
                              const Tag& p, const std::vector<std::pair<std::size_t, std::size_t>>& pem, bool several,
                              bool ed25519) {
    const JoinedTxt& j = rec.joined;
    const std::string_view text = j.bytes;
    const mail::LazyNameText owner(context.owner(r));
    const bool can_fix = mail::fixable(context, r);
    const auto in_pem = [&](std::size_t i) {
      return std::any_of(pem.begin(), pem.end(), [&](const auto& range) { return i >= range.first && i < range.second; });
    };

    // White space, base64 characters, padding, junk. The base64 is the good characters in
    // order: the value's own text when nothing lies between them (nearly always), else a copy.
    std::vector<std::pair<std::size_t, std::size_t>> spaces;  // runs
    std::size_t first_bad = std::string_view::npos, bad_count = 0, last_good = std::string_view::npos;
    std::size_t padding = 0;
    std::size_t first_good = std::string_view::npos, good_count = 0;
    for (std::size_t i = p.value_begin; i < p.value_end; ++i) {
      if (in_pem(i)) continue;
      const char c = text[i];
      if (mail::is_space(c)) {
        if (!spaces.empty() && spaces.back().second == i) spaces.back().second = i + 1;
        else spaces.emplace_back(i, i + 1);
        continue;
      }
      const bool good = padding == 0 ? (mail::is_base64_char(c) || c == '=') : (c == '=' && padding < 2);
      if (good) {
        if (c == '=') ++padding;
        if (first_good == std::string_view::npos) first_good = i;
        ++good_count;
        last_good = i;
      } else {
        if (first_bad == std::string_view::npos) first_bad = i;
        ++bad_count;
      }
    }
    std::string copied;
    std::string_view base64;
    if (good_count != 0 && last_good + 1 - first_good == good_count) {
      base64 = text.substr(first_good, good_count);
    } else if (good_count != 0) {
      // The same walk, keeping the good characters.
      copied.reserve(good_count);
      std::size_t pad = 0;
      for (std::size_t i = p.value_begin; i < p.value_end; ++i) {
        const char c = text[i];
        if (in_pem(i) || mail::is_space(c)) continue;
        if (pad == 0 ? (mail::is_base64_char(c) || c == '=') : (c == '=' && pad < 2)) {
          if (c == '=') ++pad;
          copied.push_back(c);
        }
      }
      base64 = copied;
    }

    bool problems = false;
    if (first_bad != std::string_view::npos) {
      const bool trailing = last_good == std::string_view::npos || first_bad > last_good;
      problems = !trailing;  // junk after the key does not hide its length checks
      if (trailing) {
        // Everything after the key that is not white space.
        std::size_t junk_end = p.value_end;
        const std::string_view junk = text.substr(first_bad, junk_end - first_bad);
        Diagnostic& d = findings.add(
            at(context, r, j, first_bad, junk_end),
            fmt::format("the DKIM key at \"{}\" ends with \"{}\" after its last base64 character; p= is base64 only "
                        "(RFC 6376 §3.6.1), so verifiers cannot decode the key; delete it so the key ends \"…{}\"",
                        owner, mail::abbreviate(junk, 10),
                        last_good == std::string_view::npos ? std::string()
                                                            : std::string(text.substr(last_good >= 5 ? last_good - 5 : 0,
                                                                                      last_good >= 5 ? 6 : last_good + 1))),
            &r);
        const bool simple = std::all_of(junk.begin(), junk.end(),
                                        [](char c) { return c == '.' || c == '"' || c == '\'' || c == ','; });
        if (can_fix && simple && one_string(j, first_bad, junk_end))
          findings.fix(d, "delete the junk after the key", {Edit{at(context, r, j, first_bad, junk_end), ""}});
      } else {
        findings.add(at(context, r, j, first_bad, first_bad + 1),
                     fmt::format("the DKIM key at \"{}\" contains {}{}, which is not base64: p= holds only A-Z, a-z, "
                                 "0-9, + and / with = padding at the end (RFC 6376 §3.6.1), so verifiers cannot "
                                 "decode it; copy the key again from the public key file",
                                 owner, mail::describe_byte(text, first_bad),
                                 bad_count > 1 ? fmt::format(" and {} more such characters", bad_count - 1) : ""),
                     &r);
      }
    }

    if (!spaces.empty()) {
      std::size_t count = 0;
      for (const auto& [b, e] : spaces) count += e - b;
      Diagnostic& d = findings.add(
          at(context, r, j, spaces.front().first, spaces.front().second),
          fmt::format("the DKIM key at \"{}\" contains {} white-space character{} (the first is {}); AWS BYODKIM "
                      "wants \"a string of characters with no spaces or line breaks\", and verifiers that do not strip "
                      "them fail to decode the key; delete them (a long key is split into several quoted strings, "
                      "which are joined without spaces)",
                      owner, count, count == 1 ? "" : "s", mail::describe_byte(text, spaces.front().first)),
          &r);
      d.severity = Severity::warning;
      bool clean = can_fix;
      std::vector<Edit> edits;
      for (const auto& [b, e] : spaces) {
        clean = clean && one_string(j, b, e);
        edits.push_back(Edit{at(context, r, j, b, e), ""});
      }
      if (clean) findings.fix(d, "delete the white space inside the key", std::move(edits));
    }

    if (problems || several || base64.empty()) return;

    // Length and structure.
    const auto value_span = at(context, r, j, p.value_begin, p.value_end);
    if (base64.size() % 4 != 0) {
      findings.add(value_span,
                   fmt::format("the DKIM key at \"{}\" is {} base64 characters, not a multiple of 4: characters are "
                               "missing (a truncated copy, or a provider field cut at 255 characters) or extra; copy "
                               "the whole key again",
                               owner, base64.size()),
                   &r);
      return;
    }
    // The base64 is [A-Za-z0-9+/]* then at most two '=', a multiple of 4 characters long, so it
    // decodes (decode_base64 cannot fail on it) to 3 bytes per 4 characters less the padding.
    // Only the first bytes are decoded, for the DER header and the top of the modulus; the
    // whole key only when they do not suffice.
    const std::size_t total = base64.size() / 4 * 3 - padding;
    if (ed25519) {
      if (total != 32) {
        findings.add(value_span,
                     fmt::format("the Ed25519 DKIM key at \"{}\" is {} bytes; an Ed25519 public key is 32 bytes, 44 "
                                 "base64 characters (RFC 8463 §4.2); copy the key again",
                                 owner, total),
                     &r);
      }
      return;
    }
    std::array<char, 48> head_bytes{};
    const DerHead head{std::string_view(head_bytes.data(), decode_head(base64, head_bytes)), total};
    DerShape shape = der_shape(head);
    if (head.short_read) {
      std::string der;
      der.reserve(total);
      std::size_t error_at = 0;
      std::string message;
      if (!decode_base64(base64, der, error_at, message, PadBits::ignored)) return;
      shape = der_shape(std::string_view(der));
    }
    if (!shape.der) {
      findings.add(value_span,
                   fmt::format("the DKIM key at \"{}\" does not decode to a DER public key (it should start \"MI\"); "
                               "p= is the base64 of the RSA public key (RFC 6376 §3.6.1); copy it again from the "
                               "public key file",
                               owner),
                   &r);
      return;
    }
    if (shape.end != total) {
      findings.add(value_span,
                   fmt::format("the DKIM key at \"{}\" decodes to {} bytes, but its DER header announces {}: {}; copy "
                               "the key again",
                               owner, total, shape.end,
                               shape.end > total ? "characters are missing (a truncated copy)"
                                                 : "characters are extra (text pasted into the key)"),
                   &r);
      return;
    }
    const std::size_t bits = shape.bits;
    if (bits != 0 && bits < 1024) {
      findings.add(value_span,
                   fmt::format("the DKIM key at \"{}\" is a {}-bit RSA key; verifiers \"MUST NOT consider signatures "
                               "using RSA keys of less than 1024 bits as valid\" (RFC 8301 §3.2); generate a 2048-bit "
                               "key (SES BYODKIM accepts 1024 to 2048 bits)",
                               owner, bits),
                   &r);
    }
  }
};

}  // namespace

const Rule& ses017_byodkim_record_invalid() {
  static const ByodkimRecordInvalid rule;
  return rule;
}

}  // namespace zonelint::rules
