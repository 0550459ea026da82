#pragma once
// One accessor per rule; each is defined in the rule's own file and listed in registry.cpp.

#include "lint/rule.hpp"

namespace zonelint::rules {

const Rule& zone000_syntax_error();
const Rule& zone090_unused_suppression();
const Rule& zone091_invalid_suppression();

}  // namespace zonelint::rules
