// SES003 stray-characters: white space, quotes, control or invisible characters inside a name or
// a value, usually pasted from a console or a web page along with the text.

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/name_rdata.hpp"
#include "rules/ses/ses_dkim.hpp"
#include "rules/ses/txt_look.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES003",
    "stray-characters",
    Severity::error,
    "A name or value holds white space, quotes, control or invisible characters pasted along with it",
    FixSafety::safe,
    "ses dkim names txt",
    R"md(## What it does
Reports characters that do not belong in a DNS name or an Amazon SES value and usually come from
copying a value out of a console, a PDF or a chat: spaces and no-break spaces (U+00A0), zero-width
and other invisible characters (U+200B ZERO WIDTH SPACE, U+200E LEFT-TO-RIGHT MARK, U+FEFF, the
soft hyphen U+00AD), letters and selectors that show as a blank or as nothing (U+2800 BRAILLE
PATTERN BLANK, the Hangul fillers U+3164 and U+FFA0, variation selectors such as U+FE0F, tag
characters such as U+E0020), control characters, straight and curly quotes. Each finding names the
character by its code point and points at it exactly, whether it is written raw or as an escape
(`\032`, `\194\160`).

It checks:
- the **owner name** of every record and the **name fields of RDATA** (CNAME, MX, NS, SRV, PTR,
  SOA, SVCB and HTTPS targets, and the other host names): every such character;
- **TXT values**: in SES values (the `_amazonses` verification token, an `amazonses:` token, an
  Easy DKIM record published as TXT) every such character, spaces and quotes included; in other
  TXT values only characters that break their meaning without being seen: invisible and control
  characters anywhere, curly quotes anywhere, and non-ASCII spaces at the start or end; and
  straight quotes that are characters of an SPF or DMARC value (`"\"v=spf1 ... ~all\""` in a zone
  file, or the quoted text pasted into a console that quotes on its own), which receivers then
  do not recognise. Ordinary spaces inside other TXT values (SPF text, descriptions) are
  legitimate and not reported.

One finding per name or value lists all its stray characters; characters written one right
after the other are one run, said once (`U+0001 and U+0002 in a row after "ab"`,
`U+00A0 NO-BREAK SPACE twice at the end`), at the first of them. Who owns which character, so that
each pasted character gives exactly one finding: names, RDATA names and the TXT values above are
this rule's; the values of SPF records (`v=spf1`), DMARC records (`_dmarc`) and DKIM keys (TXT at
`<selector>._domainkey`) are SES015's, SES016's and SES017's, which report such characters as
errors of those records (SES015, SES016 and SES017 name each invisible character and where it
is). Curly quotes around a value are this rule's whatever the record is: pasted from a word
processor they open SPF, DMARC and DKIM values alike, and those rules judge what they hold. A
stray character in the *name* of such a record is still this rule's. A CNAME target
written as a quoted string in a zone file is a syntax error (ZONE000) and is not reported again.

## Why is this bad
DNS names and SES values are compared byte for byte. `"\032tok.dkim.amazonses.com."` (a space
before the token) is a different name from `tok.dkim.amazonses.com.`; a zero-width space inside
`_domainkey` makes a label SES never queries; a verification token with a space around it does
not match the value SES issued, which SES verifies only when it "exactly matches". The AWS
Knowledge Center names "additional or missing characters" as the first cause of a domain stuck in
"pending verification", with the example `" 4hzwn5lmcnmmoylkpqf2agr3uwo2kxyz.dkim.amazonses.com. "`.
Invisible characters are the worst kind: the record looks right in every editor and console.

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  \032xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
_amazonses                                   TXT    " pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU= "
```

## Use instead
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
_amazonses                                   TXT    "pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU="
```

## Fix safety
Safe: the fix deletes the stray characters (the whole escape sequence, or all bytes of a raw
UTF-8 character) and nothing else; in a JSON or YAML export that includes an escape of the
export's own string (`\u200b` in JSON, `\xA0` in a YAML double-quoted string), and in a name the
character as the export wrote it (a space, a `\t`, a `\u00a0`), which keeps the file valid. Curly
quotes around a TXT value written without straight quotes are replaced with straight quotes
instead (in an export, written as that export writes a quote: `\"` inside a JSON string). When a
`;` inside such a value cut it short in a zone file (the rest, closing quote included, is read as
a comment), the fix replaces everything from the opening to the closing curly quote with the
value in straight-quoted strings of at most 255 octets. No fix is offered when deleting would
leave an empty label, for `$GENERATE`d records, for a value that spans lines, or for text
zonelint synthesised around an export's values (separators, quotes it added).

