// The rule catalogue's invariants: codes sorted and unique, complete documentation, fixtures for
// every rule, and checked-in docs/rules pages that match the rules' own text.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/rule_docs.hpp"
#include "lint/registry.hpp"

namespace zonelint {
namespace {

namespace fs = std::filesystem;

const fs::path tests_dir(ZONELINT_TEST_DATA);
const fs::path docs_dir = tests_dir.parent_path() / "docs" / "rules";

TEST(Registry, CodesAreSortedAndUnique) {
  const auto rules = all_rules();
  ASSERT_FALSE(rules.empty());
  std::set<std::string_view> slugs;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const RuleInfo& r = rules[i]->info();
    EXPECT_TRUE(std::regex_match(std::string(r.code), std::regex("(SES|ZONE)[0-9]{3}"))) << r.code;
    EXPECT_TRUE(std::regex_match(std::string(r.slug), std::regex("[a-z0-9]+(-[a-z0-9]+)*"))) << r.slug;
    EXPECT_TRUE(slugs.insert(r.slug).second) << "duplicate slug " << r.slug;
    if (i > 0) {
      EXPECT_LT(rules[i - 1]->info().code, r.code) << "registry not sorted or duplicated at " << r.code;
    }
    EXPECT_EQ(find_rule(r.code), rules[i]);
    EXPECT_EQ(find_rule(r.slug), rules[i]);
  }
}

TEST(Registry, EveryRuleIsDocumented) {
  for (const Rule* rule : all_rules()) {
    const RuleInfo& r = rule->info();
    EXPECT_FALSE(r.summary.empty()) << r.code;
    EXPECT_FALSE(r.summary.ends_with(".")) << r.code << ": summary ends with a period";
    EXPECT_FALSE(r.tags.empty()) << r.code;
    std::size_t last = 0;
    for (const char* section : {"## What it does", "## Why is this bad", "## Example", "## Use instead",
                                "## Fix safety", "## References"}) {
      const std::size_t at = r.documentation.find(section);
      EXPECT_NE(at, std::string_view::npos) << r.code << " lacks \"" << section << "\"";
      if (at != std::string_view::npos) {
        EXPECT_GE(at, last) << r.code << ": \"" << section << "\" out of order";
        last = at;
      }
    }
  }
}

TEST(Registry, EveryRuleHasBadAndGoodFixtures) {
  for (const Rule* rule : all_rules()) {
    const std::string code(rule->info().code);
    const fs::path dir = tests_dir / "rules" / code;
    bool bad = false, good = false;
    if (fs::is_directory(dir)) {
      for (const auto& f : fs::directory_iterator(dir)) {
        const std::string name = f.path().filename().string();
        if (name.starts_with("bad-") && !name.ends_with(".expected") && !name.ends_with(".args") &&
            !name.ends_with(".fixed"))
          bad = true;
        if (name.starts_with("good-") && !name.ends_with(".args")) good = true;
      }
    }
    EXPECT_TRUE(bad) << code << " has no tests/rules/" << code << "/bad-* fixture";
    EXPECT_TRUE(good) << code << " has no tests/rules/" << code << "/good-* fixture";
  }
}

TEST(Registry, CheckedInDocsMatchTheRules) {
  std::set<std::string> expected_files;
  for (const Rule* rule : all_rules()) {
    const std::string code(rule->info().code);
    expected_files.insert(code + ".md");
    const fs::path page = docs_dir / (code + ".md");
    std::ifstream in(page, std::ios::binary);
    ASSERT_TRUE(in) << page << " is missing; run: zonelint rules --write-docs docs/rules";
    std::ostringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str(), rule_markdown(rule->info()))
        << page << " differs from the rule's text; run: zonelint rules --write-docs docs/rules";
  }
  for (const auto& f : fs::directory_iterator(docs_dir)) {
    const std::string name = f.path().filename().string();
    if (name.ends_with(".md") && name != "README.md") {
      EXPECT_TRUE(expected_files.count(name)) << f.path() << " documents no rule";
    }
  }
}

}  // namespace
}  // namespace zonelint
