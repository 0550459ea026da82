#include "app/check.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "app/config.hpp"
#include "fix/fix.hpp"
#include "lint/engine.hpp"
#include "lint/ses_identity.hpp"
#include "parse/format_detect.hpp"
#include "parse/load.hpp"
#include "report/text_reporter.hpp"

namespace zonelint {

namespace fs = std::filesystem;

namespace {

bool is_zone_file_name(const fs::path& p) {
  const std::string name = p.filename().string();
  const std::string ext = p.extension().string();
  return ext == ".zone" || ext == ".db" || name.starts_with("db.");
}

std::optional<Name> parse_domain(std::string text) {
  if (text.empty()) return std::nullopt;
  if (!text.ends_with('.')) text += '.';
  Name name;
  NameError error;
  if (!parse_name(text, NameView(), name, error)) return std::nullopt;
  return name;
}

bool color_wanted(ColorMode mode, std::FILE* out) {
  if (mode == ColorMode::always) return true;
  if (mode == ColorMode::never) return false;
  if (const char* no = std::getenv("NO_COLOR"); no != nullptr && *no != '\0') return false;
  for (const char* force : {"FORCE_COLOR", "CLICOLOR_FORCE"}) {
    if (const char* v = std::getenv(force); v != nullptr && *v != '\0' && std::string_view(v) != "0") return true;
  }
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(::fileno(out)) == 1;
}

bool add_identity(const std::string& spec, RuleOptions& rule_options, std::string& error) {
  // DOMAIN=FILE, FILE (AWS CLI JSON), or DOMAIN.
  std::string domain_text;
  std::string path = spec;
  if (const auto eq = spec.find('='); eq != std::string::npos) {
    domain_text = spec.substr(0, eq);
    path = spec.substr(eq + 1);
  } else if (!fs::exists(spec) && !spec.ends_with(".json")) {
    const auto domain = parse_domain(spec);
    if (!domain) {
      error = fmt::format("--ses-identity \"{}\" is neither a readable JSON file nor a domain name", spec);
      return false;
    }
    SesIdentityData data;
    data.source = spec;
    data.domain = domain;
    rule_options.ses_identities.push_back(std::move(data));
    return true;
  }
  std::string read_error;
  const auto buffer = FileBuffer::load(path, read_error);
  if (!buffer) {
    error = fmt::format("--ses-identity: cannot read \"{}\": {}", path, read_error);
    return false;
  }
  std::vector<SesIdentityData> parsed;
  if (!parse_ses_identity_json(buffer->bytes(), path, parsed, error)) return false;
  if (!domain_text.empty()) {
    const auto domain = parse_domain(domain_text);
    if (!domain) {
      error = fmt::format("--ses-identity: \"{}\" is not a domain name", domain_text);
      return false;
    }
    for (SesIdentityData& d : parsed) d.domain = domain;
  }
  for (SesIdentityData& d : parsed) rule_options.ses_identities.push_back(std::move(d));
  return true;
}

// Standard input read once by run_check, for --fix: the report after fixing must see the fixed
// text, and standard input cannot be read twice.
struct StdinText {
  std::optional<std::string> bytes;  // nullopt when it could not be read
  std::string error;
};

// Everything that depends on the configuration file in effect for one input.
struct Settings {
  LintOptions lint;
  Severity fail_level = Severity::warning;
};

class Checker {
 public:
  Checker(const CheckOptions& options, std::FILE* err, const StdinText* stdin_text = nullptr)
      : options_(options), err_(err), stdin_text_(stdin_text) {}

  // Reads and lints every input; false after a usage problem (reported by emit()).
  bool collect();
  // Writes the report and returns the exit status. `fixed` counts fixes applied before.
  int emit(std::FILE* out, std::size_t fixed = 0);

  [[nodiscard]] const Report& report() const noexcept { return report_; }
  [[nodiscard]] const SourceSet& files() const noexcept { return files_; }
  // Whether standard input was read, and its file; it is named by --stdin-filename, which a
  // file on the command line may share, so compare ids, not paths.
  [[nodiscard]] std::optional<FileId> stdin_file() const noexcept { return stdin_file_; }
  // Whether an input could not be read (exit status 2).
  [[nodiscard]] bool input_failed() const;
  // The file read (an input or an $INCLUDEd file) that `path` names, if one is.
  [[nodiscard]] std::optional<std::string> input_named_by(const std::string& path) const;

 private:
  // The settings for a config file (or none); nullptr after reporting a usage error.
  const Settings* settings_for(const std::optional<fs::path>& config_path);
  void check_file(FileId file, const Settings& settings, const std::string& include_root);

