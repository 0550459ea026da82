#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <string>

#include "grammar/master_file.hpp"
#include "grammar/rdata_fields.hpp"

namespace {

TEST(Grammar, MasterFileHasNoProblems) {
  EXPECT_EQ(tao::pegtl::analyze<zonelint::grammar::master_file::file>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<zonelint::grammar::master_file::entry>(), 0u);
}

TEST(Grammar, QuotedRunMatchesExactlyTheQuotedCharacters) {
  namespace pg = tao::pegtl;
  namespace mf = zonelint::grammar::master_file;
  for (unsigned c = 0; c < 256; ++c) {
    const char byte[1] = {static_cast<char>(c)};
    pg::memory_input<> one(byte, byte + 1, "");
    pg::memory_input<> run(byte, byte + 1, "");
    EXPECT_EQ(pg::parse<mf::quoted_char>(one), pg::parse<mf::quoted_run>(run)) << "byte " << c;
  }
}

TEST(Grammar, QuotedRunStopsAtQuoteAndBackslash) {
  namespace pg = tao::pegtl;
  namespace mf = zonelint::grammar::master_file;
  const std::string text = "v=DKIM1; p=MIIB\"x";
  pg::memory_input<> in(text, "");
  EXPECT_TRUE(pg::parse<mf::quoted_run>(in));
  EXPECT_EQ(in.current() - text.data(), 15);
  const std::string quoted = "\"a \\\" b\" tail";
  pg::memory_input<> q(quoted, "");
  EXPECT_TRUE(pg::parse<mf::quoted>(q));
  EXPECT_EQ(q.current() - quoted.data(), 8);
}

TEST(Grammar, RdataFieldsHaveNoProblems) {
  namespace r = zonelint::grammar::rdata;
  EXPECT_EQ(tao::pegtl::analyze<r::ipv4_address>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ttl_value>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::base64_text>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::eui64>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ilnp64>(), 0u);
}

}  // namespace
