#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "grammar/json.hpp"
#include "parse/json_document.hpp"

namespace {

using zonelint::JsonDocument;
using zonelint::parse_json;
using zonelint::Span;
namespace doc = zonelint::doc;

constexpr zonelint::FileId file = 7;

std::uint32_t at(std::string_view text, std::string_view needle, std::size_t from = 0) {
  const std::size_t pos = text.find(needle, from);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return static_cast<std::uint32_t>(pos);
}

JsonDocument parse_ok(std::string_view text) {
  JsonDocument d = parse_json(text, file);
  EXPECT_TRUE(d.ok()) << (d.error ? d.error->message : "") << " at " << (d.error ? d.error->span.begin : 0);
  return d;
}

struct ExpectedError {
  std::uint32_t begin;
  std::uint32_t end;
  std::string_view message;
};

void expect_error(std::string_view text, ExpectedError e, const doc::Limits& limits = {}) {
  const JsonDocument d = parse_json(text, file, limits);
  ASSERT_FALSE(d.ok()) << text;
  EXPECT_EQ(d.error->span, (Span{file, e.begin, e.end})) << text << "\n" << d.error->message;
  EXPECT_EQ(d.error->message, e.message) << text;
  EXPECT_EQ(d.root.kind, doc::Kind::null);
}

TEST(JsonGrammar, HasNoProblems) { EXPECT_EQ(tao::pegtl::analyze<zonelint::grammar::json::text>(), 0u); }

TEST(JsonDocument, ValuesKeepTheirSpansAndMemberOrder) {
  const std::string_view text = R"({"Name": "a.example.com.", "TTL": 300, "Alias": false, "On": true,
 "Id": null, "Weights": [1, -2.5e3, {}], "TTL": 60})";
  const JsonDocument d = parse_ok(text);
  const doc::Value& root = d.root;
  ASSERT_EQ(root.kind, doc::Kind::object);
  EXPECT_EQ(root.span, (Span{file, 0, static_cast<std::uint32_t>(text.size())}));
  ASSERT_EQ(root.members.size(), 7u);
  const char* keys[] = {"Name", "TTL", "Alias", "On", "Id", "Weights", "TTL"};
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(root.members[i].key.str(), keys[i]);

  const doc::Member& name = root.members[0];
  EXPECT_EQ(name.key_span, (Span{file, 1, 7}));  // "Name" with its quotes
  EXPECT_EQ(name.value.kind, doc::Kind::string);
  EXPECT_EQ(name.value.style, doc::Style::double_quoted);
  EXPECT_EQ(name.value.text.str(), "a.example.com.");
  EXPECT_EQ(name.value.span, (Span{file, 9, 25}));
  EXPECT_EQ(name.value.text.span(), (Span{file, 10, 24}));

  const doc::Value& ttl = root.members[1].value;
  EXPECT_EQ(ttl.kind, doc::Kind::number);
  EXPECT_EQ(ttl.text.str(), "300");
  EXPECT_EQ(ttl.as_int64(), 300);
  EXPECT_EQ(ttl.span, (Span{file, at(text, "300"), at(text, "300") + 3}));

  EXPECT_EQ(root.members[2].value.kind, doc::Kind::boolean);
  EXPECT_FALSE(root.members[2].value.boolean);
  EXPECT_TRUE(root.members[3].value.boolean);
  EXPECT_EQ(root.members[3].value.span.begin, at(text, "true"));
  EXPECT_EQ(root.members[4].value.kind, doc::Kind::null);
  EXPECT_EQ(root.members[4].value.span, (Span{file, at(text, "null"), at(text, "null") + 4}));

  const doc::Value& weights = root.members[5].value;
  ASSERT_EQ(weights.kind, doc::Kind::array);
  EXPECT_EQ(weights.span, (Span{file, at(text, "[1"), at(text, "}]") + 2}));
  ASSERT_EQ(weights.items.size(), 3u);
  EXPECT_EQ(weights.items[1].text.str(), "-2.5e3");
  EXPECT_EQ(weights.items[1].as_int64(), std::nullopt);
  EXPECT_EQ(weights.items[1].span.begin, at(text, "-2.5e3"));
  EXPECT_EQ(weights.items[2].kind, doc::Kind::object);
  EXPECT_EQ(weights.items[2].span, (Span{file, at(text, "{}"), at(text, "{}") + 2}));

  // Duplicate keys stay, in order; find() gives the first.
  EXPECT_EQ(root.find("TTL")->text.str(), "300");
  EXPECT_EQ(root.members[6].value.text.str(), "60");
  EXPECT_EQ(root.find("ttl"), nullptr);
  EXPECT_EQ(root.find_member_icase("ttl")->value.text.str(), "300");
}

