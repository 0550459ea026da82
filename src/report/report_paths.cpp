#include "report/report_paths.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace zonelint {

std::string root_relative_path(const std::string& path, const std::string& root) {
  namespace fs = std::filesystem;
  if (path.empty() || path.front() == '<') return path;  // <stdin>
  std::error_code ec;
  const fs::path absolute = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (root.empty()) return absolute.generic_string();
  const fs::path rel = absolute.lexically_relative(fs::path(root));
  if (rel.empty() || *rel.begin() == "..") return absolute.generic_string();
  return rel.generic_string();
}

std::string path_to_uri(std::string_view path) {
  std::string out;
  const bool absolute = !path.empty() && path.front() == '/';
  if (absolute) out = "file://";
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) out.push_back(static_cast<char>(c));
    else fmt::format_to(std::back_inserter(out), "%{:02X}", c);
  }
  return out;
}

}  // namespace zonelint
