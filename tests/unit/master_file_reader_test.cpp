// The master-file reader: records with exact values, findings with exact line, column and
// message. Directives $INCLUDE and $GENERATE have their own test files.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "model/record.hpp"
#include "reader_harness.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

// ---------------------------------------------------------------------------------------------
// Records, owners, TTL and class

TEST(MasterFileReader, ReadsRecordsWithOwnerInheritanceAndAt) {
  Parsed p(
      "$TTL 3600\n"
      "@ IN SOA ns1 hostmaster 2024010101 7200 3600 1209600 300\n"
      "  IN NS ns1\n"
      "www 300 A 192.0.2.1\n"
      "    AAAA 2001:db8::1\n"
      "mail.example.com. MX 10 mail\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 2024010101 7200 3600 "
                          "1209600 300",
                          "example.com. 3600 IN NS ns1.example.com.", "www.example.com. 300 IN A 192.0.2.1",
                          "www.example.com. 3600 IN AAAA 2001:db8::1",
                          "mail.example.com. 3600 IN MX 10 mail.example.com."));
  const auto& r = p.records();
  EXPECT_TRUE(r[0].has(record_flag::owner_at));
  EXPECT_TRUE(r[0].has(record_flag::class_explicit));
  EXPECT_FALSE(r[0].has(record_flag::ttl_explicit));
  EXPECT_TRUE(r[1].has(record_flag::owner_inherited));
  EXPECT_FALSE(r[1].has(record_flag::owner_at));
  EXPECT_TRUE(r[2].has(record_flag::ttl_explicit));
  EXPECT_FALSE(r[2].has(record_flag::class_explicit));
  EXPECT_TRUE(r[3].has(record_flag::owner_inherited));
  EXPECT_TRUE(r[4].has(record_flag::owner_absolute));
  EXPECT_EQ(r[2].line, 4u);
  EXPECT_EQ(r[2].column, 1u);
  EXPECT_EQ(r[3].line, 5u);
}

TEST(MasterFileReader, TtlUnitsAndEitherOrderOfTtlAndClass) {
  Parsed p(
      "$TTL 3600\n"
      "a 300 IN A 192.0.2.1\n"
      "b IN 300 A 192.0.2.1\n"
      "c IN A 192.0.2.1\n"
      "d 1h30m A 192.0.2.1\n"
      "e 2W A 192.0.2.1\n"
      "f 1H30M IN A 192.0.2.1\n"
      "g IN 1d2h3m4s A 192.0.2.1\n"
      "h 0 A 192.0.2.1\n"
      "i 2147483647 A 192.0.2.1\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  std::vector<std::uint32_t> ttls;
  for (const Rec& r : p.records()) ttls.push_back(r.ttl);
  EXPECT_THAT(ttls, ElementsAre(300u, 300u, 3600u, 5400u, 1209600u, 5400u, 93784u, 0u, 2147483647u));
}

TEST(MasterFileReader, MnemonicsAndDirectivesAreCaseInsensitive) {
  Parsed p(
      "$ttl 60\n"
      "$origin Sub.Example.COM.\n"
      "a in a 192.0.2.1\n"
      "b Txt x\n"
      "c cname @\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.Sub.Example.COM. 60 IN A 192.0.2.1", "b.Sub.Example.COM. 60 IN TXT \"x\"",
                          "c.Sub.Example.COM. 60 IN CNAME Sub.Example.COM."));
}

TEST(MasterFileReader, RelativeAndAbsoluteNamesAndOrigin) {
  Parsed p(
      "$TTL 60\n"
      "a A 192.0.2.1\n"
      "b.example.org. A 192.0.2.2\n"
      "$ORIGIN sub\n"  // relative to the current origin
      "c A 192.0.2.3\n"
      "@ NS ns.example.net.\n"
      "$ORIGIN .\n"
      "d.test. A 192.0.2.4\n"
      "e A 192.0.2.5\n"
      ". NS a.root-servers.net.\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.example.com. 60 IN A 192.0.2.1", "b.example.org. 60 IN A 192.0.2.2",
                          "c.sub.example.com. 60 IN A 192.0.2.3", "sub.example.com. 60 IN NS ns.example.net.",
                          "d.test. 60 IN A 192.0.2.4", "e. 60 IN A 192.0.2.5", ". 60 IN NS a.root-servers.net."));
}

TEST(MasterFileReader, TypeAndClassNumbersAndGenericRdata) {
  Parsed p(
      "$TTL 60\n"
      "a CLASS1 TYPE1 192.0.2.1\n"
      "b TYPE65280 \\# 3 abcdef\n"
      "c TYPE16 \\# 6 0568656c6c6f\n"
      "d A \\# 4 c0000201\n"
      "e TYPE65281 \\# 0\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.example.com. 60 IN A 192.0.2.1", "b.example.com. 60 IN TYPE65280 \\# 3 ABCDEF",
                          "c.example.com. 60 IN TXT \"hello\"", "d.example.com. 60 IN A 192.0.2.1",
                          "e.example.com. 60 IN TYPE65281 \\# 0"));
  EXPECT_TRUE(p.records()[1].has(record_flag::generic_rdata));
  EXPECT_TRUE(p.records()[3].has(record_flag::generic_rdata));
}

TEST(MasterFileReader, GenericRdataWithWrongLengthOrBadHex) {
  Parsed p(
      "$TTL 60\n"
      "a TYPE65280 \\# 4 abcdef\n"
      "b TYPE65280 \\# 2 abcx\n"
      "c TYPE65280 \\# x ab\n"
      "d A \\# 3 c00002\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:18: \\# gives a length of 4 octets but the hex that follows holds 3",
                          "3:21: \\# RDATA: " + p.diags()[1].message.substr(p.diags()[1].message.find(": ") + 2),
                          "4:16: \\# length must be a number from 0 to 65535, found \"x\"",
                          "5:5: the \\# data is not valid RDATA for an A record"));
}

TEST(MasterFileReader, UnknownTypes) {
  Parsed p(
      "$TTL 60\n"
      "a FOO bar\n"
      "b TYPE65280 bar\n"
      "c AXFR x\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:3: expected an RR type, found \"FOO\"",
                          "3:3: TYPE65280 is not a type zonelint knows; write its RDATA in the generic form "
                          "\\# <length> <hex> (RFC 3597 §5)",
                          "4:3: AXFR is a query or meta type and cannot appear in zone data"));
}

TEST(MasterFileReader, ClassThatDoesNotMatchTheZone) {
  Parsed p(
      "$TTL 60\n"
      "a CH A 192.0.2.1\n"
      "b 60 CLASS3 A 192.0.2.1\n"
      "c IN IN A 192.0.2.1\n"
      "d 60 IN 70 A 192.0.2.1\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:3: class CH does not match the zone's class IN",
                                            "3:6: class CH does not match the zone's class IN",
                                            "4:6: the class is given twice", "5:9: the TTL is given twice"));
}