TEST(JsonDocument, EscapedQuotesMapToTheirBackslashes) {
  // Route 53 TXT: the DNS quotes are escaped inside the JSON string.
  const std::string_view text = R"({"Value": "\"v=spf1 include:amazonses.com ~all\""})";
  const JsonDocument d = parse_ok(text);
  const doc::Text& t = d.root.find("Value")->text;
  EXPECT_EQ(t.str(), R"("v=spf1 include:amazonses.com ~all")");
  const std::uint32_t open = at(text, R"(\")");
  EXPECT_EQ(t.file_offset(0), open);                 // '"' comes from the two bytes \"
  EXPECT_EQ(t.span(0, 1), (Span{file, open, open + 2}));
  EXPECT_EQ(t.file_offset(1), open + 2);             // 'v'
  const std::uint32_t inc = static_cast<std::uint32_t>(t.str().find("include"));
  EXPECT_EQ(t.span(inc, inc + 7), (Span{file, at(text, "include"), at(text, "include") + 7}));
  const std::uint32_t last = t.size() - 1;  // the closing DNS quote
  const std::uint32_t close = at(text, R"(\""})");
  EXPECT_EQ(t.span(last, last + 1), (Span{file, close, close + 2}));
  EXPECT_EQ(t.file_offset(t.size()), close + 2);
  EXPECT_EQ(t.span(), (Span{file, open, close + 2}));
}

TEST(JsonDocument, EscapedBackslashBeforeOctalEscape) {
  // Route 53 writes '*' as \052, and JSON escapes the backslash: the raw bytes are "\\052".
  const std::string_view text = R"(["\\052.example.com."])";
  const JsonDocument d = parse_ok(text);
  const doc::Text& t = d.root.items.at(0).text;
  EXPECT_EQ(t.str(), R"(\052.example.com.)");
  EXPECT_EQ(t.span(0, 1), (Span{file, 2, 4}));  // the backslash came from two bytes
  EXPECT_EQ(t.file_offset(1), 4u);              // '0'
  EXPECT_EQ(t.span(0, 4), (Span{file, 2, 7}));  // \052 in decoded text is \\052 in the file
  ASSERT_EQ(t.segments().size(), 2u);
  EXPECT_FALSE(t.segments()[0].literal);
  EXPECT_TRUE(t.segments()[1].literal);
}

TEST(JsonDocument, UnicodeEscapesAndSurrogatePairs) {
  const std::string_view text = R"(["a\u00a0b\ud83d\ude00c\u0041", "é€"])";
  const JsonDocument d = parse_ok(text);
  const doc::Text& t = d.root.items.at(0).text;
  EXPECT_EQ(t.str(), "a\xC2\xA0" "b\xF0\x9F\x98\x80" "cA");
  const std::uint32_t nbsp = at(text, R"(\u00a0)");
  EXPECT_EQ(t.file_offset(1), nbsp);
  EXPECT_EQ(t.file_offset(2), nbsp);  // both bytes of U+00A0 come from the same escape
  EXPECT_EQ(t.span(1, 3), (Span{file, nbsp, nbsp + 6}));
  EXPECT_EQ(t.span(2, 3), (Span{file, nbsp, nbsp + 6}));
  EXPECT_EQ(t.file_offset(3), nbsp + 6);  // 'b'
  const std::uint32_t pair = at(text, R"(\ud83d)");
  for (std::uint32_t i = 4; i < 8; ++i) EXPECT_EQ(t.file_offset(i), pair);
  EXPECT_EQ(t.span(4, 8), (Span{file, pair, pair + 12}));
  EXPECT_EQ(t.file_offset(8), pair + 12);  // 'c'
  EXPECT_EQ(t.span(9, 10), (Span{file, at(text, R"(\u0041)"), at(text, R"(\u0041)") + 6}));
  // Raw UTF-8 maps byte for byte.
  const doc::Text& raw = d.root.items.at(1).text;
  EXPECT_EQ(raw.str(), "é€");
  const std::uint32_t e = at(text, "é");
  EXPECT_EQ(raw.file_offset(0), e);
  EXPECT_EQ(raw.file_offset(1), e + 1);
  EXPECT_EQ(raw.span(2, 5), (Span{file, e + 2, e + 5}));
}

