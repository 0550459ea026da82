// The parsing shared by the mail-authentication rules (src/rules/ses/mail_records.hpp): joined
// TXT text with per-byte offsets, the SPF tokenizer and validator (checked against cases of the
// RFC 7208 test suite), the tag-list parser, and SES host names.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "parse/load.hpp"
#include "rules/ses/mail_records.hpp"

namespace zonelint {
namespace {

using namespace mail;

// One zone read from text, with a LintContext over it.
struct Loaded {
  SourceSet files;
  std::optional<Zone> zone;
  RuleOptions options;
  std::optional<LintContext> context;

  explicit Loaded(const std::string& text) {
    const FileId id = files.add("test.zone", "$TTL 3600\n" + text);
    LoadOptions load;
    Name origin;
    NameError error;
    EXPECT_TRUE(parse_name("example.com.", NameView(), origin, error));
    load.origin = origin;
    zone.emplace(load_zone(files, id, load));
    EXPECT_TRUE(zone->diagnostics.empty()) << zone->diagnostics.front().message;
    context.emplace(*zone, options);
  }
  const Record& record(std::size_t i) const { return zone->records.at(i); }
  std::string_view text(const Record& r) const { return context->text(r); }
};

// -------------------------------------------------------------------------------------------
// Joined TXT text.

TEST(MailRecordsJoin, ConcatenatesWithoutSpacesAndKeepsOffsets) {
  const std::string zone = "@ 3600 IN TXT \"v=spf1 \" \"include:amazonses.com\" \" ~all\"\n";
  Loaded l(zone);
  const Record& r = l.record(0);
  const JoinedTxt j = join_txt(*l.context, r);
  EXPECT_EQ(j.bytes, "v=spf1 include:amazonses.com ~all");
  ASSERT_EQ(j.pieces.size(), 3u);
  EXPECT_TRUE(j.pieces[1].quoted);
  EXPECT_EQ(j.pieces[1].begin, 7u);
  EXPECT_EQ(j.pieces[1].size, 21u);
  // Every byte points at the character it came from.
  for (std::size_t i = 0; i < j.bytes.size(); ++i) EXPECT_EQ(l.text(r)[j.begins[i]], j.bytes[i]) << i;
  EXPECT_TRUE(j.boundary_before(7));
  EXPECT_TRUE(j.boundary_before(28));
  EXPECT_FALSE(j.boundary_before(8));
  EXPECT_FALSE(j.boundary_before(0));
  EXPECT_EQ(j.piece_of(6), 0u);
  EXPECT_EQ(j.piece_of(7), 1u);
  EXPECT_EQ(j.piece_of(32), 2u);
  EXPECT_FALSE(j.all_unquoted_words());
  const auto [b, e] = j.text_range(7, 14);  // "include"
  EXPECT_EQ(l.text(r).substr(b, e - b), "include");
}

TEST(MailRecordsJoin, EscapesMapToTheirWholeSource) {
  // \059 is ';' and \" a quote: one byte each, four and two characters of text.
  const std::string zone = "k._domainkey IN TXT \"k=rsa\\059 p=A\\\"B\"\n";
  Loaded l(zone);
  const Record& r = l.record(0);
  const JoinedTxt j = join_txt(*l.context, r);
  EXPECT_EQ(j.bytes, "k=rsa; p=A\"B");
  const auto [b, e] = j.text_range(5, 6);  // the ';'
  EXPECT_EQ(l.text(r).substr(b, e - b), "\\059");
  const auto [qb, qe] = j.text_range(10, 11);  // the quote
  EXPECT_EQ(l.text(r).substr(qb, qe - qb), "\\\"");
  // An empty range sits at the byte, or after the last one.
  EXPECT_EQ(j.text_range(5, 5).first, b);
  EXPECT_EQ(j.text_range(j.bytes.size(), j.bytes.size()).first, j.ends.back());
}

TEST(MailRecordsJoin, UnquotedWordsAreSeparateStrings) {
  Loaded l("mail IN TXT v=spf1 include:amazonses.com ~all\n");
  const JoinedTxt j = join_txt(*l.context, l.record(0));
  EXPECT_EQ(j.bytes, "v=spf1include:amazonses.com~all");
  EXPECT_TRUE(j.all_unquoted_words());
  EXPECT_EQ(j.pieces.size(), 3u);
}

TEST(MailRecordsJoin, CurlyQuotesAroundTheValueAreStrippedWithTheirOffsets) {
  // Two strings, so the first piece no longer starts at its token's content once stripped.
  Loaded l("_dmarc IN TXT \"\u201Cv=DMARC1; \" \"p=reject\u201D\"\n");
  const Record& r = l.record(0);
  JoinedTxt j;
  std::vector<Token> tokens;
  join_txt_into(*l.context, r, j, tokens);
  EXPECT_EQ(leading_curly_quote(j.bytes), 3u);
  EXPECT_EQ(trailing_curly_quote(j.bytes), 3u);
  ASSERT_TRUE(strip_curly_wrapping(j));
  EXPECT_EQ(j.bytes, "v=DMARC1; p=reject");
  for (std::size_t i = 0; i < j.bytes.size(); ++i) EXPECT_EQ(l.text(r)[j.begin_of(i)], j.bytes[i]) << i;
  ASSERT_EQ(j.pieces.size(), 2u);
  EXPECT_EQ(j.pieces[0].begin, 0u);
  EXPECT_EQ(j.pieces[0].size, 10u);
  EXPECT_EQ(j.pieces[1].begin, 10u);
  EXPECT_EQ(j.pieces[1].size, 8u);
  EXPECT_TRUE(j.boundary_before(10));
  const auto [b, e] = j.text_range(12, 18);  // "reject"
  EXPECT_EQ(l.text(r).substr(b, e - b), "reject");
  // Nothing to strip: unchanged.
  EXPECT_FALSE(strip_curly_wrapping(j));
  EXPECT_EQ(j.bytes, "v=DMARC1; p=reject");
  EXPECT_EQ(leading_curly_quote("v=DMARC1"), 0u);
  EXPECT_EQ(trailing_curly_quote("\u201D"), 0u);  // the value is that one quote
}

TEST(MailRecordsJoin, GenericRdataIsDecoded) {
  // RFC 3597: two strings "v=spf1" and " -all".
  Loaded l("@ IN TXT \\# 13 06763d73706631 05202d616c6c\n");
  const Record& r = l.record(0);
  ASSERT_TRUE(r.has(record_flag::generic_rdata));
  const JoinedTxt j = join_txt(*l.context, r);
  EXPECT_TRUE(j.generic);
  EXPECT_EQ(j.bytes, "v=spf1 -all");
  ASSERT_EQ(j.pieces.size(), 2u);
  EXPECT_EQ(j.pieces[1].begin, 6u);
  const auto [b, e] = j.text_range(0, 1);  // 'v' is the hex pair "76"
  EXPECT_EQ(l.text(r).substr(b, e - b), "76");
  EXPECT_FALSE(fixable(*l.context, r));
}

TEST(MailRecordsJoin, GenericRdataThatIsNotStrings) {
  JoinedTxt out;
  const std::string text = "0a41";  // length 10, one byte
  const Token t{0, 4, TokenKind::word};
  EXPECT_FALSE(join_generic(text, std::span<const Token>(&t, 1), out));
  const std::string odd = "0a4";
  const Token u{0, 3, TokenKind::word};
  EXPECT_FALSE(join_generic(odd, std::span<const Token>(&u, 1), out));
}

TEST(MailRecordsJoin, MxTargetKeepsOffsets) {
  Loaded l("mail IN MX 20 Feedback-SMTP.us-east-1.amazonses.com\n");
  const auto mx = mx_target(*l.context, l.record(0));
  ASSERT_TRUE(mx);
  EXPECT_EQ(mx->preference_value, 20u);
  EXPECT_FALSE(mx->absolute);
  EXPECT_EQ(mx->host, "feedback-smtp.us-east-1.amazonses.com");
  const auto [b, e] = mx->host_range(14, 23);
  EXPECT_EQ(l.text(l.record(0)).substr(b, e - b), "us-east-1");
}

// -------------------------------------------------------------------------------------------
// SPF.

TEST(MailRecordsSpf, RecordSelection) {
  // RFC 7208 §4.5 and the test suite's "Selecting records" cases.
  EXPECT_TRUE(is_spf_record("v=spf1"));
  EXPECT_TRUE(is_spf_record("v=spf1 -all"));
  EXPECT_TRUE(is_spf_record("V=sPf1 +all"));
  EXPECT_FALSE(is_spf_record("v=spf10"));
  EXPECT_FALSE(is_spf_record("v=spf1mx"));  // "nospace1"
  EXPECT_FALSE(is_spf_record(" v=spf1 -all"));
  EXPECT_TRUE(has_spf_prefix("v=spf1mx"));
  EXPECT_FALSE(has_spf_prefix("v=spf10"));
  EXPECT_FALSE(has_spf_prefix("spf2.0/pra"));
}

TEST(MailRecordsSpf, TermsAreSplitAtSpacesAndClassified) {
  const std::string text = "v=spf1  ~include:amazonses.com a mx/24 ip4:192.0.2.0/24 redirect=x.example exp=e.example "
                           "foo=bar ipv4:1.2.3.4 -all";
  const std::vector<SpfTerm> terms = spf_terms(text);
  ASSERT_EQ(terms.size(), 9u);
  EXPECT_EQ(terms[0].kind, SpfKind::include);
  EXPECT_EQ(terms[0].qualifier, '~');
  EXPECT_EQ(text.substr(terms[0].value_begin, terms[0].end - terms[0].value_begin), "amazonses.com");
  EXPECT_EQ(terms[1].kind, SpfKind::a);
  EXPECT_EQ(terms[2].kind, SpfKind::mx);
  EXPECT_EQ(terms[2].separator, '/');
  EXPECT_EQ(terms[3].kind, SpfKind::ip4);
  EXPECT_EQ(terms[4].kind, SpfKind::redirect);
  EXPECT_EQ(terms[5].kind, SpfKind::exp);
  EXPECT_EQ(terms[6].kind, SpfKind::unknown_modifier);
  EXPECT_EQ(terms[7].kind, SpfKind::unknown_mechanism);
  EXPECT_EQ(terms[8].kind, SpfKind::all);
  EXPECT_TRUE(terms[0].queries_dns());
  EXPECT_TRUE(terms[4].queries_dns());
  EXPECT_FALSE(terms[3].queries_dns());
  EXPECT_FALSE(terms[8].queries_dns());
  EXPECT_TRUE(spf_terms("v=spf1").empty());
  EXPECT_TRUE(spf_terms("v=spf1   ").empty());
}

bool valid_term(const std::string& term) {
  const SpfTerm t = classify_spf_term(term, 0, term.size());
  return !spf_term_problem(term, t).has_value();
}

TEST(MailRecordsSpf, ValidTermsFromTheRfc7208TestSuite) {
  for (const std::string term :
       {"all", "-all", "?all", "include:_spf.google.com", "include:%{d}", "a", "a/24", "a//64", "a/24//64",
        "a:foo.example.xn--zckzah", "a:foo:bar/baz.example.com", "a:mail.example.com/24", "a:%{H}.bar", "mx",
        "mx:example.com", "ptr", "ptr:example.com", "ip4:192.0.2.1", "ip4:192.0.2.0/24", "ip6:2001:db8::/32",
        "ip6:::1", "exists:%{i}._spf.example.com", "redirect=_spf.example.com", "exp=explain.example.com",
        "moo.cow-far_out=man:dog/cat", "a:example.123-456", "include:example.com."}) {
    EXPECT_TRUE(valid_term(term)) << term;
  }
}

TEST(MailRecordsSpf, InvalidTermsFromTheRfc7208TestSuite) {
  for (const std::string term :
       {"-all/8", "-all.", "-all:foobar", "a:museum", "a:abc.123", "a:111.222.33.44", "a:foo-bar", "a:example.com:8080",
        "a/33", "a//129", "ptr/0", "ptr:", "include:", "include", "exists", "ip4", "ip4:192.0.2.300", "ip4:192.0.2",
        "ip4:192.0.02.1", "ip4:192.0.2.0/33", "ip6:2001:db8::g", "ip6:2001:db8::/129", "redirect=", "+redirect=a.example",
        "moo.cow/far_out=man:dog/cat", "moo.cow:far_out=man:dog/cat", "ipv4:1.2.3.4", "~", ":x", "a:%{x}.example.com",
        "a:example.com%"}) {
    EXPECT_FALSE(valid_term(term)) << term;
  }
  const std::string tab = "include:amazonses.com\t~all";
  const auto why = spf_term_problem(tab, classify_spf_term(tab, 0, tab.size()));
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("a tab"), std::string::npos) << *why;
}

TEST(MailRecordsSpf, DomainSpec) {
  EXPECT_TRUE(valid_domain_spec("example.com"));
  EXPECT_TRUE(valid_domain_spec("example.com."));
  EXPECT_TRUE(valid_domain_spec("%{d}"));
  EXPECT_TRUE(valid_domain_spec("%{ir}.%{v}._spf.%{d2}"));
  EXPECT_TRUE(valid_domain_spec("%%.example.com"));
  EXPECT_FALSE(valid_domain_spec(""));
  EXPECT_FALSE(valid_domain_spec("com"));
  EXPECT_FALSE(valid_domain_spec("example.com.."));
  EXPECT_FALSE(valid_domain_spec("example.-com"));
  EXPECT_FALSE(valid_domain_spec("exa mple.com"));
  EXPECT_FALSE(valid_domain_spec("example.c\xc3\xb6m"));
}

// -------------------------------------------------------------------------------------------
// Tag lists.

constexpr std::string_view dmarc[] = {"v", "p", "sp", "rua", "pct", "aspf"};
constexpr std::string_view dkim[] = {"v", "k", "p", "t", "h"};

TEST(MailRecordsTags, ParsesNamesAndValuesWithWhiteSpace) {
  const std::string text = " v = DMARC1 ;p=none;; rua=mailto:a@example.com,mailto:b@example.net ; ";
  const std::vector<Tag> tags = parse_tag_list(text, dmarc);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].name(text), "v");
  EXPECT_EQ(tags[0].value(text), "DMARC1");
  EXPECT_EQ(tags[0].begin, 1u);
  EXPECT_EQ(tags[1].name(text), "p");
  EXPECT_EQ(tags[1].value(text), "none");
  EXPECT_EQ(tags[2].value(text), "mailto:a@example.com,mailto:b@example.net");
  for (const Tag& t : tags) EXPECT_EQ(t.missing_semicolon_at, std::string_view::npos);
}

