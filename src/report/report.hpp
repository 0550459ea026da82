#pragma once
// What every reporter receives: the findings of one run over all inputs, and problems of the
// tool itself (an unreadable file, a bad config), which are not findings.

#include <cstdio>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "lint/selection.hpp"

namespace zonelint {

struct ToolNotification {
  Severity level = Severity::error;
  std::string path;     // the file concerned, may be empty
  std::string message;
  bool configuration = false;  // a problem with options or .zonelint.toml, not with an input
};

struct Report {
  const SourceSet* files = nullptr;
  std::vector<Diagnostic> findings;             // sorted by path, position, code
  std::vector<ToolNotification> notifications;  // tool problems
  std::size_t files_checked = 0;
  std::size_t suppressed = 0;
  std::string repo_root;                        // absolute; paths in SARIF are relative to it
  const RuleSelection* selection = nullptr;     // rule levels as configured (for SARIF rules[])
  std::string sarif_category;                   // --sarif-category, empty when not given
  std::vector<std::string> command_line;        // for SARIF invocations
};

enum class ReportFormat { text, gcc, json, sarif, github, gitlab };

struct TextStyle {
  bool color = false;
  bool show_source = true;  // the source line and caret under each finding
};

// Writes the findings in `format` to `out`.
void write_report(const Report& report, ReportFormat format, const TextStyle& style, std::FILE* out);

// The one-line summary ("3 errors and 1 warning in 2 files").
[[nodiscard]] std::string summary_line(const Report& report);

}  // namespace zonelint