  const CheckOptions& options_;
  std::FILE* err_;
  const StdinText* stdin_text_;
  std::optional<FileId> stdin_file_;
  std::optional<Name> origin_;
  SourceSet files_;
  Report report_;
  std::map<std::string, Settings> settings_cache_;
  bool usage_failed_ = false;
  bool failing_ = false;
  // A problem with options or configuration: stops the run; machine formats still get a report.
  void usage_problem(std::string message, std::string path = {});
  std::vector<Severity> fail_levels_;  // per finding, parallel to report_.findings before sorting
};

void Checker::usage_problem(std::string message, std::string path) {
  usage_failed_ = true;
  ToolNotification n;
  n.level = Severity::error;
  n.path = std::move(path);
  n.message = std::move(message);
  n.configuration = true;
  report_.notifications.push_back(std::move(n));
}

const Settings* Checker::settings_for(const std::optional<fs::path>& config_path) {
  const std::string key = config_path ? config_path->string() : std::string();
  if (const auto it = settings_cache_.find(key); it != settings_cache_.end()) return &it->second;
  Settings settings;
  std::optional<Config> config;
  if (config_path) {
    std::string error;
    config = load_config(*config_path, error);
    if (!config) {
      usage_problem(error, config_path->string());
      return nullptr;
    }
  }
  RuleSelection& selection = settings.lint.selection;
  const auto apply = [&](std::optional<std::string> error) {
    if (error) usage_problem(*error, config ? config->path.string() : std::string());
  };
  const std::vector<std::string>* select = nullptr;
  if (options_.select) select = &*options_.select;
  else if (config && config->select) select = &*config->select;
  if (select != nullptr)
    for (const std::string& s : *select) apply(selection.select(s));
  if (config)
    for (const std::string& s : config->ignore) apply(selection.ignore(s));
  for (const std::string& s : options_.ignore) apply(selection.ignore(s));
  if (config)
    for (const auto& [code, level] : config->severities) apply(selection.set_severity(code, level));
  for (const auto& [code, level] : options_.severities) apply(selection.set_severity(code, level));
  settings.fail_level = options_.fail_level.value_or(config && config->fail_level ? *config->fail_level
                                                                                   : Severity::warning);
  settings.lint.inline_suppressions = options_.inline_suppressions;
  settings.lint.threads = options_.jobs;
  std::vector<std::string> identities = options_.ses_identities;
  std::vector<std::string> delegated = options_.delegated_ns;
  if (config) {
    if (identities.empty()) identities = config->ses_identities;
    if (delegated.empty()) delegated = config->delegated_ns;
  }
  std::string error;
  if (!build_rule_options(identities, delegated, settings.lint.rule_options, error)) usage_problem(error);
  if (usage_failed_) return nullptr;
  return &settings_cache_.emplace(key, std::move(settings)).first->second;
}

void Checker::check_file(FileId file, const Settings& settings, const std::string& include_root) {
  LoadOptions load;
  load.origin = origin_;
  load.format = options_.input_format;
  load.allow_include = options_.allow_include;
  if (!options_.allow_include_outside) load.include_root = include_root;
  load.threads = settings.lint.threads;
  const Zone zone = load_zone(files_, file, load);
  LintResult result = lint(zone, settings.lint);
  report_.suppressed += result.suppressed;
  for (Diagnostic& d : result.findings) {
    fail_levels_.push_back(settings.fail_level);
    report_.findings.push_back(std::move(d));
  }
}

bool Checker::collect() {
  report_.files = &files_;
  report_.command_line = options_.command_line;
  report_.sarif_category = options_.sarif_category;
  if (options_.origin) {
    // Checked before any input is read, as dump does: a bad --origin is a usage error, never
    // silently dropped.
    std::string text = *options_.origin;
    if (!text.ends_with('.')) text += '.';
    Name name;
    NameError error;
    if (!parse_name(text, NameView(), name, error)) {
      usage_problem(fmt::format("--origin \"{}\": {}", *options_.origin, error.message));
      return false;
    }
    origin_ = std::move(name);
  }
  const std::vector<std::string> inputs = expand_paths(options_.paths, report_.notifications);
  const std::string cwd = fs::current_path().string();
  report_.repo_root = repository_root(options_.repo_root, cwd);

  std::optional<fs::path> forced_config;
  if (options_.config_path) forced_config = fs::path(*options_.config_path);
  const RuleSelection* first_selection = nullptr;
  for (const std::string& input : inputs) {
    FileId file = 0;
    std::string include_root;
    if (input == "-") {
      if (stdin_text_ != nullptr) {
        if (!stdin_text_->bytes) {
          report_.notifications.push_back({Severity::error, options_.stdin_filename, "cannot read: " + stdin_text_->error});
          continue;
        }
        file = files_.add(options_.stdin_filename, *stdin_text_->bytes);
      } else {
        std::string error;
        auto buffer = FileBuffer::load_stream(stdin, error);
        if (!buffer) {
          report_.notifications.push_back({Severity::error, options_.stdin_filename, "cannot read: " + error});
          continue;
        }
        file = files_.add(options_.stdin_filename, std::move(*buffer));
      }
      stdin_file_ = file;
      include_root = report_.repo_root;
    } else {
      std::string error;
      const auto loaded = files_.load(input, error);
      if (!loaded) {
        report_.notifications.push_back({Severity::error, input, "cannot read: " + error});
        continue;
      }
      file = *loaded;
      include_root = include_root_for(input, options_.repo_root);
    }
    std::optional<fs::path> config_path = forced_config;
    if (!config_path && !options_.no_config) {
      const std::string& name = input == "-" ? options_.stdin_filename : input;
      config_path = find_config(fs::absolute(fs::path(name)).parent_path());
    }
    const Settings* settings = settings_for(options_.no_config && !forced_config ? std::nullopt : config_path);
    if (settings == nullptr) break;
    if (first_selection == nullptr) first_selection = &settings->lint.selection;
    ++report_.files_checked;
    check_file(file, *settings, include_root);
  }
  if (first_selection == nullptr && !usage_failed_) {
    if (const Settings* settings = settings_for(forced_config)) first_selection = &settings->lint.selection;
  }
  report_.selection = first_selection;
  // Exit status from the unsorted findings (fail levels are per input).
  for (std::size_t i = 0; i < report_.findings.size(); ++i)
    if (report_.findings[i].severity >= fail_levels_[i]) failing_ = true;
  sort_findings(report_.findings, files_);
  // Notifications in a stable order, whatever the order of the inputs.
  std::stable_sort(report_.notifications.begin(), report_.notifications.end(),
                   [](const ToolNotification& a, const ToolNotification& b) { return a.path < b.path; });
  return !usage_failed_;
}

int Checker::emit(std::FILE* out, std::size_t fixed) {
  const bool machine_format = options_.format != ReportFormat::text && options_.format != ReportFormat::gcc;
  if (usage_failed_ && !machine_format) {
    for (const ToolNotification& n : report_.notifications) {
      if (n.configuration) fmt::print(err_, "zonelint: {}\n", n.message);
    }
    return exit_code::usage_error;
  }

  std::FILE* sink = out;
  std::FILE* opened = nullptr;
  if (options_.output) {
    // Opening the report truncates the file: an input would be lost, and a large one, mapped into
    // memory, would crash the reporter as it reads the source lines.
    if (const auto input = input_named_by(*options_.output)) {
      fmt::print(err_, "zonelint: --output {} is the input {}; the report would overwrite it\n",
                 terminal_safe(*options_.output), terminal_safe(*input));
      return exit_code::usage_error;
    }
    opened = std::fopen(options_.output->c_str(), "wb");
    if (opened == nullptr) {
      fmt::print(err_, "zonelint: cannot write {}: {}\n", *options_.output, std::strerror(errno));
      return exit_code::input_error;
    }
    sink = opened;
  }
  TextStyle style;
  style.color = opened == nullptr && options_.format == ReportFormat::text && color_wanted(options_.color, out);
  style.show_source = options_.show_source;
  write_report(report_, options_.format, style, sink);
  // A Code Quality report has no place for problems of the tool: they go to standard error.
  if (options_.format == ReportFormat::gitlab) write_notifications(report_, err_);
  std::string summary = summary_line(report_);
  if (fixed > 0) summary = fmt::format("Fixed {} problem{}. {}", fixed, fixed == 1 ? "" : "s", summary);
  if (options_.format == ReportFormat::text && opened == nullptr) {
    fmt::print(sink, "{}\n", summary);
  } else {
    fmt::print(err_, "{}\n", summary);
  }
  if (opened != nullptr) std::fclose(opened);

  if (usage_failed_) return exit_code::usage_error;
  if (input_failed()) return exit_code::input_error;
  if (failing_ && !options_.exit_zero) return exit_code::findings;
  return exit_code::clean;
}

std::optional<std::string> Checker::input_named_by(const std::string& path) const {
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) return std::nullopt;  // a new file: no input
  for (std::size_t id = 0; id < files_.size(); ++id) {
    const SourceFile& file = files_.file(static_cast<FileId>(id));
    if (stdin_file_ && *stdin_file_ == file.id()) {
      // `- < zone -o zone`: standard input redirected from the file the report would replace.
      struct stat st {};
      if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == target.st_dev &&
          st.st_ino == target.st_ino)
        return file.path();
      continue;
    }
    struct stat st {};
    if (::stat(file.path().c_str(), &st) == 0 && st.st_dev == target.st_dev && st.st_ino == target.st_ino)
      return file.path();
  }
  return std::nullopt;
}