// BIND's loader refuses these whatever the RDATA (found by tests/corpus/differential_fuzz.py).
TEST(MasterFileReader, OwnersBindRefusesForNsNsec3AndDs) {
  Parsed p(
      "$TTL 60\n"
      "*.w NS ns.example.net.\n"
      "*   NSEC3 1 0 0 - 0123456789abcdefghijklmnopqrstuv A\n"
      "\\*.e TYPE2 \\# 1 00\n"
      "a.* NS ns.example.net.\n"
      "w*  NS ns.example.net.\n"
      "*.d A 192.0.2.1\n"
      "    NS ns.example.net.\n"
      "@   DS 1 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      "sub DS 1 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      "$ORIGIN sub.example.com.\n"
      "@   DS 1 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
      "example.COM. 60 IN DS 1 8 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
  const std::string wildcard_ns =
      "a wildcard name cannot own NS records: wildcard delegations are undefined (RFC 4592 §4.2) and BIND refuses "
      "them; write the name to delegate";
  const std::string ds_at_top =
      "a DS record cannot be at the top of its own zone: it belongs in the parent zone (RFC 4035 §2.4), and BIND "
      "refuses it";
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:1: " + wildcard_ns,
                          "3:1: a wildcard name cannot own an NSEC3 record: its first label is the hash of a name "
                          "(RFC 5155 §3), and BIND refuses the record",
                          "4:1: " + wildcard_ns, "8:5: " + wildcard_ns, "9:1: " + ds_at_top, "13:1: " + ds_at_top));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.*.example.com. 60 IN NS ns.example.net.", "w*.example.com. 60 IN NS ns.example.net.",
                          "*.d.example.com. 60 IN A 192.0.2.1",
                          "sub.example.com. 60 IN DS 1 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 "
                          "89ABCDEF",
                          "sub.example.com. 60 IN DS 1 8 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF01234567 "
                          "89ABCDEF"));
}

TEST(MasterFileReader, MissingType) {
  Parsed p("$TTL 60\nwww 300 IN\nmail\n");
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:11: expected an RR type (A, CNAME, TXT, ...) here",
                                            "3:5: expected an RR type (A, CNAME, TXT, ...) here"));
}

// ---------------------------------------------------------------------------------------------
// BIND's TTL rules

TEST(MasterFileReader, SoaFirstWithoutTtlUsesItsMinimumAndMakesItTheDefault) {
  Parsed p(
      "@ SOA ns hm 1 2 3 4 5\n"
      "  NS ns\n"
      "ns 600 A 192.0.2.1\n"
      "sub A 192.0.2.2\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  std::vector<std::uint32_t> ttls;
  for (const Rec& r : p.records()) ttls.push_back(r.ttl);
  EXPECT_THAT(ttls, ElementsAre(5u, 5u, 600u, 5u));
  EXPECT_TRUE(p.records()[0].has(record_flag::ttl_from_soa));
  EXPECT_FALSE(p.records()[1].has(record_flag::ttl_from_soa));
}

TEST(MasterFileReader, WithoutTtlDirectiveTheLastExplicitTtlApplies) {
  Parsed p(
      "@ 100 SOA ns hm 1 2 3 4 5\n"
      "  NS ns\n"
      "ns 600 A 192.0.2.1\n"
      "x A 192.0.2.1\n"
      "$TTL 50\n"
      "y A 192.0.2.1\n"
      "z 70 A 192.0.2.1\n"
      "w A 192.0.2.1\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  std::vector<std::uint32_t> ttls;
  for (const Rec& r : p.records()) ttls.push_back(r.ttl);
  EXPECT_THAT(ttls, ElementsAre(100u, 100u, 600u, 600u, 50u, 70u, 50u));
}

TEST(MasterFileReader, NoTtlAnywhere) {
  Parsed p("a A 192.0.2.1\nb 60 A 192.0.2.2\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("b.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("1:3: no TTL for this record: write one before the type, or put a $TTL "
                                            "directive above it (RFC 2308 §4)"));
}

TEST(MasterFileReader, TtlAboveTheMaximum) {
  Parsed p(
      "$TTL 60\n"
      "a 2147483648 A 192.0.2.1\n"
      "b 99999999999999999999 A 192.0.2.1\n"
      "c 3551w A 192.0.2.1\n"
      "$TTL 4294967296\n"
      "d 1x A 192.0.2.1\n"
      "$TTL abc\n"
      "e 1h30 A 192.0.2.1\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:3: TTL 2147483648 is above the maximum of 2147483647 (RFC 2181 §8)",
                          "3:3: TTL 99999999999999999999 is above the maximum of 2147483647 (RFC 2181 §8)",
                          "4:3: TTL 3551w (2147644800 seconds) is above the maximum of 2147483647 (RFC 2181 §8)",
                          "5:6: $TTL 4294967296 is above the maximum of 2147483647 (RFC 2181 §8)",
                          "6:3: expected a TTL (seconds, or a duration like 1h30m) or an RR type, found \"1x\"",
                          "7:6: $TTL: expected a number of seconds or a duration like 1h30m, found \"abc\"",
                          "8:3: expected a TTL (seconds, or a duration like 1h30m) or an RR type, found \"1h30\""));
}

// ---------------------------------------------------------------------------------------------
// Names: escapes and limits

TEST(MasterFileReader, EscapesInNamesAndStrings) {
  Parsed p(
      "$TTL 60\n"
      "a\\.b A 192.0.2.1\n"
      "\\065bc A 192.0.2.1\n"
      "x\\ y A 192.0.2.1\n"
      "\\@ A 192.0.2.1\n"
      "t TXT \"a\\\"b\" \"c\\\\d\" \"\\255\" \"semi;colon\" un\\;quoted \"(paren)\"\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a\\.b.example.com. 60 IN A 192.0.2.1", "Abc.example.com. 60 IN A 192.0.2.1",
                          "x\\032y.example.com. 60 IN A 192.0.2.1", "\\@.example.com. 60 IN A 192.0.2.1",
                          "t.example.com. 60 IN TXT \"a\\\"b\" \"c\\\\d\" \"\\255\" \"semi;colon\" \"un;quoted\" "
                          "\"(paren)\""));
}

TEST(MasterFileReader, BadNameSyntax) {
  Parsed p(
      "$TTL 60\n"
      "..bad A 192.0.2.1\n"
      "a..b A 192.0.2.1\n"
      "a\\999 A 192.0.2.1\n"
      "a\\12 A 192.0.2.1\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:1: owner name: a domain name cannot start with a dot",
                          "3:3: owner name: empty label (two dots in a row)",
                          "4:2: owner name: escape \\999 is above 255",
                          "5:2: owner name: a \\DDD escape needs exactly three decimal digits"));
}

