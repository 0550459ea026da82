#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "grammar/yaml.hpp"
#include "parse/yaml_document.hpp"

namespace {

using zonelint::parse_yaml;
using zonelint::Span;
using zonelint::YamlStream;
namespace doc = zonelint::doc;

constexpr zonelint::FileId file = 3;

std::uint32_t at(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t pos = text.find(needle, from);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(pos);
}

YamlStream parse_ok(std::string_view text) {
  YamlStream s = parse_yaml(text, file);
  EXPECT_TRUE(s.ok()) << (s.error ? s.error->message : "") << " at " << (s.error ? s.error->span.begin : 0);
  return s;
}

// The root of a stream that must hold exactly one document.
doc::Value parse_one(std::string_view text) {
  YamlStream s = parse_ok(text);
  EXPECT_EQ(s.documents.size(), 1u);
  if (s.documents.empty()) return {};
  return std::move(s.documents.front().root);
}

struct ExpectedError {
  std::uint32_t begin;
  std::uint32_t end;
  std::string_view message;
};

void expect_error(std::string_view text, ExpectedError e, const doc::Limits& limits = {}) {
  const YamlStream s = parse_yaml(text, file, limits);
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.error->span, (Span{file, e.begin, e.end})) << text << "\n" << s.error->message;
  EXPECT_EQ(s.error->message, e.message) << text;
}

TEST(YamlGrammar, HasNoProblems) {
  namespace y = zonelint::grammar::yaml;
  EXPECT_EQ(tao::pegtl::analyze<y::c_directives_end>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::c_document_end>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::c_comment>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::ns_plain_first>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::c_ns_esc_char>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::escaped_break>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::empty_flow_sequence>(), 0u);
  EXPECT_EQ(tao::pegtl::analyze<y::c_mapping_value>(), 0u);
}

// The shape `gcloud dns record-sets export` writes (own test data, not the reference sample).
constexpr std::string_view gcloud_export =
    "---\n"
    "kind: dns#resourceRecordSet\n"
    "name: shop.example.org.\n"
    "rrdatas:\n"
    "- ns-cloud-b1.googledomains.com. cloud-dns-hostmaster.google.com. 7 21600 3600 259200\n"
    "  300\n"
    "ttl: 21600\n"
    "type: SOA\n"
    "---\n"
    "kind: dns#resourceRecordSet\n"
    "name: mail.shop.example.org.\n"
    "rrdatas:\n"
    "- '\"v=spf1 include:amazonses.com ~all\"'\n"
    "- 10 feedback-smtp.eu-west-1.amazonses.com.\n"
    "ttl: 300\n"
    "type: TXT\n";

