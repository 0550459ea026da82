// The provider exports in samples/ and tests/import/good/, linted with every rule as
// `zonelint check FILE` does (format detected, apex found by the importer): the good ones give no
// finding at all, the bad ones exactly the findings of their planted mistakes.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "lint/engine.hpp"
#include "parse/load.hpp"

namespace zonelint {
namespace {

namespace fs = std::filesystem;

const fs::path samples = fs::path(ZONELINT_TEST_DATA) / ".." / "samples";

bool is_provider_sample(const fs::path& p) {
  const std::string name = p.filename().string();
  for (const char* prefix : {"route53-", "cloudflare-", "gcloud-", "azure-", "terraform-"})
    if (name.starts_with(prefix)) return true;
  return false;
}

std::vector<std::string> lint_file(const fs::path& path, std::string* detail = nullptr) {
  SourceSet files;
  std::string error;
  const auto id = files.load(path.string(), error);
  EXPECT_TRUE(id) << path << ": " << error;
  if (!id) return {};
  const Zone zone = load_zone(files, *id, LoadOptions{});
  const LintResult result = lint(zone, LintOptions{});
  std::vector<std::string> out;
  for (const Diagnostic& d : result.findings) {
    const LineColumn at = files.location(d.span.file, d.span.begin);
    out.push_back(fmt::format("{}:{} {}", at.line, at.column, d.code));
    if (detail != nullptr) *detail += fmt::format("  {}:{} {} {}\n", at.line, at.column, d.code, d.message);
  }
  return out;
}

TEST(ProviderSamples, GoodExportsOfEveryFormatGiveNoFinding) {
  std::vector<fs::path> good;
  for (const auto& e : fs::directory_iterator(samples))
    if (is_provider_sample(e.path()) && e.path().filename().string().find(".good.") != std::string::npos)
      good.push_back(e.path());
  for (const auto& e : fs::directory_iterator(fs::path(ZONELINT_TEST_DATA) / "import" / "good")) good.push_back(e.path());
  std::sort(good.begin(), good.end());
  std::set<InputFormat> formats;
  for (const fs::path& p : good) {
    SourceSet files;
    std::string error;
    const auto id = files.load(p.string(), error);
    ASSERT_TRUE(id) << error;
    const Zone zone = load_zone(files, *id, LoadOptions{});
    formats.insert(zone.format);
    EXPECT_FALSE(zone.records.empty()) << p;
    std::string detail;
    EXPECT_THAT(lint_file(p, &detail), ::testing::IsEmpty()) << p << "\n" << detail;
  }
  // One good export of each of the nine provider formats.
  EXPECT_EQ(formats.size(), 9u);
  EXPECT_FALSE(formats.contains(InputFormat::master_file));
}

// Each planted mistake gives its finding at its token, and only that one (the MAIL FROM SPF
// record split into strings is SES015's alone: it still includes amazonses.com, so no SES014).
TEST(ProviderSamples, BadExportsGiveTheirFindings) {
  std::string detail;
  // A change batch: the apex typed twice, the dot before _domainkey dropped, a space pasted
  // before a target, the MAIL FROM SPF record unquoted.
  EXPECT_THAT(lint_file(samples / "route53-example.com.bad.json", &detail),
              ::testing::ElementsAre("7:82 SES002", "20:26 SES006", "38:35 SES003", "64:35 SES015"))
      << detail;
  detail.clear();
  // API records: a 31-character token, a proxied DKIM CNAME, DKIM published as TXT, an SPF
  // record split without a space.
  EXPECT_THAT(lint_file(samples / "cloudflare-example.com.bad.json", &detail),
              ::testing::ElementsAre("20:16 SES004", "35:16 SES010", "51:16 SES009", "98:54 SES015"))
      << detail;
  detail.clear();
  // An unquoted SPF record, a name without its trailing dot (the apex twice once the origin is
  // appended), a DKIM target without its trailing dot (the Cloud DNS API refuses it), a no-break
  // space after a target.
  EXPECT_THAT(lint_file(samples / "gcloud-example.com.bad.yaml", &detail),
              ::testing::ElementsAre("30:3 SES015", "35:51 SES002", "44:3 SES001", "51:56 SES003"))
      << detail;
  detail.clear();
  // A zone export: a target without its trailing dot, the dot before _domainkey dropped, DKIM
  // published as TXT.
  EXPECT_THAT(lint_file(samples / "azure-example.com.bad.txt", &detail),
              ::testing::ElementsAre("23:59 SES001", "25:1 SES006", "27:53 SES009"))
      << detail;
  detail.clear();
  // terraform show -json: the SPF value in quotes of its own (the provider adds them), the apex
  // typed twice, a DKIM target missing a character, a zero-width space after a target.
  EXPECT_THAT(lint_file(samples / "terraform-example.com.bad.json", &detail),
              ::testing::ElementsAre("54:16 ZONE000", "73:78 SES002", "96:20 SES005", "117:67 SES003"))
      << detail;
}

}  // namespace
}  // namespace zonelint