bool Checker::input_failed() const {
  return std::any_of(report_.notifications.begin(), report_.notifications.end(),
                     [](const ToolNotification& n) { return n.level == Severity::error; });
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& paths, std::vector<ToolNotification>& problems) {
  std::vector<std::string> out;
  // A file named twice (a.zone ./a.zone, or a file and its folder) is checked once, under the
  // first name: its findings would otherwise be reported twice, and --fix would write it twice.
  std::set<fs::path> seen;
  const auto first_time = [&seen](const std::string& path) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) key = path;
    return seen.insert(std::move(key)).second;
  };
  bool stdin_seen = false;
  for (const std::string& p : paths) {
    if (p == "-") {
      if (!stdin_seen) out.push_back(p);
      stdin_seen = true;
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
      for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const fs::path& entry = it->path();
        const std::string name = entry.filename().string();
        if (it->is_directory(ec) && name.starts_with(".") && name.size() > 1) {
          it.disable_recursion_pending();  // .git and other hidden folders
          continue;
        }
        if (it->is_regular_file(ec) && (is_zone_file_name(entry) || is_provider_export_file(entry.string()))) {
          found.push_back(entry.string());
        } else if (it->is_symlink(ec) && is_zone_file_name(entry)) {
          // A zone file whose symbolic link points nowhere: shown, not skipped in silence.
          std::error_code target_ec;
          (void)fs::status(entry, target_ec);
          if (target_ec) {
            const std::string reason = target_ec.message();
            problems.push_back({Severity::warning, entry.string(),
                                fmt::format("not checked: {} (a symbolic link to {})", reason,
                                            fs::read_symlink(entry, target_ec).string())});
          }
        }
      }
      if (ec) problems.push_back({Severity::error, p, "cannot list folder: " + ec.message()});
      std::sort(found.begin(), found.end());
      if (found.empty())
        problems.push_back({Severity::warning, p, "no zone files (*.zone, *.db, db.*) or provider exports in this folder"});
      for (std::string& f : found)
        if (first_time(f)) out.push_back(std::move(f));
    } else if (fs::exists(p, ec)) {
      if (first_time(p)) out.push_back(p);
    } else if (std::error_code link_ec; fs::is_symlink(p, link_ec)) {
      // A dangling symbolic link, or a loop of them: say so rather than "no such file".
      (void)fs::status(p, ec);
      const std::string reason = ec.message();
      problems.push_back({Severity::error, p,
                          fmt::format("cannot read: {} (a symbolic link to {})", reason,
                                      fs::read_symlink(p, link_ec).string())});
    } else {
      problems.push_back({Severity::error, p, "no such file or folder"});
    }
  }
  return out;
}