TEST(YamlDocument, GcloudExportStream) {
  const std::string_view text = gcloud_export;
  const YamlStream s = parse_ok(text);
  ASSERT_EQ(s.documents.size(), 2u);
  const std::uint32_t second = at(text, "---", 1);
  EXPECT_EQ(s.documents[0].span, (Span{file, 0, second}));
  EXPECT_EQ(s.documents[1].span, (Span{file, second, static_cast<std::uint32_t>(text.size())}));

  const doc::Value& soa = s.documents[0].root;
  ASSERT_EQ(soa.kind, doc::Kind::object);
  ASSERT_EQ(soa.members.size(), 5u);
  EXPECT_EQ(soa.members[0].key.str(), "kind");
  EXPECT_EQ(soa.members[0].key_span, (Span{file, 4, 8}));
  EXPECT_EQ(soa.find("kind")->text.str(), "dns#resourceRecordSet");  // '#' inside a word is not a comment
  EXPECT_EQ(soa.find("name")->kind, doc::Kind::string);
  EXPECT_EQ(soa.find("name")->span, (Span{file, at(text, "shop."), at(text, "shop.") + 17}));
  EXPECT_EQ(soa.find("ttl")->kind, doc::Kind::number);
  EXPECT_EQ(soa.find("ttl")->as_int64(), 21600);
  EXPECT_EQ(soa.find("type")->text.str(), "SOA");

  // The SOA rrdata is folded over two lines: the line break and indentation become one space.
  const doc::Value* rrdatas = soa.find("rrdatas");
  ASSERT_NE(rrdatas, nullptr);
  ASSERT_EQ(rrdatas->kind, doc::Kind::array);
  ASSERT_EQ(rrdatas->items.size(), 1u);
  const doc::Value& rdata = rrdatas->items[0];
  EXPECT_EQ(rdata.kind, doc::Kind::string);
  EXPECT_EQ(rdata.style, doc::Style::plain);
  EXPECT_EQ(rdata.text.str(),
            "ns-cloud-b1.googledomains.com. cloud-dns-hostmaster.google.com. 7 21600 3600 259200 300");
  const std::uint32_t fold = at(text, "259200\n") + 6;
  const std::uint32_t folded = at(text, "  300\n") + 2;
  const std::uint32_t space = rdata.text.size() - 4;
  EXPECT_EQ(rdata.text.span(space, space + 1), (Span{file, fold, folded}));  // "\n  "
  EXPECT_EQ(rdata.text.span(space + 1, space + 4), (Span{file, folded, folded + 3}));
  EXPECT_EQ(rdata.text.file_offset(space + 1), folded);
  EXPECT_EQ(rdata.span, (Span{file, at(text, "ns-cloud-b1"), folded + 3}));
  EXPECT_EQ(rrdatas->span, (Span{file, at(text, "- ns-cloud"), folded + 3}));

  // TXT: a DNS quoted string inside a single-quoted YAML scalar.
  const doc::Value& txt = s.documents[1].root.find("rrdatas")->items.at(0);
  EXPECT_EQ(txt.style, doc::Style::single_quoted);
  EXPECT_EQ(txt.text.str(), "\"v=spf1 include:amazonses.com ~all\"");
  const std::uint32_t q = at(text, "'\"v=spf1");
  EXPECT_EQ(txt.span, (Span{file, q, q + 37}));
  EXPECT_EQ(txt.text.span(), (Span{file, q + 1, q + 36}));
  EXPECT_EQ(txt.text.file_offset(8), at(text, "include:amazonses"));
  const doc::Value& mx = s.documents[1].root.find("rrdatas")->items.at(1);
  EXPECT_EQ(mx.text.str(), "10 feedback-smtp.eu-west-1.amazonses.com.");
  EXPECT_EQ(mx.kind, doc::Kind::string);
}

TEST(YamlDocument, SingleQuotedDoubledQuoteAndFolding) {
  const std::string_view text =
      "v: 'it''s a\n"
      "   long   \n"
      "\n"
      "   text'\n";
  const doc::Value root = parse_one(text);
  const doc::Text& t = root.find("v")->text;
  EXPECT_EQ(t.str(), "it's a long\ntext");
  const std::uint32_t dq = at(text, "''");
  EXPECT_EQ(t.span(2, 3), (Span{file, dq, dq + 2}));  // ' came from ''
  EXPECT_EQ(t.file_offset(3), dq + 2);              // 's'
  // One break between "a" and "long" folds to a space covering "\n   ".
  const std::uint32_t a_end = at(text, "a\n") + 1;
  EXPECT_EQ(t.span(6, 7), (Span{file, a_end, at(text, "long")}));
  // Trailing spaces, the break, an empty line and the indentation make one line feed.
  const std::uint32_t long_end = at(text, "long") + 4;
  EXPECT_EQ(t.span(11, 12), (Span{file, long_end, at(text, "text")}));
  EXPECT_EQ(t.span(12, 16), (Span{file, at(text, "text"), at(text, "text") + 4}));
}

