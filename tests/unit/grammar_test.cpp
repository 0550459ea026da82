#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <random>
#include <string>
#include <vector>

#include "grammar/master_file.hpp"
#include "grammar/rdata_fields.hpp"
#include "model/text_codec.hpp"

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

TEST(Grammar, RestOfLineStopsWhereByteByByteWould) {
  namespace pg = tao::pegtl;
  namespace mf = zonelint::grammar::master_file;
  for (const std::string& text : std::vector<std::string>{"", "\n", "abc", "abc\n", "; x \r\n y",
                                                         std::string("a\0b\nc", 6), "\xFF\xFE\n"}) {
    pg::memory_input<> by_bytes(text, "");
    pg::memory_input<> at_once(text, "");
    ASSERT_TRUE(pg::parse<pg::star<pg::not_one<'\n'>>>(by_bytes));
    ASSERT_TRUE(pg::parse<mf::rest_of_line>(at_once));
    EXPECT_EQ(at_once.current() - text.data(), by_bytes.current() - text.data()) << text;
    EXPECT_EQ(at_once.line(), by_bytes.line());
    EXPECT_EQ(at_once.column(), by_bytes.column());
  }
}

TEST(Grammar, RdataFieldsHaveNoProblems) {
  namespace r = zonelint::grammar::rdata;
  EXPECT_EQ(tao::pegtl::analyze<r::ipv4_address>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ttl_value>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::base64_text>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::eui64>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<r::ilnp64>(), 0u);
}

// The reader decodes addresses by hand (decode_ipv4); the grammar says which are valid.
TEST(Grammar, DecodeIpv4AcceptsExactlyTheGrammarsAddresses) {
  namespace pg = tao::pegtl;
  namespace r = zonelint::grammar::rdata;
  const auto grammar_accepts = [](const std::string& s) {
    pg::memory_input<> in(s, "");
    return pg::parse<pg::seq<r::ipv4_address, pg::eof>>(in);
  };
  std::vector<std::string> octets;
  for (int v = 0; v < 1000; ++v) {
    octets.push_back(std::to_string(v));
    if (v < 100) octets.push_back((v < 10 ? "00" : "0") + std::to_string(v));
  }
  for (const char* odd : {"", " ", "+1", "-1", "1a", "0x1", "2550", "1000", "0000", "\049"}) octets.emplace_back(odd);
  std::vector<std::string> inputs;
  for (const std::string& o : octets) {
    inputs.push_back(o + ".1.2.3");
    inputs.push_back("1." + o + ".2.3");
    inputs.push_back("1.2.3." + o);
  }
  for (const char* odd : {"", ".", "1.2.3", "1.2.3.", "1.2.3.4.", ".1.2.3.4", "1.2.3.4.5", "1..2.3", "1.2.3.4 ",
                          "1.2.3.4\n", "255.255.255.255", "0.0.0.0"}) {
    inputs.emplace_back(odd);
  }
  // Random strings over the bytes that matter.
  std::mt19937 random(7);
  const std::string alphabet = "0123456789.9925501";
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int length = static_cast<int>(random() % 18);
    for (int k = 0; k < length; ++k) s.push_back(alphabet[random() % alphabet.size()]);
    inputs.push_back(s);
  }
  std::size_t accepted = 0;
  for (const std::string& s : inputs) {
    unsigned char out[4];
    const bool decoded = zonelint::decode_ipv4(s, out);
    ASSERT_EQ(decoded, grammar_accepts(s)) << '"' << s << '"';
    if (!decoded) continue;
    ++accepted;
    std::string back;
    for (int k = 0; k < 4; ++k) back += (k > 0 ? "." : "") + std::to_string(out[k]);
    EXPECT_EQ(back, s);
  }
  EXPECT_GT(accepted, 700u);
}

}  // namespace
