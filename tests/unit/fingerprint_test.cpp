// The line fingerprints must equal what GitHub's upload-sarif computes. The expected files were
// produced by an independent implementation of the same algorithm (BigInt arithmetic over Node's
// own UTF-8 decoding) on inputs with tabs, blank lines, CRLF, a lone CR, a BOM, emoji (surrogate
// pairs), invalid UTF-8 and a missing final newline.

#include "report/fingerprint.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace zonelint {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Fingerprint, MatchesGitHubUploadAction) {
  const fs::path dir = fs::path(ZONELINT_TEST_DATA) / "report" / "fingerprint";
  for (const char* name : {"a.zone", "b.zone", "c.zone"}) {
    const auto hashes = line_fingerprints(read(dir / name));
    std::istringstream expected(read(dir / (std::string(name) + ".expected")));
    std::size_t checked = 0;
    for (std::string line; std::getline(expected, line);) {
      std::istringstream words(line);
      std::size_t number = 0;
      std::string hash;
      words >> number >> hash;
      ASSERT_GE(number, 1u);
      ASSERT_LE(number, hashes.size()) << name;
      EXPECT_EQ(hashes[number - 1], hash) << name << " line " << number;
      ++checked;
    }
    EXPECT_GT(checked, 0u);
  }
}

TEST(Fingerprint, RepeatedLinesAreNumbered) {
  // Lines whose next 100 characters are the same hash the same; the suffix tells them apart.
  std::string text;
  for (int i = 0; i < 200; ++i) text += "a\n";
  text += std::string(300, 'x') + "\n";
  const auto hashes = line_fingerprints(text);
  ASSERT_GE(hashes.size(), 3u);
  const std::string base = hashes[0].substr(0, hashes[0].find(':'));
  EXPECT_EQ(hashes[0], base + ":1");
  EXPECT_EQ(hashes[1], base + ":2");
  EXPECT_EQ(hashes[2], base + ":3");
}

}  // namespace
}  // namespace zonelint
