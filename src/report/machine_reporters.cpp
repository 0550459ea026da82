#include "report/machine_reporters.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/rule_docs.hpp"
#include "core/utf8.hpp"
#include "lint/registry.hpp"
#include "report/fingerprint.hpp"
#include "report/report_model.hpp"
#include "report/report_paths.hpp"
#include "report/text_reporter.hpp"

namespace zonelint {

namespace {

using ordered_json = nlohmann::ordered_json;

void write_json_text(const ordered_json& doc, std::FILE* out) {
  // Input bytes that are not UTF-8 end up in messages: replace them rather than fail.
  const std::string text = doc.dump(2, ' ', false, ordered_json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), out);
  std::fputc('\n', out);
}

std::string sarif_level(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "warning";
}

// "dkim-target-not-fqdn" -> "DkimTargetNotFqdn"
std::string pascal_case(std::string_view slug) {
  std::string out;
  bool upper = true;
  for (const char c : slug) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
    upper = false;
  }
  return out;
}

// The "What it does" section as one paragraph, cut at a sentence end to fit GitHub's 1024 limit.
std::string full_description(const RuleInfo& rule) {
  std::string_view doc = rule.documentation;
  const std::string_view heading = "## What it does";
  std::size_t begin = doc.find(heading);
  begin = begin == std::string_view::npos ? 0 : begin + heading.size();
  std::size_t end = doc.find("\n## ", begin);
  std::string_view section = doc.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
  std::string text;
  bool space = false;
  for (const char c : section) {
    if (c == '\n' || c == ' ' || c == '\t') {
      space = !text.empty();
      continue;
    }
    if (space) text.push_back(' ');
    space = false;
    text.push_back(c);
  }
  if (text.size() > 1024) {
    std::size_t cut = text.rfind(". ", 1022);
    text = cut == std::string::npos ? text.substr(0, 1021) + "..." : text.substr(0, cut + 1);
  }
  return text.empty() ? std::string(rule.summary) + "." : text;
}

// A region in SARIF's default column unit, UTF-16 code units (SARIF 2.1.0 §3.14.17), which
// GitHub code scanning and other consumers assume: an emoji counts two.
Region sarif_region(const SourceSet& files, const Span& span) {
  Region r = region_of(files, span);
  const SourceFile& file = files.file(span.file);
  r.start_column += file.astral_before(span.begin);
  r.end_column += file.astral_before(region_end(file, span));
  return r;
}

ordered_json region_json(const Region& r) {
  return ordered_json{{"startLine", r.start_line},
                      {"startColumn", r.start_column},
                      {"endLine", r.end_line},
                      {"endColumn", r.end_column}};
}

// Where GitHub code scanning and other consumers resolve relative artifact URIs: the repository
// root (--repo-root). Its absolute URI is left out, so that a log does not depend on where the
// repository was checked out (SARIF 2.1.0 §3.14.14 allows a base without "uri").
constexpr const char* source_root_id = "%SRCROOT%";

// An artifactLocation for a report path: relative to the repository root, or an absolute file URI
// for a file outside it. "<stdin>" (standard input without --stdin-filename) has no base.
ordered_json artifact_location(const std::string& path) {
  ordered_json location{{"uri", path_to_uri(path)}};
  if (!path.empty() && path.front() != '/' && path.front() != '<') location["uriBaseId"] = source_root_id;
  return location;
}

std::string precision_of(const RuleInfo& rule) { return rule.code == "ZONE000" ? "very-high" : "high"; }

std::string problem_severity(Severity s) {
  return s == Severity::error ? "error" : s == Severity::warning ? "warning" : "recommendation";
}

}  // namespace

