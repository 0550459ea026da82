#include "lint/selection.hpp"

#include <fmt/format.h>

#include "lint/registry.hpp"
#include "model/name.hpp"

namespace zonelint {

namespace {
std::optional<std::string> check_known(std::string_view selector) {
  for (const Rule* rule : all_rules())
    if (RuleSelection::matches(selector, rule->info())) return std::nullopt;
  return fmt::format("\"{}\" is not a rule code, a code prefix (such as SES or ZONE0) or a rule name; "
                     "`zonelint rules` lists them",
                     selector);
}
}  // namespace

bool RuleSelection::matches(std::string_view selector, const RuleInfo& rule) {
  if (ascii_iequals(selector, "ALL")) return true;
  if (ascii_iequals(selector, rule.slug)) return true;
  return selector.size() <= rule.code.size() && !selector.empty() &&
         ascii_iequals(selector, rule.code.substr(0, selector.size()));
}

std::optional<std::string> RuleSelection::select(std::string_view selector) {
  if (auto error = check_known(selector)) return error;
  selected_.emplace_back(selector);
  return std::nullopt;
}

std::optional<std::string> RuleSelection::ignore(std::string_view selector) {
  if (auto error = check_known(selector)) return error;
  ignored_.emplace_back(selector);
  return std::nullopt;
}

std::optional<std::string> RuleSelection::set_severity(std::string_view selector, Severity severity) {
  if (auto error = check_known(selector)) return error;
  severities_.emplace_back(std::string(selector), severity);
  return std::nullopt;
}

bool RuleSelection::enabled(const RuleInfo& rule) const {
  bool on = selected_.empty();
  for (const auto& s : selected_)
    if (matches(s, rule)) on = true;
  for (const auto& s : ignored_)
    if (matches(s, rule)) on = false;
  return on;
}

std::optional<Severity> RuleSelection::severity_override(const RuleInfo& rule) const {
  std::optional<Severity> result;
  for (const auto& [selector, severity] : severities_)
    if (matches(selector, rule)) result = severity;
  return result;
}

}  // namespace zonelint