TEST(JsonDocument, EveryShortEscape) {
  const std::string_view text = R"("\"\\\/\b\f\n\r\t")";
  const JsonDocument d = parse_ok(text);
  EXPECT_EQ(d.root.text.str(), "\"\\/\b\f\n\r\t");
  for (std::uint32_t i = 0; i < 8; ++i) EXPECT_EQ(d.root.text.span(i, i + 1), (Span{file, 1 + 2 * i, 3 + 2 * i}));
}

TEST(JsonDocument, KeysAreDecodedToo) {
  const std::string_view text = "{\"T\\u0054L\": 1}";
  const JsonDocument d = parse_ok(text);
  EXPECT_EQ(d.root.members.at(0).key.str(), "TTL");
  EXPECT_EQ(d.root.members.at(0).key.span(1, 2), (Span{file, 3, 9}));
  EXPECT_EQ(d.root.find("TTL")->as_int64(), 1);
}

TEST(JsonDocument, EmptyStringHasAnAnchor) {
  const JsonDocument d = parse_ok(R"({"a": ""})");
  const doc::Text& t = d.root.find("a")->text;
  EXPECT_TRUE(t.empty());
  EXPECT_EQ(t.span(), (Span{file, 7, 7}));  // between the quotes
  EXPECT_EQ(t.file_offset(0), 7u);
}

TEST(JsonDocument, ByteOrderMarkAndWhitespace) {
  const std::string text = "\xEF\xBB\xBF \r\n\t[ 1 ]\r\n";
  const JsonDocument d = parse_ok(text);
  EXPECT_EQ(d.root.span, (Span{file, 7, 12}));
  EXPECT_EQ(d.root.items.at(0).span, (Span{file, 9, 10}));
}

TEST(JsonDocument, ScalarRoots) {
  EXPECT_EQ(parse_ok(" 42 ").root.as_int64(), 42);
  EXPECT_EQ(parse_ok("\"x\"").root.text.str(), "x");
  EXPECT_EQ(parse_ok("null").root.kind, doc::Kind::null);
  EXPECT_EQ(parse_ok("-0").root.as_int64(), 0);
}