## References
- AWS Knowledge Center, domain stuck in pending verification: https://repost.aws/knowledge-center/ses-domain-stuck-pending-verification
- Amazon SES, troubleshooting verification: https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-verification.html
- RFC 1035 §5.1, Master file format (escapes): https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- RFC 4343, DNS case insensitivity (names otherwise compare byte for byte): https://www.rfc-editor.org/rfc/rfc4343
)md"};

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

// Characters nobody sees: controls (but tab and line breaks) and zero-width or format characters.
bool invisible(char32_t cp) noexcept {
  if (cp < 0x20) return cp != 0x09 && cp != 0x0A && cp != 0x0D;
  if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return true;
  switch (cp) {
    case 0x00AD: case 0x034F: case 0x061C: case 0x180E: case 0xFEFF:
      return true;
    default:
      break;
  }
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
         (cp >= 0xFFF9 && cp <= 0xFFFB) || utf8::is_blank_filler(cp);
}

bool curly_quote(char32_t cp) noexcept { return cp >= 0x2018 && cp <= 0x201F; }

// The straight quote (" or ') that opens an SPF or DMARC value as one of its characters, or 0.
char straight_quote_wrapping(std::string_view value) noexcept {
  if (value.size() < 3 || (value.front() != '"' && value.front() != '\'')) return 0;
  const std::string_view inner = value.substr(1);
  return istarts_with(inner, "v=spf1") || istarts_with(inner, "v=DMARC1") ? value.front() : 0;
}

bool wide_space(char32_t cp) noexcept {
  return cp == 0x00A0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

// Whether `raw` holds a byte that may start a stray character in presentation text (see
// ses::maybe_stray_text).
bool maybe_stray(std::string_view raw) noexcept { return ses::maybe_stray_text(raw); }
// The same for the bytes of a label, where a space is a character of the name, not a separator.
bool maybe_stray_label(std::string_view label) noexcept {
  return maybe_stray(label) || label.find(' ') != std::string_view::npos;
}

// What is being checked decides which stray characters count.
enum class Scope { name, ses_value, txt };

// One stray character: where its bytes are in the decoded value and where it is written.
struct Found {
  ses::StrayCharacter stray;
  std::uint32_t begin;  // text offsets of its source (raw bytes or escape sequences)
  std::uint32_t end;
  std::string where;    // "at the start", "after \"tok\"", "at the end"
};

// The text without characters that would not show in a message: stray ones other than a space.
std::string visible(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto d = utf8::decode(bytes, i);
    if (d.valid && (d.code_point == U' ' || ses::find_stray(bytes.substr(i, d.length)).empty()))
      out.append(bytes.substr(i, d.length));
    i += d.length;
  }
  return out;
}

// Finds the stray characters of one decoded token that count in `scope`.
void collect(const DecodedString& d, Scope scope, std::vector<Found>& out) {
  for (const ses::StrayCharacter& s : ses::find_stray(d.bytes)) {
    const bool at_start = s.offset == 0;
    const bool at_end = s.offset + s.length == d.bytes.size();
    if (scope == Scope::txt && s.code_point != U'\uFFFD' &&
        !(invisible(s.code_point) || curly_quote(s.code_point) || (wide_space(s.code_point) && (at_start || at_end))))
      continue;
    if (scope == Scope::txt && s.code_point == U'\uFFFD') continue;  // TXT may hold any octets
    Found f{s, d.origins[s.offset],
            s.offset + s.length < d.bytes.size() ? d.origins[s.offset + s.length] : d.end, {}};
    if (at_start) {
      f.where = "at the start";
    } else if (at_end || (scope == Scope::name && s.offset + s.length + 1 == d.bytes.size() && d.bytes.back() == '.')) {
      f.where = "at the end";  // of the name: just before its final dot
    } else {
      // Up to 12 visible characters before it, whole UTF-8 sequences only.
      std::size_t from = s.offset > 12 ? s.offset - 12 : 0;
      while (from < s.offset && (static_cast<unsigned char>(d.bytes[from]) & 0xC0) == 0x80) ++from;
      const std::string before = visible(std::string_view(d.bytes).substr(from, s.offset - from));
      f.where = before.empty() ? "after another stray character"
                               : fmt::format("after \"{}{}\"", from > 0 ? "…" : "", before);
    }
    out.push_back(std::move(f));
  }
}