TEST(YamlDocument, DoubleQuotedEscapes) {
  const std::string_view text = R"(v: "a\tb\u00e9\x41\"c\\d\U0001F600\ud83d\ude00\_")" "\n";
  const doc::Value root = parse_one(text);
  const doc::Value& v = *root.find("v");
  EXPECT_EQ(v.style, doc::Style::double_quoted);
  EXPECT_EQ(v.text.str(), "a\tb\xC3\xA9" "A\"c\\d\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xC2\xA0");
  const std::uint32_t q = at(text, "\"a");
  EXPECT_EQ(v.text.file_offset(0), q + 1);
  EXPECT_EQ(v.text.span(1, 2), (Span{file, q + 2, q + 4}));   // \t
  EXPECT_EQ(v.text.span(3, 5), (Span{file, q + 5, q + 11}));  // \u00e9, two bytes
  EXPECT_EQ(v.text.span(5, 6), (Span{file, q + 11, q + 15})); // \x41
  EXPECT_EQ(v.text.span(6, 7), (Span{file, q + 15, q + 17})); // \"
  EXPECT_EQ(v.text.file_offset(7), q + 17);                  // c
  const std::uint32_t big = at(text, R"(\U0001F600)");
  EXPECT_EQ(v.text.span(10, 14), (Span{file, big, big + 10}));
  const std::uint32_t pair = at(text, R"(\ud83d)");
  EXPECT_EQ(v.text.span(14, 18), (Span{file, pair, pair + 12}));
  EXPECT_EQ(v.text.span(18, 20), (Span{file, pair + 12, pair + 14}));  // \_ is U+00A0
}

TEST(YamlDocument, DoubleQuotedLineBreaks) {
  const std::string_view text =
      "v: \"one \\\n"
      "    two\n"
      "    three\\n\\\n"
      "\n"
      "    four \"\n";
  const doc::Value root = parse_one(text);
  const doc::Text& t = root.find("v")->text;
  // An escaped break joins without a space; an unescaped one folds; an empty line after an
  // escaped break is a line feed.
  EXPECT_EQ(t.str(), "one two three\n\nfour ");
  EXPECT_EQ(t.file_offset(4), at(text, "two"));  // no byte for the escaped break itself
  EXPECT_EQ(t.span(7, 8), (Span{file, at(text, "two") + 3, at(text, "three")}));
  const std::uint32_t esc = at(text, "\\\n\n");
  EXPECT_EQ(t.span(14, 15), (Span{file, esc, at(text, "four")}));
  EXPECT_EQ(t.span(15, 19), (Span{file, at(text, "four"), at(text, "four") + 4}));
}

TEST(YamlDocument, PlainScalarsFoldAndTrim) {
  const std::string_view text =
      "key: first   \n"
      "  second\t\n"
      "\n"
      "\n"
      "  third # comment\n"
      "next: x\n";
  const doc::Value root = parse_one(text);
  ASSERT_EQ(root.members.size(), 2u);
  const doc::Text& t = root.find("key")->text;
  EXPECT_EQ(t.str(), "first second\n\nthird");
  EXPECT_EQ(t.span(5, 6), (Span{file, at(text, "first") + 5, at(text, "second")}));
  EXPECT_EQ(t.span(12, 14), (Span{file, at(text, "second") + 6, at(text, "third")}));
  EXPECT_EQ(root.find("key")->span, (Span{file, at(text, "first"), at(text, "third") + 5}));
  EXPECT_EQ(root.find("next")->text.str(), "x");
}

