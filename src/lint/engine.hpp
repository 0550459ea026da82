#pragma once
// Runs the selected rules over a Zone, applies severities and inline suppressions, and returns
// the findings in a stable order.

#include <vector>

#include "core/diagnostic.hpp"
#include "lint/context.hpp"
#include "lint/selection.hpp"
#include "model/zone.hpp"

namespace zonelint {

struct LintOptions {
  RuleSelection selection;
  RuleOptions rule_options;
  bool inline_suppressions = true;
  // Findings of one rule in one file past this many are summarised in a single note: one line of
  // $GENERATE can make a rule fire on a million records, and every finding costs memory and
  // report size (docs/reliability.md). 0: no limit.
  std::size_t max_findings_per_rule = 1000;
  // Threads that run rules at the same time; 0 chooses from the zone's size and the CPUs.
  unsigned threads = 0;
  // See LintContext: mapped files this large give back the pages the rules read.
  std::size_t release_pages_from = LintContext::default_release_pages_from;
};

struct LintResult {
  std::vector<Diagnostic> findings;  // sorted by file, position, code
  std::size_t suppressed = 0;
};

[[nodiscard]] LintResult lint(const Zone& zone, const LintOptions& options);

// Sorts findings by file path, start offset, code and message.
void sort_findings(std::vector<Diagnostic>& findings, const SourceSet& files);

}  // namespace zonelint
