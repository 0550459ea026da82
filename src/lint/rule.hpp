#pragma once
// A lint rule: its public metadata (the code users write in configs and suppressions) and its
// check. One rule lives in one file under src/rules/{ses,zone}/.

#include <string>
#include <string_view>
#include <typeindex>
#include <utility>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/record.hpp"

namespace zonelint {

class LintContext;

struct RuleInfo {
  std::string_view code;      // "SES001": public API, never renumbered or reused
  std::string_view slug;      // "dkim-target-not-fqdn"
  Severity default_severity;
  std::string_view summary;   // one line, no trailing period
  FixSafety fix;              // what its fixes are, none when it never fixes
  std::string_view tags;      // space-separated: "ses dkim"
  // Markdown with these sections, in order: "## What it does", "## Why is this bad",
  // "## Example", "## Use instead", "## Fix safety", "## References".
  std::string_view documentation;
};

// Collects the findings of one rule; code and severity come from the rule's metadata.
class Findings {
 public:
  Findings(const RuleInfo& rule, const LintContext& context, std::vector<Diagnostic>& out)
      : rule_(rule), context_(context), out_(out) {}

  // A finding at `span`, optionally tied to the record it is about (for suppressions).
  Diagnostic& add(Span span, std::string message, const Record* record = nullptr);
  // Attaches a fix to a finding; its safety is the rule's.
  void fix(Diagnostic& d, std::string description, std::vector<Edit> edits) const;

  [[nodiscard]] const RuleInfo& rule() const noexcept { return rule_; }

 private:
  const RuleInfo& rule_;
  const LintContext& context_;
  std::vector<Diagnostic>& out_;
};

// The shared analyses (LintContext::analysis<T>) a rule reads, directly or through another
// analysis. The engine computes the declared ones before the rules, one per thread, and runs
// first the rules whose analyses are ready, so that no thread waits while another computes one.
class AnalysisNeeds {
 public:
  struct Need {
    std::type_index type;
    void (*compute)(const LintContext&);
  };
  template <typename T>
  void add();  // defined in lint/context.hpp
  [[nodiscard]] const std::vector<Need>& needs() const noexcept { return needs_; }

 private:
  std::vector<Need> needs_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  [[nodiscard]] virtual const RuleInfo& info() const noexcept = 0;
  // Declares the shared analyses check() reads; one left out is computed when first read.
  virtual void declare(AnalysisNeeds& /*needs*/) const {}
  // Examines the whole input and reports findings. Must stay linear in the number of records.
  virtual void check(const LintContext& context, Findings& findings) const = 0;
  // Rules about suppression comments run after every other rule's findings were matched.
  [[nodiscard]] virtual bool runs_after_suppressions() const noexcept { return false; }
};

}  // namespace zonelint
