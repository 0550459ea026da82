#include "lint/registry.hpp"

#include <algorithm>

#include "model/name.hpp"
#include "rules/rules.hpp"

namespace zonelint {

std::span<const Rule* const> all_rules() {
  // Sorted by code; a unit test checks the order, uniqueness and documentation.
  static const Rule* const rules[] = {
      &rules::zone000_syntax_error(),
      &rules::zone090_unused_suppression(),
      &rules::zone091_invalid_suppression(),
  };
  return rules;
}

const Rule* find_rule(std::string_view code_or_slug) {
  const auto iequals = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return ascii_lower(static_cast<unsigned char>(x)) == ascii_lower(static_cast<unsigned char>(y));
           });
  };
  for (const Rule* rule : all_rules()) {
    if (iequals(rule->info().code, code_or_slug) || iequals(rule->info().slug, code_or_slug)) return rule;
  }
  return nullptr;
}

}  // namespace zonelint
