#include "app/config.hpp"

#include <toml++/toml.h>

#include <fmt/format.h>

#include "core/source.hpp"
#include "lint/registry.hpp"
#include "lint/selection.hpp"

namespace zonelint {

namespace {

std::string where(const std::filesystem::path& path, const toml::source_region& r) {
  return fmt::format("{}:{}:{}", path.string(), r.begin.line, r.begin.column);
}

// Reads a string or an array of strings.
bool string_list(const toml::node& node, const std::filesystem::path& path, std::vector<std::string>& out,
                 std::string& error, std::string_view key) {
  if (const auto* s = node.as_string()) {
    out.push_back(s->get());
    return true;
  }
  if (const auto* arr = node.as_array()) {
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr) {
        error = fmt::format("{}: \"{}\" must be a list of strings", where(path, item.source()), key);
        return false;
      }
      out.push_back(s->get());
    }
    return true;
  }
  error = fmt::format("{}: \"{}\" must be a string or a list of strings", where(path, node.source()), key);
  return false;
}

bool known_selector(std::string_view selector) {
  for (const Rule* rule : all_rules())
    if (RuleSelection::matches(selector, rule->info())) return true;
  return false;
}

}  // namespace

std::optional<Config> load_config(const std::filesystem::path& path, std::string& error) {
  // Read here rather than by toml::parse_file, which takes a folder for an empty file and gives
  // a missing file the position 0:0.
  std::string read_error;
  const auto buffer = FileBuffer::load(path.string(), read_error);
  if (!buffer) {
    error = fmt::format("cannot read configuration file {}: {}", path.string(), read_error);
    return std::nullopt;
  }
  toml::table table;
  try {
    table = toml::parse(buffer->bytes(), path.string());
  } catch (const toml::parse_error& e) {
    error = fmt::format("{}:{}:{}: {}", path.string(), e.source().begin.line, e.source().begin.column,
                        e.description());
    return std::nullopt;
  }
  Config config;
  config.path = path;
  const auto check_selectors = [&](const std::vector<std::string>& list, const toml::node& node, std::string_view key) {
    for (const std::string& s : list) {
      if (!known_selector(s)) {
        error = fmt::format("{}: \"{}\" in \"{}\" is not a rule code, prefix or name", where(path, node.source()), s,
                            key);
        return false;
      }
    }
    return true;
  };
  for (const auto& [key, node] : table) {
    const std::string_view k = key.str();
    if (k == "select") {
      std::vector<std::string> list;
      if (!string_list(node, path, list, error, k) || !check_selectors(list, node, k)) return std::nullopt;
      // An empty list would run every rule, the opposite of what it reads as.
      if (list.empty()) {
        error = fmt::format("{}: \"select\" names no rule; list codes, prefixes or names, or leave the key out "
                            "to run every rule",
                            where(path, node.source()));
        return std::nullopt;
      }
      config.select = std::move(list);
    } else if (k == "ignore") {
      if (!string_list(node, path, config.ignore, error, k) || !check_selectors(config.ignore, node, k))
        return std::nullopt;
    } else if (k == "fail-level") {
      const auto* s = node.as_string();
      const auto level = s != nullptr ? severity_from_string(s->get()) : std::nullopt;
      if (!level) {
        error = fmt::format("{}: \"fail-level\" must be \"error\", \"warning\" or \"note\"", where(path, node.source()));
        return std::nullopt;
      }
      config.fail_level = level;
    } else if (k == "severity") {
      const auto* t = node.as_table();
      if (t == nullptr) {
        error = fmt::format("{}: \"severity\" must be a table of CODE = \"level\"", where(path, node.source()));
        return std::nullopt;
      }
      for (const auto& [code, level_node] : *t) {
        const auto* s = level_node.as_string();
        const auto level = s != nullptr ? severity_from_string(s->get()) : std::nullopt;
        if (!level) {
          error = fmt::format("{}: severity of \"{}\" must be \"error\", \"warning\" or \"note\"",
                              where(path, level_node.source()), code.str());
          return std::nullopt;
        }
        if (!known_selector(code.str())) {
          error = fmt::format("{}: \"{}\" is not a rule code, prefix or name", where(path, level_node.source()),
                              code.str());
          return std::nullopt;
        }
        config.severities.emplace_back(std::string(code.str()), *level);
      }
    } else if (k == "ses") {
      const auto* t = node.as_table();
      if (t == nullptr) {
        error = fmt::format("{}: \"ses\" must be a table", where(path, node.source()));
        return std::nullopt;
      }
      for (const auto& [sub, value] : *t) {
        if (sub.str() == "identities") {
          std::vector<std::string> list;
          if (!string_list(value, path, list, error, "ses.identities")) return std::nullopt;
          for (std::string& item : list) {
            // A path is relative to the config file; a domain name stays as written.
            const bool is_path = item.find('/') != std::string::npos || item.ends_with(".json");
            if (is_path && std::filesystem::path(item).is_relative()) item = (path.parent_path() / item).string();
            config.ses_identities.push_back(std::move(item));
          }
        } else if (sub.str() == "delegated-ns") {
          if (!string_list(value, path, config.delegated_ns, error, "ses.delegated-ns")) return std::nullopt;
        } else {
          error = fmt::format("{}: unknown setting \"ses.{}\" (known: identities, delegated-ns)",
                              where(path, sub.source()), sub.str());
          return std::nullopt;
        }
      }
    } else {
      error = fmt::format("{}: unknown setting \"{}\" (known: select, ignore, severity, fail-level, ses)",
                          where(path, key.source()), k);
      return std::nullopt;
    }
  }
  return config;
}

std::optional<std::filesystem::path> find_config(const std::filesystem::path& start) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(start, ec);
  if (ec) return std::nullopt;
  while (true) {
    const std::filesystem::path candidate = dir / config_file_name;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) return std::nullopt;
    dir = dir.parent_path();
  }
}

}  // namespace zonelint
