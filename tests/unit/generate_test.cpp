// BIND's $GENERATE: ranges, steps, modifiers, $$ and \$, optional TTL and class, limits, and
// findings that point at the template with the value they are about. Expected records are
// what named-checkzone -D prints for the same lines.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "model/record.hpp"
#include "reader_harness.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

TEST(Generate, RangeAndDollar) {
  Parsed p("$TTL 300\n$GENERATE 1-3 host-$ A 192.0.2.$\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("host-1.example.com. 300 IN A 192.0.2.1", "host-2.example.com. 300 IN A 192.0.2.2",
                          "host-3.example.com. 300 IN A 192.0.2.3"));
  for (const Rec& r : p.records()) {
    EXPECT_TRUE(r.has(record_flag::generated));
    EXPECT_EQ(r.line, 2u);
    EXPECT_EQ(r.column, 15u);  // the lhs template
  }
}

TEST(Generate, Step) {
  Parsed p("$TTL 300\n$GENERATE 0-10/5 x$ CNAME y$\n$GENERATE 7-7/3 z$ CNAME y$\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("x0.example.com. 300 IN CNAME y0.example.com.", "x5.example.com. 300 IN CNAME y5.example.com.",
                          "x10.example.com. 300 IN CNAME y10.example.com.",
                          "z7.example.com. 300 IN CNAME y7.example.com."));
}

TEST(Generate, Modifiers) {
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 1-5/2 z$ CNAME ${+10,3,d}\n"
      "$GENERATE 10-11 a${0,2,x}-${0,0,X}-${0,3,o}-${-1} A 192.0.2.1\n"
      "$GENERATE 1024-1025 ${0,3,n} AAAA 2001:db8::${0,4,x}\n"
      "$GENERATE 10-10 x${0,5,n}.v A 192.0.2.2\n"
      "$GENERATE 10-10 u${0,3,n} A 192.0.2.3\n"
      "$GENERATE 4096-4096 t${0,2,n} A 192.0.2.4\n"
      "$GENERATE 171-171 w${0,0,N} A 192.0.2.5\n"
      "$GENERATE 10-10 v${0,4,n} A 192.0.2.6\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("z1.example.com. 300 IN CNAME 011.example.com.", "z3.example.com. 300 IN CNAME 013.example.com.",
                          "z5.example.com. 300 IN CNAME 015.example.com.",
                          "a0a-A-012-9.example.com. 300 IN A 192.0.2.1", "a0b-B-013-10.example.com. 300 IN A 192.0.2.1",
                          "0.0.4.example.com. 300 IN AAAA 2001:db8::400", "1.0.4.example.com. 300 IN AAAA 2001:db8::401",
                          "xa.0.0.v.example.com. 300 IN A 192.0.2.2", "ua.0.example.com. 300 IN A 192.0.2.3",
                          "t0.0.0.1.example.com. 300 IN A 192.0.2.4", "wB.A.example.com. 300 IN A 192.0.2.5",
                          // width 4 ends in a dot: BIND makes the name absolute
                          "va.0. 300 IN A 192.0.2.6"));
}

TEST(Generate, DollarEscapes) {
  Parsed p("$TTL 300\n$GENERATE 1-2 y$$-\\$-$ TXT \"a$ \\$\"\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  // BIND reads a quoted rhs as its contents: two strings, not one.
  EXPECT_THAT(p.record_strings(), ElementsAre("y\\$-\\$-1.example.com. 300 IN TXT \"a1\" \"$\"",
                                              "y\\$-\\$-2.example.com. 300 IN TXT \"a2\" \"$\""));
}

TEST(Generate, QuotedRhs) {
  Parsed p("$TTL 300\n$GENERATE 1-2 mx$ MX \"$ mail$.example.net.\"\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(), ElementsAre("mx1.example.com. 300 IN MX 1 mail1.example.net.",
                                              "mx2.example.com. 300 IN MX 2 mail2.example.net."));
}

