#pragma once
// Applying the fixes that findings carry: only the offending bytes change, every other byte
// (comments, alignment, BOM, CRLF) stays; files are replaced atomically and keep their mode.

#include <cstdint>
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
  // Fixes left out because their file, a JSON or YAML export, would no longer read as one (or
  // a replacement cannot be written in the string it lands in). Never counted in `fixes`.
  std::size_t rejected = 0;
  // Fixes left out because their file is JSON a tool writes from its own state (Terraform): the
  // fix belongs in that tool's configuration. Never counted in `fixes` or `rejected`.
  std::size_t not_editable = 0;
  // Fixes in the plan per file (by plan_fixes over a SourceSet), to count what was written.
  std::map<FileId, std::size_t> fixes_in_file;
};

// Chooses the fixes to apply: safe ones, and unsafe ones too when `include_unsafe`. A fix whose
// edits overlap an earlier fix's edits is skipped whole (a second run picks it up).
[[nodiscard]] FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe);
// The same over the run's files: a file read more than once (a folder scan picks up a file that
// another input $INCLUDEs) gets one list of edits, under the id it was first read with, so it is
// written once with every fix and shown once by --diff. `separate` (standard input, which may
// share a file's name) is never merged.
//
// Rules write replacements as master-file (presentation) text. In a JSON or YAML export an edit
// lands inside a string of the export, so its replacement is written the way that string is:
// escaped for a JSON or YAML double-quoted string (RFC 8259 §7), quotes doubled in a YAML
// single-quoted one, and a YAML plain scalar that could not hold the result as written is
// rewritten single-quoted. Then every edited export is read again: a file that would no longer
// read in its format keeps its bytes, and its fixes count as `rejected`, not applied.
[[nodiscard]] FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe, const SourceSet& files,
                                 std::optional<FileId> separate = std::nullopt);

// How the export holding a file is written, for encode_for_container.
// `generated`: JSON a tool writes from its own state (Terraform), never edited.
enum class Container : std::uint8_t { text, json, yaml, generated };
[[nodiscard]] Container container_of(std::string_view bytes);
// Rewrites `edits` (sorted, non-overlapping, of one file whose bytes are `bytes`) so that each
// replacement is encoded for the string it lands in; false when one cannot be, or when the
// edited file no longer reads in its format (`edits` is then unspecified).
[[nodiscard]] bool encode_for_container(Container container, std::string_view bytes, std::vector<Edit>& edits);

// The text after applying `edits` (sorted, non-overlapping byte ranges of `original`).
[[nodiscard]] std::string apply_edits(std::string_view original, const std::vector<Edit>& edits);

// Replaces `path` with `content` through a temporary file in the same folder and rename(2),
// keeping the file's permission bits, owner and group. Follows a symlink to write its target.
// Refuses a read-only file, and, when `expected` is given, a file that no longer holds those
// bytes (changed since it was read).
bool write_atomically(const std::string& path, std::string_view content, std::string& error,
                      std::optional<std::string_view> expected = std::nullopt);

// The name of `path` in a diff's ---/+++ lines, read the same by `patch -p0` and `git apply`
// (which strips one component, -p1): a relative path gets "./" in front, so both land on the same
// file. A name with a blank ends in a tab, as diff -u ends it with the date; one with a control
// character, a quote or a backslash is written C-quoted, as git does (GNU patch reads both).
[[nodiscard]] std::string diff_file_name(std::string_view path);

// A unified diff (3 lines of context) between two versions of a file, `name` written as is in
// the ---/+++ lines (see diff_file_name); empty when equal.
[[nodiscard]] std::string unified_diff(std::string_view name, std::string_view before, std::string_view after);

}  // namespace zonelint