TEST(JsonDocumentErrors, Structure) {
  expect_error("", {0, 0, "unexpected end of the file; expected a JSON value"});
  expect_error("   ", {3, 3, "unexpected end of the file; expected a JSON value"});
  expect_error("NaN", {0, 1, "expected a JSON value, found 'N'"});
  expect_error("-", {0, 1, "expected a JSON value, found '-'"});
  expect_error("'a'", {0, 1, "expected a JSON value, found a single quote (JSON strings are in double quotes)"});
  expect_error("{'a': 1}", {1, 2, "expected a member name in double quotes or '}', found a single quote "
                                  "(JSON strings are in double quotes)"});
  expect_error("[1,\n2\n", {6, 6, "unexpected end of the file; expected ',' or ']' after the array element"});
  expect_error("[1\n 2]", {4, 5, "expected ',' or ']' after the array element, found '2'"});
  expect_error("{} x", {3, 4, "unexpected text after the JSON value, found 'x'"});
  expect_error("{}{}", {2, 3, "unexpected text after the JSON value, found '{'"});
  expect_error("[1 2]", {3, 4, "expected ',' or ']' after the array element, found '2'"});
  expect_error("[1,]", {3, 4, "expected a value after ','; JSON does not allow a trailing comma, found ']'"});
  expect_error("[,1]", {1, 2, "expected a value or ']', found ','"});
  expect_error("[é]", {1, 2, "expected a value or ']', found U+00E9"});
  expect_error("{\"a\":1,}",
               {7, 8, "expected a member name in double quotes after ','; JSON does not allow a trailing comma, found '}'"});
  expect_error("{a:1}", {1, 2, "expected a member name in double quotes or '}', found 'a'"});
  expect_error("{\"a\" 1}", {5, 6, "expected ':' after the member name, found '1'"});
  expect_error("{\"a\":}", {5, 6, "expected a value after ':', found '}'"});
  expect_error("{\"a\":1 \"b\":2}", {7, 8, "expected ',' or '}' after the object member, found '\"'"});
  expect_error("[01]", {1, 2, "a number cannot start with 0 followed by more digits"});
  expect_error("-012", {1, 2, "a number cannot start with 0 followed by more digits"});
  expect_error("[1.]", {3, 4, "expected a digit, found ']'"});
  expect_error("1e+", {3, 3, "unexpected end of the file; expected a digit"});
  expect_error("[tru]", {1, 2, "expected a value or ']', found 't'"});
}

TEST(JsonDocumentErrors, Truncated) {
  expect_error("[", {1, 1, "unexpected end of the file; expected a value or ']'"});
  expect_error("[1", {2, 2, "unexpected end of the file; expected ',' or ']' after the array element"});
  expect_error("{\"a\": 1,", {8, 8, "unexpected end of the file; expected a member name in double quotes after ','; "
                                    "JSON does not allow a trailing comma"});
  expect_error("{\"a\"", {4, 4, "unexpected end of the file; expected ':' after the member name"});
  expect_error("{\"a\":", {5, 5, "unexpected end of the file; expected a value after ':'"});
  // An unclosed string is reported from its opening quote to the end of the file.
  const std::string_view cut = R"({"ResourceRecordSets": [{"Name": "a.exam)";
  expect_error(cut, {at(cut, "\"a.exam"), static_cast<std::uint32_t>(cut.size()),
                     "the string is not closed: the file ends before its closing quote"});
  expect_error("{\"Na", {1, 4, "the string is not closed: the file ends before its closing quote"});
  expect_error("\"\\", {1, 2, "invalid escape; after a backslash JSON allows only \" \\ / b f n r t and uXXXX"});

  // Every proper prefix of a document is an error, never a crash or a partial tree.
  const std::string_view full = R"({"a": [1, "b\u00e9\n", {"c": null}], "d": -1.5e-3, "e": true})";
  for (std::size_t n = 0; n < full.size(); ++n) {
    const JsonDocument d = parse_json(full.substr(0, n), file);
    EXPECT_FALSE(d.ok()) << n;
    EXPECT_LE(d.error->span.begin, n);
    EXPECT_LE(d.error->span.end, n);
  }
  EXPECT_TRUE(parse_json(full, file).ok());
}

