#pragma once
// Which rules run and at what severity: --select / --ignore (codes, code prefixes or slugs),
// --severity CODE=level and --fail-level, from the command line and .zonelint.toml.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/severity.hpp"
#include "lint/rule.hpp"

namespace zonelint {

class RuleSelection {
 public:
  // Each selector is a code ("SES001"), a prefix ("SES", "ZONE00"), a slug, or "ALL".
  // Returns an error message for a selector that matches no rule.
  std::optional<std::string> select(std::string_view selector);
  std::optional<std::string> ignore(std::string_view selector);
  std::optional<std::string> set_severity(std::string_view selector, Severity severity);

  [[nodiscard]] bool enabled(const RuleInfo& rule) const;
  // The severity the user set for the rule, if any.
  [[nodiscard]] std::optional<Severity> severity_override(const RuleInfo& rule) const;
  // The override, else the rule's default.
  [[nodiscard]] Severity severity(const RuleInfo& rule) const {
    return severity_override(rule).value_or(rule.default_severity);
  }
  [[nodiscard]] static bool matches(std::string_view selector, const RuleInfo& rule);

 private:
  std::vector<std::string> selected_;  // empty: every rule
  std::vector<std::string> ignored_;
  std::vector<std::pair<std::string, Severity>> severities_;  // later entries win
};

}  // namespace zonelint
