#pragma once
// GitHub code scanning's primaryLocationLineHash, computed as github/codeql-action's
// upload-sarif does (src/fingerprints.ts): a rolling hash (multiplier 37, modulo 2^64) over the
// 100 UTF-16 code units that start at each line, blanks and tabs skipped, CR and CRLF read as LF,
// with an end-of-file marker; "<hex>:<n>" where n counts equal hashes so far in the file.

#include <string>
#include <string_view>
#include <vector>

namespace zonelint {

// One entry per line of `file_bytes` (index 0 is line 1); lines past the last hold "".
[[nodiscard]] std::vector<std::string> line_fingerprints(std::string_view file_bytes);

}  // namespace zonelint
