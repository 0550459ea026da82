// Library behaviour behind the command line: the unified diff of --diff, the suppressions that
// ZONE090 and ZONE091 judge, and run_check's handling of inputs and options.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/check.hpp"
#include "fix/fix.hpp"
#include "lint/engine.hpp"
#include "parse/load.hpp"

namespace zonelint {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(UnifiedDiff, RemovedLinesComeBeforeAddedLines) {
  const std::string before = "a\nb\nc\nd\ne\n";
  const std::string after = "a\nB\nC\nd\ne\n";
  EXPECT_EQ(unified_diff("z", before, after),
            "--- z\n+++ z\n@@ -1,5 +1,5 @@\n a\n-b\n-c\n+B\n+C\n d\n e\n");
}

TEST(UnifiedDiff, OneChangedLineInTheMiddleOfAFile) {
  std::string before;
  for (int i = 1; i <= 10; ++i) before += fmt::format("line {}\n", i);
  std::string after = before;
  after.replace(after.find("line 5\n"), 7, "line 5.\n");
  EXPECT_EQ(unified_diff("z", before, after),
            "--- z\n+++ z\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line 5.\n line 6\n line 7\n line 8\n");
}

TEST(UnifiedDiff, InsertionAndDeletionKeepTheirCounts) {
  EXPECT_EQ(unified_diff("z", "a\nc\n", "a\nb\nc\n"), "--- z\n+++ z\n@@ -1,2 +1,3 @@\n a\n+b\n c\n");
  EXPECT_EQ(unified_diff("z", "a\nb\nc\n", "a\nc\n"), "--- z\n+++ z\n@@ -1,3 +1,2 @@\n a\n-b\n c\n");
  EXPECT_EQ(unified_diff("z", "a", "b"),
            "--- z\n+++ z\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n");
  EXPECT_EQ(unified_diff("z", "same\n", "same\n"), "");
}

std::vector<std::string> lint_text(const std::string& text, std::vector<std::string>* messages = nullptr,
                                   std::size_t* suppressed = nullptr) {
  SourceSet files;
  const FileId id = files.add("t.example.com.zone", text);
  const Zone zone = load_zone(files, id, LoadOptions{});
  const LintResult result = lint(zone, LintOptions{});
  if (suppressed != nullptr) *suppressed = result.suppressed;
  std::vector<std::string> out;
  for (const Diagnostic& d : result.findings) {
    const LineColumn at = files.location(d.span.file, d.span.begin);
    out.push_back(fmt::format("{}:{} {}", at.line, at.column, d.code));
    if (messages != nullptr) messages->push_back(d.message);
  }
  return out;
}

const std::string zone_head =
    "$TTL 300\n"
    "@ SOA ns hostmaster 1 3600 600 86400 60\n"
    "  NS ns\n"
    "ns A 192.0.2.53\n";

TEST(Suppressions, ASuppressionOfZone091ThatSuppressedAFindingIsUsed) {
  std::size_t suppressed = 0;
  EXPECT_THAT(lint_text(zone_head +
                            "; zonelint: disable-file=ZONE091 -- kept on purpose\n"
                            "docs CNAME docs.example.org. ; zonelint: disabel=ZONE003\n",
                        nullptr, &suppressed),
              ElementsAre());
  EXPECT_EQ(suppressed, 1U);
}

TEST(Suppressions, AnUnusedSuppressionOfZone091IsStillReported) {
  std::vector<std::string> messages;
  EXPECT_THAT(lint_text(zone_head + "; zonelint: disable-file=ZONE091\n", &messages), ElementsAre("5:26 ZONE090"));
  EXPECT_THAT(messages, ElementsAre("suppression of ZONE091 is unused: ZONE091 finds nothing in this file; remove it"));
}

TEST(Suppressions, ADirectiveWithoutItsEqualsSignSaysSo) {
  std::vector<std::string> messages;
  EXPECT_THAT(lint_text(zone_head + "www CNAME shop.example.org. ; zonelint: disable ZONE003, SES001 -- why\n"
                                    "; zonelint: disable-file\n",
                        &messages),
              ElementsAre("5:41 ZONE091", "6:13 ZONE091"));
  EXPECT_THAT(messages, ElementsAre("\"=\" is missing after \"disable\"; write \"zonelint: disable=ZONE003, SES001\"",
                                    "\"=\" is missing after \"disable-file\"; write \"zonelint: disable-file=CODE\""));
}

// run_check writes to FILEs; these capture what it writes.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  Captured(const Captured&) = delete;
  Captured& operator=(const Captured&) = delete;
  ~Captured() { std::fclose(file_); }
  std::FILE* get() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file_)) > 0) out.append(buffer, n);
    return out;
  }

 private:
  std::FILE* file_;
};

TEST(RunCheck, ABadOriginIsAUsageError) {
  CheckOptions options;
  options.paths = {std::string(ZONELINT_TEST_DATA) + "/../samples/example.net.zone"};
  options.no_config = true;
  options.origin = "a..b";
  Captured out, err;
  EXPECT_EQ(run_check(options, out.get(), err.get()), exit_code::usage_error);
  EXPECT_EQ(out.text(), "");
  EXPECT_THAT(err.text(), HasSubstr("zonelint: --origin \"a..b\": "));
}

TEST(RunCheck, DiffReportsAMissingPath) {
  CheckOptions options;
  options.paths = {std::string(ZONELINT_TEST_DATA) + "/no/such/file.zone"};
  options.no_config = true;
  options.diff = true;
  Captured out, err;
  EXPECT_EQ(run_check(options, out.get(), err.get()), exit_code::input_error);
  EXPECT_EQ(out.text(), "");
  EXPECT_THAT(err.text(), HasSubstr("file.zone: no such file or folder\n"));
}

TEST(RunCheck, GccReportShowsAMissingPath) {
  CheckOptions options;
  options.paths = {"no-such-file.zone"};
  options.no_config = true;
  options.format = ReportFormat::gcc;
  Captured out, err;
  EXPECT_EQ(run_check(options, out.get(), err.get()), exit_code::input_error);
  EXPECT_EQ(out.text(), "no-such-file.zone: error: no such file or folder\n");
  EXPECT_EQ(err.text(), "No file was checked.\n");
}

}  // namespace
}  // namespace zonelint