TEST(Generate, TtlAndClassInEitherOrderAndOwnerNotChanged) {
  Parsed p(
      "$TTL 300\n"
      "own A 192.0.2.9\n"
      "$GENERATE 1-2 g$ 60 IN A 192.0.2.$\n"
      "  A 192.0.2.10\n"
      "$GENERATE 1-1 h$ IN 1h A 192.0.2.$\n"
      "$GENERATE 1-1 k$ in a 192.0.2.$\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(),
              ElementsAre("own.example.com. 300 IN A 192.0.2.9", "g1.example.com. 60 IN A 192.0.2.1",
                          "g2.example.com. 60 IN A 192.0.2.2", "own.example.com. 300 IN A 192.0.2.10",
                          "h1.example.com. 3600 IN A 192.0.2.1", "k1.example.com. 300 IN A 192.0.2.1"));
}

// BIND's values are 32-bit ints: a range up to 2147483647 is valid there (and over zonelint's cap).
TEST(Generate, RangeUpToTwoBillionIsRefusedBelowTheCap) {
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 0-2147483647 h$ A 192.0.2.1\n"
      "$GENERATE 0-65535 h$ TXT x\n"
      "$GENERATE 0-65536 h$ TXT x\n"
      "$GENERATE 0-2147483648 h$ A 192.0.2.1\n"
      "$GENERATE 2147483647-2147483647 top$ A 192.0.2.1\n"
      "$GENERATE 1-1/2147483648 h$ A 192.0.2.1\n");
  EXPECT_EQ(p.records().size(), 65537u);
  const std::string range =
      "$GENERATE range must be start-stop or start-stop/step, with start <= stop <= 2147483647 and 1 <= step <= "
      "2147483647";
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:11: $GENERATE would create 2147483648 records; zonelint's limit is 65536 per $GENERATE, "
                          "so split the range",
                          "4:11: $GENERATE would create 65537 records; zonelint's limit is 65536 per $GENERATE, so "
                          "split the range",
                          "5:11: " + range, "7:11: " + range));
  EXPECT_EQ(p.records().back().owner, "top2147483647.example.com.");
}

// As BIND (found by tests/corpus/differential_fuzz.py): a value below 0 after the offset is printed
// signed in base d and as a 32-bit two's complement in the others; above 2147483647 is an error.
TEST(Generate, OffsetsBelowZeroWrapAsInBind) {
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 5-5 d${-10,4,d} A 192.0.2.1\n"
      "$GENERATE 3-3 x${-10,4,x} A 192.0.2.1\n"
      "$GENERATE 0-0 o${-1,0,o} A 192.0.2.1\n"
      "$GENERATE 0-0 n${-1,0,N} A 192.0.2.1\n"
      "$GENERATE 2147483647-2147483647 big${1} A 192.0.2.1\n");
  EXPECT_THAT(p.record_strings(),
              ElementsAre("d-005.example.com. 300 IN A 192.0.2.1", "xfffffff9.example.com. 300 IN A 192.0.2.1",
                          "o37777777777.example.com. 300 IN A 192.0.2.1",
                          "nF.F.F.F.F.F.F.F.example.com. 300 IN A 192.0.2.1"));
  EXPECT_THAT(p.diag_strings(), ElementsAre("6:33: $GENERATE lhs: the value 2147483648 is above 2147483647 after "
                                            "adding the offset (BIND: \"out of range\")"));
}

TEST(Generate, TotalCapAcrossDirectives) {
  ReaderOptions options;
  options.max_generate_records = 10;
  options.max_generate_total = 25;
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 1-10 a$ TXT x\n"
      "$GENERATE 1-10 b$ TXT x\n"
      "$GENERATE 1-10 c$ TXT x\n"
      "$GENERATE 1-2 d$ TXT x\n",
      "example.com.", options);
  EXPECT_EQ(p.records().size(), 22u);  // d still fits
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("4:11: $GENERATE would bring the records made by $GENERATE in this zone to 30; zonelint's "
                          "limit is 25, so list the records instead"));
}

