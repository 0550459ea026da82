#pragma once
// `zonelint check`: find the inputs, read each with its configuration, lint, report, and decide
// the exit code. The CLI fills CheckOptions; tests call run_check directly.

#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/severity.hpp"
#include "lint/context.hpp"
#include "model/zone.hpp"
#include "report/report.hpp"

namespace zonelint {

namespace exit_code {
inline constexpr int clean = 0;       // nothing at or above the fail level
inline constexpr int findings = 1;    // findings at or above the fail level
inline constexpr int input_error = 2; // an input could not be read or processed
inline constexpr int usage_error = 3; // bad options or configuration
}  // namespace exit_code

enum class ColorMode { automatic, always, never };

struct CheckOptions {
  std::vector<std::string> paths;
  std::optional<std::string> origin;
  std::optional<InputFormat> input_format;
  std::optional<std::vector<std::string>> select;  // replaces the config's list
  std::vector<std::string> ignore;                 // added to the config's list
  std::vector<std::pair<std::string, Severity>> severities;
  std::optional<Severity> fail_level;
  std::optional<std::string> config_path;
  bool no_config = false;
  bool inline_suppressions = true;
  ReportFormat format = ReportFormat::text;
  std::optional<std::string> output;
  ColorMode color = ColorMode::automatic;
  bool show_source = true;
  std::string stdin_filename = "<stdin>";
  std::vector<std::string> ses_identities;
  std::vector<std::string> delegated_ns;
  bool allow_include = true;
  bool allow_include_outside = false;
  std::optional<std::string> repo_root;
  bool exit_zero = false;
  bool fix = false;                  // apply safe fixes in place
  bool unsafe_fixes = false;         // with --fix or --diff: unsafe fixes too
  bool diff = false;                 // print the fixes as a unified diff, change nothing
  bool exit_non_zero_on_fix = false;
  unsigned jobs = 0;                 // threads for the rules; 0: chosen from the zone's size and the CPUs
  std::string sarif_category;
  std::vector<std::string> command_line;
};

// Runs the check; writes the report to `out` (or the --output file) and messages to `err`.
[[nodiscard]] int run_check(const CheckOptions& options, std::FILE* out, std::FILE* err);

// Files named on the command line, with directories expanded to the zone files below them
// (*.zone, *.db, db.*), sorted. Unreadable paths are reported to `problems`.
[[nodiscard]] std::vector<std::string> expand_paths(const std::vector<std::string>& paths,
                                                    std::vector<ToolNotification>& problems);

// Reads --ses-identity specs (DOMAIN, FILE or DOMAIN=FILE) and --delegated-ns names (each may be
// comma-separated) into `out`; false with `error` set on the first bad one.
bool build_rule_options(const std::vector<std::string>& identities, const std::vector<std::string>& delegated_ns,
                        RuleOptions& out, std::string& error);

// --repo-root, else the directory holding .git above `start`, else the working directory.
[[nodiscard]] std::string repository_root(const std::optional<std::string>& given, const std::string& start);

// The folder $INCLUDE may read below for the zone file `input` (unless --allow-include-outside):
// --repo-root when the file is inside it, else the repository (the folder holding .git) the file
// is in, else the file's own folder. Never the working directory: a zone outside any repository
// may only include files next to it or below.
[[nodiscard]] std::string include_root_for(const std::string& input, const std::optional<std::string>& repo_root);

}  // namespace zonelint
