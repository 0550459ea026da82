// Google Benchmark micro-benchmarks for the lint rules: the zone is read once, then every rule
// runs alone on a fresh LintContext (so each pays for the shared indexes and analyses it uses),
// and all rules together on one context (what `zonelint check` does).
//
//   rules_benchmark [--benchmark_filter=SES0] [zone file] [origin]
//
// Without a zone file it reads ZONELINT_BENCH_ZONE, else bench/.cache's 100k-record zone
// (bench/run.sh generates it).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "bench_zone.hpp"
#include "lint/context.hpp"
#include "lint/registry.hpp"
#include "lint/rule.hpp"
#include "parse/load.hpp"

namespace {

using namespace zonelint;

struct Loaded {
  SourceSet files;
  std::optional<Zone> zone;
};

Loaded& loaded() {
  static Loaded l;
  return l;
}

void run_rules(benchmark::State& state, std::vector<const Rule*> rules) {
  const Zone& zone = *loaded().zone;
  const RuleOptions options;
  std::size_t findings = 0;
  for (auto _ : state) {
    LintContext context(zone, options);
    std::vector<Diagnostic> out;
    for (const Rule* rule : rules) {
      if (rule->runs_after_suppressions()) continue;
      Findings f(rule->info(), context, out);
      rule->check(context, f);
    }
    findings = out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["records/s"] = benchmark::Counter(static_cast<double>(zone.records.size()),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Loaded& l = loaded();
  FileId file = 0;
  Name origin;
  if (const int status = zonelint::bench::load_bench_zone(argc, argv, "rules_benchmark", l.files, file, origin)) return status;
  LoadOptions load;
  load.origin = origin;
  l.zone.emplace(load_zone(l.files, file, load));

  std::vector<const Rule*> every;
  for (const Rule* rule : all_rules()) {
    every.push_back(rule);
    benchmark::RegisterBenchmark(std::string(rule->info().code).c_str(), run_rules, std::vector<const Rule*>{rule})
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("all_rules", run_rules, every)->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
