#include "fix/fix.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "parse/format_detect.hpp"
#include "parse/json_document.hpp"
#include "parse/yaml_document.hpp"

namespace zonelint {

namespace {

// Plans the fixes with every edit's file replaced by `canonical(file)`.
// `fixes_in` (optional) counts the planned fixes with an edit in each file.
template <typename Canonical>
FixPlan plan(const std::vector<Diagnostic>& findings, bool include_unsafe, Canonical canonical,
             std::map<FileId, std::size_t>* fixes_in = nullptr) {
  FixPlan plan;
  const auto count_in_files = [&](const std::vector<Edit>& edits) {
    if (fixes_in == nullptr) return;
    std::vector<FileId> seen;
    for (const Edit& e : edits)
      if (std::find(seen.begin(), seen.end(), e.span.file) == seen.end()) seen.push_back(e.span.file);
    for (const FileId file : seen) ++(*fixes_in)[file];
  };
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
        if (duplicate) {
          ++plan.fixes;
          count_in_files(edits);
        } else {
          ++plan.skipped;
        }
        break;
      }
      count_in_files(edits);
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
  std::map<FileId, std::size_t> fixes_in;
  FixPlan result = plan(findings, include_unsafe, [&](FileId file) {
    if (file == separate || file >= files.size()) return file;
    if (const auto it = canonical_ids.find(file); it != canonical_ids.end()) return it->second;
    const SourceFile& f = files.file(file);
    std::error_code ec;
    std::string real = std::filesystem::weakly_canonical(f.path(), ec).string();
    if (ec) real = f.path();
    const FileId id = first_id.try_emplace({std::move(real), f.bytes()}, file).first->second;
    canonical_ids.emplace(file, id);
    return id;
  }, &fixes_in);
  // Exports: replacements written for the strings they land in, and the result read again.
  for (auto it = result.edits.begin(); it != result.edits.end();) {
    if (it->first >= files.size()) {
      ++it;
      continue;
    }
    const std::string_view bytes = files.file(it->first).bytes();
    const Container container = container_of(bytes);
    if (container == Container::text || encode_for_container(container, bytes, it->second)) {
      ++it;
      continue;
    }
    // Its fixes are not applied. A fix with edits in another file too (none does today) keeps
    // them there: each file is written on its own anyway.
    const std::size_t dropped = std::min(fixes_in[it->first], result.fixes);
    result.fixes -= dropped;
    (container == Container::generated ? result.not_editable : result.rejected) += dropped;
    fixes_in.erase(it->first);
    it = result.edits.erase(it);
  }
  result.fixes_in_file = std::move(fixes_in);
  return result;
}

namespace {

// A scalar of an export: where it is written (quotes included) and how.
struct Scalar {
  Span span;
  doc::Style style;
};

void collect_scalars(const doc::Value& v, std::vector<Scalar>& out) {
  if (v.is_scalar()) {
    out.push_back({v.span, v.style});
    return;
  }
  for (const doc::Value& item : v.items) collect_scalars(item, out);
  for (const doc::Member& m : v.members) collect_scalars(m.value, out);
}

// The tree's shape: kinds, keys and array sizes, so that a fix that changes more than a string's
// text (a string split in two, a key renamed) is refused.
void append_shape(const doc::Value& v, std::string& out) {
  out += static_cast<char>('0' + static_cast<int>(v.kind));
  if (v.kind == doc::Kind::array) out += fmt::format("[{}", v.items.size());
  for (const doc::Value& item : v.items) append_shape(item, out);
  for (const doc::Member& m : v.members) {
    out += '{';
    out.append(m.key.str());
    out += '}';
    append_shape(m.value, out);
  }
  if (!v.is_scalar()) out += ']';
}

// Scalars and shape of a JSON or YAML text; false when it does not read (for YAML: the documents
// before the first problem are kept, as the importer keeps them).
struct Reading {
  bool ok = false;
  std::vector<Scalar> scalars;
  std::string shape;
};

Reading read_export(Container container, std::string_view bytes) {
  Reading r;
  if (container == Container::json) {
    const JsonDocument document = parse_json(bytes, 0);
    r.ok = document.ok();
    if (r.ok) {
      collect_scalars(document.root, r.scalars);
      append_shape(document.root, r.shape);
    }
  } else {
    const YamlStream stream = parse_yaml(bytes, 0);
    r.ok = stream.ok();
    for (const YamlDocument& document : stream.documents) {
      collect_scalars(document.root, r.scalars);
      append_shape(document.root, r.shape);
      r.shape += '|';
    }
  }
  return r;
}

// RFC 8259 §7; YAML double-quoted scalars take the same escapes (YAML 1.2 §5.7).
std::string double_quoted_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(u));
    } else {
      out += c;
    }
  }
  return out;
}