TEST(MasterFileReader, LabelLongerThan63OctetsPointsAtTheLabel) {
  const std::string l63(63, 'x');
  const std::string l64(64, 'y');
  Parsed p("$TTL 60\n" + l63 + " A 192.0.2.1\na." + l64 + ".b A 192.0.2.1\nc\\." + std::string(62, 'z') +
           "\\065 A 192.0.2.1\n");
  ASSERT_THAT(p.records(), SizeIs(1));
  EXPECT_EQ(p.records()[0].owner, l63 + ".example.com.");
  ASSERT_THAT(p.diags(), SizeIs(2));
  EXPECT_EQ(p.diags()[0].str(), "3:3: owner name: label is 64 octets long; the limit is 63 (RFC 1035 §2.3.4)");
  EXPECT_EQ(p.diags()[0].end_column, 67u);
  // c\. + 62 z + \065 = 65 octets, one label
  EXPECT_EQ(p.diags()[1].str(), "4:1: owner name: label is 65 octets long; the limit is 63 (RFC 1035 §2.3.4)");
}

TEST(MasterFileReader, NameLongerThan255OctetsPointsAtTheLabelThatCrossesTheLimit) {
  const std::string l63(63, 'a');
  // 3 * 64 + 62 + 1 = 255 octets: the longest name.
  const std::string longest = l63 + "." + l63 + "." + l63 + "." + std::string(61, 'b') + ".";
  const std::string too_long = l63 + "." + l63 + "." + l63 + "." + std::string(62, 'c') + ".";
  // Relative: 3 * 64 + 51 + 13 (example.com.) = 256.
  const std::string relative = l63 + "." + l63 + "." + l63 + "." + std::string(50, 'd');
  Parsed p("$TTL 60\n" + longest + " A 192.0.2.1\n" + too_long + " A 192.0.2.1\n" + relative + " A 192.0.2.1\n");
  ASSERT_THAT(p.records(), SizeIs(1));
  EXPECT_EQ(p.records()[0].owner, longest);
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:193: owner name: name is 256 octets long in wire form; the limit is 255 (RFC 1035 "
                          "§2.3.4)",
                          "4:193: owner name: name is 256 octets long in wire form once the origin example.com. is "
                          "appended; the limit is 255 (RFC 1035 §2.3.4)"));
}

TEST(MasterFileReader, OwnerErrorsSkipTheRecordsThatWouldInheritTheBadOwner) {
  Parsed p(
      "$TTL 60\n"
      "good A 192.0.2.1\n"
      "a..b A 192.0.2.2\n"
      "  A 192.0.2.3\n"
      "  TXT \"also skipped\"\n"
      "next A 192.0.2.4\n"
      "  A 192.0.2.5\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("good.example.com. 60 IN A 192.0.2.1", "next.example.com. 60 IN A 192.0.2.4",
                                              "next.example.com. 60 IN A 192.0.2.5"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("3:3: owner name: empty label (two dots in a row)"));
}

TEST(MasterFileReader, BlankLineStartBeforeAnyOwner) {
  Parsed p("$TTL 60\n  A 192.0.2.1\n");
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:3: this line starts with blank space, which repeats the previous owner name, but there "
                          "is none yet; write the owner name in the first column"));
}

// ---------------------------------------------------------------------------------------------
// RDATA limits (rdata_parser.cpp; checked here through the reader's positions)

TEST(MasterFileReader, TxtStringLongerThan255Octets) {
  Parsed p("$TTL 60\nok TXT \"" + std::string(255, 'x') + "\"\nt TXT \"" + std::string(256, 'x') +
           "\"\nu TXT " + std::string(300, 'u') + "\n");
  ASSERT_THAT(p.records(), SizeIs(1));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:7: TXT text: character-string is 256 octets long; the limit is 255 (RFC 1035 §3.3), so "
                          "split it into several quoted strings",
                          "4:7: TXT text: character-string is 300 octets long; the limit is 255 (RFC 1035 §3.3), so "
                          "split it into several quoted strings"));
}

TEST(MasterFileReader, RdataLongerThan65535Octets) {
  // 257 strings of 255 octets: 65792 octets of RDATA; 256 of them (65536) too; 255 (65280) fit.
  const auto strings = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += " \"" + std::string(255, 'x') + "\"";
    return s;
  };
  Parsed p("$TTL 60\nok TXT" + strings(255) + "\nbig TXT" + strings(256) + "\n");
  ASSERT_THAT(p.records(), SizeIs(1));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:9: the TXT RDATA is 65536 octets long, more than the 65535 a record can hold (its "
                          "RDLENGTH is 16 bits, RFC 1035 §3.2.1); shorten the text or split it over several records"));
  // From the first string's opening quote to the last one's closing quote.
  EXPECT_EQ(p.diags()[0].end_line, 3u);
  EXPECT_EQ(p.diags()[0].end_column, 8 + strings(256).size());
}

TEST(MasterFileReader, InvalidAddresses) {
  Parsed p(
      "$TTL 60\n"
      "a A 192.0.2.256\n"
      "b A 01.2.3.4\n"
      "c A 1.2.3\n"
      "d AAAA 2001:db8::g\n"
      "e AAAA 1:2:3:4:5:6:7:8:9\n"
      "f A \"192.0.2.1\"\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:5: A address: \"192.0.2.256\" is not a valid IPv4 address (four numbers 0-255 without "
                          "leading zeros)",
                          "3:5: A address: \"01.2.3.4\" is not a valid IPv4 address (four numbers 0-255 without "
                          "leading zeros)",
                          "4:5: A address: \"1.2.3\" is not a valid IPv4 address (four numbers 0-255 without leading "
                          "zeros)",
                          "5:8: AAAA address: \"2001:db8::g\" is not a valid IPv6 address (RFC 4291 §2.2)",
                          "6:8: AAAA address: \"1:2:3:4:5:6:7:8:9\" is not a valid IPv6 address (RFC 4291 §2.2)",
                          HasSubstr("7:5: A address: ")));
}

TEST(MasterFileReader, NumericRangePerField) {
  Parsed p(
      "$TTL 60\n"
      "m MX 65536 mail\n"
      "n MX -1 mail\n"
      "s SRV 1 2 70000 target\n"
      "@ SOA ns hm 4294967296 1 2 3 4\n"
      "f SSHFP 256 1 abcd\n"
      "g CAA 256 issue \"ca.example\"\n"
      "h MX 10\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:6: MX preference 65536 is above the maximum of 65535",
                          "3:6: MX preference: expected a number from 0 to 65535, found \"-1\"",
                          "4:11: SRV port 70000 is above the maximum of 65535",
                          "5:13: SOA serial 4294967296 is above the maximum of 4294967295",
                          "6:9: SSHFP algorithm 256 is above the maximum of 255",
                          "7:7: CAA flags 256 is above the maximum of 255",
                          "8:8: MX record is missing its exchange (an MX record has: preference, exchange)"));
}

// ---------------------------------------------------------------------------------------------
// Input hygiene: BOM, CRLF, final newline, NUL, control characters, invalid UTF-8

TEST(MasterFileReader, Utf8BomIsAcceptedAndNotCountedAsAColumn) {
  Parsed p("\xEF\xBB\xBF$TTL 60\na A 192.0.2.1\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1"));
  Parsed q("\xEF\xBB\xBF" "a 300 A 192.0.2.400\n");
  EXPECT_THAT(q.diag_strings(), ElementsAre(HasSubstr("1:9: A address")));
  Parsed r("\xEF\xBB\xBF" "a 300 A 192.0.2.1\n");
  ASSERT_THAT(r.records(), SizeIs(1));
  EXPECT_EQ(r.records()[0].column, 1u);
}