TEST(Generate, BadRanges) {
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 3-1 h$ A 192.0.2.1\n"
      "$GENERATE 1-3/0 h$ A 192.0.2.1\n"
      "$GENERATE a-b h$ A 192.0.2.1\n"
      "$GENERATE 1-2 h$ A\n"
      "$GENERATE 1-2 h$ 60 IN A 192.0.2.1 extra\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  const std::string range =
      "$GENERATE range must be start-stop or start-stop/step, with start <= stop <= 2147483647 and 1 <= step <= "
      "2147483647";
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:11: " + range, "3:11: " + range, "4:11: " + range,
                          "5:1: $GENERATE needs: range lhs [ttl] [class] type rhs (for example: $GENERATE 1-254 "
                          "host-$ A 192.0.2.$)",
                          "6:36: $GENERATE: unexpected \"extra\" after the rhs \"192.0.2.1\"; put the rhs in quotes if it "
                          "contains blanks"));
}

TEST(Generate, BadModifiers) {
  Parsed p(
      "$TTL 300\n"
      "$GENERATE 1-2 h${0,3,q} A 192.0.2.1\n"
      "$GENERATE 1-2 h${0,3 A 192.0.2.1\n"
      "$GENERATE 1-2 h$ A 192.0.2.${-5}\n"
      "$GENERATE 1-2 h$ A 192.0.2.${2147483647}\n");
  EXPECT_THAT(p.records(), SizeIs(0));
  EXPECT_THAT(p.diag_strings(),
              ElementsAre("2:15: $GENERATE lhs: \"${0,3,q}\" is not ${offset[,width[,base]]} with base d, o, x, X, n "
                          "or N",
                          "3:15: $GENERATE lhs: \"${\" is not closed with \"}\"",
                          HasSubstr("4:20: in the record $GENERATE makes for 1: A address: \"192.0.2.-4\""),
                          "5:20: $GENERATE rhs: the value 2147483648 is above 2147483647 after adding the offset "
                          "(BIND: \"out of range\")"));
}

TEST(Generate, OneFindingPerDirectiveNamingTheValue) {
  Parsed p("$TTL 300\n$GENERATE 250-260 h$ A 192.0.2.$\nok A 192.0.2.1\n");
  // 250..255 are fine; BIND stops at 256, and so does zonelint, with one finding.
  EXPECT_THAT(p.record_strings(),
              ElementsAre("h250.example.com. 300 IN A 192.0.2.250", "h251.example.com. 300 IN A 192.0.2.251",
                          "h252.example.com. 300 IN A 192.0.2.252", "h253.example.com. 300 IN A 192.0.2.253",
                          "h254.example.com. 300 IN A 192.0.2.254", "h255.example.com. 300 IN A 192.0.2.255",
                          "ok.example.com. 300 IN A 192.0.2.1"));
  ASSERT_THAT(p.diags(), SizeIs(1));
  EXPECT_EQ(p.diags()[0].str(),
            "2:24: in the record $GENERATE makes for 256: A address: \"192.0.2.256\" is not a valid IPv4 address (four "
            "numbers 0-255 without leading zeros)");
  EXPECT_EQ(p.diags()[0].end_column, 33u);  // the whole rhs template
}

TEST(Generate, LhsStartingWithDollarIsAnOwnerNotADirective) {
  Parsed p("$TTL 300\n$GENERATE 1-1 $$x A 192.0.2.1\n");
  EXPECT_THAT(p.diags(), SizeIs(0));
  EXPECT_THAT(p.record_strings(), ElementsAre("\\$x.example.com. 300 IN A 192.0.2.1"));
}

}  // namespace
}  // namespace zonelint::test
