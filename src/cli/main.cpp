// zonelint's command line: the only file that includes CLI11. It fills the option structs of
// src/app and maps their results to exit codes; everything else lives in the library.

#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/check.hpp"
#include "app/dump.hpp"
#include "app/rule_docs.hpp"

using namespace zonelint;

namespace {

constexpr const char* exit_codes_help =
    "Exit status:\n"
    "  0  no finding at or above the fail level\n"
    "  1  findings at or above the fail level (--fail-level, default: warning)\n"
    "  2  an input could not be read or processed\n"
    "  3  usage error: bad options or configuration\n";

constexpr const char* dump_exit_codes_help =
    "Exit status:\n"
    "  0  no reading error (warnings and notes do not count)\n"
    "  1  at least one reading error; the records that could be read are printed\n"
    "  2  the file or standard input cannot be read\n"
    "  3  usage error: a bad option, or an --origin that is not a domain name\n";

constexpr const char* rules_exit_codes_help =
    "Exit status:\n"
    "  0  the rules or the rule's documentation were printed (or written)\n"
    "  2  --write-docs cannot write a file\n"
    "  3  usage error: an unknown rule code or name, or a bad option\n";

const std::map<std::string, InputFormat> input_formats = {
    {"zone", InputFormat::master_file},
    {"route53", InputFormat::route53_json},
    {"route53-change-batch", InputFormat::route53_change_batch},
    {"cloudflare-export", InputFormat::cloudflare_export},
    {"cloudflare-api", InputFormat::cloudflare_json},
    {"gcloud-yaml", InputFormat::gcloud_yaml},
    {"gcloud-json", InputFormat::gcloud_json},
    {"azure-json", InputFormat::azure_json},
    {"azure-export", InputFormat::azure_export},
    {"terraform-json", InputFormat::terraform_json},
};

const std::vector<std::string> input_format_names = {
    "auto",           "zone",        "route53",     "route53-change-batch", "cloudflare-export",
    "cloudflare-api", "gcloud-yaml", "gcloud-json", "azure-json",           "azure-export",
    "terraform-json",
};

const std::map<std::string, ReportFormat> report_formats = {
    {"text", ReportFormat::text},   {"gcc", ReportFormat::gcc},       {"json", ReportFormat::json},
    {"sarif", ReportFormat::sarif}, {"github", ReportFormat::github}, {"gitlab", ReportFormat::gitlab},
};

std::vector<std::string> split_commas(const std::vector<std::string>& items) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    std::size_t start = 0;
    while (start <= item.size()) {
      std::size_t comma = item.find(',', start);
      if (comma == std::string::npos) comma = item.size();
      if (comma > start) out.push_back(item.substr(start, comma - start));
      start = comma + 1;
    }
  }
  return out;
}

// The raw values CLI11 fills for `check`; converted into CheckOptions after parsing.
struct CheckArgs {
  CheckOptions options;
  std::string origin;
  std::string input_format = "auto";
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::vector<std::string> severity;
  std::string fail_level;
  std::string config;
  std::string format = "text";
  std::string output;
  std::string color = "auto";
  std::string repo_root;
};

// A repeatable option whose values add to `list`. `check`'s options are declared twice, at the top
// level and under `check`, over the same CheckArgs, so values given on both sides of the word
// `check` add up.
CLI::Option* add_list_option(CLI::App& app, const std::string& name, std::vector<std::string>& list,
                             const std::string& description) {
  return app
      .add_option_function<std::vector<std::string>>(
          name, [&list](const std::vector<std::string>& values) { list.insert(list.end(), values.begin(), values.end()); },
          description)
      ->allow_extra_args(false);
}

// A flag that sets `target` to false (`--no-source`); shown without CLI11's "{false}" suffix.
CLI::Option* add_negative_flag(CLI::App& app, const std::string& name, bool& target, const std::string& description) {
  return app.add_flag_callback(name, [&target] { target = false; }, description);
}