TEST(MasterFileReader, Utf16IsRecognisedOnce) {
  using namespace std::string_literals;
  const std::string utf16le = "\xFF\xFE$\0T\0T\0L\0 \0" "6\0" "0\0\n\0"s;
  Parsed p(utf16le);
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("1:1: this file is UTF-16 encoded (it starts with a UTF-16 byte-order mark); zonelint reads "
                          "zone files as UTF-8 or ASCII: convert it, for example with iconv -f UTF-16 -t UTF-8"));
}

TEST(MasterFileReader, CrlfLineEnds) {
  Parsed p(
      "$TTL 60\r\n"
      "a A 192.0.2.1\r\n"
      "b TXT \"x\" ; comment\r\n"
      "c SOA ns hm (\r\n"
      "   1 2 3 4 5 )\r\n"
      "d A 192.0.2.400\r\n"
      "e TXT \"open\r\n"
      "f A 192.0.2.2\r\n");
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.example.com. 60 IN A 192.0.2.1", "b.example.com. 60 IN TXT \"x\"",
                          "c.example.com. 60 IN SOA ns.example.com. hm.example.com. 1 2 3 4 5",
                          "f.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre(HasSubstr("6:5: A address"),
                          "7:7: quoted string is not closed before the end of the line; add the closing '\"'"));
}

TEST(MasterFileReader, NoFinalNewline) {
  Parsed a("$TTL 60\na A 192.0.2.1");
  EXPECT_THAT(a.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1"));
  Parsed b("$TTL 60\na A 192.0.2.1 ; comment");
  EXPECT_THAT(b.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1"));
  Parsed c("$TTL 60\na A 1.2.3");
  EXPECT_THAT(c.diag_strings(), ElementsAre(HasSubstr("2:5: A address")));
  Parsed d("$TTL 60\na TXT \"open");
  EXPECT_THAT(d.diag_strings(),
              ElementsAre("2:7: quoted string is not closed before the end of the line; add the closing '\"'"));
  Parsed e("$TTL 60\na TXT (\"x\"");
  EXPECT_THAT(e.diag_strings(), ElementsAre("2:7: '(' is not closed before the end of the file; add the matching ')'"));
  Parsed f("");
  EXPECT_THAT(f.diags(), SizeIs(0));
  EXPECT_THAT(f.records(), SizeIs(0));
}

// BIND fails the zone on these ("extra input text"; found by tests/corpus/differential_fuzz.py).
TEST(MasterFileReader, DirectiveOnTheLastLineWithoutLineBreak) {
  const std::string refused = ": no line break after this {} directive at the end of the file: BIND refuses the zone "
                              "(\"extra input text\"); end the file with a line break";
  const auto message = [&](const std::string& at, const std::string& name) {
    std::string m = at + refused;
    m.replace(m.find("{}"), 2, name);
    return m;
  };
  Parsed ttl("$TTL 60\na A 192.0.2.1\n$ttl 120 ; comment");
  EXPECT_THAT(ttl.diag_strings(), ElementsAre(message("3:1", "$TTL")));
  Parsed origin("$TTL 60\n$ORIGIN sub.example.com. ");
  EXPECT_THAT(origin.diag_strings(), ElementsAre(message("2:1", "$ORIGIN")));
  Parsed generate("$TTL 60\n$GENERATE 1-2 h$ A 192.0.2.$");
  EXPECT_THAT(generate.diag_strings(), ElementsAre(message("2:1", "$GENERATE")));
  EXPECT_THAT(generate.records(), SizeIs(0));
  // A bad argument is the finding that matters.
  Parsed bad_ttl("$TTL 60\n$TTL -5");
  EXPECT_THAT(bad_ttl.diag_strings(),
              ElementsAre("2:6: $TTL: expected a number of seconds or a duration like 1h30m, found \"-5\""));
  // Over several lines, BIND names the directive's first line.
  Parsed parens("$TTL 60\n$TTL ( 120\n)");
  EXPECT_THAT(parens.diag_strings(), ElementsAre(message("2:1", "$TTL")));
  // $INCLUDE only with an origin (without one, BIND reads on: here the file is missing).
  Parsed include_origin("$TTL 60\n$INCLUDE missing.inc sub");
  EXPECT_THAT(include_origin.diag_strings(), ElementsAre(message("2:1", "$INCLUDE")));
  Parsed include_alone("$TTL 60\n$INCLUDE missing.inc");
  EXPECT_THAT(include_alone.diag_strings(), ElementsAre("2:10: $INCLUDE cannot read \"missing.inc\": No such file or directory"));
  // A CR outside comments and parentheses ends the line for BIND.
  Parsed cr("$TTL 60\n$TTL 120 \r");
  EXPECT_THAT(cr.diags(), SizeIs(0));
  Parsed cr_in_comment("$TTL 60\n$TTL 120 ; comment\r");
  EXPECT_THAT(cr_in_comment.diag_strings(), ElementsAre(message("2:1", "$TTL")));
  Parsed cr_in_parens("$TTL 60\n$TTL 120 ( \r )");
  EXPECT_THAT(cr_in_parens.diag_strings(), ElementsAre(message("2:1", "$TTL")));
  // With the line break, or with a CRLF one, all is well.
  Parsed lf("$TTL 60\na A 192.0.2.1\n$TTL 120\n");
  Parsed crlf("$TTL 60\r\na A 192.0.2.1\r\n$TTL 120\r\n");
  EXPECT_THAT(lf.diags(), SizeIs(0));
  EXPECT_THAT(crlf.diags(), SizeIs(0));
}

TEST(MasterFileReader, NulBytes) {
  using namespace std::string_literals;
  const std::string text =
      "$TTL 60\na A 192.0.2.1\nb\0 A 192.0.2.2\nc TXT \"x\0y\"\nd A 192.0.2.4 ; nul \0 in a comment\ne A 192.0.2.5\n"s;
  Parsed p(text);
  EXPECT_THAT(p.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1", "d.example.com. 60 IN A 192.0.2.4",
                                              "e.example.com. 60 IN A 192.0.2.5"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:2: unexpected NUL byte (U+0000); write control characters as \\DDD (here \\000)",
                          "4:9: NUL byte (U+0000) is not allowed inside a quoted string; write it as \\000",
                          "5:21: NUL byte (U+0000) in a comment; a zone file is text, so this file may be binary or "
                          "damaged"));
}

TEST(MasterFileReader, ControlCharacters) {
  Parsed p(
      "$TTL 60\n"
      "a\x1b[31m A 192.0.2.1\n"
      "b TXT \"\x07\"\n"
      "c\x7F A 192.0.2.1\n"
      "d A 192.0.2.1\x0c\n"
      "e TXT \"tab\tis fine\"\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("e.example.com. 60 IN TXT \"tab\\009is fine\""));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:2: unexpected escape character (U+001B); write control characters as \\DDD (here \\027)",
                          "3:8: control character U+0007 is not allowed inside a quoted string; write it as \\007",
                          "4:2: unexpected DEL character (U+007F); write control characters as \\DDD (here \\127)",
                          "5:14: unexpected control character U+000C; write control characters as \\DDD (here \\012)"));
}

