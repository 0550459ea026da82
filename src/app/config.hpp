#pragma once
// .zonelint.toml: the same settings as the command line, found by walking up from each linted
// file (or given with --config). Example:
//
//   select = ["SES", "ZONE"]
//   ignore = ["ZONE006"]
//   fail-level = "warning"
//   [severity]
//   SES004 = "error"
//   [ses]
//   identities = ["example.com", "aws/identity.json"]
//   delegated-ns = ["ns-1.awsdns-01.org", "ns-2.awsdns-02.net"]

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/severity.hpp"

namespace zonelint {

struct Config {
  std::filesystem::path path;  // the file it came from
  std::optional<std::vector<std::string>> select;
  std::vector<std::string> ignore;
  std::vector<std::pair<std::string, Severity>> severities;
  std::optional<Severity> fail_level;
  std::vector<std::string> ses_identities;  // paths relative to the config file are resolved
  std::vector<std::string> delegated_ns;
};

inline constexpr const char* config_file_name = ".zonelint.toml";

// Parses a config file. On error returns nullopt and sets `error` to "path:line:col: message".
[[nodiscard]] std::optional<Config> load_config(const std::filesystem::path& path, std::string& error);

// The nearest .zonelint.toml in `start` or its parents, if any.
[[nodiscard]] std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

}  // namespace zonelint
