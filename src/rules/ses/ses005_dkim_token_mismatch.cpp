// SES005 dkim-token-mismatch: the token before ._domainkey differs from the token in the CNAME
// target of an Amazon SES Easy DKIM record.

#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/rules.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "SES005",
    "dkim-token-mismatch",
    Severity::error,
    "The token in an Amazon SES DKIM record's name differs from the token in its target",
    FixSafety::unsafe,
    "ses dkim",
    R"md(## What it does
Compares the two copies of the token in every Amazon SES Easy DKIM record,
`<token>._domainkey.<domain> CNAME <token>.dkim.amazonses.com.`, and reports a record where they
differ. The message says which characters differ: `character 7 is "x" in the name but "y" in the
target`, `the name lacks the "q" at position 12`, `characters 7 and 8 are swapped`, or that the
tokens are different altogether. Tokens are compared without case and without stray characters
(those are SES003's).

The finding points at the copy that is most likely wrong:
- with `--ses-identity`, the one that is not among the tokens SES expects;
- a token that belongs to another record of the same identity (tokens crossed between records);
- a copy that is not 32 characters of `a-z2-7` when the other is (SES004's shape);
- otherwise the name.

When neither copy has the shape of an SES token, SES004 reports them instead.

## Why is this bad
SES issues three tokens and, for each, looks up `<token>._domainkey.<domain>` and expects a CNAME
to `<token>.dkim.amazonses.com`, the same token on both sides (Amazon SES Developer Guide, Easy
DKIM). When the name has a typo SES finds no record (HOST_NOT_FOUND); when the target has one,
the CNAME points at a name where SES publishes no key (INVALID_VALUE). Either way the identity
stays "pending verification" and fails after 72 hours.

## Example
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh7.dkim.amazonses.com.
```

## Use instead
```
xtk53kxcy4p3t6ztbrffs6d54rsrrhh6._domainkey  CNAME  xtk53kxcy4p3t6ztbrffs6d54rsrrhh6.dkim.amazonses.com.
```

## Fix safety
Unsafe, and only with `--ses-identity`: when SES's data says which copy is right, the fix writes
the expected token over the wrong copy. It is unsafe because the identity data may be stale (an
identity deleted and created again gets new tokens). Without `--ses-identity` no fix is offered:
which copy is right is known only to SES.

## References
- Amazon SES, Easy DKIM: https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
- Amazon SES API, VerificationInfo error types: https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_VerificationInfo.html
- AWS Knowledge Center, domain stuck in pending verification: https://repost.aws/knowledge-center/ses-domain-stuck-pending-verification
)md"};

using Place = std::optional<std::pair<std::uint32_t, std::uint32_t>>;

std::string quoted_char(char c) { return fmt::format("\"{}\"", c); }

// How `name` and `target` differ, in words, and where: the range [from, to) of differing
// characters in the name's copy and in the target's copy.
struct Difference {
  std::string text;
  std::size_t name_from = 0, name_to = 0;
  std::size_t target_from = 0, target_to = 0;
};

// `longer_wrong`: the longer copy is the wrong one, so a missing character is described as an
// extra one in it ("the name has an extra "u" at position 32").
Difference describe(std::string_view name, std::string_view target, bool longer_wrong) {
  std::size_t p = 0;
  while (p < name.size() && p < target.size() && name[p] == target[p]) ++p;
  std::size_t s = 0;
  while (s < name.size() - p && s < target.size() - p && name[name.size() - 1 - s] == target[target.size() - 1 - s]) ++s;
  const std::string_view a = name.substr(p, name.size() - p - s);
  const std::string_view b = target.substr(p, target.size() - p - s);
  Difference d{{}, p, p + a.size(), p, p + b.size()};
  const std::size_t pos = p + 1;
  if (a.empty() && b.size() == 1) {
    d.text = longer_wrong ? fmt::format("the target has an extra {} at position {}", quoted_char(b[0]), pos)
                          : fmt::format("the name lacks the {} at position {}", quoted_char(b[0]), pos);
  } else if (b.empty() && a.size() == 1) {
    d.text = longer_wrong ? fmt::format("the name has an extra {} at position {}", quoted_char(a[0]), pos)
                          : fmt::format("the target lacks the {} at position {}", quoted_char(a[0]), pos);
  } else if (a.empty()) {
    d.text = fmt::format("the name lacks \"{}\" at positions {}-{}", b, pos, pos + b.size() - 1);
  } else if (b.empty()) {
    d.text = fmt::format("the target lacks \"{}\" at positions {}-{}", a, pos, pos + a.size() - 1);
  } else if (a.size() == 1 && b.size() == 1) {
    d.text = fmt::format("character {} is {} in the name but {} in the target", pos, quoted_char(a[0]), quoted_char(b[0]));
  } else if (a.size() == 2 && b.size() == 2 && a[0] == b[1] && a[1] == b[0]) {
    d.text = fmt::format("characters {} and {} are swapped (\"{}\" in the name, \"{}\" in the target)", pos, pos + 1, a, b);
  } else if (a.size() == b.size()) {
    std::vector<std::size_t> differ;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i] != b[i]) differ.push_back(i);
    if (differ.size() <= 3) {
      std::string list;
      for (std::size_t k = 0; k < differ.size(); ++k) {
        const std::size_t i = differ[k];
        list += (k == 0 ? "" : k + 1 == differ.size() ? " and " : ", ");
        list += fmt::format("character {} is {} in the name but {} in the target", p + i + 1, quoted_char(a[i]),
                            quoted_char(b[i]));
      }
      d.text = list;
    } else {
      d.text = fmt::format("they differ in {} of their {} characters: they are different tokens", differ.size(),
                           name.size());
    }
  } else {
    d.text = fmt::format("they differ from character {} on (\"{}\" in the name, \"{}\" in the target)", pos, a, b);
  }
  return d;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return out;
}

class DkimTokenMismatch final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override {
    needs.add<ses::SesAnalysis>();
  }

  void check(const LintContext& context, Findings& findings) const override {
    const auto& analysis = context.analysis<ses::SesAnalysis>();
    // Per identity, which record carries each token in its name and in its target, to recognise
    // tokens crossed between records.
    std::unordered_map<std::string, std::size_t> in_name, in_target;  // key: identity + " " + token
    const auto key = [](const ses::DkimRecord& d, std::string_view token) {
      return lower(d.identity.to_text()) + " " + std::string(token);
    };
    // Built only when some record's tokens differ: most zones have none.
    bool indexed = false;
    const auto index_tokens = [&] {
      if (indexed) return;
      indexed = true;
      for (std::size_t k = 0; k < analysis.dkim.size(); ++k) {
        const ses::DkimRecord& d = analysis.dkim[k];
        if (!d.owner_token.empty()) in_name.emplace(key(d, d.owner_token), k);
        if (!d.target_token().empty()) in_target.emplace(key(d, d.target_token()), k);
      }
    };

    for (std::size_t k = 0; k < analysis.dkim.size(); ++k) {
      const ses::DkimRecord& d = analysis.dkim[k];
      const std::string_view name = d.owner_token;
      const std::string_view target = d.target_token();
      if (name.empty() || target.empty() || name == target) continue;
      const bool name_ok = ses::is_token_shape(name);
      const bool target_ok = ses::is_token_shape(target);
      if (!name_ok && !target_ok) continue;  // SES004's
      index_tokens();

      const Record& r = context.records()[d.index];

      // Which copy is wrong, and why we think so.
      enum class Wrong { name_side, target_side } wrong = Wrong::name_side;
      std::string evidence;
      std::optional<std::string> right;  // the token SES expects, when known
      const ses::Identity* id = analysis.identity(d.identity);
      bool expects_name = false, expects_target = false;
      if (id != nullptr) {
        for (const SesIdentityData* data : id->expected) {
          for (const std::string& t : data->dkim_tokens) {
            expects_name = expects_name || lower(t) == name;
            expects_target = expects_target || lower(t) == target;
          }
        }
      }
      const auto other = [&](const std::unordered_map<std::string, std::size_t>& map, std::string_view token) -> const ses::DkimRecord* {
        const auto it = map.find(key(d, token));
        return it == map.end() || it->second == k ? nullptr : &analysis.dkim[it->second];
      };
      const auto line_of = [&](const ses::DkimRecord& o) {
        const Record& rec = context.records()[o.index];
        const Span span = context.owner_span(rec);
        return context.zone().files().file(span.file).line_of(span.begin);
      };
      if (expects_name != expects_target) {
        wrong = expects_name ? Wrong::target_side : Wrong::name_side;
        right = std::string(expects_name ? name : target);
        evidence = fmt::format("SES expects \"{}\" (--ses-identity), so the {} is wrong; write \"{}\" there too",
                               *right, wrong == Wrong::name_side ? "name" : "target", *right);
      } else if (const ses::DkimRecord* o = other(in_name, target)) {
        wrong = Wrong::target_side;
        evidence = fmt::format("the target's token is the one of the record on line {}: the tokens were crossed "
                               "between records; the target should hold \"{}\"",
                               line_of(*o), name);
      } else if (const ses::DkimRecord* o2 = other(in_target, name)) {
        wrong = Wrong::name_side;
        evidence = fmt::format("the name's token is the target of the record on line {}: the tokens were crossed "
                               "between records; the name should hold \"{}\"",
                               line_of(*o2), target);
      } else if (name_ok != target_ok) {
        wrong = name_ok ? Wrong::target_side : Wrong::name_side;
        evidence = fmt::format("the {}'s copy is not 32 characters of a-z and 2-7 like every SES token, so the {}'s "
                               "\"{}\" is probably right",
                               name_ok ? "target" : "name", name_ok ? "name" : "target", name_ok ? name : target);
      } else {
        evidence = "copy both from the SES console (or aws sesv2 get-email-identity)";
      }

      const bool longer_wrong = (wrong == Wrong::name_side) == (name.size() > target.size());
      const Difference diff = describe(name, target, longer_wrong);
      const ses::TokenPlaces places = ses::token_places(context, d);
      const Place& place = wrong == Wrong::name_side ? places.owner : places.target;
      const std::string_view raw = wrong == Wrong::name_side ? d.owner_raw_token() : d.target_raw_token();
      Span at = place ? context.span(r, place->first, place->second) : context.owner_span(r);
      // Narrow to the differing characters when the token is written without escapes.
      if (place && place->second - place->first == raw.size() && raw.size() == (wrong == Wrong::name_side ? name : target).size()) {
        std::size_t from = wrong == Wrong::name_side ? diff.name_from : diff.target_from;
        std::size_t to = wrong == Wrong::name_side ? diff.name_to : diff.target_to;
        if (to == from) {  // a character missing here: point at where it belongs
          if (from >= raw.size()) from = raw.size() - 1;
          to = from + 1;
        }
        at = context.span(r, place->first + static_cast<std::uint32_t>(from),
                          place->first + static_cast<std::uint32_t>(std::min(to, raw.size())));
      }
      Diagnostic& diag = findings.add(
          at,
          fmt::format("the DKIM token in the name \"{}\" differs from the token in the target \"{}\": {}; SES looks "
                      "up the name it issued and expects a CNAME to the same token, so it does not verify the "
                      "domain; {}",
                      name, target, diff.text, evidence),
          &r);
      if (right && place) {
        if (const auto span = ses::editable_span(context, r, place->first, place->second))
          findings.fix(diag, fmt::format("write the token SES expects in the {}", wrong == Wrong::name_side ? "name" : "target"),
                       {Edit{*span, *right}});
      }
    }
  }
};

}  // namespace

const Rule& ses005_dkim_token_mismatch() {
  static const DkimTokenMismatch rule;
  return rule;
}

}  // namespace zonelint::rules
