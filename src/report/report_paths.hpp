#pragma once
// Paths as machine-readable reports need them: relative to the repository root with forward
// slashes, and as percent-encoded URIs for SARIF.

#include <string>
#include <string_view>

namespace zonelint {

// `path` relative to `root` (symlinks resolved), or the absolute path when it lies outside.
[[nodiscard]] std::string root_relative_path(const std::string& path, const std::string& root);

// A relative path percent-encoded as a URI reference (RFC 3986 §2: everything but unreserved
// characters and "/"), or a file:// URI for an absolute path.
[[nodiscard]] std::string path_to_uri(std::string_view path);

}  // namespace zonelint