TEST(JsonDocumentErrors, Strings) {
  expect_error(R"("a\qb")", {2, 4, "invalid escape; after a backslash JSON allows only \" \\ / b f n r t and uXXXX"});
  expect_error("\"\\\xC3\xA9\"", {1, 4, "invalid escape; after a backslash JSON allows only \" \\ / b f n r t and uXXXX"});
  expect_error(R"("\u12G4")", {5, 6, "expected four hexadecimal digits after \\u, found 'G'"});
  expect_error(R"("\u12")", {5, 6, "expected four hexadecimal digits after \\u, found '\"'"});
  expect_error(R"("x\ud800")", {2, 8, "lone surrogate \\ud800: a high surrogate must be followed by a low one "
                                      "(\\uDC00 to \\uDFFF)"});
  expect_error(R"("\ud800\u0041")", {1, 7, "lone surrogate \\ud800: a high surrogate must be followed by a low one "
                                          "(\\uDC00 to \\uDFFF)"});
  expect_error(R"("\ud800\n")", {1, 7, "lone surrogate \\ud800: a high surrogate must be followed by a low one "
                                      "(\\uDC00 to \\uDFFF)"});
  expect_error(R"(["ok", "\uDC00"])", {8, 14, "lone surrogate \\uDC00: a low surrogate must follow a high one "
                                             "(\\uD800 to \\uDBFF)"});
  expect_error("\"a\nb\"", {2, 3, "a line break cannot appear inside a string; close the string with '\"' or write \\n"});
  expect_error("\"a\tb\"", {2, 3, "control character U+0009 must be escaped inside a string (\\u0009)"});
  expect_error(std::string_view("\"a\0b\"", 5), {2, 3, "control character U+0000 must be escaped inside a string (\\u0000)"});
  expect_error("\"\xC3\x28\"", {1, 2, "byte 0xC3 is not valid UTF-8"});
  expect_error("\"\xED\xA0\x80\"", {1, 2, "byte 0xED is not valid UTF-8"});  // an encoded surrogate
  expect_error("\"\xC0\xAF\"", {1, 2, "byte 0xC0 is not valid UTF-8"});      // overlong '/'
  expect_error("[\xFF]", {1, 2, "expected a value or ']', found byte 0xFF, which is not valid UTF-8"});
}

TEST(JsonDocumentLimits, DepthLimitIsExact) {
  doc::Limits limits;
  limits.max_depth = 512;
  const std::string ok = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(parse_json(ok, file, limits).ok());
  const std::string deep = std::string(513, '[') + std::string(513, ']');
  expect_error(deep, {512, 513, "arrays and objects are nested more than 512 deep; zonelint stops here"}, limits);
  std::string objects;
  for (int i = 0; i < 600; ++i) objects += "{\"a\":";
  expect_error(objects, {512 * 5, 512 * 5 + 1, "arrays and objects are nested more than 512 deep; zonelint stops here"});
}

TEST(JsonDocumentLimits, HundredThousandBracketsFailFast) {
  const std::string hostile(100'000, '[');
  const auto start = std::chrono::steady_clock::now();
  const JsonDocument d = parse_json(hostile, file);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error->span, (Span{file, 512, 513}));
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(JsonDocumentLimits, ValuesEscapesAndBytes) {
  doc::Limits limits;
  limits.max_values = 3;  // the array and two numbers
  EXPECT_TRUE(parse_json("[1, 2]", file, limits).ok());
  expect_error("[1, 2, 3]", {7, 8, "the document has more than 3 values; zonelint stops here"}, limits);

  limits = {};
  limits.max_escapes = 2;
  EXPECT_TRUE(parse_json(R"("\n\n")", file, limits).ok());
  expect_error(R"("\n\n\n")", {5, 7, "the document has more than 2 escapes; zonelint stops here"}, limits);

  limits = {};
  limits.max_bytes = 4;
  EXPECT_TRUE(parse_json("[12]", file, limits).ok());
  expect_error("[123]", {4, 4, "the file is larger than 4 bytes; zonelint does not read it"}, limits);
}

TEST(JsonDocumentLimits, ArbitraryBytesNeverCrash) {
  // A small deterministic generator over JSON-ish bytes: every input either parses or gives an
  // error inside the input.
  const std::string_view alphabet = "[]{}\",:\\u0123456789.eE+-tfnarlsd \n\x01\xC3\xA9\xFF";
  std::uint32_t state = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const int len = static_cast<int>(state % 40);
    for (int i = 0; i < len; ++i) {
      state = state * 1103515245u + 12345u;
      input += alphabet[(state >> 16) % alphabet.size()];
    }
    state = state * 1103515245u + 12345u;
    const JsonDocument d = parse_json(input, file);
    if (!d.ok()) {
      EXPECT_LE(d.error->span.begin, input.size());
      EXPECT_LE(d.error->span.end, input.size());
      EXPECT_FALSE(d.error->message.empty());
    }
  }
}

}  // namespace
