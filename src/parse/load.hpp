#pragma once
// Turns one input file into a Zone: picks the reader for its format, decides the zone's origin,
// and collects records and reading problems.

#include <optional>
#include <string>
#include <string_view>

#include "model/name.hpp"
#include "model/zone.hpp"
#include "parse/master_file_reader.hpp"

namespace zonelint {

struct LoadOptions {
  std::optional<Name> origin;              // --origin
  std::optional<InputFormat> format;       // --input-format; detected when absent
  bool allow_include = true;
  std::string include_root;                // empty: $INCLUDE may read anywhere
  std::uint32_t max_errors_per_file = 100;
};

// "example.com.zone", "db.example.com", "example.com" -> example.com. (Needs at least two labels.)
[[nodiscard]] std::optional<Name> origin_from_file_name(std::string_view path);

// Reads `file` (already loaded in `files`) into a Zone.
[[nodiscard]] Zone load_zone(SourceSet& files, FileId file, const LoadOptions& options);

// Streams the records of `file` to `sink` without keeping them (zonelint dump).
void stream_zone(SourceSet& files, FileId file, const LoadOptions& options, RecordSink& sink);

}  // namespace zonelint