void add_check_options(CLI::App& app, CheckArgs& a) {
  add_list_option(app, "paths", a.options.paths,
                  "Zone files, provider exports or folders (searched for *.zone, *.db, db.*); - reads standard input")
      ->allow_extra_args(true);
  app.add_option("--origin", a.origin, "Zone origin for names without a trailing dot (default: $ORIGIN, the SOA "
                                       "owner or the file name)");
  app.add_option("--input-format", a.input_format, "Input format (default: detected from the content)")
      ->check(CLI::IsMember(input_format_names));
  add_list_option(app, "--select", a.select, "Rules to run: codes, prefixes (SES) or names, comma-separated")
      ->type_name("RULES");
  add_list_option(app, "--ignore", a.ignore, "Rules to skip: codes, prefixes or names, comma-separated")
      ->type_name("RULES");
  add_list_option(app, "--severity", a.severity, "Override a rule's severity, e.g. SES004=error (repeatable)")
      ->type_name("RULE=LEVEL");
  app.add_option("--fail-level", a.fail_level, "Lowest severity that makes the exit status 1 (default: warning)")
      ->check(CLI::IsMember(std::vector<std::string>{"error", "warning", "note"}));
  app.add_option("--config", a.config, "Use this configuration file instead of the nearest .zonelint.toml");
  app.add_flag("--no-config", a.options.no_config, "Ignore .zonelint.toml files");
  add_negative_flag(app, "--no-inline-suppressions", a.options.inline_suppressions,
                    "Ignore '; zonelint: disable=...' comments");
  app.add_option("--format", a.format,
                 "Report format: text (default), gcc (path:line:col: severity: message [CODE]), json "
                 "(docs/json-format.md), sarif (SARIF 2.1.0 for GitHub code scanning and reviewdog), github "
                 "(workflow annotations), gitlab (Code Quality report)")
      ->check(CLI::IsMember(std::vector<std::string>{"text", "gcc", "json", "sarif", "github", "gitlab"}));
  app.add_option("--sarif-category", a.options.sarif_category,
                 "Set runs[0].automationDetails.id to CATEGORY/ (GitHub code scanning category)");
  app.add_option("-o,--output", a.output, "Write the report to this file (the summary still goes to the terminal)");
  app.add_option("--color", a.color, "Colour the text report")
      ->check(CLI::IsMember(std::vector<std::string>{"auto", "always", "never"}));
  add_negative_flag(app, "--no-source", a.options.show_source, "Do not show the source line under each finding");
  app.add_option("--stdin-filename", a.options.stdin_filename, "Name to report for standard input");
  add_list_option(app, "--ses-identity", a.options.ses_identities,
                  "An Amazon SES identity: a domain, AWS CLI JSON (aws sesv2 get-email-identity, aws ses "
                  "get-identity-dkim-attributes, aws ses verify-domain-dkim), or DOMAIN=FILE (repeatable)");
  add_list_option(app, "--delegated-ns", a.options.delegated_ns,
                  "The name servers the parent zone delegates to, as `dig NS domain +short` shows them, "
                  "comma-separated");
  add_negative_flag(app, "--no-include", a.options.allow_include, "Do not read $INCLUDE files (report them instead)");
  app.add_flag("--allow-include-outside", a.options.allow_include_outside,
               "Let $INCLUDE read files outside the repository (or the zone's folder)");
  app.add_option("--repo-root", a.repo_root, "Repository root for paths in reports (default: the git top level)");
  app.add_flag("--exit-zero", a.options.exit_zero, "Exit 0 even when there are findings");
  app.add_flag("--fix", a.options.fix, "Apply the safe fixes in place (atomically; only the offending bytes change)");
  app.add_flag("--unsafe-fixes", a.options.unsafe_fixes, "With --fix or --diff, apply the unsafe fixes too");
  app.add_flag("--diff", a.options.diff, "Print the fixes as a unified diff and change nothing (exit 1 when any)");
  app.add_flag("--exit-non-zero-on-fix", a.options.exit_non_zero_on_fix,
               "With --fix, exit 1 when a file was changed (for pre-commit hooks)");
  app.add_option("-j,--jobs", a.options.jobs,
                 "Threads that read a large zone file and run the rules (default: one per CPU, at most 4, for "
                 "files of 8 MiB and zones of 50,000 records or more)")
      ->check(CLI::Range(1u, 64u));
}

