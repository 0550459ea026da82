#pragma once
// A position-keeping reader for the YAML subset `gcloud dns record-sets export` writes
// (docs/yaml-subset.md). It builds the same tree as the JSON reader (parse/json_document.hpp), so
// one importer walks `gcloud ... --format=json` and the YAML export alike, and every decoded
// character of a quoted or folded scalar maps back to the file bytes that produced it.

#include <optional>
#include <string_view>
#include <vector>

#include "core/span.hpp"
#include "parse/json_document.hpp"

namespace zonelint {

// One YAML document ("---" to the next "---", "..." or the end of the file).
struct YamlDocument {
  doc::Value root;  // null for an empty document
  Span span;        // from its "---" (or first line) to where the next one starts
};

struct YamlStream {
  // Documents read before an error are kept; the one holding the error is not.
  std::vector<YamlDocument> documents;
  std::optional<doc::Error> error;  // the first problem; reading stops there

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// Reads a YAML stream. Mapping keys are strings; plain scalars resolve by the YAML 1.2 core
// schema (null, booleans, numbers, else string) and keep their text as written. Anchors,
// aliases, tags, directives, block scalars, non-empty flow collections and explicit or
// multi-line keys are refused with a positioned error. Never throws for bad input.
[[nodiscard]] YamlStream parse_yaml(std::string_view bytes, FileId file, const doc::Limits& limits = {});

}  // namespace zonelint
