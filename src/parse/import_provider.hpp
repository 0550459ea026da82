#pragma once
// Provider exports (Route 53, Cloudflare, Google Cloud DNS, Azure DNS) read into the same record
// model as zone files. Each importer reads its file with the position-keeping JSON or YAML
// reader (or scans the provider's BIND-style text), checks its shape, and synthesises
// master-file text, one entry per record, with a segment map back to the export. The master-file
// reader then reads that text, so every record and every finding points at the exact character
// of the export. Semantics per format: docs/provider-exports.md.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/zone.hpp"
#include "parse/master_file_reader.hpp"

namespace zonelint {

struct ImportOptions {
  std::optional<Name> origin;        // --origin
  std::uint32_t max_errors = 100;    // importer findings per file (the reader has its own cap)
};

// What an importer hands to the master-file reader.
struct Import {
  InputFormat format = InputFormat::master_file;
  // The text to read; absent when the export could not be read at all (see diagnostics).
  std::optional<TextSource> text;
  std::vector<EntryAnnotation> annotations;  // record flags by entry (proxied, alias, ...)
  Name reader_origin;                        // the reader's initial origin (may be empty)
  // The zone apex the importer decided (empty when unknown). For BIND-style exports a leading
  // $ORIGIN the reader finds takes precedence.
  Name apex;
  std::vector<Diagnostic> diagnostics;       // ZONE000 findings about the export's shape
  // The export says it is one page of a longer list (Route 53 IsTruncated or NextToken,
  // Cloudflare result_info.total_pages above 1): Zone::truncated.
  bool truncated = false;
  // For the reader's finding about a character-string over 255 octets, when the export's users
  // split text otherwise than with quoted strings; empty for the reader's own advice.
  std::string_view long_string_advice;
};

// Reads `file` as `format` (anything but InputFormat::master_file).
[[nodiscard]] Import import_provider_export(const SourceFile& file, InputFormat format, const ImportOptions& options);

}  // namespace zonelint
