#include "app/rule_docs.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "lint/registry.hpp"

namespace zonelint {

std::string rule_help_uri(const RuleInfo& rule) {
  return fmt::format("{}/blob/main/docs/rules/{}.md", project_uri, rule.code);
}

std::string rule_markdown(const RuleInfo& rule) {
  std::string out = fmt::format("# {} {}\n\n{}.\n\n", rule.code, rule.slug, rule.summary);
  out += "| | |\n|---|---|\n";
  out += fmt::format("| Code | `{}` |\n", rule.code);
  out += fmt::format("| Name | `{}` |\n", rule.slug);
  out += fmt::format("| Default severity | {} |\n", to_string(rule.default_severity));
  out += fmt::format("| Fix | {} |\n", to_string(rule.fix));
  out += fmt::format("| Tags | {} |\n\n", rule.tags);
  out += rule.documentation;
  if (!out.ends_with('\n')) out += '\n';
  return out;
}

bool print_rules(const std::string& code, std::FILE* out, std::FILE* err) {
  if (code.empty()) {
    for (const Rule* rule : all_rules()) {
      const RuleInfo& i = rule->info();
      fmt::print(out, "{:<8} {:<30} {:<8} {}\n", i.code, i.slug, to_string(i.default_severity), i.summary);
    }
    return true;
  }
  const Rule* rule = find_rule(code);
  if (rule == nullptr) {
    fmt::print(err, "zonelint: \"{}\" is not a rule code or name; `zonelint rules` lists them\n", code);
    return false;
  }
  fmt::print(out, "{}", rule_markdown(rule->info()));
  return true;
}

bool write_rule_docs(const std::string& directory, std::FILE* err) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  for (const Rule* rule : all_rules()) {
    const auto path = std::filesystem::path(directory) / fmt::format("{}.md", rule->info().code);
    std::ofstream file(path, std::ios::binary);
    file << rule_markdown(rule->info());
    if (!file) {
      fmt::print(err, "zonelint: cannot write {}\n", path.string());
      return false;
    }
  }
  return true;
}

}  // namespace zonelint
