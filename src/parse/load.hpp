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
  // Zone files of at least this many bytes are read on `threads` threads (0: one per CPU, at
  // most four); the result is the same as reading on one.
  std::size_t parallel_read_from = std::size_t{8} << 20;
  unsigned threads = 0;
  // A file of at least 4 * threads times this many bytes is read in parts that shrink down to
  // this size, taken by the threads as they become free (load.cpp, part_starts); a smaller one in
  // one part per thread. Tests set it small to have many parts.
  std::size_t smallest_part = std::size_t{1} << 20;
  // When set, receives how many parts read on their own threads were kept (for tests).
  std::uint32_t* parts_kept = nullptr;
};

// "example.com.zone", "db.example.com", "example.com" -> example.com. (Needs at least two labels.)
[[nodiscard]] std::optional<Name> origin_from_file_name(std::string_view path);

// Reads `file` (already loaded in `files`) into a Zone.
[[nodiscard]] Zone load_zone(SourceSet& files, FileId file, const LoadOptions& options);

// Streams the records of `file` to `sink` without keeping them (zonelint dump).
void stream_zone(SourceSet& files, FileId file, const LoadOptions& options, RecordSink& sink);

}  // namespace zonelint
