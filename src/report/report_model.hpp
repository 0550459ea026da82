#pragma once
// Positions and paths of findings as the machine-readable reports present them.

#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "lint/rule.hpp"
#include "report/report.hpp"

namespace zonelint {

struct Region {
  std::uint32_t start_line = 0, start_column = 0;
  std::uint32_t end_line = 0, end_column = 0;  // end column exclusive
};

// The region of a span: a span that ends just after a line break ends at that line's end.
[[nodiscard]] Region region_of(const SourceSet& files, const Span& span);
// The byte offset where region_of ends the span.
[[nodiscard]] std::uint32_t region_end(const SourceFile& file, const Span& span);

// The rules a report describes: those enabled by the run's selection plus any with findings,
// sorted by code.
[[nodiscard]] std::vector<const Rule*> reported_rules(const Report& report);

// The path of a file as reports give it: relative to the repository root, forward slashes.
[[nodiscard]] std::string report_path(const Report& report, FileId file);

// Files pulled in by $INCLUDE, innermost first: the spans of the directives.
[[nodiscard]] std::vector<Span> include_chain(const SourceSet& files, FileId file);

}  // namespace zonelint
