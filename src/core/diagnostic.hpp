#pragma once
// A finding: what a rule (or the parser) reports about an input.

#include <string>
#include <string_view>
#include <vector>

#include "core/severity.hpp"
#include "core/span.hpp"

namespace zonelint {

// Replace the bytes of `span` with `replacement` (an insertion when the span is empty).
struct Edit {
  Span span;
  std::string replacement;
  friend bool operator==(const Edit&, const Edit&) = default;
};

struct Fix {
  std::string description;  // imperative: "add the trailing dot"
  FixSafety safety = FixSafety::none;
  std::vector<Edit> edits;
};

// A secondary location: "included from here", "first defined here".
struct Note {
  Span span;  // may be invalid for a note without a place
  std::string message;
};

struct Diagnostic {
  std::string_view code;  // rule code, e.g. "SES001"; points at static storage
  Severity severity = Severity::error;
  Span span;
  std::string message;
  // The whole record (or region) the finding is about; suppression comments match against it.
  Span context;
  std::vector<Note> notes;
  std::vector<Fix> fixes;  // at most one today; a list keeps room for alternatives
};

}  // namespace zonelint