// Raw text with raw (unescaped) stray characters shown as <U+XXXX>, as the text report does.
std::string shown(std::string_view text, std::uint32_t begin, std::uint32_t end, const std::vector<Found>& found) {
  std::string out;
  std::uint32_t at = begin;
  for (const Found& f : found) {
    if (f.begin < at || f.end > end) continue;
    out.append(text.substr(at, f.begin - at));
    const char32_t cp = f.stray.code_point;
    if (text[f.begin] == '\\' || (cp >= 0x20 && cp < 0x7F)) out.append(text.substr(f.begin, f.end - f.begin));
    else out += fmt::format("<U+{:04X}>", static_cast<std::uint32_t>(f.stray.code_point));
    at = f.end;
  }
  out.append(text.substr(at, end - at));
  return out;
}

// The text with the stray characters deleted.
std::string cleaned(std::string_view text, std::uint32_t begin, std::uint32_t end, const std::vector<Found>& found) {
  std::string out;
  std::uint32_t at = begin;
  for (const Found& f : found) {
    if (f.begin < at || f.end > end) continue;
    out.append(text.substr(at, f.begin - at));
    at = f.end;
  }
  out.append(text.substr(at, end - at));
  return out;
}

// A TXT value string by string (a parenthesised record may span lines), joined by spaces: as
// shown() shows it, and as cleaned() cleans it.
struct ValueTexts {
  std::string shown;
  std::string cleaned;
};
ValueTexts value_texts(std::string_view text, const std::vector<Token>& tokens, const std::vector<Found>& found) {
  ValueTexts out;
  for (const Token& t : tokens) {
    if (!out.shown.empty()) {
      out.shown += ' ';
      out.cleaned += ' ';
    }
    out.shown += shown(text, t.begin, t.end, found);
    out.cleaned += cleaned(text, t.begin, t.end, found);
  }
  return out;
}

// Stray characters written one right after the other (no byte between their sources) are one
// run, described once: where the first one is would be said of each.
struct Run {
  std::size_t first, last;  // indices into the found characters
};
std::vector<Run> runs_of(const std::vector<Found>& found) {
  std::vector<Run> runs;
  for (std::size_t k = 0; k < found.size(); ++k) {
    if (!runs.empty() && found[k].begin == found[runs.back().last].end) runs.back().last = k;
    else runs.push_back({k, k});
  }
  return runs;
}

// "U+0020 SPACE at the start", "U+0001 and U+0002 in a row after \"ab\"", "U+00A0 NO-BREAK SPACE
// twice at the end".
std::string describe_run(const std::vector<Found>& found, const Run& run) {
  const Found& first = found[run.first];
  const Found& last = found[run.last];
  std::vector<char32_t> code_points;
  for (std::size_t k = run.first; k <= run.last; ++k) code_points.push_back(found[k].stray.code_point);
  const std::string& where = first.where == "at the start" || last.where != "at the end" ? first.where : last.where;
  return fmt::format("{} {}", ses::describe_code_points(code_points), where);
}

// "U+0020 SPACE at the start and U+0020 SPACE at the end".
std::string listing(const std::vector<Found>& found) {
  const std::vector<Run> runs = runs_of(found);
  if (found.size() == 1) return describe_run(found, runs[0]);
  if (runs.size() <= 3) {
    std::string out;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (i > 0) out += i + 1 == runs.size() ? " and " : ", ";
      out += describe_run(found, runs[i]);
    }
    return fmt::format("{} stray characters: {}", found.size(), out);
  }
  return fmt::format("{} stray characters, the first {}", found.size(), describe_run(found, runs[0]));
}