void write_sarif_report(const Report& report, std::FILE* out) {
  const SourceSet& files = *report.files;
  const std::vector<const Rule*> rules = reported_rules(report);
  std::map<std::string_view, std::size_t> rule_index;

  ordered_json rules_json = ordered_json::array();
  for (const Rule* rule : rules) {
    const RuleInfo& i = rule->info();
    rule_index[i.code] = rules_json.size();
    const Severity level = report.selection != nullptr ? report.selection->severity(i) : i.default_severity;
    ordered_json tags = ordered_json::array();
    std::string_view t = i.tags;
    while (!t.empty()) {
      const std::size_t space = t.find(' ');
      if (space != 0) tags.push_back(std::string(t.substr(0, space)));
      if (space == std::string_view::npos) break;
      t.remove_prefix(space + 1);
    }
    const std::string markdown = rule_markdown(i);
    rules_json.push_back(ordered_json{
        {"id", std::string(i.code)},
        {"name", pascal_case(i.slug)},
        {"shortDescription", {{"text", std::string(i.summary) + "."}}},
        {"fullDescription", {{"text", full_description(i)}}},
        {"help", {{"text", markdown}, {"markdown", markdown}}},
        {"helpUri", rule_help_uri(i)},
        {"defaultConfiguration", {{"level", sarif_level(level)}}},
        {"properties",
         {{"tags", tags}, {"precision", precision_of(i)}, {"problem.severity", problem_severity(level)}}},
    });
  }

  // Fingerprints per file, computed once, only for files inside the repository.
  std::map<FileId, std::vector<std::string>> fingerprints;
  const auto fingerprint = [&](FileId file, std::uint32_t line) -> std::string {
    auto it = fingerprints.find(file);
    if (it == fingerprints.end()) it = fingerprints.emplace(file, line_fingerprints(files.file(file).bytes())).first;
    return line >= 1 && line <= it->second.size() ? it->second[line - 1] : std::string();
  };

  const auto location_json = [&](const Span& span, std::string message = {}) {
    ordered_json loc;
    ordered_json physical{{"artifactLocation", artifact_location(report_path(report, span.file))},
                          {"region", region_json(sarif_region(files, span))}};
    loc["physicalLocation"] = std::move(physical);
    if (!message.empty()) loc["message"] = {{"text", std::move(message)}};
    return loc;
  };

  ordered_json results = ordered_json::array();
  for (const Diagnostic& d : report.findings) {
    ordered_json result;
    result["ruleId"] = std::string(d.code);
    if (const auto it = rule_index.find(d.code); it != rule_index.end()) result["ruleIndex"] = it->second;
    result["level"] = sarif_level(d.severity);
    result["message"] = {{"text", d.message}};
    if (!d.span.valid()) {
      results.push_back(std::move(result));
      continue;
    }
    result["locations"] = ordered_json::array({location_json(d.span)});
    const std::string path = report_path(report, d.span.file);
    const bool in_repo = !path.empty() && path.front() != '/' && path.front() != '<';
    if (in_repo) {
      const std::string hash = fingerprint(d.span.file, files.location(d.span.file, d.span.begin).line);
      if (!hash.empty()) result["partialFingerprints"] = {{"primaryLocationLineHash", hash}};
    }
    ordered_json related = ordered_json::array();
    for (const Note& n : d.notes) {
      if (!n.span.valid()) continue;
      ordered_json loc = location_json(n.span, n.message);
      loc["id"] = related.size();
      related.push_back(std::move(loc));
    }
    for (const Span& from : include_chain(files, d.span.file)) {
      ordered_json loc = location_json(from, "included from here");
      loc["id"] = related.size();
      related.push_back(std::move(loc));
    }
    if (!related.empty()) result["relatedLocations"] = std::move(related);
    ordered_json fixes = ordered_json::array();
    for (const Fix& fix : d.fixes) {
      if (fix.safety != FixSafety::safe) continue;
      std::map<std::string, ordered_json> by_file;
      for (const Edit& e : fix.edits) {
        ordered_json replacement{{"deletedRegion", region_json(sarif_region(files, e.span))},
                                 {"insertedContent", {{"text", e.replacement}}}};
        by_file[report_path(report, e.span.file)].push_back(std::move(replacement));
      }
      ordered_json changes = ordered_json::array();
      for (auto& [changed, replacements] : by_file)
        changes.push_back({{"artifactLocation", artifact_location(changed)}, {"replacements", std::move(replacements)}});
      fixes.push_back({{"description", {{"text", fix.description}}}, {"artifactChanges", std::move(changes)}});
    }
    if (!fixes.empty()) result["fixes"] = std::move(fixes);
    results.push_back(std::move(result));
  }

  ordered_json invocation;
  bool successful = true;
  ordered_json execution = ordered_json::array();
  ordered_json configuration = ordered_json::array();
  for (const ToolNotification& n : report.notifications) {
    if (n.level == Severity::error) successful = false;
    ordered_json notification{{"level", sarif_level(n.level)},
                              {"message", {{"text", n.path.empty() ? n.message : n.path + ": " + n.message}}}};
    if (!n.path.empty() && n.path.front() != '<') {
      notification["locations"] = ordered_json::array(
          {{{"physicalLocation", {{"artifactLocation", artifact_location(root_relative_path(n.path, report.repo_root))}}}}});
    }
    (n.configuration ? configuration : execution).push_back(std::move(notification));
  }
  invocation["executionSuccessful"] = successful;
  if (!execution.empty()) invocation["toolExecutionNotifications"] = std::move(execution);
  if (!configuration.empty()) invocation["toolConfigurationNotifications"] = std::move(configuration);

  ordered_json run;
  run["tool"] = {{"driver",
                  {{"name", "zonelint"},
                   {"semanticVersion", ZONELINT_VERSION},
                   {"version", ZONELINT_VERSION},
                   {"informationUri", project_uri},
                   {"rules", std::move(rules_json)}}}};
  if (!report.sarif_category.empty()) run["automationDetails"] = {{"id", report.sarif_category + "/"}};
  run["invocations"] = ordered_json::array({std::move(invocation)});
  run["originalUriBaseIds"] = {
      {source_root_id, {{"description", {{"text", "The repository root; paths are relative to it (--repo-root)."}}}}}};
  run["columnKind"] = "utf16CodeUnits";
  run["results"] = std::move(results);

  ordered_json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = ordered_json::array({std::move(run)});
  write_json_text(log, out);
}