TEST(YamlDocument, NestingCompactFormsAndEmptyValues) {
  const std::string_view text =
      "a:\n"
      "  b:\n"
      "    - x\n"
      "    - - y\n"
      "      - z\n"
      "    - k: 1\n"
      "      l:\n"
      "    -\n"
      "  c: []\n"
      "  d: {}\n"
      "e:\n"
      "f: ~\n"
      "# trailing comment\n";
  const doc::Value root = parse_one(text);
  ASSERT_EQ(root.members.size(), 3u);
  const doc::Value& b = *root.find("a")->find("b");
  ASSERT_EQ(b.items.size(), 4u);
  EXPECT_EQ(b.items[0].text.str(), "x");
  ASSERT_EQ(b.items[1].kind, doc::Kind::array);
  EXPECT_EQ(b.items[1].items.at(1).text.str(), "z");
  EXPECT_EQ(b.items[1].items.at(1).span.begin, at(text, "z"));
  ASSERT_EQ(b.items[2].kind, doc::Kind::object);
  EXPECT_EQ(b.items[2].find("k")->as_int64(), 1);
  EXPECT_EQ(b.items[2].find("l")->kind, doc::Kind::null);
  EXPECT_EQ(b.items[2].find("l")->span, (Span{file, at(text, "l:") + 2, at(text, "l:") + 2}));
  EXPECT_EQ(b.items[3].kind, doc::Kind::null);
  EXPECT_EQ(root.find("a")->find("c")->kind, doc::Kind::array);
  EXPECT_TRUE(root.find("a")->find("c")->items.empty());
  EXPECT_EQ(root.find("a")->find("d")->kind, doc::Kind::object);
  EXPECT_EQ(root.find("e")->kind, doc::Kind::null);
  EXPECT_EQ(root.find("f")->kind, doc::Kind::null);
  EXPECT_EQ(root.find("a")->span, (Span{file, at(text, "b:"), at(text, "{}") + 2}));
}

TEST(YamlDocument, CoreSchemaAndQuotedKeys) {
  const std::string_view text =
      "n: 300\n"
      "neg: -5\n"
      "f: 1.5e3\n"
      "hex: 0x1F\n"
      "t: True\n"
      "no: false\n"
      "s: 1.2.3.4\n"
      "q: '300'\n"
      "'quoted key': 1\n"
      "\"dq\\tkey\": 2\n"
      "dup: 1\n"
      "dup: 2\n";
  const doc::Value root = parse_one(text);
  EXPECT_EQ(root.find("n")->as_int64(), 300);
  EXPECT_EQ(root.find("neg")->as_int64(), -5);
  EXPECT_EQ(root.find("f")->kind, doc::Kind::number);
  EXPECT_EQ(root.find("hex")->kind, doc::Kind::number);
  EXPECT_EQ(root.find("hex")->as_int64(), std::nullopt);
  EXPECT_TRUE(root.find("t")->boolean);
  EXPECT_EQ(root.find("no")->kind, doc::Kind::boolean);
  EXPECT_FALSE(root.find("no")->boolean);
  EXPECT_EQ(root.find("s")->kind, doc::Kind::string);
  EXPECT_EQ(root.find("q")->kind, doc::Kind::string);
  EXPECT_EQ(root.find("q")->text.str(), "300");
  const doc::Member* qk = root.find_member("quoted key");
  ASSERT_NE(qk, nullptr);
  EXPECT_EQ(qk->key_span, (Span{file, at(text, "'quoted"), at(text, "'quoted") + 12}));
  const doc::Member* dk = root.find_member("dq\tkey");
  ASSERT_NE(dk, nullptr);
  EXPECT_EQ(dk->key.span(2, 3), (Span{file, at(text, "\\t"), at(text, "\\t") + 2}));
  ASSERT_EQ(root.members.size(), 12u);
  EXPECT_EQ(root.members[10].key.str(), "dup");
  EXPECT_EQ(root.members[11].key.str(), "dup");
  EXPECT_EQ(root.members[11].value.text.str(), "2");
}

TEST(YamlDocument, CrLfByteOrderMarkAndDocumentMarkers) {
  const std::string text =
      "\xEF\xBB\xBF# header\r\n"
      "a: 'x\r\n"
      "  y'\r\n"
      "...\r\n"
      "--- plain root\r\n"
      "---\r\n"
      "--- # only a comment\r\n";
  const YamlStream s = parse_ok(text);
  ASSERT_EQ(s.documents.size(), 4u);
  const doc::Text& t = s.documents[0].root.find("a")->text;
  EXPECT_EQ(t.str(), "x y");
  EXPECT_EQ(t.span(1, 2), (Span{file, static_cast<std::uint32_t>(text.find("x\r")) + 1,
                                static_cast<std::uint32_t>(text.find("y'"))}));
  // A document starts at its first line with content (or its "---").
  EXPECT_EQ(s.documents[0].span, (Span{file, 13, static_cast<std::uint32_t>(text.find("..."))}));
  EXPECT_EQ(s.documents[1].root.text.str(), "plain root");
  EXPECT_EQ(s.documents[2].root.kind, doc::Kind::null);
  EXPECT_EQ(s.documents[3].root.kind, doc::Kind::null);
  EXPECT_TRUE(parse_ok("# nothing but a comment\n\n").documents.empty());
  EXPECT_TRUE(parse_ok("").documents.empty());
}