// Long values keep their start and their end, where stray characters usually are.
std::string abbreviate(const std::string& s, std::size_t keep = 40) {
  if (s.size() <= 2 * keep + 8) return s;
  std::size_t head = keep;
  while (head > 0 && (static_cast<unsigned char>(s[head]) & 0xC0) == 0x80) --head;
  std::size_t tail = s.size() - keep;
  while (tail < s.size() && (static_cast<unsigned char>(s[tail]) & 0xC0) == 0x80) ++tail;
  return s.substr(0, head) + "…" + s.substr(tail);
}

class StrayCharacters final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
    needs.add<mail::TxtLook>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto records = context.records();
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    std::vector<char> easy_dkim(records.size(), 0);
    for (const ses::DkimRecord& d : analysis.dkim) easy_dkim[d.index] = 1;

    // Owners: each distinct owner name is looked at once; only names with suspicious bytes are
    // re-read from the text.
    // Names under the zone's name are looked at in front of it (the zone's labels once), all
    // their label bytes at once: the length bytes replaced by a plain letter.
    std::vector<std::int8_t> owner_suspect(context.zone().names.size(), -1);
    const NameView apex = context.apex();
    bool apex_suspect = false;
    apex.for_each_label([&](std::string_view l) { apex_suspect = apex_suspect || maybe_stray_label(l) || l.empty(); });
    for (std::uint32_t i = 0; i < records.size(); ++i) {
      const Record& r = records[i];
      if (r.has(record_flag::owner_inherited) || r.has(record_flag::owner_at)) continue;
      std::int8_t& suspect = owner_suspect[r.owner];
      if (suspect < 0) {
        const NameView name = context.owner(r);
        const std::string_view front = ses::wire_in_front(name, apex);
        bool any = false;
        if (front.empty()) {
          name.for_each_label([&](std::string_view l) { any = any || maybe_stray_label(l) || l.empty(); });
        } else {
          std::array<char, 256> bytes;
          std::memcpy(bytes.data(), front.data(), front.size());
          for (std::size_t pos = 0; pos < front.size(); pos += static_cast<unsigned char>(front[pos]) + 1u)
            bytes[pos] = 'a';
          any = apex_suspect || maybe_stray_label(std::string_view(bytes.data(), front.size()));
        }
        suspect = any ? 1 : 0;
      }
      if (suspect == 0) continue;
      const RecordTokens tokens = context.tokens(r);
      if (!tokens.owner || tokens.owner->quoted()) continue;
      check_name(context, findings, r, *tokens.owner, "name", easy_dkim[i] != 0, true);
    }

    // One pass in input order, so that the records' text is read front to back once rather than
    // once per type (findings are sorted by position afterwards: the order found does not matter).
    // The cheap test (maybe_stray on the whole RDATA) was applied to every record's text once,
    // for this rule and SES002.
    const auto& rdata_scan = context.analysis<ses::NameRdata>();
    std::array<const RRTypeInfo*, 256> info_of{};
    for (const RRType type : ses::name_field_types) info_of[type] = find_type(type);
    {
      for (std::uint32_t i = 0; i < records.size(); ++i) {
        const Record& r = records[i];
        const RRTypeInfo* info = r.type < info_of.size() ? info_of[r.type] : nullptr;
        if (info == nullptr) continue;
        if (r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) continue;
        if ((rdata_scan.bits(i) & ses::NameRdata::may_stray) == 0) continue;
        const std::string_view text = context.text(r);
        const auto tokens = context.rdata_tokens(r);
        for (std::size_t f = 0; f < info->fields.size() && f < tokens.size(); ++f) {
          if (info->fields[f].kind != FieldKind::name || tokens[f].quoted()) continue;
          if (!maybe_stray(tokens[f].content(text))) continue;
          check_name(context, findings, r, tokens[f], info->fields[f].label, easy_dkim[i] != 0, false);
        }
      }
    }

    // TXT records: the first look at their text (mail::TxtLook::plain_for_ses003) was taken once
    // for this rule, SES011 and SES015. SPF (type 99) records, rare, are looked at here.
    const auto txt = context.of_type(rr::TXT);
    const auto looks = context.analysis<mail::TxtLook>().bits();
    for (std::size_t k = 0; k < txt.size(); ++k) {
      const Plain plain = (looks[k] & mail::TxtLook::plain_for_ses003) != 0 ? Plain::yes : Plain::no;
      check_txt(context, findings, records[txt[k]], easy_dkim[txt[k]] != 0, plain);
    }
    for (const std::uint32_t i : context.of_type(rr::SPF))
      check_txt(context, findings, records[i], easy_dkim[i] != 0, Plain::unknown);
  }

 private:
  static void check_name(const LintContext& context, Findings& findings, const Record& r, const Token& t,
                         std::string_view what, bool easy_dkim, bool owner) {
    const DecodedString d = context.decode(r, t);
    std::vector<Found> found;
    collect(d, Scope::name, found);
    if (found.empty()) return;
    const std::string_view text = context.text(r);
    const std::string written = shown(text, t.content_begin(), t.content_end(), found);
    const std::string clean = cleaned(text, t.content_begin(), t.content_end(), found);
    const bool fixable_text = !clean.empty() && clean.front() != '.' && clean.find("..") == std::string::npos;
    std::string effect;
    if (owner) {
      effect = easy_dkim ? fmt::format("so the record is published at another name than \"{}\", and SES, which looks "
                                       "up that name, does not find its DKIM record",
                                       clean)
                         : fmt::format("so the record is published at another name than \"{}\", and lookups of that "
                                       "name do not find it",
                                       clean);
    } else {
      effect = easy_dkim ? fmt::format("so it points at a name that does not exist instead of \"{}\", and SES does "
                                       "not find its DKIM key",
                                       clean)
                         : fmt::format("so it points at a name that does not exist instead of \"{}\"", clean);
    }
    report(context, findings, r, found,
           fmt::format("{} \"{}\" contains {}; names are compared byte for byte, {}; delete {}: \"{}\"", what,
                       written, listing(found), effect, found.size() == 1 ? "it" : "them", clean),
           fixable_text, false, true);
  }

  // Whether the RDATA as written is plain for check_txt (mail::TxtLook::plain_for_ses003).
  enum class Plain : std::uint8_t { no, yes, unknown };

  static void check_txt(const LintContext& context, Findings& findings, const Record& r, bool easy_dkim,
                        Plain plain) {
    if (r.has(record_flag::generic_rdata) || r.has(record_flag::untyped)) return;
    const NameView owner = context.owner(r);
    const std::string_view first_raw = owner.first_label();
    // Most first labels are plain: strip (a copy) only when a stray byte may be there.
    const std::string first = maybe_stray(first_raw) ? ses::strip_stray(first_raw) : std::string();
    const std::string_view first_label = maybe_stray(first_raw) ? std::string_view(first) : first_raw;
    const bool verification = ascii_iequals(first_label, "_amazonses");
    if (!verification && !easy_dkim && plain == Plain::yes) return;
    const std::string_view text = context.text(r);
    const std::string_view rdata = text.substr(r.rdata_begin, r.rdata_end - r.rdata_begin);
    if (!verification && !easy_dkim && plain == Plain::unknown) {
      if (mail::maybe_stray_txt(rdata)) {
        // read below
      } else if (rdata.find("amazonses") == std::string_view::npos && rdata.find("AMAZONSES") == std::string_view::npos) {
        return;
      } else {
        // No escape and no stray byte: an SPF record (SES015's) shows in the text as written.
        const std::string_view unquoted = rdata.starts_with('"') ? rdata.substr(1) : rdata;
        if (istarts_with(unquoted, "v=spf1")) return;
      }
    }

    const std::vector<Token> tokens = context.rdata_tokens(r);
    std::vector<DecodedString> strings;
    strings.reserve(tokens.size());
    std::string joined;
    for (const Token& t : tokens) {
      strings.push_back(context.decode(r, t));
      joined += strings.back().bytes;
    }
    std::string_view trimmed = joined;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t')) trimmed.remove_prefix(1);
    // Records whose own rules report these characters as syntax errors; but curly quotes around
    // any value are this rule's (those rules judge what they hold).
    const bool curly_opened = mail::leading_curly_quote(trimmed) > 0;
    // Straight quotes that are part of an SPF or DMARC value ("\"v=spf1 ... ~all\"" in a zone
    // file, or the quoted text pasted into a console that quotes on its own): this rule's, as
    // curly quotes are; SES014-SES016 would only see a value that is not SPF or DMARC.
    const char straight = straight_quote_wrapping(trimmed);
    if (straight != 0 && !strings.empty() && !strings.back().bytes.empty() &&
        strings.back().bytes.back() == straight) {
      const std::size_t lead = joined.size() - trimmed.size();
      const DecodedString& opening = strings.front();
      const DecodedString& closing = strings.back();
      if (lead < opening.bytes.size() && (strings.size() > 1 || opening.bytes.size() > lead + 1)) {
        std::vector<Found> quotes;
        const auto at = [](const DecodedString& d, std::size_t offset, std::string where) {
          return Found{{offset, 1, static_cast<char32_t>(static_cast<unsigned char>(d.bytes[offset]))},
                       d.origins[offset],
                       offset + 1 < d.bytes.size() ? d.origins[offset + 1] : d.end,
                       std::move(where)};
        };
        quotes.push_back(at(opening, lead, "at the start"));
        quotes.push_back(at(closing, closing.bytes.size() - 1, "at the end"));
        report_straight_wrapped(context, findings, r, tokens, quotes, istarts_with(trimmed.substr(1), "v=spf1"));
        return;
      }
    }
    if (!curly_opened) {
      if (istarts_with(trimmed, "v=spf1")) return;                                      // SES015
      if (ascii_iequals(first_label, "_dmarc") || istarts_with(trimmed, "v=DMARC1")) return;  // SES016
      if (!easy_dkim) {
        bool domainkey = false;
        owner.for_each_label([&](std::string_view l) { domainkey = domainkey || ascii_iequals(l, "_domainkey"); });
        if (domainkey) return;  // SES017: DKIM keys
      }
    }
    const bool ses_value =
        verification || easy_dkim || istarts_with(ses::strip_stray(trimmed), "amazonses:");

    std::vector<Found> found;
    for (const DecodedString& s : strings) collect(s, ses_value ? Scope::ses_value : Scope::txt, found);
    if (found.empty()) return;

    // Curly quotes opening unquoted words that a ';' cuts short: the rest of the value, and the
    // closing quote, are in what the zone file reads as a comment.
    if (curly_opened && !tokens.empty() && !tokens.back().quoted() && found.front().begin == tokens.front().begin &&
        curly_quote(found.front().stray.code_point)) {
      std::uint32_t at = tokens.back().end;
      while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
      if (at < text.size() && text[at] == ';') {
        report_cut_by_comment(context, findings, r, tokens, found.front(), at);
        return;
      }
    }

    // Curly quotes around a value written as unquoted words: replace them with straight quotes.
    const bool curly_wrapped = !tokens.empty() && !tokens.front().quoted() && !tokens.back().quoted() &&
                               curly_quote(found.front().stray.code_point) && found.front().where == "at the start" &&
                               found.front().begin == tokens.front().begin &&
                               curly_quote(found.back().stray.code_point) && found.back().end == tokens.back().end;

    const ValueTexts written = value_texts(text, tokens, found);
    const std::string value = abbreviate(written.shown);
    const std::string clean = abbreviate(written.cleaned);
    const std::string why =
        ses_value
            ? (verification ? "SES verifies the domain only when the value exactly matches the token it issued"
                            : "SES compares the value exactly")
            : "they are invisible in most editors and consoles, and whoever reads the value (a verifier, a mail "
              "receiver) compares it exactly";
    std::string message;
    if (curly_wrapped) {
      message = fmt::format("TXT value {} is wrapped in curly quotes ({} and {}) instead of straight quotes, so "
                            "they are part of the value; write \"{}\"",
                            value, ses::describe_code_point(found.front().stray.code_point),
                            ses::describe_code_point(found.back().stray.code_point),
                            abbreviate(wrapped_value(strings)));
    } else if (found.size() == 2 && curly_quote(found.front().stray.code_point) &&
               found.front().where == "at the start" && curly_quote(found.back().stray.code_point) &&
               found.back().where == "at the end") {
      // Inside straight quotes (or an export's string): the curly quotes are two characters more.
      message = fmt::format("TXT value {} is wrapped in curly quotes ({} and {}), which are part of the value, not "
                            "quotes around it: {}; delete them: {}",
                            value, ses::describe_code_point(found.front().stray.code_point),
                            ses::describe_code_point(found.back().stray.code_point),
                            ses_value ? why
                                      : "a verifier or mail receiver reads the value from its first character, so it "
                                        "does not recognise the record",
                            clean);
    } else {
      message = fmt::format("TXT value {} contains {}; {}; delete {}: {}", value, listing(found), why,
                            found.size() == 1 ? "it" : "them", clean);
    }
    report(context, findings, r, found, std::move(message), true, curly_wrapped);
  }

  static void report_straight_wrapped(const LintContext& context, Findings& findings, const Record& r,
                                      const std::vector<Token>& tokens, const std::vector<Found>& quotes, bool spf) {
    const ValueTexts written = value_texts(context.text(r), tokens, quotes);
    report(context, findings, r, quotes,
           fmt::format("TXT value {} is wrapped in quote characters ({}) that are part of the value, not quotes "
                       "around it: a mail receiver reads the value from its first character, so it does not "
                       "recognise the {} record; delete them: {}",
                       abbreviate(written.shown), ses::describe_code_point(quotes.front().stray.code_point),
                       spf ? "SPF" : "DMARC", abbreviate(written.cleaned)),
           true);
  }

  // A value opened by a curly quote and cut at `semicolon` by a comment: the finding is at the
  // opening quote, and the fix writes what the curly quotes hold (up to the closing curly quote,
  // in the comment) as straight-quoted strings.
  static void report_cut_by_comment(const LintContext& context, Findings& findings, const Record& r,
                                    const std::vector<Token>& tokens, const Found& opening, std::uint32_t semicolon) {
    const std::string_view text = context.text(r);
    std::size_t line_end = text.find('\n', semicolon);
    if (line_end == std::string_view::npos) line_end = text.size();
    // The last curly quote on the line closes the value.
    std::uint32_t close = 0, close_end = 0;
    for (std::uint32_t i = semicolon; i < line_end;) {
      const auto d = utf8::decode(text.substr(0, line_end), i);
      if (d.valid && curly_quote(d.code_point)) {
        close = i;
        close_end = i + d.length;
      }
      i += d.length;
    }
    std::string published;
    for (const Token& t : tokens) {
      if (!published.empty()) published += ' ';
      published += t.content(text);
    }
    const std::string opening_name = ses::describe_code_point(opening.stray.code_point);
    if (close_end == 0) {
      findings.add(context.span(r, opening.begin, opening.end),
                   fmt::format("TXT value starts with a curly quote ({}) instead of a straight quote: a zone file does "
                               "not read it as a quote, so the value is unquoted words and this \";\" starts a comment "
                               "(RFC 1035 §5.1); the record published is only \"{}\"; write the whole value in straight "
                               "quotes",
                               opening_name, abbreviate(std::string(text.substr(opening.begin, semicolon - opening.begin)))),
                   &r);
      return;
    }
    const std::string_view meant = text.substr(opening.end, close - opening.end);
    // Straight-quoted strings of at most 255 octets (RFC 1035 §3.3), a quote inside escaped.
    std::string quoted = "\"";
    std::size_t in_string = 0;
    for (const char c : meant) {
      if (in_string == 255) {
        quoted += "\" \"";
        in_string = 0;
      }
      if (c == '"' || c == '\\') quoted += '\\';
      quoted += c;
      ++in_string;
    }
    quoted += '"';
    // At the opening quote, spanning the value up to its closing quote: what the fix rewrites.
    Diagnostic& d = findings.add(
        context.span(r, opening.begin, close_end),
        fmt::format("TXT value {} is wrapped in curly quotes ({} and {}) instead of straight quotes: a zone file does "
                    "not read them as quotes, so the value is unquoted words and the first \";\" starts a comment "
                    "(RFC 1035 §5.1); the record published is only \"{}\"; write {}",
                    abbreviate(std::string(text.substr(opening.begin, close_end - opening.begin))), opening_name,
                    ses::describe_code_point(utf8::decode(text, close).code_point), abbreviate(published),
                    abbreviate(quoted)),
        &r);
    // One line, no parenthesis: the edit replaces the value and the comment that holds its end.
    const std::string_view replaced = text.substr(opening.begin, close_end - opening.begin);
    if (replaced.find_first_of("()\n") != std::string_view::npos) return;
    if (const auto span = ses::editable_span(context, r, opening.begin, close_end))
      findings.fix(d, "write the value in straight quotes", {Edit{*span, std::move(quoted)}});
  }

  // What curly quotes wrapped around unquoted words hold, as one straight-quoted string's content:
  // the words decoded (an export's escapes read), joined by spaces, without the quotes at the ends
  // and the invisible characters the fix deletes too.
  static std::string wrapped_value(const std::vector<DecodedString>& words) {
    std::string joined;
    for (const DecodedString& w : words) {
      if (!joined.empty()) joined += ' ';
      joined += w.bytes;
    }
    std::string_view inner = joined;
    inner.remove_prefix(std::min(inner.size(), mail::leading_curly_quote(inner)));
    inner.remove_suffix(std::min(inner.size(), mail::trailing_curly_quote(joined)));
    std::string out;
    for (const char c : inner) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    // Invisible characters inside are deleted by the same fix.
    return mail::without_invisible(out, mail::invisible_characters(out));
  }

  // The file bytes to delete so that the text bytes [begin, end) go: those an edit may change
  // (ses::editable_span), or else, in an export, the escapes of the export's own string that
  // wrote exactly these bytes (a JSON "\u200b", a YAML "\xA0"): deleting a whole escape deletes
  // exactly the character it wrote. In a `name`, also the raw characters of the export that
  // zonelint wrote as escapes (a space in a JSON name, read as "\032"). Never glue zonelint
  // synthesised, which maps to more.
  static std::optional<Span> deletable_span(const LintContext& context, const Record& r, std::uint32_t begin,
                                            std::uint32_t end, bool name) {
    if (const auto span = ses::editable_span(context, r, begin, end)) return span;
    if (r.has(record_flag::generated) || begin >= end || context.zone().text(r.text).is_file_text()) return std::nullopt;
    const Span span = context.span(r, begin, end);
    if (!span.valid() || span.size() == 0) return std::nullopt;
    const std::string_view text = context.text(r);
    const auto same = [](const Span& a, const Span& b) { return a.begin == b.begin && a.end == b.end; };
    // Not part of an escape that goes on before or after the range.
    if (begin > 0 && same(context.span(r, begin - 1, begin), context.span(r, begin, begin + 1))) return std::nullopt;
    if (end < text.size() && same(context.span(r, end - 1, end), context.span(r, end, end + 1))) return std::nullopt;
    // A name's bytes are copied from one string of the export, escapes and raw characters alike.
    if (name) return span;
    // Elsewhere the bytes just outside the range come from outside the escapes, and every byte
    // inside from inside them; and only escapes written in the export count ("\" opens each of
    // them in JSON and YAML).
    if (begin > 0 && context.span(r, begin - 1, begin).end > span.begin) return std::nullopt;
    if (end < text.size() && context.span(r, end, end + 1).begin < span.end) return std::nullopt;
    const std::string_view bytes = context.zone().files().file(span.file).bytes();
    if (span.end > bytes.size() || bytes[span.begin] != '\\') return std::nullopt;
    return span;
  }

  static void report(const LintContext& context, Findings& findings, const Record& r, const std::vector<Found>& found,
                     std::string message, bool fixable, bool curly_wrapped = false, bool name = false) {
    Diagnostic& d = findings.add(context.span(r, found.front().begin, found.front().end), std::move(message), &r);
    if (!fixable) return;
    std::vector<Edit> edits;
    for (std::size_t k = 0; k < found.size(); ++k) {
      const bool quote = curly_wrapped && (k == 0 || k + 1 == found.size());
      const auto span = quote ? ses::editable_span(context, r, found[k].begin, found[k].end)
                              : deletable_span(context, r, found[k].begin, found[k].end, name);
      if (!span) return;
      edits.push_back(Edit{*span, quote ? "\"" : ""});
    }
    findings.fix(d, curly_wrapped ? "replace the curly quotes with straight quotes" : "delete the stray characters",
                 std::move(edits));
  }
};

}  // namespace

const Rule& ses003_stray_characters() {
  static const StrayCharacters rule;
  return rule;
}

}  // namespace zonelint::rules