// YAML 1.2 §7.3.2: a quote is written twice; line breaks would fold, controls cannot be written.
std::optional<std::string> single_quoted_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F) return std::nullopt;
    out += c;
    if (c == '\'') out += c;
  }
  return out;
}

// A plain scalar of one line that means `s` as written (YAML 1.2 §7.3.3), judged conservatively:
// no indicator at the start, no blank at either end, nothing that starts a comment, a mapping
// value or a flow collection, no control character.
bool plain_safe(std::string_view s) {
  if (s.empty() || std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  if (s.front() == ' ' || s.front() == '\t' || s.back() == ' ' || s.back() == '\t' || s.back() == ':') return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos ||
      s.find("\t#") != std::string_view::npos || s.find(":\t") != std::string_view::npos)
    return false;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7F || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') return false;
  }
  return true;
}

}  // namespace

Container container_of(std::string_view bytes) {
  const Detection detection = detect_input_format(bytes);
  // JSON or YAML read with --input-format although it matches no export: still JSON or YAML.
  if (detection.unknown_structured) {
    if (detection.kind == "Terraform") return Container::text;
    return detection.kind == "JSON" ? Container::json : Container::yaml;
  }
  switch (detection.format) {
    case InputFormat::route53_json:
    case InputFormat::route53_change_batch:
    case InputFormat::azure_json:
      // JSON, or YAML from the aws and az command-line tools (as read_json_or_yaml reads them).
      return starts_like_json(bytes) ? Container::json : Container::yaml;
    case InputFormat::cloudflare_json:
    case InputFormat::gcloud_json:
      return Container::json;
    case InputFormat::terraform_json:
      // Terraform writes this JSON from its state: the fix belongs in the configuration.
      return Container::generated;
    case InputFormat::gcloud_yaml:
      return Container::yaml;
    default:
      return Container::text;
  }
}

