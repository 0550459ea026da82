#pragma once
// The explicit, sorted list of every rule (src/rules/registry.cpp).

#include <span>
#include <string_view>

#include "lint/rule.hpp"

namespace zonelint {

// Every rule, sorted by code.
[[nodiscard]] std::span<const Rule* const> all_rules();
// A rule by code (case-insensitive) or slug; nullptr when there is none.
[[nodiscard]] const Rule* find_rule(std::string_view code_or_slug);

}  // namespace zonelint