TEST(YamlDocument, RootScalarsAndSequences) {
  EXPECT_EQ(parse_one("just text\nover lines\n").text.str(), "just text over lines");
  const doc::Value seq = parse_one("- a\n- 'b'\n-\n");
  ASSERT_EQ(seq.items.size(), 3u);
  EXPECT_EQ(seq.items[1].text.str(), "b");
  EXPECT_EQ(seq.items[2].kind, doc::Kind::null);
  EXPECT_EQ(seq.span, (Span{file, 0, 11}));
}

TEST(YamlDocument, TabsAsSeparatorsButNotAsIndentation) {
  const doc::Value root = parse_one("a\tb: x\t-y\nc:\t'y'\n");
  EXPECT_EQ(root.members.at(0).key.str(), "a\tb");
  EXPECT_EQ(root.find("a\tb")->text.str(), "x\t-y");
  EXPECT_EQ(root.find("c")->text.str(), "y");
  EXPECT_EQ(parse_one("-\tz\n").items.at(0).text.str(), "z");
  expect_error("-\t- z\n", {2, 3, "tabs cannot be used for indentation in YAML; indent with spaces"});
  expect_error("- \tk: v\n", {3, 4, "tabs cannot be used for indentation in YAML; indent with spaces"});
}

TEST(YamlDocumentErrors, UnsupportedConstructs) {
  expect_error("a: &x 1\n", {3, 4, "anchors ('&name') are not supported in zonelint's YAML subset; write the value out in full"});
  expect_error("a: 1\nb: *x\n", {8, 9, "aliases ('*name') are not supported in zonelint's YAML subset; write the value out in full"});
  expect_error("a: !!str 1\n", {3, 4, "tags ('!tag') are not supported in zonelint's YAML subset; remove the tag"});
  expect_error("%YAML 1.2\n---\n", {0, 1, "directives ('%YAML', '%TAG') are not supported in zonelint's YAML subset"});
  expect_error("a: |\n  text\n", {3, 4, "block scalars ('|' and '>') are not supported in zonelint's YAML subset; write the value in quotes"});
  expect_error("- >-\n  text\n", {2, 3, "block scalars ('|' and '>') are not supported in zonelint's YAML subset; write the value in quotes"});
  expect_error("a: [x, y]\n", {3, 4, "flow collections ('[a, b]', '{a: b}') are not supported in zonelint's YAML subset, "
                                     "except empty ones; write a sequence as '- item' lines and a mapping as 'key: value' lines"});
  expect_error("? a\n: b\n", {0, 1, "explicit keys ('? key') are not supported in zonelint's YAML subset"});
  expect_error("a: @x\n", {3, 4, "'@' and '`' are reserved in YAML and cannot start a plain value; quote the value"});
  expect_error("&k a: 1\n", {0, 1, "anchors ('&name') are not supported in zonelint's YAML subset; write the value out in full"});
}