TEST(MailRecordsTags, FindsMissingSemicolons) {
  const std::string text = "v=DMARC1 p=none, rua=mailto:a@example.com";
  const std::vector<Tag> tags = parse_tag_list(text, dmarc);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].value(text), "DMARC1");
  EXPECT_EQ(tags[1].missing_semicolon_at, 8u);
  EXPECT_EQ(tags[1].separator_used, ' ');
  EXPECT_EQ(tags[1].value(text), "none");
  EXPECT_EQ(tags[2].missing_semicolon_at, 15u);
  EXPECT_EQ(tags[2].separator_used, ',');
  EXPECT_EQ(tags[2].name(text), "rua");
}

TEST(MailRecordsTags, Base64PaddingAndUnknownNamesDoNotSplit) {
  // "AQAB==" after a space is not a tag: AQAB is not a known name.
  const std::string text = "v=DKIM1; k=rsa; p=MIIB AQAB== ; t=y";
  const std::vector<Tag> tags = parse_tag_list(text, dkim);
  ASSERT_EQ(tags.size(), 4u);
  EXPECT_EQ(tags[2].value(text), "MIIB AQAB==");
  EXPECT_EQ(tags[3].name(text), "t");
}

TEST(MailRecordsTags, TagWithoutEquals) {
  const std::string text = "v=DKIM1; junk";
  const std::vector<Tag> tags = parse_tag_list(text, dkim);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_FALSE(tags[1].has_equals);
  EXPECT_EQ(tags[1].name(text), "junk");
  EXPECT_TRUE(parse_tag_list("", dkim).empty());
}

