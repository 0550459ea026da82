// libFuzzer target: the whole `zonelint check` pipeline on one in-memory input, as the CLI runs
// it: format detection, the reader or importer, every rule, every reporter, then --fix planning
// and applying the edits to the text, and a second check of the fixed text.
//
// The input is named "example.com.zone" (so the origin comes from the file name when the text
// does not set one). $INCLUDE is off: the master-file target covers it. Inputs of odd length are
// checked with an SES identity and delegated name servers configured, so the rules that compare
// against them run too.
//
// Invariants: every finding is positioned inside its file (notes, contexts and fix edits too);
// the text and gcc reports are valid UTF-8 without raw control characters; the JSON, SARIF and
// GitLab reports parse as JSON and hold one entry per finding; the GitHub report is one "::"
// command per line with no raw line break inside; planned edits are sorted, do not overlap and
// apply to exactly the expected length.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "fix/fix.hpp"
#include "fuzz_support.hpp"
#include "lint/engine.hpp"
#include "parse/load.hpp"
#include "report/report.hpp"

using namespace zonelint;

namespace {

std::string render(const Report& report, ReportFormat format, const TextStyle& style) {
  char* buffer = nullptr;
  std::size_t length = 0;
  std::FILE* out = ::open_memstream(&buffer, &length);
  if (out == nullptr) std::abort();
  write_report(report, format, style, out);
  std::fclose(out);
  std::string text(buffer, length);
  std::free(buffer);
  return text;
}

nlohmann::json parsed(const std::string& text, std::string_view format) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    fuzz::fail(__FILE__, __LINE__, "report is JSON", std::string(format) + ": " + e.what());
  }
}

LintOptions lint_options(bool configured) {
  LintOptions options;
  if (configured) {
    SesIdentityData identity;
    identity.source = "fuzz";
    Name domain;
    NameError error;
    if (!parse_name("example.com.", NameView(), domain, error)) std::abort();
    identity.domain = domain;
    identity.dkim_tokens = {"br6qmw4wxfogo6mvn6a6wfhym6l3vfz5", "xg2kvqsf3t2gr4lqqi6vxlukzprtvu6m",
                            "4q3bpr7iwr2ycvn3y5amsyamnq7xx3hd"};
    identity.verification_token = "pmBGN/7MjnfhTKUZ06Enqq1PeGUaOkw8lGhcfwefcHU=";
    identity.mail_from_domain = Name();
    if (!parse_name("mail.example.com.", NameView(), *identity.mail_from_domain, error)) std::abort();
    options.rule_options.ses_identities.push_back(std::move(identity));
    Name ns;
    if (!parse_name("ns-1.awsdns-01.org.", NameView(), ns, error)) std::abort();
    options.rule_options.delegated_ns.push_back(ns);
  }
  return options;
}

// Reads and lints `bytes`; returns the report (files owned by the caller).
Report check(SourceSet& files, std::string bytes, const LintOptions& options) {
  const FileId file = files.add("example.com.zone", std::move(bytes));
  LoadOptions load;
  load.allow_include = false;
  const Zone zone = load_zone(files, file, load);
  LintResult result = lint(zone, options);
  Report report;
  report.files = &files;
  report.findings = std::move(result.findings);
  report.suppressed = result.suppressed;
  report.files_checked = 1;
  report.repo_root = "/nonexistent-repo";
  report.selection = &options.selection;
  return report;
}

void check_reports(const Report& report) {
  const SourceSet& files = *report.files;
  std::map<std::pair<std::string_view, FileId>, std::size_t> per_rule;
  for (const Diagnostic& d : report.findings) {
    fuzz::check_diagnostic(files, d);
    const std::size_t seen = ++per_rule[std::make_pair(d.code, d.span.file)];
    FUZZ_CHECK(seen <= LintOptions().max_findings_per_rule + 1, "more findings of one rule in one file than the cap");
  }

  TextStyle style;
  style.color = false;
  style.show_source = true;
  fuzz::check_terminal_safe(render(report, ReportFormat::text, style), "text report");
  fuzz::check_terminal_safe(render(report, ReportFormat::gcc, style), "gcc report");

  const nlohmann::json json = parsed(render(report, ReportFormat::json, style), "json");
  FUZZ_CHECK(json.at("findings").size() == report.findings.size(), "json report: findings");
  const nlohmann::json sarif = parsed(render(report, ReportFormat::sarif, style), "sarif");
  FUZZ_CHECK(sarif.at("runs").at(0).at("results").size() == report.findings.size(), "sarif report: results");
  for (const nlohmann::json& result : sarif.at("runs").at(0).at("results")) {
    const nlohmann::json& region = result.at("locations").at(0).at("physicalLocation").at("region");
    FUZZ_CHECK(region.at("startLine").get<int>() >= 1 && region.at("startColumn").get<int>() >= 1, "sarif region");
  }
  const nlohmann::json gitlab = parsed(render(report, ReportFormat::gitlab, style), "gitlab");
  FUZZ_CHECK(gitlab.size() == report.findings.size(), "gitlab report: issues");

  const std::string github = render(report, ReportFormat::github, style);
  std::size_t lines = 0;
  for (std::size_t at = 0; at < github.size();) {
    const std::size_t end = github.find('\n', at);
    FUZZ_CHECK(end != std::string::npos, "github report: last line not terminated");
    const std::string_view line(github.data() + at, end - at);
    FUZZ_CHECK(line.starts_with("::"), "github report: a line that is not a workflow command");
    FUZZ_CHECK(line.find('\r') == std::string_view::npos, "github report: raw carriage return");
    ++lines;
    at = end + 1;
  }
  FUZZ_CHECK(lines == report.findings.size() + report.notifications.size(), "github report: one line per finding");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const LintOptions options = lint_options(size % 2 == 1);
  SourceSet files;
  const Report report = check(files, std::string(reinterpret_cast<const char*>(data), size), options);
  check_reports(report);

  // --fix and --unsafe-fixes: plan, check the plan, apply to the in-memory text.
  for (const bool unsafe : {false, true}) {
    const FixPlan plan = plan_fixes(report.findings, unsafe);
    for (const auto& [file, edits] : plan.edits) {
      FUZZ_CHECK(file < files.size(), "fix in an unknown file");
      const std::string_view original = files.file(file).bytes();
      std::size_t expected = original.size();
      std::uint32_t at = 0;
      for (const Edit& e : edits) {
        fuzz::check_span(files, e.span, "planned edit");
        FUZZ_CHECK(e.span.begin >= at, "planned edits overlap or are out of order");
        at = e.span.end;
        expected = expected - e.span.size() + e.replacement.size();
      }
      const std::string fixed = apply_edits(original, edits);
      FUZZ_CHECK(fixed.size() == expected, "applying the plan gave an unexpected length");
      if (unsafe || fixed.size() > (1u << 20)) continue;
      // The fixed text is checked again, as `--fix` reports what is left.
      SourceSet again;
      const Report after = check(again, fixed, options);
      check_reports(after);
    }
  }
  return 0;
}
