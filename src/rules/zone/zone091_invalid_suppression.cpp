// ZONE091 invalid-suppression: a "zonelint:" comment that is not a valid directive.

#include "lint/context.hpp"
#include "lint/suppression.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE091",
    "invalid-suppression",
    Severity::warning,
    "A zonelint comment is not a valid suppression directive",
    FixSafety::none,
    "suppression",
    R"md(## What it does
Reports a comment that starts with `zonelint:` but is not `disable=CODES` or `disable-file=CODES`,
or that names a rule code or name that does not exist.

## Why is this bad
The comment suppresses nothing, so the finding it was meant to silence still appears, or, with a
misspelt code, a different rule than intended stays active. Codes are stable: a code that does not
exist is a typo.

## Example
```
www  CNAME  shop.example.net.  ; zonelint: disabel=ZONE003
```

## Use instead
```
www  CNAME  shop.example.net.  ; zonelint: disable=ZONE003 -- hosted elsewhere on purpose
```

## Fix safety
No automatic fix.

## References
- zonelint's suppression comments: docs/suppressions.md
)md"};

class InvalidSuppression final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  [[nodiscard]] bool runs_after_suppressions() const noexcept override { return true; }
  void check(const LintContext& context, Findings& findings) const override {
    const SuppressionState& state = context.suppression_state();
    if (state.suppressions == nullptr) return;
    for (const SuppressionProblem& p : state.suppressions->problems()) findings.add(p.span, p.message);
  }
};

}  // namespace

const Rule& zone091_invalid_suppression() {
  static const InvalidSuppression rule;
  return rule;
}

}  // namespace zonelint::rules