// Text for roff: backslashes and dashes escaped, no line may start with a control character.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out.push_back(c);
    line_start = c == '\n';
  }
  return out;
}

void man_options(const CLI::App& app, std::string& out) {
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) continue;  // hidden
    std::string names = option->get_name(false, true);
    out += ".TP\n.B " + roff(names);
    if (option->get_type_size() != 0 && !option->get_type_name().empty() && option->nonpositional())
      out += " \\fI" + roff(option->get_type_name()) + "\\fR";
    out += "\n" + roff(option->get_description()) + "\n";
  }
}

// The manual page, built from the same option texts as --help.
std::string man_page(const CLI::App& app) {
  std::string out = fmt::format(".TH ZONELINT 1 \"\" \"zonelint {}\" \"User Commands\"\n", ZONELINT_VERSION);
  const std::string description = app.get_description();
  const std::string first_line = description.substr(0, description.find('\n'));
  out += ".SH NAME\nzonelint \\- " + roff(first_line.substr(first_line.find(':') + 2)) + "\n";
  out += ".SH SYNOPSIS\n.B zonelint\n[\\fBcheck\\fR] [\\fIOPTIONS\\fR] \\fIPATH\\fR...\n.br\n"
         ".B zonelint dump\n[\\fIOPTIONS\\fR] \\fIFILE\\fR\n.br\n.B zonelint rules\n[\\fICODE\\fR]\n";
  out += ".SH DESCRIPTION\n" + roff(description) + "\n";
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    out += ".SH \"" + roff(sub->get_name()) + " COMMAND\"\n" + roff(sub->get_description()) + "\n";
    man_options(*sub, out);
    // dump and rules have exit statuses of their own; check's are in EXIT STATUS.
    const std::string footer = sub->get_footer();
    if (!footer.empty() && footer != exit_codes_help) out += ".PP\n.nf\n" + roff(footer) + ".fi\n";
  }
  out += ".SH \"GLOBAL OPTIONS\"\n";
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_name() == "--version" || option->get_name() == "--help")
      out += ".TP\n.B " + roff(option->get_name(false, true)) + "\n" + roff(option->get_description()) + "\n";
  }
  out += ".SH \"EXIT STATUS\"\n.nf\n" + roff(std::string(exit_codes_help).substr(std::string(exit_codes_help).find('\n') + 1)) + ".fi\n";
  out += ".SH \"SEE ALSO\"\n\\fBnamed-checkzone\\fR(1), \\fBkzonecheck\\fR(1); the rule pages in docs/rules/ and " +
         roff(project_uri) + "\n";
  return out;
}

// Converts the raw strings; returns false after printing a usage error.
bool finish_check_args(CheckArgs& a, const std::vector<std::string>& argv) {
  CheckOptions& o = a.options;
  o.command_line = argv;
  if (!a.origin.empty()) o.origin = a.origin;
  if (a.input_format != "auto") o.input_format = input_formats.at(a.input_format);
  if (!a.select.empty()) {
    o.select = split_commas(a.select);
    // "--select ," or "--select=": an empty list would silently run every rule.
    if (o.select->empty()) {
      fmt::print(stderr, "zonelint: --select names no rule; give codes, prefixes (SES) or names, or ALL\n");
      return false;
    }
  }
  o.ignore = split_commas(a.ignore);
  for (const std::string& s : a.severity) {
    const auto eq = s.find('=');
    const auto level = eq == std::string::npos ? std::nullopt : severity_from_string(s.substr(eq + 1));
    if (!level) {
      fmt::print(stderr, "zonelint: --severity \"{}\": expected RULE=error, RULE=warning or RULE=note\n", s);
      return false;
    }
    o.severities.emplace_back(s.substr(0, eq), *level);
  }
  if (!a.fail_level.empty()) o.fail_level = severity_from_string(a.fail_level);
  if (!a.config.empty()) o.config_path = a.config;
  o.format = report_formats.at(a.format);
  if (!a.output.empty()) o.output = a.output;
  o.color = a.color == "always" ? ColorMode::always : a.color == "never" ? ColorMode::never : ColorMode::automatic;
  if (!a.repo_root.empty()) o.repo_root = a.repo_root;
  o.delegated_ns = split_commas(o.delegated_ns);
  if (o.paths.empty()) {
    fmt::print(stderr, "zonelint: no input given; name zone files, exports or folders (or - for standard input)\n");
    return false;
  }
  return true;
}