// -------------------------------------------------------------------------------------------
// SES host names and helpers.

TEST(MailRecordsSes, ClassifiesHosts) {
  EXPECT_EQ(classify_ses_host("feedback-smtp.us-east-1.amazonses.com").kind, SesHostKind::feedback);
  EXPECT_EQ(classify_ses_host("FEEDBACK-SMTP.EU-WEST-1.AMAZONSES.COM").kind, SesHostKind::feedback);
  EXPECT_EQ(classify_ses_host("feedback-smtp.us-east-1.amazonaws.com").kind, SesHostKind::feedback_amazonaws);
  EXPECT_EQ(classify_ses_host("feedback-smtp.amazonses.com").kind, SesHostKind::feedback_no_region);
  EXPECT_EQ(classify_ses_host("feedback-smtp.us-east-1.amazonses.co").kind, SesHostKind::feedback_other);
  EXPECT_EQ(classify_ses_host("feedback-smtp.us-east-1.amazonses.com.example.com").kind, SesHostKind::feedback_other);
  EXPECT_EQ(classify_ses_host("feeback-smtp.us-east-1.amazonses.com").kind, SesHostKind::feedback_other);
  EXPECT_EQ(classify_ses_host("email-smtp.us-east-1.amazonaws.com").kind, SesHostKind::email_smtp);
  EXPECT_EQ(classify_ses_host("inbound-smtp.us-east-1.amazonaws.com").kind, SesHostKind::inbound_smtp);
  EXPECT_EQ(classify_ses_host("inbound-smtp.us-east-1.amazonses.com").kind, SesHostKind::inbound_amazonses);
  EXPECT_EQ(classify_ses_host("aspmx.l.google.com").kind, SesHostKind::none);
  EXPECT_EQ(classify_ses_host("feedback.example.net").kind, SesHostKind::none);
  EXPECT_EQ(classify_ses_host("smtp.amazonses.com").kind, SesHostKind::none);
  const SesHost h = classify_ses_host("feedback-smtp.ap-southeast-2.amazonaws.com");
  EXPECT_EQ(h.region, "ap-southeast-2");
  EXPECT_EQ(h.region_begin, 14u);
  EXPECT_EQ(h.suffix_begin, 29u);
}

