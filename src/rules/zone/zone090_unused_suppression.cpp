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
    for (const Suppression& s : state.suppressions->entries()) {
      for (std::size_t i = 0; i < s.codes.size(); ++i) {
        if (s.used[i]) continue;
        const bool ran = std::find(state.rules_run.begin(), state.rules_run.end(), s.codes[i]) != state.rules_run.end();
        if (!ran || s.codes[i] == rule_info.code) continue;
        findings.add(s.code_spans[i],
                     s.file_wide
                         ? fmt::format("suppression of {} is unused: {} finds nothing in this file; remove it",
                                       s.codes[i], s.codes[i])
                         : fmt::format("suppression of {} is unused: {} finds nothing on the record it covers; "
                                       "remove it",
                                       s.codes[i], s.codes[i]));
      }
    }
  }
};

}  // namespace

const Rule& zone090_unused_suppression() {
  static const UnusedSuppression rule;
  return rule;
}

}  // namespace zonelint::rules