TEST(MasterFileReader, InvalidUtf8IsAPositionedError) {
  Parsed p(
      "$TTL 60\n"
      "a A 192.0.2.1 ; caf\xE9\n"
      "caf\xE9 A 192.0.2.2\n"
      "t TXT \"\xC3\"\n"
      "u TXT \"\xC3\xA9t\xC3\xA9\"\n"
      "trunc A 192.0.2.3 ; \xF0\x9F\x98");
  EXPECT_THAT(p.record_strings(),
              ElementsAre("a.example.com. 60 IN A 192.0.2.1", "caf\\233.example.com. 60 IN A 192.0.2.2",
                          "t.example.com. 60 IN TXT \"\\195\"", "u.example.com. 60 IN TXT \"\\195\\169t\\195\\169\"",
                          "trunc.example.com. 60 IN A 192.0.2.3"));
  const std::string fix = "; zonelint reads zone files as UTF-8: re-save the file as UTF-8, or write the byte as \\DDD";
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:20: byte 0xE9 is not valid UTF-8" + fix,
                                            "3:4: byte 0xE9 is not valid UTF-8" + fix,
                                            "4:8: byte 0xC3 is not valid UTF-8" + fix,
                                            "6:21: byte 0xF0 is not valid UTF-8" + fix));
}

TEST(MasterFileReader, NonAsciiOwnerNameIsAWarningWithThePunycodeForm) {
  Parsed p("$TTL 60\nb\xC3\xBC" "cher A 192.0.2.1\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("b\\195\\188cher.example.com. 60 IN A 192.0.2.1"));
  ASSERT_THAT(p.diags(), SizeIs(1));
  EXPECT_EQ(p.diags()[0].severity, Severity::warning);
  EXPECT_EQ(p.diags()[0].str(),
            "2:1: owner name \"b\xC3\xBC" "cher\" contains non-ASCII characters; DNS looks names up in their ASCII "
            "form, so write it as \"xn--bcher-kva\" (IDNA, RFC 5891)");
}

TEST(MasterFileReader, OwnerWithOnlyInvisibleNonAsciiCharactersIsLeftToSes003) {
  // U+200B ZERO WIDTH SPACE, U+00A0 NO-BREAK SPACE and U+FEFF: SES003 names each of them; the
  // reader's IDNA hint would repeat it and suggest a Punycode form nobody wants.
  Parsed p("$TTL 60\nwww\xE2\x80\x8B A 192.0.2.1\n\xC2\xA0mail A 192.0.2.2\n\xEF\xBB\xBFx A 192.0.2.3\n");
  EXPECT_THAT(p.records(), SizeIs(3));
  EXPECT_THAT(p.diags(), SizeIs(0));
}

TEST(MasterFileReader, OwnerWithVisibleAndInvisibleNonAsciiCharactersStillWarns) {
  Parsed p("$TTL 60\nb\xC3\xBC\xE2\x80\x8B" "cher A 192.0.2.1\n");
  ASSERT_THAT(p.diags(), SizeIs(1));
  EXPECT_EQ(p.diags()[0].severity, Severity::warning);
  EXPECT_THAT(p.diags()[0].str(), HasSubstr("2:1: owner name \"b\xC3\xBC\xE2\x80\x8B" "cher\" contains non-ASCII"));
}

TEST(MasterFileReader, ColumnsCountCodePointsAndTabsAsOne) {
  Parsed p("$TTL 60\nt\tTXT \"\xC3\xA9\xC3\xA9\" \t\"x\" 1.2\xE2\x82\xAC \"\x01\"\n");
  // t=1 tab=2 TXT=3-5 ' '=6 "éé"=7-10 ' '=11 tab=12 "x"=13-15 ' '=16 1.2€=17-20 ' '=21 "=22 \x01=23
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:23: control character U+0001 is not allowed inside a quoted string; write it as \\001"));
}

// ---------------------------------------------------------------------------------------------
// Quotes and parentheses

TEST(MasterFileReader, UnterminatedQuoteResumesOnTheNextLine) {
  Parsed p("$TTL 60\nt TXT \"abc\nu A 192.0.2.1\nv TXT \"a\" \"b\nw A 192.0.2.2\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("u.example.com. 60 IN A 192.0.2.1", "w.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:7: quoted string is not closed before the end of the line; add the closing '\"'",
                          "4:11: quoted string is not closed before the end of the line; add the closing '\"'"));
}

TEST(MasterFileReader, ParenthesesSpanLinesWithComments) {
  Parsed p(
      "$TTL 60\n"
      "@ IN SOA ns1 hm ( ; comment\n"
      "      2024 ; serial\n"
      "\n"
      "      7200 3600 ( 1209600 ) 300 )  ; nested\n"
      "t TXT ( \"a\" ; one\n"
      "        \"b\" )\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("example.com. 60 IN SOA ns1.example.com. hm.example.com. 2024 7200 3600 1209600 300",
                          "t.example.com. 60 IN TXT \"a\" \"b\""));
}

TEST(MasterFileReader, ErrorInsideParenthesesPointsAtTheTokenAndResyncsAtTheClosingParenthesis) {
  Parsed p(
      "$TTL 60\n"
      "@ SOA ns hm (\n"
      "      1x ; serial\n"
      "      2 3 4 5 )\n"
      "a A 192.0.2.1\n"
      "t TXT ( \"ok\"\n"
      "   bad\x01" "char\n"
      "   \"more\" ) ; ( not a paren in a comment\n"
      "b A 192.0.2.2\n"
      "u TXT ( \"open\n"
      "   \"more\" )\n"
      "c A 192.0.2.3\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1", "b.example.com. 60 IN A 192.0.2.2",
                                              "c.example.com. 60 IN A 192.0.2.3"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:7: SOA serial: expected a number from 0 to 4294967295, found \"1x\"",
                          "7:7: unexpected control character U+0001; write control characters as \\DDD (here \\001)",
                          "10:9: quoted string is not closed before the end of the line; add the closing '\"'"));
}

TEST(MasterFileReader, UnclosedParenthesisResumesOnTheLineAfterIt) {
  Parsed p(
      "$TTL 60\n"
      "a TXT ( \"x\"\n"
      "b A 192.0.2.1\n"
      "c A 192.0.2.2\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("b.example.com. 60 IN A 192.0.2.1", "c.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:7: '(' is not closed before the end of the file; add the matching ')'"));
}

TEST(MasterFileReader, StrayClosingParenthesis) {
  Parsed p("$TTL 60\na A 192.0.2.1 )\n) b\nc A 192.0.2.2\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("c.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:15: ')' without a matching '('; remove it",
                                            "3:1: ')' without a matching '('; remove it"));
}