bool encode_for_container(Container container, std::string_view bytes, std::vector<Edit>& edits) {
  if (container == Container::text || edits.empty()) return true;
  if (container == Container::generated) return false;
  const Reading before = read_export(container, bytes);
  std::vector<Edit> out;
  out.reserve(edits.size());
  for (std::size_t k = 0; k < edits.size();) {
    const Edit& e = edits[k];
    // The last scalar starting at or before the edit (scalars do not nest, and come in file order).
    const auto next = std::upper_bound(before.scalars.begin(), before.scalars.end(), e.span.begin,
                                       [](std::uint32_t at, const Scalar& s) { return at < s.span.begin; });
    const Scalar* scalar = next == before.scalars.begin() ? nullptr : &*std::prev(next);
    const bool quoted = scalar != nullptr && scalar->style != doc::Style::plain;
    // Inside a quoted scalar means between its quotes.
    const bool inside = scalar != nullptr && e.span.begin >= scalar->span.begin + (quoted ? 1u : 0u) &&
                        e.span.end + (quoted ? 1u : 0u) <= scalar->span.end;
    if (!inside) {
      if (scalar != nullptr && e.span.begin < scalar->span.end) return false;  // straddles a scalar's edge
      out.push_back(e);  // between values: the check below reads the result
      ++k;
      continue;
    }
    if (scalar->style == doc::Style::double_quoted) {
      out.push_back(Edit{e.span, double_quoted_escaped(e.replacement)});
      ++k;
      continue;
    }
    if (scalar->style == doc::Style::single_quoted) {
      auto escaped = single_quoted_escaped(e.replacement);
      if (!escaped) return false;
      out.push_back(Edit{e.span, std::move(*escaped)});
      ++k;
      continue;
    }
    // A plain scalar: every edit inside it at once, since the result decides whether it may stay plain.
    std::size_t last = k;
    while (last + 1 < edits.size() && edits[last + 1].span.begin >= scalar->span.begin &&
           edits[last + 1].span.end <= scalar->span.end)
      ++last;
    const std::string_view written = bytes.substr(scalar->span.begin, scalar->span.size());
    std::vector<Edit> local(edits.begin() + static_cast<std::ptrdiff_t>(k),
                            edits.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    for (Edit& l : local) {
      l.span.begin -= scalar->span.begin;
      l.span.end -= scalar->span.begin;
    }
    const std::string result = apply_edits(written, local);
    if (plain_safe(result) && written.find('\n') == std::string_view::npos) {
      out.insert(out.end(), edits.begin() + static_cast<std::ptrdiff_t>(k),
                 edits.begin() + static_cast<std::ptrdiff_t>(last) + 1);
    } else {
      // Written single-quoted instead, as gcloud writes such values ('"v=spf1 ..."').
      auto escaped = single_quoted_escaped(result);
      if (!escaped || written.find('\n') != std::string_view::npos) return false;
      out.push_back(Edit{scalar->span, fmt::format("'{}'", *escaped)});
    }
    k = last + 1;
  }
  edits = std::move(out);
  // The edited export must read as before: same format, same shape, only strings changed.
  const Reading after = read_export(container, apply_edits(bytes, edits));
  if (before.ok && !after.ok) return false;
  return after.shape == before.shape;
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

namespace {

// Whether the file at `path` still holds `expected`; false also when it cannot be read.
bool still_holds(const std::string& path, std::string_view expected) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::string chunk(65536, '\0');
  std::size_t at = 0;
  bool same = true;
  for (;;) {
    const ssize_t n = ::read(fd, chunk.data(), chunk.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      same = n == 0 && at == expected.size();
      break;
    }
    const auto got = static_cast<std::size_t>(n);
    if (at + got > expected.size() || expected.compare(at, got, std::string_view(chunk.data(), got)) != 0) {
      same = false;
      break;
    }
    at += got;
  }
  ::close(fd);
  return same;
}

}  // namespace

bool write_atomically(const std::string& path, std::string_view content, std::string& error,
                      std::optional<std::string_view> expected) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path target = fs::path(path);
  if (fs::is_symlink(target, ec)) target = fs::canonical(target, ec);
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  // rename(2) needs only the folder to be writable: without this check a read-only file would be
  // replaced all the same, as root even more so.
  if ((st.st_mode & 0222) == 0 || ::access(target.c_str(), W_OK) != 0) {
    error = fmt::format("the file is read-only (mode {:04o}); make it writable to fix it", st.st_mode & 07777);
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
  // Another program (an editor, a second zonelint) wrote the file since it was read: the fixes
  // were planned on the old bytes, and replacing the file would lose that change.
  if (expected && !still_holds(target.string(), *expected)) {
    error = "the file changed after zonelint read it; run zonelint again";
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

std::string diff_file_name(std::string_view path) {
  std::string name(path);
  if (!name.empty() && name.front() != '/' && name.front() != '<' && !name.starts_with("./")) name.insert(0, "./");
  bool quote = false;
  bool blank = false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '"' || c == '\\') quote = true;
    if (c == ' ') blank = true;
  }
  if (quote) {
    std::string quoted = "\"";
    for (const char c : name) {
      const auto u = static_cast<unsigned char>(c);
      switch (c) {
        case '"': quoted += "\\\""; break;
        case '\\': quoted += "\\\\"; break;
        case '\t': quoted += "\\t"; break;
        case '\n': quoted += "\\n"; break;
        case '\r': quoted += "\\r"; break;
        default:
          if (u < 0x20 || u == 0x7F) quoted += fmt::format("\\{:03o}", u);
          else quoted.push_back(c);
      }
    }
    return quoted + "\"";
  }
  return blank ? name + "\t" : name;
}

std::string unified_diff(std::string_view name, std::string_view before, std::string_view after) {
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
  std::string out = fmt::format("--- {}\n+++ {}\n", name, name);
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