std::string repository_root(const std::optional<std::string>& given, const std::string& start) {
  std::error_code ec;
  if (given) return fs::weakly_canonical(fs::absolute(*given), ec).string();
  fs::path dir = fs::weakly_canonical(fs::absolute(start), ec);
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return d.string();
    if (d == d.parent_path()) break;
  }
  return fs::current_path(ec).string();
}

std::string include_root_for(const std::string& input, const std::optional<std::string>& repo_root) {
  std::error_code ec;
  const fs::path dir = fs::weakly_canonical(fs::absolute(input).parent_path(), ec);
  const auto inside = [&](const fs::path& root) {
    const fs::path rel = dir.lexically_relative(root);
    return !rel.empty() && *rel.begin() != "..";
  };
  if (repo_root) {
    const fs::path root = fs::weakly_canonical(fs::absolute(*repo_root), ec);
    return inside(root) ? root.string() : dir.string();
  }
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    if (fs::exists(d / ".git", ec)) return d.string();
    if (d == d.parent_path()) break;
  }
  // Not in a repository: the file's own folder, never the working directory or a parent of it.
  return dir.string();
}

bool build_rule_options(const std::vector<std::string>& identities, const std::vector<std::string>& delegated_ns,
                        RuleOptions& out, std::string& error) {
  for (const std::string& spec : identities)
    if (!add_identity(spec, out, error)) return false;
  for (const std::string& list : delegated_ns) {
    // Commas or white space: `--delegated-ns "$(dig NS example.com +short)"` gives one name a line.
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t comma = list.find_first_of(", \t\r\n", start);
      if (comma == std::string::npos) comma = list.size();
      std::string item = list.substr(start, comma - start);
      item.erase(0, item.find_first_not_of(" \t"));
      item.erase(item.find_last_not_of(" \t") + 1);
      if (!item.empty()) {
        const auto name = parse_domain(item);
        if (!name) {
          error = fmt::format("--delegated-ns: \"{}\" is not a host name", item);
          return false;
        }
        out.delegated_ns.push_back(*name);
      }
      start = comma + 1;
    }
  }
  return true;
}

