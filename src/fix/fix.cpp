#include "fix/fix.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace zonelint {

namespace {

// Plans the fixes with every edit's file replaced by `canonical(file)`.
template <typename Canonical>
FixPlan plan(const std::vector<Diagnostic>& findings, bool include_unsafe, Canonical canonical) {
  FixPlan plan;
  const auto planned_in = [&](FileId file) -> const std::vector<Edit>* {
    const auto it = plan.edits.find(file);
    return it == plan.edits.end() ? nullptr : &it->second;
  };
  for (const Diagnostic& d : findings) {
    for (const Fix& fix : d.fixes) {
      if (fix.safety == FixSafety::none || (fix.safety == FixSafety::unsafe && !include_unsafe)) continue;
      if (fix.edits.empty()) continue;
      std::vector<Edit> edits = fix.edits;
      for (Edit& e : edits) e.span.file = canonical(e.span.file);
      // Take the whole fix or nothing: an edit that overlaps one already planned defers it.
      bool overlaps = false;
      for (const Edit& e : edits) {
        const std::vector<Edit>* planned = planned_in(e.span.file);
        if (planned == nullptr) continue;
        for (const Edit& p : *planned) {
          const bool same_insertion = e.span.begin == e.span.end && p.span.begin == p.span.end &&
                                      e.span.begin == p.span.begin && e.replacement == p.replacement;
          if (same_insertion || (e.span.begin < p.span.end && p.span.begin < e.span.end) ||
              (e.span.begin == p.span.begin && (e.span.begin == e.span.end || p.span.begin == p.span.end))) {
            overlaps = true;
          }
        }
      }
      if (overlaps) {
        // The same edit proposed by two findings (one token, two rules, or one file read twice) is
        // applied once.
        const bool duplicate = std::all_of(edits.begin(), edits.end(), [&](const Edit& e) {
          const std::vector<Edit>* planned = planned_in(e.span.file);
          return planned != nullptr && std::find(planned->begin(), planned->end(), e) != planned->end();
        });
        if (duplicate) ++plan.fixes;
        else ++plan.skipped;
        break;
      }
      for (Edit& e : edits) plan.edits[e.span.file].push_back(std::move(e));
      ++plan.fixes;
      break;  // one fix per finding
    }
  }
  for (auto& [file, edits] : plan.edits) {
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
  }
  return plan;
}

}  // namespace

FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe) {
  return plan(findings, include_unsafe, [](FileId file) { return file; });
}

FixPlan plan_fixes(const std::vector<Diagnostic>& findings, bool include_unsafe, const SourceSet& files,
                   std::optional<FileId> separate) {
  // A file read twice has two ids with the same bytes and the same real path: edits go to the
  // first id, so one write carries every fix (two writes from the original bytes would each drop
  // the other's fixes).
  std::map<FileId, FileId> canonical_ids;
  std::map<std::pair<std::string, std::string_view>, FileId> first_id;
  return plan(findings, include_unsafe, [&](FileId file) {
    if (file == separate || file >= files.size()) return file;
    if (const auto it = canonical_ids.find(file); it != canonical_ids.end()) return it->second;
    const SourceFile& f = files.file(file);
    std::error_code ec;
    std::string real = std::filesystem::weakly_canonical(f.path(), ec).string();
    if (ec) real = f.path();
    const FileId id = first_id.try_emplace({std::move(real), f.bytes()}, file).first->second;
    canonical_ids.emplace(file, id);
    return id;
  });
}

std::string apply_edits(std::string_view original, const std::vector<Edit>& edits) {
  std::string out;
  out.reserve(original.size() + 64);
  std::size_t at = 0;
  for (const Edit& e : edits) {
    if (e.span.begin < at || e.span.end > original.size()) continue;  // plan_fixes never produces these
    out.append(original.substr(at, e.span.begin - at));
    out.append(e.replacement);
    at = e.span.end;
  }
  out.append(original.substr(at));
  return out;
}