TEST(MasterFileReader, EntryStartingWithParenthesis) {
  Parsed p("$TTL 60\n( a A 192.0.2.1 )\nb A 192.0.2.2\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("b.example.com. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:1: an entry cannot start with '('; write the owner name first"));
}

TEST(MasterFileReader, HundredThousandNestedParenthesesGiveOneError) {
  const std::string opens(100000, '(');
  Parsed one_line("$TTL 60\na TXT " + opens + "\nb A 192.0.2.1\n");
  EXPECT_THAT(one_line.diag_strings(),
              ElementsAre("2:71: parentheses are nested more than 64 deep and no matching ')' follows; zonelint "
                          "stops reading this file here"));
  std::string lines;
  for (int i = 0; i < 100000; ++i) lines += "(\n";
  Parsed many_lines("$TTL 60\na TXT " + lines + "b A 192.0.2.1\n");
  EXPECT_THAT(many_lines.diag_strings(),
              ElementsAre("66:1: parentheses are nested more than 64 deep and no matching ')' follows; zonelint "
                          "stops reading this file here"));
  Parsed balanced("$TTL 60\na TXT " + opens + "\"x\"" + std::string(100000, ')') + "\nb A 192.0.2.1\n");
  EXPECT_THAT(balanced.record_strings(), ElementsAre("b.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(balanced.diag_strings(),
              ElementsAre("2:71: parentheses are nested more than 64 deep; zonelint skips to the matching ')'"));
}

TEST(MasterFileReader, TwoMegabyteLine) {
  const std::string big(2 * 1024 * 1024, 'x');
  Parsed txt("$TTL 60\nt TXT " + big + "\nok A 192.0.2.1\n");
  EXPECT_THAT(txt.record_strings(), ElementsAre("ok.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(txt.diag_strings(),
              ElementsAre("2:7: TXT text: character-string is 2097152 octets long; the limit is 255 (RFC 1035 §3.3), "
                          "so split it into several quoted strings"));
  Parsed owner("$TTL 60\n" + big + " A 192.0.2.1\nok A 192.0.2.1\n");
  ASSERT_THAT(owner.diags(), SizeIs(1));
  EXPECT_EQ(owner.diags()[0].str(),
            "2:1: owner name: label is 2097152 octets long; the limit is 63 (RFC 1035 §2.3.4)");
  Parsed garbage("$TTL 60\n" + std::string(2 * 1024 * 1024, '\x01') + "\nok A 192.0.2.1\n");
  EXPECT_THAT(garbage.record_strings(), ElementsAre("ok.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(garbage.diags(), SizeIs(1));
  Parsed quoted("$TTL 60\nt TXT \"" + big + "\nok A 192.0.2.1\n");
  EXPECT_THAT(quoted.record_strings(), ElementsAre("ok.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(quoted.diag_strings(),
              ElementsAre("2:7: quoted string is not closed before the end of the line; add the closing '\"'"));
  for (const Parsed* x : {&txt, &owner, &garbage, &quoted}) {
    for (const Diag& d : x->diags()) EXPECT_LT(d.message.size(), 400u) << d.message.substr(0, 200);
  }
}

// ---------------------------------------------------------------------------------------------
// Recovery and the error cap

TEST(MasterFileReader, ReportsEveryErrorAndResumesAtTheNextEntry) {
  Parsed p(
      "$TTL 60\n"
      "a A 192.0.2.1\n"
      "b A 192.0.2.400\n"
      "c MX mail\n"
      "d A 192.0.2.4\n"
      "e BOGUS x\n"
      "  A 192.0.2.5\n"
      "f A 192.0.2.6 ; the end\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("a.example.com. 60 IN A 192.0.2.1", "d.example.com. 60 IN A 192.0.2.4",
                                              "e.example.com. 60 IN A 192.0.2.5", "f.example.com. 60 IN A 192.0.2.6"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre(HasSubstr("3:5: A address"),
                          "4:6: MX preference: expected a number from 0 to 65535, found \"mail\"",
                          "6:3: expected an RR type, found \"BOGUS\""));
  for (const Diag& d : p.diags()) {
    EXPECT_EQ(d.code, "ZONE000");
    EXPECT_EQ(d.severity, Severity::error);
  }
}

TEST(MasterFileReader, AtMost100ErrorsPerFileThenOneNote) {
  std::string text = "$TTL 60\n";
  for (int i = 0; i < 250; ++i) text += "x A 192.0.2.400\n";
  text += "ok A 192.0.2.1\n";
  Parsed p(text);
  EXPECT_THAT(p.record_strings(), ElementsAre("ok.example.com. 60 IN A 192.0.2.1"));
  ASSERT_THAT(p.diags(), SizeIs(101));
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(p.diags()[i].severity, Severity::error);
    EXPECT_EQ(p.diags()[i].line, static_cast<std::uint32_t>(i + 2));
  }
  EXPECT_EQ(p.diags()[100].severity, Severity::note);
  EXPECT_EQ(p.diags()[100].str(),
            "102:5: too many errors in this file; zonelint reported the first 100 and stops reporting syntax errors "
            "here");
  EXPECT_EQ(p.error_count, 250u);
}

TEST(MasterFileReader, ErrorCapIsAnOption) {
  std::string text = "$TTL 60\n";
  for (int i = 0; i < 5; ++i) text += "x A 192.0.2.400\n";
  ReaderOptions options;
  options.max_errors_per_file = 2;
  Parsed p(text, "example.com.", options);
  ASSERT_THAT(p.diags(), SizeIs(3));
  EXPECT_EQ(p.diags()[2].severity, Severity::note);
  EXPECT_EQ(p.diags()[2].line, 4u);
}

// An odd number of hex digits in the last token of a file without a final newline: the finding
// is on the last digit, not one byte past the end of the file (found by fuzzing).
TEST(MasterFileReader, OddHexDigitsAtTheEndOfTheFileStayInsideIt) {
  Parsed generic("$TTL 60\nx NSEC \\# 3 016");
  ASSERT_EQ(generic.diags().size(), 1u);
  EXPECT_EQ(generic.diags()[0].end_line, 2u);
  EXPECT_EQ(generic.diags()[0].end_column, 16u);  // just past the "6", the file's last byte
  EXPECT_THAT(generic.diag_strings(), ElementsAre("2:15: \\# RDATA: hex text has an odd number of digits (3)"));
  Parsed salt("$TTL 60\nx NSEC3PARAM 1 0 10 abc");
  ASSERT_EQ(salt.diags().size(), 1u);
  EXPECT_EQ(salt.diags()[0].line, 2u);
  EXPECT_EQ(salt.diags()[0].column, 23u);  // the "c": three digits, the last one unpaired
  EXPECT_EQ(salt.diags()[0].end_column, 24u);
}

TEST(MasterFileReader, Base64PadBitsMustBeZeroAsBindRequires) {
  // "AR==": 'R' carries four bits that "==" marks unused, and one of them is set.
  Parsed one_octet("$TTL 60\nk DNSKEY 256 3 13 AR==");
  ASSERT_EQ(one_octet.diags().size(), 1u);
  EXPECT_EQ(one_octet.diags()[0].column, 20u);
  EXPECT_EQ(one_octet.diags()[0].end_column, 21u);
  EXPECT_THAT(one_octet.diag_strings(),
              ElementsAre("2:20: DNSKEY public key: base64 'R' before the '=' padding sets bits the padding marks "
                          "unused (RFC 4648 §3.5), which BIND rejects; write 'Q' there (the same bytes, with those "
                          "bits zero)"));
  // Split over words: the position is in the last word, on the character before "=".
  Parsed two_octets("$TTL 60\nk DNSKEY 256 3 13 AAAA ( AAB= )");
  ASSERT_EQ(two_octets.diags().size(), 1u);
  EXPECT_EQ(two_octets.diags()[0].column, 28u);
  EXPECT_THAT(two_octets.diag_strings()[0], HasSubstr("base64 'B' before the '=' padding"));
  EXPECT_THAT(two_octets.diag_strings()[0], HasSubstr("write 'A' there"));
  // Zero pad bits, and no padding at all, are read.
  for (const char* key : {"AQ==", "AAE=", "AAAA", "AAAA/w=="}) {
    Parsed good(std::string("$TTL 60\nk DNSKEY 256 3 13 ") + key);
    EXPECT_TRUE(good.diags().empty()) << key;
    EXPECT_EQ(good.records().size(), 1u) << key;
  }
}

TEST(MasterFileReader, ErrorsAndWarningsAreCappedApart) {
  std::string text = "$TTL 60\n";
  for (int i = 0; i < 3; ++i) text += "caf\xC3\xA9 A 192.0.2.1\n";  // a warning each
  for (int i = 0; i < 3; ++i) text += "x A 192.0.2.400\n";
  text += "caf\xC3\xA9 A 192.0.2.2\n";  // past the warnings' cap: not reported
  ReaderOptions options;
  options.max_errors_per_file = 2;
  Parsed p(text, "example.com.", options);
  const std::string warning = ": owner name \"caf\xC3\xA9\" contains non-ASCII characters; DNS looks names up in their "
                              "ASCII form, so write it as \"xn--caf-dma\" (IDNA, RFC 5891)";
  const std::string error = ": A address: \"192.0.2.400\" is not a valid IPv4 address (four numbers 0-255 without "
                            "leading zeros)";
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:1" + warning, "3:1" + warning,
                          "4:1: too many warnings in this file; zonelint reported the first 2 and stops reporting "
                          "these warnings here",
                          "5:5" + error, "6:5" + error,
                          "7:5: too many errors in this file; zonelint reported the first 2 and stops reporting "
                          "syntax errors here"));
  EXPECT_EQ(p.diags()[2].severity, Severity::note);
  EXPECT_EQ(p.diags()[5].severity, Severity::note);
}

TEST(MasterFileReader, CloudflareProxiedTagAnywhereInTheComment) {
  Parsed p(
      "$TTL 60\n"
      "a A 192.0.2.1 ; cf_tags=cf-proxied:true\n"
      "b A 192.0.2.2 ; web front cf_tags=cf-proxied:true\n"
      "c A 192.0.2.3 ; cf_tags=cf-proxied:false\n"
      "d A 192.0.2.4 ; cf-proxied:true, but no cf_tags\n"
      "e TXT ( \"x\" ; first line\n"
      "  ) ; note cf_tags=cf-proxied:true\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  ASSERT_THAT(p.records(), SizeIs(5));
  EXPECT_TRUE(p.records()[0].has(record_flag::proxied));
  EXPECT_TRUE(p.records()[1].has(record_flag::proxied));
  EXPECT_FALSE(p.records()[2].has(record_flag::proxied));
  EXPECT_FALSE(p.records()[3].has(record_flag::proxied));
  EXPECT_TRUE(p.records()[4].has(record_flag::proxied));
}

TEST(MasterFileReader, RdataMessagesQuoteTokensOnceAndUseTheRightArticle) {
  Parsed p(
      "$TTL 60\n"
      "a A \"192.0.2.1\"\n"
      "b A 192.0.2.1 \"192.0.2.2\"\n"
      "c MX 10 mail extra\n"
      "d TXT x\n"
      "e A\n");
  EXPECT_THAT(p.records(), SizeIs(1));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:5: A address: \"192.0.2.1\" is not a valid IPv4 address (four numbers 0-255 without "
                          "leading zeros)",
                          "3:15: unexpected \"192.0.2.2\" after the A RDATA; an A record has: address",
                          "4:14: unexpected \"extra\" after the MX RDATA; an MX record has: preference, exchange",
                          "6:4: A record is missing its address (an A record has: address)"));
}

TEST(MasterFileReader, TwentyThousandBadRecords) {
  std::string text = "$TTL 60\n";
  for (int i = 0; i < 20000; ++i) text += "x A 192.0.2.400\n";
  Parsed p(text);
  EXPECT_THAT(p.diags(), SizeIs(101));
  EXPECT_EQ(p.error_count, 20000u);
}

// ---------------------------------------------------------------------------------------------
// Decisions: no origin, a type in the first column

TEST(MasterFileReader, NoOriginGivesOneFindingAskingForOrigin) {
  Parsed p(
      "$TTL 60\n"
      "www A 192.0.2.1\n"
      "mail A 192.0.2.2\n"
      "abs.example.org. A 192.0.2.3\n"
      "  CNAME www\n"
      "@ A 192.0.2.4\n"
      "x.example.org. MX 10 mail\n"
      "y.example.org. MX 10 mail.example.org.\n",
      "");
  EXPECT_THAT(p.record_strings(), ElementsAre("abs.example.org. 60 IN A 192.0.2.3",
                                              "y.example.org. 60 IN MX 10 mail.example.org."));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:1: relative name \"www\" needs an origin, and none is known: zonelint found no $ORIGIN "
                          "above this line and no --origin option, and the file name does not name the zone; add "
                          "\"$ORIGIN <zone>.\" at the top of the file or run zonelint with --origin <zone>. zonelint "
                          "reports this once and skips every entry that needs the origin"));
}

