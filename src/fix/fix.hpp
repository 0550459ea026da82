#pragma once
// Applying the fixes that findings carry: only the offending bytes change, every other byte
// (comments, alignment, BOM, CRLF) stays; files are replaced atomically and keep their mode.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"

namespace zonelint {

struct FixPlan {
  std::map<FileId, std::vector<Edit>> edits;  // per file, sorted, non-overlapping
  std::size_t fixes = 0;                      // findings whose fix is in the plan
  std::size_t skipped = 0;                    // fixes left out because they overlap another
};

// Chooses the fixes to apply: safe ones, and unsafe ones too when `include_unsafe`. A fix whose
// edits overlap an earlier fix's edits is skipped whole (a second run picks it up).
[[nodiscard]] FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe);
// The same over the run's files: a file read more than once (a folder scan picks up a file that
// another input $INCLUDEs) gets one list of edits, under the id it was first read with, so it is
// written once with every fix and shown once by --diff. `separate` (standard input, which may
// share a file's name) is never merged.
[[nodiscard]] FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe, const SourceSet& files,
                                 std::optional<FileId> separate = std::nullopt);

// The text after applying `edits` (sorted, non-overlapping byte ranges of `original`).
[[nodiscard]] std::string apply_edits(std::string_view original, const std::vector<Edit>& edits);

// Replaces `path` with `content` through a temporary file in the same folder and rename(2),
// keeping the file's permission bits. Follows a symlink to write its target.
bool write_atomically(const std::string& path, std::string_view content, std::string& error);

// A unified diff (3 lines of context) between two versions of a file; empty when equal.
[[nodiscard]] std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace zonelint