bool write_atomically(const std::string& path, std::string_view content, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = fs::path(path);
  if (fs::is_symlink(target, ec)) target = fs::canonical(target, ec);
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  // Built by appends: GCC 12 at -O3 warns (-Wrestrict, a false positive) on "." + string + "...".
  std::string name = ".";
  name += target.filename().string();
  name += ".zonelint-XXXXXX";
  std::string temp = target.parent_path().empty() ? name : (target.parent_path() / name).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    error = fmt::format("cannot create a temporary file next to it: {}", std::strerror(errno));
    return false;
  }
  const auto fail = [&](const char* what) {
    error = fmt::format("{}: {}", what, std::strerror(errno));
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  // Keep the owner and group too: a zone file is often root:bind 0640, and a fix run with sudo
  // must not leave it root:root, unreadable by the name server. Only root may give a file away;
  // others may still set a group they belong to. Best effort, as sed -i does. Before fchmod,
  // since fchown clears the set-user-ID and set-group-ID bits.
  if (::fchown(fd, st.st_uid, st.st_gid) != 0) (void)::fchown(fd, static_cast<uid_t>(-1), st.st_gid);
  if (::fchmod(fd, st.st_mode & 07777) != 0) return fail("cannot keep the file's mode");
  if (::fsync(fd) != 0) return fail("cannot flush");
  if (::close(fd) != 0) {
    error = std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    error = fmt::format("cannot replace the file: {}", std::strerror(errno));
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t nl = text.find('\n', start);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

void append_line(std::string& out, char mark, std::string_view line) {
  out.push_back(mark);
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  // Fixes change a few lines of large files: trim the common head and tail, then diff the middle
  // with a longest-common-subsequence table (small, since the middle is small).
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  const std::size_t n = a.size() - head - tail, m = b.size() - head - tail;
  struct Op {
    char kind;  // ' ', '-', '+'
    std::size_t a_line, b_line;
  };
  std::vector<Op> ops;
  if (n * m <= 4'000'000) {
    std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      // On a tie, the removed line first: diff(1) prints a changed line's '-' before its '+'.
      if (i < n && j < m && a[head + i] == b[head + j]) ops.push_back({' ', head + i++, head + j++});
      else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push_back({'-', head + i++, head + j});
      else ops.push_back({'+', head + i, head + j++});
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) ops.push_back({'-', head + i, head});
    for (std::size_t j = 0; j < m; ++j) ops.push_back({'+', head + n, head + j});
  }
  // Hunks: changed ops with 3 lines of context from the unchanged head and tail.
  std::string out = fmt::format("--- {}\n+++ {}\n", path, path);
  constexpr std::size_t context = 3;
  std::vector<Op> all;
  for (std::size_t i = 0; i < head; ++i) all.push_back({' ', i, i});
  all.insert(all.end(), ops.begin(), ops.end());
  for (std::size_t k = 0; k < tail; ++k) all.push_back({' ', a.size() - tail + k, b.size() - tail + k});
  std::size_t k = 0;
  while (k < all.size()) {
    while (k < all.size() && all[k].kind == ' ') ++k;
    if (k == all.size()) break;
    std::size_t start = k >= context ? k - context : 0;
    std::size_t end = k;
    // Extend while changes are within 2*context of each other.
    while (end < all.size()) {
      if (all[end].kind != ' ') {
        ++end;
        continue;
      }
      std::size_t run = end;
      while (run < all.size() && all[run].kind == ' ') ++run;
      if (run == all.size() || run - end > 2 * context) {
        end = std::min(all.size(), end + context);
        break;
      }
      end = run;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t x = start; x < end; ++x) {
      if (all[x].kind != '+') ++a_count;
      if (all[x].kind != '-') ++b_count;
    }
    const std::size_t a_start = all[start].a_line + (a_count > 0 ? 1 : 0);
    const std::size_t b_start = all[start].b_line + (b_count > 0 ? 1 : 0);
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_start, a_count, b_start, b_count);
    for (std::size_t x = start; x < end; ++x) {
      const Op& op = all[x];
      append_line(out, op.kind, op.kind == '+' ? b[op.b_line] : a[op.a_line]);
    }
    k = end;
  }
  return out;
}

}  // namespace zonelint