int run_check(const CheckOptions& options, std::FILE* out, std::FILE* err) {
  const bool reads_stdin = std::find(options.paths.begin(), options.paths.end(), "-") != options.paths.end();
  StdinText stdin_text;
  const bool fixing = options.fix && !options.diff;
  if (fixing && reads_stdin) {
    std::string error;
    if (auto buffer = FileBuffer::load_stream(stdin, error)) stdin_text.bytes = std::string(buffer->bytes());
    else stdin_text.error = error;
  }
  Checker checker(options, err, fixing && reads_stdin ? &stdin_text : nullptr);
  const bool ok = checker.collect();
  if (!ok || (!options.fix && !options.diff)) return checker.emit(out);

  const FixPlan plan = plan_fixes(checker.report().findings, options.unsafe_fixes, checker.files(), checker.stdin_file());
  const SourceSet& files = checker.files();
  if (plan.not_editable > 0) {
    fmt::print(err, "zonelint: {} fix{} not applied to Terraform JSON, which Terraform writes from its state: make "
               "{} in the configuration\n",
               plan.not_editable, plan.not_editable == 1 ? "" : "es", plan.not_editable == 1 ? "it" : "them");
  }
  if (options.diff) {
    for (const auto& [file, edits] : plan.edits) {
      const SourceFile& f = files.file(file);
      const std::string diff = unified_diff(diff_file_name(f.path()), f.bytes(), apply_edits(f.bytes(), edits));
      std::fwrite(diff.data(), 1, diff.size(), out);
    }
    // The findings are not reported, but an input that could not be read must not pass unseen.
    write_notifications(checker.report(), err);
    fmt::print(err, "{} fix{} available{}.\n", plan.fixes, plan.fixes == 1 ? "" : "es",
               plan.skipped > 0 ? fmt::format(" ({} more after these are applied)", plan.skipped) : "");
    if (checker.input_failed()) return exit_code::input_error;
    return plan.fixes > 0 ? exit_code::findings : exit_code::clean;
  }
  bool write_failed = false;
  std::size_t fixed = plan.fixes;
  for (const auto& [file, edits] : plan.edits) {
    const SourceFile& f = files.file(file);
    if (file == checker.stdin_file()) {
      stdin_text.bytes = apply_edits(f.bytes(), edits);
      continue;
    }
    std::string error;
    if (!write_atomically(f.path(), apply_edits(f.bytes(), edits), error, f.bytes())) {
      fmt::print(err, "zonelint: error: cannot fix {}: {}\n", terminal_safe(f.path()), error);
      write_failed = true;
      // "Fixed N problems." counts what was written.
      const auto in_file = plan.fixes_in_file.find(file);
      fixed -= std::min(fixed, in_file == plan.fixes_in_file.end() ? std::size_t{0} : in_file->second);
    }
  }
  // Standard input: the fixed text, or the text unchanged, goes to standard output, so that
  // `zonelint check --fix - < in > out` always leaves a whole zone in `out`.
  if (reads_stdin && stdin_text.bytes) {
    std::fwrite(stdin_text.bytes->data(), 1, stdin_text.bytes->size(), out);
    std::fflush(out);
  }
  // Report what is left, read afresh from the fixed files (and the fixed standard input).
  Checker after(options, err, reads_stdin ? &stdin_text : nullptr);
  after.collect();
  int status = after.emit(reads_stdin ? err : out, fixed);
  if (write_failed) return exit_code::input_error;
  if (options.exit_non_zero_on_fix && fixed > 0 && status == exit_code::clean) status = exit_code::findings;
  return status;
}

}  // namespace zonelint
