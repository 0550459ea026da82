#include "lint/engine.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "lint/registry.hpp"
#include "lint/suppression.hpp"

namespace zonelint {

Diagnostic& Findings::add(Span span, std::string message, const Record* record) {
  Diagnostic& d = out_.emplace_back();
  d.code = rule_.code;
  d.severity = rule_.default_severity;
  d.span = span;
  d.message = std::move(message);
  if (record != nullptr) d.context = context_.entry_span(*record);
  return d;
}

void Findings::fix(Diagnostic& d, std::string description, std::vector<Edit> edits) const {
  d.fixes.push_back(Fix{std::move(description), rule_.fix, std::move(edits)});
}

void sort_findings(std::vector<Diagnostic>& findings, const SourceSet& files) {
  std::stable_sort(findings.begin(), findings.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) {
      if (!a.span.valid() || !b.span.valid()) return a.span.valid() < b.span.valid();
      const std::string& pa = files.file(a.span.file).path();
      const std::string& pb = files.file(b.span.file).path();
      if (pa != pb) return pa < pb;
      return a.span.file < b.span.file;
    }
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    if (a.code != b.code) return a.code < b.code;
    if (a.span.end != b.span.end) return a.span.end < b.span.end;
    return a.message < b.message;
  });
}

LintResult lint(const Zone& zone, const LintOptions& options) {
  LintContext context(zone, options.rule_options);
  LintResult result;
  std::vector<Diagnostic> raw;
  SuppressionState state;
  std::vector<const Rule*> late;
  Suppressions suppressions = options.inline_suppressions ? Suppressions::collect(zone) : Suppressions{};
  // Per rule and file: findings kept, and the first one left out with the number left out.
  std::map<std::pair<std::string_view, FileId>, std::size_t> kept;
  std::map<std::pair<std::string_view, FileId>, std::pair<Span, std::size_t>> left_out;
  const auto keep = [&](Diagnostic& d) {
    if (const Rule* rule = find_rule(d.code)) {
      if (const auto severity = options.selection.severity_override(rule->info())) d.severity = *severity;
    }
    if (options.inline_suppressions && suppressions.covers(d, zone.files())) {
      ++result.suppressed;
      return;
    }
    if (options.max_findings_per_rule != 0 && ++kept[{d.code, d.span.file}] > options.max_findings_per_rule) {
      auto& [span, count] = left_out[{d.code, d.span.file}];
      if (count++ == 0) span = d.span;
      return;
    }
    result.findings.push_back(std::move(d));
  };
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    if (!options.selection.enabled(info)) continue;
    state.rules_run.push_back(info.code);
    if (rule->runs_after_suppressions()) {
      late.push_back(rule);
      continue;
    }
    Findings findings(info, context, raw);
    rule->check(context, findings);
    // Rule by rule, so that only one rule's findings are held before the cap applies.
    for (Diagnostic& d : raw) keep(d);
    raw.clear();
  }

  state.suppressions = &suppressions;
  context.set_suppression_state(std::move(state));
  // ZONE090 judges which suppressions were used, so it runs last, after the findings of the other
  // late rules (ZONE091) have been matched against the suppressions.
  std::stable_partition(late.begin(), late.end(),
                        [](const Rule* rule) { return rule->info().code != std::string_view("ZONE090"); });
  for (const Rule* rule : late) {
    Findings findings(rule->info(), context, raw);
    rule->check(context, findings);
    for (Diagnostic& d : raw) keep(d);
    raw.clear();
  }
  for (const auto& [key, dropped] : left_out) {
    Diagnostic& d = result.findings.emplace_back();
    d.code = key.first;
    d.severity = Severity::note;
    d.span = dropped.first;
    d.context = dropped.first;
    d.message = fmt::format("{} more {} finding{} in this file are not shown (the first is here): zonelint "
                            "reports at most {} per rule and file; fix these and run it again",
                            dropped.second, key.first, dropped.second == 1 ? "" : "s", options.max_findings_per_rule);
  }
  sort_findings(result.findings, zone.files());
  return result;
}

}  // namespace zonelint