TEST(YamlDocumentErrors, KeysAndStructure) {
  expect_error("'a\n  b': 1\n", {0, 7, "a mapping key must be on a single line"});
  expect_error("a: 1\n'b\n c': 2\n", {5, 11, "a mapping key must be on a single line"});
  expect_error("a: 1\n\tb: 2\n", {5, 6, "tabs cannot be used for indentation in YAML; indent with spaces"});
  expect_error("a: b: c\n", {4, 5, "a mapping cannot start on the same line as its key; start it on the next line, "
                                  "or quote a value that contains ': '"});
  expect_error("a: - b\n", {3, 4, "a block sequence cannot start on the same line as its key; start it on the next "
                                  "line, or quote a value that contains ': '"});
  expect_error("--- a: b\n", {5, 6, "a mapping cannot start on the '---' line; start it on the next line"});
  expect_error("a: 1\n  b: 2\n", {8, 9, "': ' inside a plain value that continues over several lines; quote the value"});
  expect_error("a:\n  b: 'x'\n    c: 2\n", {16, 17, "unexpected indentation: this line is indented more than the entries above it"});
  expect_error("- a\nb: c\n", {4, 5, "expected a sequence entry ('- ') at this indentation"});
  expect_error("a: 1\n- b\n", {5, 6, "a sequence entry ('- ') cannot appear among the keys of a mapping"});
  expect_error("a: 1\nb\n", {5, 6, "expected 'key: value' at this indentation"});
  expect_error("a: 1\nb:c\n", {6, 7, "expected 'key: value'; a ':' after a key must be followed by a space"});
  expect_error(": v\n", {0, 1, "a mapping key is missing before ':'"});
  expect_error("a: ,x\n", {3, 4, "a plain value cannot start with ','; quote the value"});
  expect_error("'a' b\n", {4, 5, "unexpected text after the value"});
  expect_error("a: 'x'#c\n", {6, 7, "a comment needs white space before '#'"});
  expect_error("a: 'x': 1\n", {6, 7, "a mapping cannot start on the same line as its key; start it on the next line, "
                                    "or quote a value that contains ': '"});
  expect_error("one\n# c\ntwo\n", {8, 9, "unexpected text after the document's root value; start a new document with '---'"});
  expect_error(std::string(1025, 'k') + ": v\n", {0, 1025, "a mapping key is longer than 1024 bytes"});
}

TEST(YamlDocumentErrors, Scalars) {
  expect_error("a: 'open\n", {3, 9, "the quoted value is not closed: the file ends before its closing quote"});
  expect_error("a: \"open", {3, 8, "the quoted value is not closed: the file ends before its closing quote"});
  expect_error("a: 'x\n---\n", {6, 9, "document marker inside a quoted value; is its closing quote missing?"});
  expect_error("a: 'x\nb: 1\n", {6, 7, "a quoted value continues on this line, which is not indented by at least 1 "
                                      "spaces; is its closing quote missing?"});
  expect_error(R"(a: "x\qy")", {5, 7, "invalid escape; YAML allows \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\<space> "
                                      "\\\" \\/ \\\\ \\N \\_ \\L \\P, \\xXX, \\uXXXX and \\UXXXXXXXX"});
  expect_error(R"(a: "\u12")", {4, 6, "invalid escape; YAML allows \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\<space> "
                                      "\\\" \\/ \\\\ \\N \\_ \\L \\P, \\xXX, \\uXXXX and \\UXXXXXXXX"});
  expect_error(R"(a: "\ud800x")", {4, 10, "lone surrogate \\ud800: a high surrogate must be followed by a low one "
                                         "(\\uDC00 to \\uDFFF)"});
  expect_error(R"(a: "\udc00")", {4, 10, "lone surrogate \\udc00: not a character"});
  expect_error(R"(a: "\U00110000")", {4, 14, "\\U00110000 is beyond U+10FFFF"});
}

TEST(YamlDocumentErrors, Characters) {
  expect_error("a: b\rc: d\n", {4, 5, "a carriage return must be followed by a line feed"});
  expect_error(std::string_view("a: \0\n", 5), {3, 4, "control character U+0000 is not allowed in YAML"});
  expect_error("a: \x1B[31m\n", {3, 4, "control character U+001B is not allowed in YAML"});
  expect_error("a: \xC3\x28\n", {3, 4, "byte 0xC3 is not valid UTF-8"});
  expect_error("a: \xC2\x9B\n", {3, 5, "character U+009B is not allowed in YAML"});
}