TEST(MasterFileReader, OriginDirectiveLaterInTheFileEndsTheNeedForOne) {
  Parsed p("$TTL 60\nwww A 192.0.2.1\n$ORIGIN example.net.\nmail A 192.0.2.2\n", "");
  EXPECT_THAT(p.record_strings(), ElementsAre("mail.example.net. 60 IN A 192.0.2.2"));
  EXPECT_THAT(p.diags(), SizeIs(1));
}

TEST(MasterFileReader, TypeInTheFirstColumnHintsAtIndentation) {
  Parsed p(
      "$TTL 60\n"
      "www A 192.0.2.1\n"
      "A 192.0.2.2\n"
      "TXT \"hello\"\n"
      "MX 10 mail\n"
      "foo 192.0.2.3\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("www.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:1: \"A\" in the first column is read as an owner name, so this line has no RR type; "
                          "indent the line to add an A record to the previous owner",
                          "4:1: \"TXT\" in the first column is read as an owner name, so this line has no RR type; "
                          "indent the line to add a TXT record to the previous owner",
                          "5:1: \"MX\" in the first column is read as an owner name, so this line has no RR type; "
                          "indent the line to add an MX record to the previous owner",
                          "6:5: expected a TTL (seconds, or a duration like 1h30m) or an RR type, found "
                          "\"192.0.2.3\""));
}

