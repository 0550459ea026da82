// Google Benchmark micro-benchmarks for reading zone files: the PEGTL grammar alone (no actions),
// the master-file reader (grammar, names, RDATA) into a sink that keeps nothing, the whole model
// build (load_zone), and the hot helpers one at a time.
//
//   grammar_benchmark [--benchmark_filter=reader] [zone file] [origin]
//
// Without a zone file it reads ZONELINT_BENCH_ZONE, else bench/.cache's 100k-record zone
// (bench/run.sh generates it).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <deque>
#include <iostream>
#include <string>

#include <tao/pegtl.hpp>

#include "bench_zone.hpp"
#include "grammar/master_file.hpp"
#include "model/name.hpp"
#include "model/name_table.hpp"
#include "model/rr_type.hpp"
#include "parse/load.hpp"
#include "parse/master_file_reader.hpp"

namespace {

using namespace zonelint;

struct Input {
  SourceSet files;
  FileId file = 0;
  Name origin;
};

Input& input() {
  static Input i;
  return i;
}

void set_bytes(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}

// The grammar with no actions: the floor under everything the reader does.
void grammar_only(benchmark::State& state) {
  const std::string_view text = input().files.file(input().file).bytes();
  for (auto _ : state) {
    tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf> in(text.data(), text.size(), "");
    benchmark::DoNotOptimize(tao::pegtl::parse<grammar::master_file::file>(in));
  }
  set_bytes(state, text.size());
}

class CountingSink final : public RecordSink {
 public:
  void on_record(const ParsedRecord& r) override { hash_ ^= r.rdata_hash + ++records_; }
  void on_diagnostic(Diagnostic /*d*/) override { ++diagnostics_; }
  std::uint64_t records_ = 0;
  std::uint64_t diagnostics_ = 0;
  std::uint64_t hash_ = 0;
};

// The reader: tokens, owners, TTL, class, type and RDATA to wire form, records streamed out.
void reader(benchmark::State& state) {
  Input& in = input();
  const std::string_view text = in.files.file(in.file).bytes();
  std::uint64_t records = 0;
  for (auto _ : state) {
    std::deque<TextSource> texts;
    texts.emplace_back(in.file, text);
    CountingSink sink;
    ReaderOptions options;
    options.origin = in.origin;
    MasterFileReader r(in.files, texts, sink, options);
    r.read(0);
    records = sink.records_;
    benchmark::DoNotOptimize(sink.hash_);
  }
  set_bytes(state, text.size());
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsIterationInvariantRate);
}

// The reader plus the model: interned names and the record vector, what every command starts with.
void load(benchmark::State& state) {
  Input& in = input();
  LoadOptions options;
  options.origin = in.origin;
  std::size_t records = 0;
  for (auto _ : state) {
    Zone zone = load_zone(in.files, in.file, options);
    records = zone.records.size();
    benchmark::DoNotOptimize(zone.records.data());
  }
  set_bytes(state, in.files.file(in.file).bytes().size());
  state.counters["records/s"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsIterationInvariantRate);
}

void name_from_text_relative(benchmark::State& state) {
  std::string out;
  NameError error;
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(name_from_text("mail.beacon-granite-0", input().origin, out, error));
  }
}

void name_table_intern(benchmark::State& state) {
  // 4096 distinct names, interned again and again: the hash and the probe, no growth.
  std::vector<Name> names;
  for (int i = 0; i < 4096; ++i) {
    Name n;
    NameError error;
    if (parse_name("host-" + std::to_string(i) + ".tenant-" + std::to_string(i % 97), input().origin, n, error))
      names.push_back(n);
  }
  NameTable table;
  for (const Name& n : names) table.intern(n);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(table.intern(names[i++ % names.size()]));
}

void type_from_text_mix(benchmark::State& state) {
  constexpr std::string_view types[] = {"A", "AAAA", "txt", "MX", "CNAME", "NS", "SRV", "TLSA", "HTTPS", "TYPE65280"};
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(type_from_text(types[i++ % std::size(types)]));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  Input& in = input();
  if (const int status = zonelint::bench::load_bench_zone(argc, argv, "grammar_benchmark", in.files, in.file, in.origin))
    return status;
  benchmark::RegisterBenchmark("grammar_only", grammar_only)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("reader", reader)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("load_zone", load)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("name_from_text_relative", name_from_text_relative);
  benchmark::RegisterBenchmark("name_table_intern", name_table_intern);
  benchmark::RegisterBenchmark("type_from_text_mix", type_from_text_mix);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