TEST(YamlDocumentErrors, DocumentsBeforeAnErrorAreKept) {
  const YamlStream s = parse_yaml("---\na: 1\n---\nb: &x 2\n", file);
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.documents.size(), 1u);
  EXPECT_EQ(s.documents[0].root.find("a")->as_int64(), 1);
  EXPECT_EQ(s.error->span.begin, 16u);
}

TEST(YamlDocumentLimits, DepthLimit) {
  doc::Limits limits;
  limits.max_depth = 4;
  EXPECT_TRUE(parse_yaml("- - - - x\n", file, limits).ok());
  expect_error("- - - - - x\n", {8, 9, "sequences and mappings are nested more than 4 deep; zonelint stops here"}, limits);
  expect_error("a:\n b:\n  c:\n   d:\n    e: 1\n",
               {22, 23, "sequences and mappings are nested more than 4 deep; zonelint stops here"}, limits);
}

TEST(YamlDocumentLimits, DeepNestingFailsFast) {
  std::string dashes;
  for (int i = 0; i < 100'000; ++i) dashes += "- ";
  dashes += "x\n";
  std::string keys;
  for (int i = 0; i < 600; ++i) keys += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  std::string brackets(100'000, '[');
  const auto start = std::chrono::steady_clock::now();
  const YamlStream a = parse_yaml(dashes, file);
  const YamlStream b = parse_yaml(keys, file);
  const YamlStream c = parse_yaml(brackets, file);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error->span, (Span{file, 1024, 1025}));  // the 513th dash
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error->message, "sequences and mappings are nested more than 512 deep; zonelint stops here");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error->span, (Span{file, 0, 1}));  // a flow collection, refused at once
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(YamlDocumentLimits, AliasBombIsRefusedAtTheFirstAnchor) {
  // "Billion laughs": nine levels of aliases, each ten times the one before.
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    const char prev = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + prev;
    bomb += "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const YamlStream s = parse_yaml(bomb, file);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error->span, (Span{file, 3, 4}));
  EXPECT_EQ(s.error->message, "anchors ('&name') are not supported in zonelint's YAML subset; write the value out in full");
  // The block-style bomb is refused the same way.
  expect_error("a: &a\n  - lol\nb:\n  - *a\n  - *a\n", {3, 4, "anchors ('&name') are not supported in zonelint's "
                                                                 "YAML subset; write the value out in full"});
}

TEST(YamlDocumentLimits, ValuesAndBytes) {
  doc::Limits limits;
  limits.max_values = 3;  // the sequence and two items
  EXPECT_TRUE(parse_yaml("- 1\n- 2\n", file, limits).ok());
  expect_error("- 1\n- 2\n- 3\n", {10, 11, "the document has more than 3 values; zonelint stops here"}, limits);
  limits = {};
  limits.max_bytes = 8;
  expect_error("a: 12345\n", {8, 8, "the file is larger than 8 bytes; zonelint does not read it"}, limits);
}

TEST(YamlDocumentLimits, ArbitraryBytesAndPrefixesNeverCrash) {
  const std::string_view text = gcloud_export;
  for (std::size_t n = 0; n <= text.size(); ++n) {
    const YamlStream s = parse_yaml(text.substr(0, n), file);
    if (!s.ok()) {
      EXPECT_LE(s.error->span.end, n);
    }
  }
  const std::string_view alphabet = "- :'\"\\#\n\n  abc01&*![]{}|>?.x\t\r\xC3\xA9";
  std::uint32_t state = 777;
  for (int round = 0; round < 5000; ++round) {
    std::string input;
    const int len = static_cast<int>(state % 48);
    for (int i = 0; i < len; ++i) {
      state = state * 1103515245u + 12345u;
      input += alphabet[(state >> 16) % alphabet.size()];
    }
    state = state * 1103515245u + 12345u;
    const YamlStream s = parse_yaml(input, file);
    if (!s.ok()) {
      EXPECT_LE(s.error->span.begin, input.size());
      EXPECT_LE(s.error->span.end, input.size());
      EXPECT_FALSE(s.error->message.empty());
    }
  }
}

}  // namespace
