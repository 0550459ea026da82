#pragma once
// `zonelint dump`: the records of one input in canonical presentation form, one per line, as
// `named-checkzone -D` prints them (absolute owner, TTL, class, type, RDATA).

#include <cstdio>
#include <optional>
#include <string>

#include "model/zone.hpp"

namespace zonelint {

struct DumpOptions {
  std::string path;  // "-" for standard input
  std::string stdin_filename = "<stdin>";
  std::optional<std::string> origin;
  std::optional<InputFormat> input_format;
  bool allow_include = true;
  bool allow_include_outside = false;  // else $INCLUDE stays in the repository (or the zone's folder)
};

// Returns 0, 1 when the input had syntax errors (reported on `err`, records still printed),
// 2 when it could not be read, 3 for a bad option.
[[nodiscard]] int run_dump(const DumpOptions& options, std::FILE* out, std::FILE* err);

}  // namespace zonelint