int run(int argc, char** argv) {
  CLI::App app{"zonelint: find the DNS zone-file mistakes that keep Amazon SES domains unverified, before they "
               "ship.\nReads BIND master files and DNS-provider exports; reports with exact positions.",
               "zonelint"};
  app.footer(exit_codes_help);
  app.set_version_flag("--version", std::string("zonelint ") + ZONELINT_VERSION);
  app.require_subcommand(0, 1);

  // One CheckArgs for both: options of check written before the word `check` count too.
  CheckArgs check_args;
  add_check_options(app, check_args);
  const std::vector<const CLI::Option*> top_check_options = std::as_const(app).get_options();

  CLI::App* check = app.add_subcommand("check", "Lint zone files and exports (the default command)");
  add_check_options(*check, check_args);
  check->footer(exit_codes_help);

  DumpOptions dump_options;
  std::string dump_format = "auto";
  CLI::App* dump = app.add_subcommand("dump", "Print the records in canonical form, as named-checkzone -D does");
  dump->add_option("file", dump_options.path, "Zone file or export; - reads standard input")->required();
  dump->add_option("--origin", dump_options.origin, "Zone origin for names without a trailing dot");
  dump->add_option("--input-format", dump_format, "Input format (default: detected)")
      ->check(CLI::IsMember(input_format_names));
  dump->add_option("--stdin-filename", dump_options.stdin_filename, "Name to report for standard input");
  add_negative_flag(*dump, "--no-include", dump_options.allow_include, "Do not read $INCLUDE files");
  dump->add_flag("--allow-include-outside", dump_options.allow_include_outside,
                 "Let $INCLUDE read files outside the repository (or the zone's folder)");
  dump->footer(dump_exit_codes_help);

  bool print_man = false;
  app.add_flag("--man", print_man, "Print the manual page (roff)")->group("");

  std::string rule_code;
  std::string docs_dir;
  CLI::App* rules = app.add_subcommand("rules", "List the rules, or print one rule's documentation");
  rules->add_option("code", rule_code, "A rule code or name");
  rules->add_option("--write-docs", docs_dir, "Write docs/rules/<CODE>.md for every rule into this folder");
  rules->footer(rules_exit_codes_help);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_code::usage_error;
  }
  const std::vector<std::string> args(argv, argv + argc);
  if (print_man) {
    fmt::print("{}", man_page(app));
    return exit_code::clean;
  }

  // The options of check, written before `dump` or `rules`, would silently do nothing.
  for (const CLI::App* other : {dump, rules}) {
    if (!*other) continue;
    for (const CLI::Option* option : top_check_options) {
      if (option->count() == 0) continue;
      const std::string name = option->get_name();
      const std::string command = other->get_name();
      if (other->get_option_no_throw(name) != nullptr)
        fmt::print(stderr, "zonelint: {} before the word {}: write it after {} (zonelint {} {} ...)\n", name, command,
                   command, command, name);
      else
        fmt::print(stderr, "zonelint: {} is an option of check; {} does not take it\n", name, command);
      return exit_code::usage_error;
    }
  }

  if (*dump) {
    if (dump_format != "auto") dump_options.input_format = input_formats.at(dump_format);
    return run_dump(dump_options, stdout, stderr);
  }
  if (*rules) {
    if (!docs_dir.empty()) return write_rule_docs(docs_dir, stderr) ? exit_code::clean : exit_code::input_error;
    return print_rules(rule_code, stdout, stderr) ? exit_code::clean : exit_code::usage_error;
  }
  if (!finish_check_args(check_args, args)) return exit_code::usage_error;
  return run_check(check_args.options, stdout, stderr);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zonelint: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "zonelint: internal error\n");
  }
  return exit_code::input_error;
}