TEST(MasterFileReader, NoIndentationHintWhenTheRestIsNotRdataOfThatType) {
  Parsed p("$TTL 60\nwww A 192.0.2.1\nmx 192.0.2.3\n");
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:4: expected a TTL (seconds, or a duration like 1h30m) or an RR type, found \"192.0.2.3\""));
}

TEST(MasterFileReader, IndentedOwnerHintsAtTheBlankSpace) {
  // Blank space pasted before an owner: the line repeats the previous owner, and the owner is
  // read as a TTL or a type. The hint is given only when the rest is a whole record.
  Parsed p(
      "$TTL 60\n"
      "www A 192.0.2.1\n"
      " tok._domainkey IN CNAME tok.dkim.amazonses.com.\n"
      "\t2bcd._domainkey 300 IN CNAME x.dkim.amazonses.com.\n"
      "  mail MX 10 www\n"
      " web A 192.0.2.999\n"
      " foo bar A 192.0.2.2\n"
      " next\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("www.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:2: this line starts with blank space, which repeats the previous owner name, so "
                          "\"tok._domainkey\" is not read as the owner of this CNAME record; delete the blank space "
                          "before it so that it starts in the first column",
                          "4:2: this line starts with blank space, which repeats the previous owner name, so "
                          "\"2bcd._domainkey\" is not read as the owner of this CNAME record; delete the blank space "
                          "before it so that it starts in the first column",
                          "5:3: this line starts with blank space, which repeats the previous owner name, so "
                          "\"mail\" is not read as the owner of this MX record; delete the blank space before it so "
                          "that it starts in the first column",
                          "6:2: expected an RR type, found \"web\"", "7:2: expected an RR type, found \"foo\"",
                          "8:2: expected an RR type, found \"next\""));
}

TEST(MasterFileReader, MultiLineRecordWithBadOwnerIsSkippedWhole) {
  Parsed p("$TTL 60\nbad..owner SOA ns hm (\n  1 2 3 4 5 )\nnext A 192.0.2.1\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("next.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:5: owner name: empty label (two dots in a row)"));
}

TEST(MasterFileReader, BackslashAtTheEndOfALine) {
  Parsed p("$TTL 60\nt TXT abc\\\nu A 192.0.2.1\n");
  EXPECT_THAT(p.record_strings(), ElementsAre("u.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:10: backslash followed by the end of the line: an escape is \\ and a "
                                            "printable character, or \\DDD"));
}

// Inside quotes BIND continues the string over the line break ("a\<LF>b" is TXT "a\010b"), so the
// next line belongs to the entry: one finding, and that line is not read as an entry of its own
// (found by tests/corpus/differential_fuzz.py).
TEST(MasterFileReader, BackslashAtTheEndOfALineInsideQuotes) {
  Parsed p(
      "$TTL 60\n"
      "t TXT \"a\\\n"
      "b\"\n"
      "u TXT \"c\\\n"
      "x A 192.0.2.3\n"
      "v A 192.0.2.2\n"
      "w TXT ( \"a\\\n"
      " b\" ) ; x ( \n"
      "y A 192.0.2.5\n"
      "z TXT \"a\\\n"
      "\\\n"
      "\" \"b\\\n"
      "q\" \n"
      "zz A 192.0.2.6\n");
  const std::string message =
      ": backslash followed by the end of the line: an escape is \\ and a printable character, or \\DDD";
  EXPECT_THAT(p.diag_strings(), ElementsAre("2:9" + message, "4:9" + message, "7:11" + message, "10:9" + message));
  EXPECT_THAT(p.record_strings(), ElementsAre("v.example.com. 60 IN A 192.0.2.2", "y.example.com. 60 IN A 192.0.2.5",
                                              "zz.example.com. 60 IN A 192.0.2.6"));
}

// ---------------------------------------------------------------------------------------------
// Directives

TEST(MasterFileReader, DirectiveErrors) {
  Parsed p(
      "$ORIGIN\n"
      "$ORIGIN a. b.\n"
      "$ORIGIN a..b\n"
      "$TTL\n"
      "$FOO bar\n"
      "$INCLUDE\n"
      "$GENERATE 1-2\n");
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("1:1: $ORIGIN takes exactly one domain name", "2:1: $ORIGIN takes exactly one domain name",
                          "3:11: $ORIGIN: empty label (two dots in a row)", "4:1: $TTL takes exactly one TTL",
                          "5:1: unknown directive \"$FOO\"; zone files know $ORIGIN, $TTL, $INCLUDE and $GENERATE",
                          "6:1: $INCLUDE takes a file name and an optional origin",
                          "7:1: $GENERATE needs: range lhs [ttl] [class] type rhs (for example: $GENERATE 1-254 "
                          "host-$ A 192.0.2.$)"));
}

TEST(MasterFileReader, IndentedDirectiveIsNotADirective) {
  Parsed p("$TTL 60\nwww A 192.0.2.1\n  $TTL 30\n");
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("3:3: expected an RR type, found \"$TTL\"; directives must start in the first column"));
}

TEST(MasterFileReader, ZonelintCommentsAreHandedToTheSink) {
  struct Sink final : RecordSink {
    void on_record(const ParsedRecord&) override { ++records; }
    void on_diagnostic(Diagnostic) override { ++diagnostics; }
    void on_directive_comment(TextId, std::uint32_t b, std::uint32_t e) override { comments.emplace_back(b, e); }
    int records = 0;
    int diagnostics = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> comments;
  } sink;
  SourceSet files;
  std::deque<TextSource> texts;
  const std::string text = "$TTL 60\na A 192.0.2.1 ; zonelint: ignore ZONE001\n; plain\n";
  const FileId id = files.add("t.zone", text);
  texts.emplace_back(id, files.file(id).bytes());
  ReaderOptions options;
  options.origin = Name::root();
  MasterFileReader reader(files, texts, sink, options);
  reader.read(0);
  EXPECT_EQ(sink.records, 1);
  EXPECT_EQ(sink.diagnostics, 0);
  ASSERT_THAT(sink.comments, SizeIs(1));
  EXPECT_EQ(text.substr(sink.comments[0].first, sink.comments[0].second - sink.comments[0].first),
            "; zonelint: ignore ZONE001");
}

TEST(MasterFileReader, BinaryGarbageNeverCrashes) {
  std::string garbage;
  std::uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 16));
  }
  Parsed p(garbage);
  EXPECT_FALSE(p.diags().empty());
  EXPECT_LE(p.diags().size(), 101u);
  for (const Diag& d : p.diags()) {
    EXPECT_GE(d.line, 1u);
    EXPECT_GE(d.column, 1u);
  }
}

}  // namespace
}  // namespace zonelint::test
