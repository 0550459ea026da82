// `zonelint dump` turns every good provider export into a zone file that BIND's named-checkzone
// loads, with the same records. Skipped when named-checkzone (bind9-utils) is not installed.
//
// For each good export (samples/{route53,cloudflare,gcloud,azure}-*.good.* and
// tests/import/good/*, all for the zone example.com) the dump is loaded with
// `named-checkzone -k ignore -i none -D -o OUT example.com DUMP` and the records of DUMP and OUT
// are compared as sets of normalised lines (white space collapsed, letter case folded outside
// quoted strings). Exports without SOA and apex NS records (a Route 53 change batch, the
// Cloudflare API) get a placeholder SOA and NS first, since BIND loads only whole zones.
// `-k ignore` and `-i none` turn off host-name policy and integrity checks (MX targets without
// addresses), which are not about reading the file.

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "app/dump.hpp"

namespace zonelint {
namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> normalise(const std::string& text) {
  static const std::regex token(R"rx("(?:[^"\\]|\\.)*"|\S+)rx");
  std::set<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto b = line.find_first_not_of(" \t");
    if (b == std::string::npos || line[b] == ';') continue;
    std::string out;
    for (auto it = std::sregex_iterator(line.begin(), line.end(), token); it != std::sregex_iterator(); ++it) {
      std::string t = it->str();
      if (t.front() != '"')
        for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!out.empty()) out += ' ';
      out += t;
    }
    lines.insert(out);
  }
  return lines;
}

std::vector<fs::path> good_exports() {
  std::vector<fs::path> out;
  const fs::path samples = fs::path(ZONELINT_TEST_DATA) / ".." / "samples";
  static const std::regex provider(R"((route53|cloudflare|gcloud|azure)-.*\.good\..*)");
  for (const auto& e : fs::directory_iterator(samples))
    if (std::regex_match(e.path().filename().string(), provider)) out.push_back(e.path());
  for (const auto& e : fs::directory_iterator(fs::path(ZONELINT_TEST_DATA) / "import" / "good")) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ProviderDump, GoodExportsLoadInNamedCheckzone) {
  if (std::system("named-checkzone -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "named-checkzone is not installed";
  const fs::path dir = fs::temp_directory_path() / ("zonelint-dump-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto exports = good_exports();
  ASSERT_EQ(exports.size(), 10u);  // the eight formats, and Route 53 and Azure as YAML
  for (const fs::path& path : exports) {
    const fs::path dump_file = dir / "dump.zone";
    const fs::path out_file = dir / "out.zone";
    std::FILE* out = std::fopen(dump_file.c_str(), "wb");
    std::FILE* err = std::tmpfile();
    ASSERT_NE(out, nullptr);
    DumpOptions options;
    options.path = path.string();
    EXPECT_EQ(run_dump(options, out, err), 0) << path;
    std::fclose(out);
    std::fclose(err);
    std::string text = read_all(dump_file);
    std::set<std::string> records = normalise(text);
    const bool has_soa = std::any_of(records.begin(), records.end(),
                                     [](const std::string& r) { return r.find(" in soa ") != std::string::npos; });
    if (!has_soa) {
      text = "example.com. 3600 IN SOA ns1.example.net. hostmaster.example.net. 1 7200 900 1209600 300\n"
             "example.com. 3600 IN NS ns1.example.net.\n" + text;
      records = normalise(text);
      std::ofstream(dump_file, std::ios::binary) << text;
    }
    const std::string command = "named-checkzone -k ignore -i none -D -o '" + out_file.string() + "' example.com '" +
                                dump_file.string() + "' >'" + (dir / "bind.log").string() + "' 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << path << ": named-checkzone refused the dump:\n"
                                               << read_all(dir / "bind.log") << "\n" << text;
    EXPECT_EQ(normalise(read_all(out_file)), records) << path;
    EXPECT_GE(records.size(), 9u) << path;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zonelint