void write_json_report(const Report& report, std::FILE* out) {
  const SourceSet& files = *report.files;
  std::size_t counts[3] = {0, 0, 0};
  ordered_json findings = ordered_json::array();
  const auto place = [&](const Span& span) {
    const Region r = region_of(files, span);
    return ordered_json{{"path", report_path(report, span.file)}, {"line", r.start_line},
                        {"column", r.start_column},                {"end_line", r.end_line},
                        {"end_column", r.end_column},              {"offset", span.begin},
                        {"end_offset", span.end}};
  };
  for (const Diagnostic& d : report.findings) {
    ++counts[static_cast<int>(d.severity)];
    const Rule* rule = find_rule(d.code);
    ordered_json f{{"code", std::string(d.code)},
                   {"name", rule != nullptr ? std::string(rule->info().slug) : std::string()},
                   {"severity", std::string(to_string(d.severity))},
                   {"message", d.message}};
    if (d.span.valid()) f["location"] = place(d.span);
    else f["location"] = nullptr;
    ordered_json notes = ordered_json::array();
    for (const Note& n : d.notes) {
      ordered_json note{{"message", n.message}};
      note["location"] = n.span.valid() ? place(n.span) : ordered_json(nullptr);
      notes.push_back(std::move(note));
    }
    if (d.span.valid()) {
      for (const Span& from : include_chain(files, d.span.file))
        notes.push_back({{"message", "included from here"}, {"location", place(from)}});
    }
    f["notes"] = std::move(notes);
    ordered_json fixes = ordered_json::array();
    for (const Fix& fix : d.fixes) {
      ordered_json edits = ordered_json::array();
      for (const Edit& e : fix.edits) {
        ordered_json edit = place(e.span);
        edit["replacement"] = e.replacement;
        edits.push_back(std::move(edit));
      }
      fixes.push_back({{"description", fix.description},
                       {"safety", std::string(to_string(fix.safety))},
                       {"edits", std::move(edits)}});
    }
    f["fixes"] = std::move(fixes);
    findings.push_back(std::move(f));
  }
  ordered_json problems = ordered_json::array();
  for (const ToolNotification& n : report.notifications) {
    problems.push_back({{"severity", std::string(to_string(n.level))},
                        {"path", n.path.empty() || n.path.front() == '<' ? n.path : root_relative_path(n.path, report.repo_root)},
                        {"message", n.message},
                        {"kind", n.configuration ? "configuration" : "input"}});
  }
  ordered_json doc{{"version", 1},
                   {"tool", {{"name", "zonelint"}, {"version", ZONELINT_VERSION}}},
                   {"summary",
                    {{"files", report.files_checked},
                     {"errors", counts[2]},
                     {"warnings", counts[1]},
                     {"notes", counts[0]},
                     {"suppressed", report.suppressed}}},
                   {"findings", std::move(findings)},
                   {"problems", std::move(problems)}};
  write_json_text(doc, out);
}