TEST(MailRecordsSes, Regions) {
  EXPECT_TRUE(looks_like_region("us-east-1"));
  EXPECT_TRUE(looks_like_region("us-gov-west-1"));
  EXPECT_TRUE(looks_like_region("ap-southeast-5"));
  EXPECT_TRUE(looks_like_region("us-east-7"));
  EXPECT_FALSE(looks_like_region("useast1"));
  EXPECT_FALSE(looks_like_region("us-east1"));
  EXPECT_FALSE(looks_like_region("us-east-"));
  EXPECT_FALSE(looks_like_region("usa-east-1"));
  EXPECT_FALSE(looks_like_region("us-foo-bar-1"));
  EXPECT_FALSE(looks_like_region(""));
  EXPECT_TRUE(known_ses_region("eu-central-1"));
  EXPECT_TRUE(known_ses_region("us-gov-west-1"));
  EXPECT_FALSE(known_ses_region("us-east-7"));
}

TEST(MailRecordsSes, CustomMailFromNames) {
  Loaded l(
      "mail IN MX 10 feedback-smtp.us-east-1.amazonses.com.\n"
      "bad IN MX 10 feedback-smtp.us-east-1.amazonaws.com.\n"
      "in IN MX 10 inbound-smtp.us-east-1.amazonaws.com.\n"
      "@ IN MX 10 aspmx.l.google.com.\n");
  const std::vector<Name> names = custom_mail_from_names(*l.context);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].to_text(), "mail.example.com.");
  EXPECT_EQ(names[1].to_text(), "bad.example.com.");
}

TEST(MailRecordsHelpers, Text) {
  EXPECT_TRUE(iequals("DMARC1", "dmarc1"));
  EXPECT_FALSE(iequals("DMARC1", "DMARC"));
  EXPECT_TRUE(istarts_with("V=SPF1 -all", "v=spf1"));
  EXPECT_EQ(ifind("v=spf1 Include:X", "include:"), 7u);
  EXPECT_EQ(ifind("abc", "d"), std::string_view::npos);
  EXPECT_EQ(lower("AbC"), "abc");
  EXPECT_EQ(edit_distance("quarentine", "quarantine"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(describe_byte("a b", 1), "a space");
  EXPECT_EQ(describe_byte("x\ty", 1), "a tab");
  EXPECT_EQ(describe_byte("!", 0), "\"!\"");
  EXPECT_EQ(describe_byte("\xe2\x80\x8b", 0), "U+200B");
  EXPECT_EQ(abbreviate("short"), "short");
  EXPECT_EQ(abbreviate(std::string(100, 'a') + "XYZ", 3), "aaa…XYZ");
}

}  // namespace
}  // namespace zonelint
