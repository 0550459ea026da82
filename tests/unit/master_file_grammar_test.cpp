// The master-file grammar's hand-written rule: word_run must match exactly plus<word_char>.

#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <string>

#include "grammar/master_file.hpp"

namespace {

namespace pg = tao::pegtl;
namespace mf = zonelint::grammar::master_file;

TEST(MasterFileGrammar, WordRunMatchesExactlyTheWordCharacters) {
  for (unsigned c = 0; c < 256; ++c) {
    const char byte[2] = {static_cast<char>(c), 'x'};
    pg::memory_input<> one(byte, byte + 1, "");
    pg::memory_input<> run(byte, byte + 1, "");
    EXPECT_EQ(pg::parse<mf::word_char>(one), pg::parse<mf::word_run>(run)) << "byte " << c;
  }
}

TEST(MasterFileGrammar, WordStopsAtBlanksAndTakesEscapes) {
  const std::string text = "ab\\.c\\032d e";
  pg::memory_input<> in(text, "");
  EXPECT_TRUE(pg::parse<mf::word>(in));
  EXPECT_EQ(in.current() - text.data(), 10);
}

TEST(MasterFileGrammar, AnalyzeFindsNoProblems) {
  EXPECT_EQ(pg::analyze<mf::file>(), 0u);
  EXPECT_EQ(pg::analyze<mf::entry>(), 0u);
}

}  // namespace