std::string github_escape_data(std::string_view text) {
  // GitHub's escapes for '%', CR and LF; other control characters (an ESC sequence would reach the
  // workflow log, which renders ANSI codes) and invalid UTF-8 are shown as \xNN, as in the text
  // report.
  std::string out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != '\r' && text[i] != '\n') continue;
    for (const char c : terminal_safe(text.substr(start, i - start))) {
      if (c == '%') out += "%25";
      else out.push_back(c);
    }
    if (i < text.size()) out += text[i] == '\r' ? "%0D" : "%0A";
    start = i + 1;
  }
  return out;
}

std::string github_escape_property(std::string_view text) {
  std::string out;
  for (const char c : github_escape_data(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void write_github_report(const Report& report, std::FILE* out) {
  const SourceSet& files = *report.files;
  for (const Diagnostic& d : report.findings) {
    const char* command = d.severity == Severity::error     ? "error"
                          : d.severity == Severity::warning ? "warning"
                                                            : "notice";
    const Rule* rule = find_rule(d.code);
    const std::string title =
        rule != nullptr ? fmt::format("{} {}", d.code, rule->info().slug) : std::string(d.code);
    std::string line;
    if (d.span.valid()) {
      const Region r = region_of(files, d.span);
      line = fmt::format("::{} file={},line={},endLine={}", command,
                         github_escape_property(report_path(report, d.span.file)), r.start_line, r.end_line);
      // Columns only on single-line ranges: GitHub misplaces them otherwise.
      if (r.start_line == r.end_line) line += fmt::format(",col={},endColumn={}", r.start_column, r.end_column);
      line += fmt::format(",title={}::{}\n", github_escape_property(title), github_escape_data(shown_message(d.message)));
    } else {
      line = fmt::format("::{} title={}::{}\n", command, github_escape_property(title), github_escape_data(shown_message(d.message)));
    }
    std::fwrite(line.data(), 1, line.size(), out);
  }
  for (const ToolNotification& n : report.notifications) {
    const std::string line =
        fmt::format("::{} title=zonelint::{}\n", n.level == Severity::error ? "error" : "warning",
                    github_escape_data(n.path.empty() ? n.message : n.path + ": " + n.message));
    std::fwrite(line.data(), 1, line.size(), out);
  }
}

void write_gitlab_report(const Report& report, std::FILE* out) {
  const SourceSet& files = *report.files;
  ordered_json issues = ordered_json::array();
  // GitLab matches issues across pipelines by fingerprint: the rule, the file and the text of
  // the flagged line (not its number), numbered when the same text repeats.
  std::map<std::string, int> seen;
  for (const Diagnostic& d : report.findings) {
    if (!d.span.valid()) continue;
    const Region r = region_of(files, d.span);
    const std::string path = report_path(report, d.span.file);
    // At most 4 KiB of the line (and its length): a 100 MB line is not copied for every finding.
    const std::string_view whole_line = files.file(d.span.file).line_text(r.start_line);
    const std::string line_text = whole_line.size() <= 4096
                                      ? std::string(whole_line)
                                      : fmt::format("{}\x1f{}", whole_line.substr(0, 4096), whole_line.size());
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", d.code, path, line_text, d.message);
    const int n = ++seen[key];
    // FNV-1a 128-bit would be overkill; two 64-bit FNV-1a halves give a stable 32-hex id.
    std::uint64_t h1 = 1469598103934665603ull, h2 = 1099511628211ull ^ 0x9E3779B97F4A7C15ull;
    const std::string material = fmt::format("{}\x1f{}", key, n);
    for (const char c : material) {
      h1 = (h1 ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      h2 = (h2 ^ static_cast<unsigned char>(c)) * 0x100000001B3ull + 0x9E37ull;
    }
    const char* severity = d.severity == Severity::error ? "major" : d.severity == Severity::warning ? "minor" : "info";
    issues.push_back({{"type", "issue"},
                      {"check_name", std::string(d.code)},
                      {"description", fmt::format("{}: {}", d.code, d.message)},
                      {"categories", ordered_json::array({"Bug Risk"})},
                      {"severity", severity},
                      {"fingerprint", fmt::format("{:016x}{:016x}", h1, h2)},
                      {"location",
                       {{"path", path},
                        {"positions",
                         {{"begin", {{"line", r.start_line}, {"column", r.start_column}}},
                          {"end", {{"line", r.end_line}, {"column", r.end_column}}}}}}}});
  }
  write_json_text(issues, out);
}

}  // namespace zonelint
