#pragma once
// The documentation of a rule, from the one text each rule carries: printed by
// `zonelint rules CODE`, written to docs/rules/CODE.md, and embedded in SARIF rules[].

#include <cstdio>
#include <string>

#include "lint/rule.hpp"

namespace zonelint {

// The rule's page in Markdown (title, metadata table, then its documentation).
[[nodiscard]] std::string rule_markdown(const RuleInfo& rule);

// The URL of the rule's page in the repository.
[[nodiscard]] std::string rule_help_uri(const RuleInfo& rule);

inline constexpr const char* project_uri = "https://github.com/zonelint/zonelint";

// `zonelint rules`: the list of rules, or one rule's page; false when `code` names no rule.
bool print_rules(const std::string& code, std::FILE* out, std::FILE* err);

// Writes docs/rules/<CODE>.md for every rule into `directory`; false on a write error.
bool write_rule_docs(const std::string& directory, std::FILE* err);

}  // namespace zonelint
