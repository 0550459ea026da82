// The lint engine runs rules on several threads and gives back file pages the rules read; neither
// may change a finding. These tests compare every finding with a plain one-thread run.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "lint/engine.hpp"
#include "parse/load.hpp"

namespace zonelint {
namespace {

namespace fs = std::filesystem;

// A zone with a few thousand findings of many rules, several over the per-rule cap, and
// suppression comments (used and unused) for ZONE090. Larger than the size from which files are
// mapped rather than read, so that page release applies to it.
std::string zone_with_findings() {
  std::string z = "$ORIGIN example.com.\n$TTL 3600\n"
                  "@ IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300\n"
                  "@ IN NS ns1.example.com.\nns1 IN A 192.0.2.53\n";
  for (int i = 0; z.size() < (std::size_t{1} << 20) + 4096; ++i) {
    z += fmt::format("dup{0} IN A 192.0.2.1\ndup{0} IN A 192.0.2.1\n", i);
    z += fmt::format("ttl{0} 300 IN A 192.0.2.2\nttl{0} 600 IN A 192.0.2.3\n", i);
    z += fmt::format("alias{0} IN CNAME host{0}.example.net.\nalias{0} IN TXT \"other data\"\n", i);
    z += fmt::format("mail{0} IN MX 10 alias{0}\n", i);
    z += fmt::format("tok{0}x2345abcdefghijklmnopqrstuv._domainkey IN CNAME "
                     "tok{0}x2345abcdefghijklmnopqrstuv.dkim.amazonses.com\n",
                     i % 10);
    z += fmt::format("_dmarc.sub{0} IN TXT \"v=DMARC1; p=nonsense\"\n", i);
    if (i % 97 == 0) z += fmt::format("keep{0} IN A 192.0.2.4 ; zonelint: disable=ZONE005\n", i);
    if (i % 89 == 0) z += fmt::format("dup{0} IN A 192.0.2.1 ; zonelint: disable=ZONE005\n", i);
    z += "; padding, so that the file is mapped with few records" + std::string(300, '.') + "\n";
  }
  return z;
}

std::string describe(const Diagnostic& d) {
  std::string out = fmt::format("{} {} {}-{} {} | {}", d.code, static_cast<int>(d.severity), d.span.begin, d.span.end,
                                d.context.begin, d.message);
  for (const Note& n : d.notes) out += fmt::format(" [note {}-{} {}]", n.span.begin, n.span.end, n.message);
  for (const Fix& f : d.fixes) {
    out += " [fix " + f.description;
    for (const Edit& e : f.edits) out += fmt::format(" {}-{}:{}", e.span.begin, e.span.end, e.replacement);
    out += "]";
  }
  return out;
}

std::vector<std::string> run(const Zone& zone, unsigned threads, std::size_t release_pages_from,
                             std::size_t* suppressed) {
  LintOptions options;
  options.threads = threads;
  options.release_pages_from = release_pages_from;
  const LintResult result = lint(zone, options);
  *suppressed = result.suppressed;
  std::vector<std::string> out;
  for (const Diagnostic& d : result.findings) out.push_back(describe(d));
  return out;
}

TEST(Engine, ThreadsAndPageReleaseChangeNoFinding) {
  const fs::path path = fs::temp_directory_path() / fmt::format("zonelint-engine-{}.zone", ::getpid());
  {
    std::ofstream out(path, std::ios::binary);
    out << zone_with_findings();
  }
  SourceSet files;
  std::string error;
  const auto file = files.load(path.string(), error);
  fs::remove(path);
  ASSERT_TRUE(file) << error;
  const Zone zone = load_zone(files, *file, LoadOptions{});
  ASSERT_GT(zone.records.size(), 10000u);

  std::size_t suppressed_one = 0;
  const auto one_thread = run(zone, 1, static_cast<std::size_t>(-1), &suppressed_one);
  // Enough findings of enough rules that the comparison means something.
  std::set<std::string> codes;
  for (const std::string& f : one_thread) codes.insert(f.substr(0, f.find(' ')));
  EXPECT_GE(codes.size(), 6u);
  EXPECT_GT(one_thread.size(), 3000u);
  EXPECT_GT(suppressed_one, 0u);

  for (const unsigned threads : {2u, 5u}) {
    std::size_t suppressed = 0;
    EXPECT_EQ(run(zone, threads, 0, &suppressed), one_thread) << threads << " threads";
    EXPECT_EQ(suppressed, suppressed_one) << threads << " threads";
  }
  std::size_t suppressed = 0;
  EXPECT_EQ(run(zone, 1, 0, &suppressed), one_thread) << "one thread, pages released";
}

// More threads than rules with work: the idle ones find the queue empty.
TEST(Engine, AnEmptyZoneOnManyThreadsGivesNoFinding) {
  SourceSet files;
  const FileId file = files.add("empty.zone", std::string("$ORIGIN example.com.\n"));
  const Zone zone = load_zone(files, file, LoadOptions{});
  std::size_t suppressed = 0;
  EXPECT_EQ(run(zone, 4, 0, &suppressed).size(), run(zone, 1, static_cast<std::size_t>(-1), &suppressed).size());
}

}  // namespace
}  // namespace zonelint
