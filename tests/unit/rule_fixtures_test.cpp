// Runs every fixture under tests/rules/<CODE>/. A fixture named bad-*.<ext> comes with
// bad-*.<ext>.expected listing each finding as "LINE:COL CODE [message fragment]"; a fixture
// named good-*.<ext> must give no finding of the rule. Options for a fixture come from a sidecar
// <fixture>.args file, or from a first line "; zonelint-test: ARGS" in zone files; the default is
// "--origin example.com". Supported args: --origin, --ses-identity, --delegated-ns, --input-format.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "app/check.hpp"
#include "lint/engine.hpp"
#include "lint/registry.hpp"
#include "parse/load.hpp"

namespace zonelint {
namespace {

namespace fs = std::filesystem;

const fs::path rules_dir = fs::path(ZONELINT_TEST_DATA) / "rules";

struct Fixture {
  std::string code;
  fs::path path;
  bool bad;
};

std::vector<Fixture> discover() {
  std::vector<Fixture> out;
  std::error_code ec;
  if (!fs::is_directory(rules_dir, ec)) return out;
  for (const auto& dir : fs::directory_iterator(rules_dir)) {
    if (!dir.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      const std::string ext = f.path().extension().string();
      if (ext == ".expected" || ext == ".args" || ext == ".fixed" || ext == ".md") continue;
      if (f.is_directory()) continue;
      if (name.starts_with("bad-")) out.push_back({dir.path().filename().string(), f.path(), true});
      else if (name.starts_with("good-")) out.push_back({dir.path().filename().string(), f.path(), false});
    }
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) { return a.path < b.path; });
  return out;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> fixture_args(const fs::path& fixture, const std::string& contents) {
  std::string line;
  const fs::path sidecar = fixture.string() + ".args";
  if (fs::exists(sidecar)) {
    line = read_file(sidecar);
  } else if (contents.starts_with("; zonelint-test:")) {
    line = contents.substr(16, contents.find('\n') - 16);
  }
  std::vector<std::string> args;
  std::istringstream words(line);
  for (std::string w; words >> w;) args.push_back(w);
  return args;
}

// The names --input-format takes: InputFormat's to_string() names.
std::optional<InputFormat> format_named(std::string_view name) {
  for (int f = 0; f <= static_cast<int>(InputFormat::terraform_json); ++f)
    if (to_string(static_cast<InputFormat>(f)) == name) return static_cast<InputFormat>(f);
  return std::nullopt;
}

class RuleFixture : public ::testing::TestWithParam<Fixture> {};

TEST_P(RuleFixture, FindingsMatch) {
  const Fixture& fx = GetParam();
  const Rule* rule = find_rule(fx.code);
  ASSERT_NE(rule, nullptr) << fx.code << " has fixtures but no rule";
  SourceSet files;
  std::string error;
  const auto file = files.load(fx.path.string(), error);
  ASSERT_TRUE(file) << error;
  const std::string contents(files.file(*file).bytes());

  LoadOptions load;
  load.origin = Name();
  std::string origin = "example.com";
  std::vector<std::string> identities, delegated;
  const auto args = fixture_args(fx.path, contents);
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    const std::string& key = args[i];
    std::string value = args[i + 1];
    if (key == "--origin") origin = value;
    else if (key == "--ses-identity") identities.push_back(value.find('/') == std::string::npos && value.ends_with(".json")
                                                               ? (fx.path.parent_path() / value).string()
                                                               : value);
    else if (key == "--delegated-ns") delegated.push_back(value);
    else if (key == "--input-format" && format_named(value)) load.format = format_named(value);
    else FAIL() << "unknown fixture argument " << key << " " << value;
  }
  NameError name_error;
  Name origin_name;
  ASSERT_TRUE(parse_name(origin + (origin.ends_with('.') ? "" : "."), NameView(), origin_name, name_error));
  load.origin = origin_name;
  load.include_root = fx.path.parent_path().string();
  const Zone zone = load_zone(files, *file, load);

  LintOptions options;
  ASSERT_FALSE(options.selection.select(fx.code));
  if (fx.code != "ZONE000") {
    ASSERT_FALSE(options.selection.select("ZONE000"));
  }
  ASSERT_TRUE(build_rule_options(identities, delegated, options.rule_options, error)) << error;
  const LintResult result = lint(zone, options);

  std::vector<std::string> actual;
  std::string detail;
  for (const Diagnostic& d : result.findings) {
    const LineColumn at = files.location(d.span.file, d.span.begin);
    actual.push_back(fmt::format("{}:{} {}", at.line, at.column, d.code));
    detail += fmt::format("  {}:{} {} {}\n", at.line, at.column, d.code, d.message);
  }
  if (!fx.bad) {
    EXPECT_TRUE(actual.empty()) << fx.path << " should give no findings, got:\n" << detail;
    return;
  }
  const fs::path expected_path = fx.path.string() + ".expected";
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path;
  std::vector<std::string> expected;
  std::vector<std::string> fragments;
  std::istringstream lines(read_file(expected_path));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line.starts_with("#")) continue;
    std::istringstream words(line);
    std::string position, code;
    words >> position >> code;
    std::string fragment;
    std::getline(words, fragment);
    fragment.erase(0, fragment.find_first_not_of(' '));
    expected.push_back(position + " " + code);
    fragments.push_back(fragment);
  }
  ASSERT_FALSE(expected.empty()) << expected_path << " lists no finding";
  EXPECT_EQ(actual, expected) << fx.path << " findings:\n" << detail;
  if (actual == expected) {
    for (std::size_t i = 0; i < fragments.size(); ++i) {
      if (!fragments[i].empty()) {
        EXPECT_NE(result.findings[i].message.find(fragments[i]), std::string::npos)
            << fx.path << ": finding " << expected[i] << " message \"" << result.findings[i].message
            << "\" lacks \"" << fragments[i] << "\"";
      }
    }
  }
}

std::string fixture_name(const ::testing::TestParamInfo<Fixture>& info) {
  std::string name = info.param.code + "_" + info.param.path.filename().string();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixture, ::testing::ValuesIn(discover()), fixture_name);

}  // namespace
}  // namespace zonelint
