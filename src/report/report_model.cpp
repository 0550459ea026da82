#include "report/report_model.hpp"

#include <algorithm>

#include "lint/registry.hpp"
#include "report/report_paths.hpp"

namespace zonelint {

std::uint32_t region_end(const SourceFile& file, const Span& span) {
  std::uint32_t end = std::max(span.end, span.begin);
  const std::string_view bytes = file.bytes();
  while (end > span.begin && end <= bytes.size() && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) --end;
  return end;
}

Region region_of(const SourceSet& files, const Span& span) {
  const SourceFile& file = files.file(span.file);
  const LineColumn b = file.location(span.begin);
  const LineColumn e = file.location(region_end(file, span));
  return {b.line, b.column, e.line, e.column};
}

std::vector<const Rule*> reported_rules(const Report& report) {
  std::vector<const Rule*> out;
  for (const Rule* rule : all_rules()) {
    bool include = report.selection == nullptr || report.selection->enabled(rule->info());
    if (!include) {
      include = std::any_of(report.findings.begin(), report.findings.end(),
                            [&](const Diagnostic& d) { return d.code == rule->info().code; });
    }
    if (include) out.push_back(rule);
  }
  return out;
}

std::string report_path(const Report& report, FileId file) {
  return root_relative_path(report.files->file(file).path(), report.repo_root);
}

std::vector<Span> include_chain(const SourceSet& files, FileId file) {
  std::vector<Span> chain;
  for (Span from = files.file(file).included_from; from.valid() && chain.size() < 64;
       from = files.file(from.file).included_from) {
    chain.push_back(from);
  }
  return chain;
}

}  // namespace zonelint
