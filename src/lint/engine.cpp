#include "lint/engine.hpp"

#include <algorithm>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "core/threads.hpp"
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

namespace {

// Threads for the rules: one for a small zone (starting threads would cost more than they save),
// else one per CPU, at most four (the rules are few and some wait for a shared analysis).
unsigned rule_threads(const Zone& zone, unsigned requested) {
  if (requested != 0) return requested;
  constexpr std::size_t records_worth_threads = 50000;
  if (zone.records.size() < records_worth_threads) return 1;
  return default_thread_count();
}

// What the rule threads do: the shared analyses the rules declare (Rule::declare), then the
// rules. The first thread takes work from the front, the others from the back: the SES rules at
// the front share the SES analysis, which the first thread computes while the others compute
// those of the zone rules at the back. A rule whose analyses are not all computed yet waits its
// turn while another rule is ready.
class WorkQueue {
 public:
  struct Work {
    const Rule* rule = nullptr;                       // a rule to run, or
    const AnalysisNeeds::Need* analysis = nullptr;    // an analysis to compute
    std::size_t analysis_index = 0;
  };

  explicit WorkQueue(const std::vector<const Rule*>& rules) {
    for (const Rule* rule : rules) {
      AnalysisNeeds declared;
      rule->declare(declared);
      Job& job = jobs_.emplace_back(Job{rule, {}, false});
      for (const AnalysisNeeds::Need& need : declared.needs()) {
        const auto known = std::find_if(analyses_.begin(), analyses_.end(),
                                        [&](const Analysis& a) { return a.need.type == need.type; });
        job.needs.push_back(static_cast<std::size_t>(known - analyses_.begin()));
        if (known == analyses_.end()) analyses_.push_back(Analysis{need, false, false});
      }
    }
  }

  // The next work for a thread; nullopt when nothing is left.
  std::optional<Work> next(bool from_front) {
    const std::lock_guard lock(mutex_);
    if (stopped_) return std::nullopt;
    if (const auto a = pick(analyses_, from_front, [](const Analysis&) { return true; })) {
      analyses_[*a].taken = true;
      return Work{nullptr, &analyses_[*a].need, *a};
    }
    const auto ready = [&](const Job& job) {
      return std::all_of(job.needs.begin(), job.needs.end(), [&](std::size_t a) { return analyses_[a].computed; });
    };
    auto j = pick(jobs_, from_front, ready);
    if (!j) j = pick(jobs_, from_front, [](const Job&) { return true; });
    if (!j) return std::nullopt;
    jobs_[*j].taken = true;
    return Work{jobs_[*j].rule, nullptr, 0};
  }
  void computed(std::size_t analysis) {
    const std::lock_guard lock(mutex_);
    analyses_[analysis].computed = true;
  }
  // After a failure: nothing more is handed out.
  void stop() {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
  }

 private:
  struct Analysis {
    AnalysisNeeds::Need need;
    bool taken;
    bool computed;
  };
  struct Job {
    const Rule* rule;
    std::vector<std::size_t> needs;  // indices into analyses_
    bool taken;
  };
  // The first item not taken that satisfies `ok`, from the front or from the back.
  template <typename Item, typename Ok>
  static std::optional<std::size_t> pick(const std::vector<Item>& items, bool from_front, Ok ok) {
    for (std::size_t k = 0; k < items.size(); ++k) {
      const std::size_t i = from_front ? k : items.size() - 1 - k;
      if (!items[i].taken && ok(items[i])) return i;
    }
    return std::nullopt;
  }

  std::mutex mutex_;
  std::vector<Analysis> analyses_;
  std::vector<Job> jobs_;
  bool stopped_ = false;
};

}  // namespace

LintResult lint(const Zone& zone, const LintOptions& options) {
  LintContext context(zone, options.rule_options, options.release_pages_from);
  LintResult result;
  SuppressionState state;
  std::vector<const Rule*> early;
  std::vector<const Rule*> late;
  Suppressions suppressions = options.inline_suppressions ? Suppressions::collect(zone) : Suppressions{};
  // Per rule and file: findings kept, and the first one left out with the number left out.
  std::map<std::pair<std::string_view, FileId>, std::size_t> kept;
  std::map<std::pair<std::string_view, FileId>, std::pair<Span, std::size_t>> left_out;
  std::mutex keep_mutex;
  // Called with one rule's findings at a time. The result does not depend on the order in which
  // rules finish: caps count per rule, a suppression is marked used by each finding it covers
  // whatever came before, and the findings are sorted at the end.
  const auto keep_all = [&](std::vector<Diagnostic>& raw) {
    const std::lock_guard lock(keep_mutex);
    for (Diagnostic& d : raw) {
      if (const Rule* rule = find_rule(d.code)) {
        if (const auto severity = options.selection.severity_override(rule->info())) d.severity = *severity;
      }
      if (options.inline_suppressions && suppressions.covers(d, zone.files())) {
        ++result.suppressed;
        continue;
      }
      if (options.max_findings_per_rule != 0 && ++kept[{d.code, d.span.file}] > options.max_findings_per_rule) {
        auto& [span, count] = left_out[{d.code, d.span.file}];
        if (count++ == 0) span = d.span;
        continue;
      }
      result.findings.push_back(std::move(d));
    }
    raw.clear();
  };
  const auto run = [&](const Rule& rule, std::vector<Diagnostic>& raw) {
    Findings findings(rule.info(), context, raw);
    rule.check(context, findings);
    context.release_read_pages();
    // Rule by rule, so that only one rule's findings per thread are held before the cap applies.
    keep_all(raw);
  };
  for (const Rule* rule : all_rules()) {
    const RuleInfo& info = rule->info();
    if (!options.selection.enabled(info)) continue;
    state.rules_run.push_back(info.code);
    (rule->runs_after_suppressions() ? late : early).push_back(rule);
  }

  WorkQueue queue(early);
  std::mutex failure_mutex;
  std::exception_ptr failure;  // the first exception a rule threw; the others stop taking rules
  const auto worker = [&](bool from_front) {
    std::vector<Diagnostic> raw;
    try {
      while (const auto work = queue.next(from_front)) {
        if (work->rule != nullptr) {
          run(*work->rule, raw);
        } else {
          work->analysis->compute(context);
          context.release_read_pages();
          queue.computed(work->analysis_index);
        }
      }
    } catch (...) {
      const std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      queue.stop();
    }
  };
  const auto threads = static_cast<unsigned>(
      std::min<std::size_t>(rule_threads(zone, options.threads), std::max<std::size_t>(early.size(), 1)));
  {
    std::vector<std::jthread> helpers;
    for (unsigned t = 1; t < threads; ++t) {
      try {
        helpers.emplace_back(worker, false);
      } catch (const std::system_error&) {
        break;  // no more threads to be had (a process limit): the running ones do the rest
      }
    }
    worker(true);
  }  // joins the helpers
  if (failure) std::rethrow_exception(failure);

  std::vector<Diagnostic> raw;
  state.suppressions = &suppressions;
  context.set_suppression_state(std::move(state));
  // ZONE090 judges which suppressions were used, so it runs last, after the findings of the other
  // late rules (ZONE091) have been matched against the suppressions.
  std::stable_partition(late.begin(), late.end(),
                        [](const Rule* rule) { return rule->info().code != std::string_view("ZONE090"); });
  for (const Rule* rule : late) run(*rule, raw);
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
