// ZONE090 unused-suppression: a "zonelint: disable=CODE" comment that suppresses nothing.

#include <algorithm>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "lint/suppression.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE090",
    "unused-suppression",
    Severity::warning,
    "A suppression comment suppresses no finding",
    FixSafety::none,
    "suppression",
    R"md(## What it does
Reports a `; zonelint: disable=CODE` or `; zonelint: disable-file=CODE` comment when the named rule
ran but found nothing on the record the comment covers (or, for `disable-file`, anywhere in the
file). A suppression for a rule that did not run (not selected, or ignored) is not reported.

## Why is this bad
A suppression outlives the problem it was written for. Once the record is fixed, the stale
comment silently hides the next real mistake on that record, for example a DKIM CNAME whose token
is later mistyped.

## Example
```
; the target was fixed long ago
sel1._domainkey  CNAME  tok.dkim.amazonses.com.  ; zonelint: disable=SES001 -- vendor value
```

## Use instead
```
sel1._domainkey  CNAME  tok.dkim.amazonses.com.
```

## Fix safety
No automatic fix; delete the comment (or the code from its list) by hand.

## References
- ruff's RUF100 (unused noqa), the model for this rule: https://docs.astral.sh/ruff/rules/unused-noqa/
)md"};

class UnusedSuppression final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  [[nodiscard]] bool runs_after_suppressions() const noexcept override { return true; }
  void check(const LintContext& context, Findings& findings) const override {
    const SuppressionState& state = context.suppression_state();
    if (state.suppressions == nullptr) return;
    const auto is_unused = [&](const Suppression& s, std::size_t i) {
      if (s.used[i]) return false;
      const bool ran = std::find(state.rules_run.begin(), state.rules_run.end(), s.codes[i]) != state.rules_run.end();
      return ran && s.codes[i] != rule_info.code;
    };
    const std::vector<Suppression>& entries = state.suppressions->entries();
    const std::vector<bool> on_record = target_lines_with_records(context, entries, is_unused);
    for (std::size_t k = 0; k < entries.size(); ++k) {
      const Suppression& s = entries[k];
      for (std::size_t i = 0; i < s.codes.size(); ++i) {
        if (!is_unused(s, i)) continue;
        std::string message;
        if (s.file_wide) {
          message = fmt::format("suppression of {} is unused: {} finds nothing in this file; remove it", s.codes[i],
                                s.codes[i]);
        } else if (!on_record[k]) {
          message = fmt::format("suppression of {} covers no record: a comment at the end of a line covers the "
                                "record on that line, and one alone on its line the record on the next line that "
                                "has one, and there is none here; move it next to the record or remove it",
                                s.codes[i]);
        } else {
          message = fmt::format("suppression of {} is unused: {} finds nothing on the record it covers; remove it",
                                s.codes[i], s.codes[i]);
        }
        findings.add(s.code_spans[i], std::move(message));
      }
    }
  }

 private:
  // For each line-based suppression with an unused code: whether a record spans its target line.
  // One pass over the records, only when there is such a suppression.
  template <typename IsUnused>
  static std::vector<bool> target_lines_with_records(const LintContext& context, const std::vector<Suppression>& entries,
                                                     const IsUnused& is_unused) {
    std::vector<bool> found(entries.size(), false);
    std::vector<std::size_t> asked;
    for (std::size_t k = 0; k < entries.size(); ++k) {
      const Suppression& s = entries[k];
      if (s.file_wide) continue;
      for (std::size_t i = 0; i < s.codes.size(); ++i)
        if (is_unused(s, i)) {
          asked.push_back(k);
          break;
        }
    }
    if (asked.empty()) return found;
    const SourceSet& files = context.zone().files();
    for (const Record& r : context.records()) {
      const Span span = context.entry_span(r);
      if (!span.valid()) continue;
      bool in_asked_file = false;
      for (const std::size_t k : asked) in_asked_file = in_asked_file || entries[k].file == span.file;
      if (!in_asked_file) continue;
      const std::uint32_t first = files.file(span.file).line_of(span.begin);
      const std::uint32_t last = files.file(span.file).line_of(span.end > span.begin ? span.end - 1 : span.begin);
      for (const std::size_t k : asked) {
        const Suppression& s = entries[k];
        if (s.file == span.file && s.target_line >= first && s.target_line <= last) found[k] = true;
      }
    }
    return found;
  }
};

}  // namespace

const Rule& zone090_unused_suppression() {
  static const UnusedSuppression rule;
  return rule;
}

}  // namespace zonelint::rules
