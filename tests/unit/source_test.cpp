// SourceFile positions: 1-based lines and columns, columns in code points, a tab is one column,
// a UTF-8 byte-order mark is not a column, CRLF and a missing final newline.

#include <gtest/gtest.h>

#include "core/source.hpp"
#include "core/utf8.hpp"

namespace zonelint {
namespace {

TEST(Source, LinesAndColumns) {
  SourceSet files;
  const FileId id = files.add("t.zone", "ab\n\tc\xC3\xA9x\r\n\nlast");
  const SourceFile& f = files.file(id);
  EXPECT_EQ(f.line_count(), 4u);
  EXPECT_EQ(f.location(0), (LineColumn{1, 1}));
  EXPECT_EQ(f.location(2), (LineColumn{1, 3}));  // the LF ends line 1
  EXPECT_EQ(f.location(3), (LineColumn{2, 1}));  // the tab
  EXPECT_EQ(f.location(4), (LineColumn{2, 2}));
  EXPECT_EQ(f.location(7), (LineColumn{2, 4}));  // after the two bytes of U+00E9
  EXPECT_EQ(f.location(10), (LineColumn{3, 1}));  // the empty line
  EXPECT_EQ(f.location(11), (LineColumn{4, 1}));
  EXPECT_EQ(f.location(15), (LineColumn{4, 5}));  // the end of the text
  EXPECT_EQ(f.line_text(2), "\tc\xC3\xA9x");        // without CR LF
  EXPECT_EQ(f.line_text(4), "last");
}

TEST(Source, ByteOrderMarkIsNotAColumn) {
  SourceSet files;
  const FileId id = files.add("t.zone", "\xEF\xBB\xBF" "ab\ncd");
  const SourceFile& f = files.file(id);
  EXPECT_EQ(f.location(3), (LineColumn{1, 1}));
  EXPECT_EQ(f.location(4), (LineColumn{1, 2}));
  EXPECT_EQ(f.location(0), (LineColumn{1, 1}));
  EXPECT_EQ(f.location(7), (LineColumn{2, 2}));
}

TEST(Source, FinalNewlineDoesNotStartALine) {
  SourceSet files;
  EXPECT_EQ(files.file(files.add("a", "x\n")).line_count(), 1u);
  EXPECT_EQ(files.file(files.add("b", "x")).line_count(), 1u);
  EXPECT_EQ(files.file(files.add("c", "")).line_count(), 1u);
  EXPECT_EQ(files.file(files.add("d", "x\n\n")).line_count(), 2u);
}

TEST(Source, InvalidUtf8CountsOneColumnPerByte) {
  SourceSet files;
  const FileId id = files.add("t.zone", "\xE9\xFF\xC3x");
  EXPECT_EQ(files.file(id).location(3), (LineColumn{1, 4}));
  EXPECT_EQ(utf8::find_invalid("ok\xC3\xA9"), std::string_view::npos);
  EXPECT_EQ(utf8::find_invalid("ok\xC3"), 2u);
  EXPECT_EQ(utf8::find_invalid("\xED\xA0\x80"), 0u);  // a surrogate
  EXPECT_EQ(utf8::find_invalid("\xC0\xAF"), 0u);      // overlong
  EXPECT_EQ(utf8::find_invalid("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
}

// Columns deep in a long line come from marks along it; they must be what counting from the line
// start gives, for every kind of character (ASCII, two- and four-byte, invalid bytes) and offsets
// inside characters too.
TEST(Source, ColumnsInALongLineAreCountedFromTheLineStart) {
  std::string text = "\xEF\xBB\xBF" "first\n";
  const auto line_begin = static_cast<std::uint32_t>(text.size());
  const std::string pieces[] = {"a", "\t", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xE2\x80\x8B", "\x80", "\xF0\x9F", "\"x\""};
  for (std::size_t k = 0; text.size() < 300000; ++k) text += pieces[(k * 7 + k / 3) % std::size(pieces)];
  const auto line_end = static_cast<std::uint32_t>(text.size());
  text += "\nlast\n";
  SourceSet files;
  const FileId id = files.add("long.zone", text);
  const SourceFile& f = files.file(id);
  const std::string_view line = std::string_view(text).substr(line_begin, line_end - line_begin);
  const auto astral_in = [](std::string_view s) {
    std::uint32_t astral = 0;
    for (std::size_t i = 0; i < s.size();) {
      const utf8::Decoded d = utf8::decode(s, i);
      if (d.valid && d.length == 4) ++astral;
      i += d.length;
    }
    return astral;
  };
  // Out of order, so that later questions do not just continue earlier ones.
  for (std::uint32_t step = 0; step < 400; ++step) {
    const std::uint32_t at = line_begin + (step * 7919u) % (line_end - line_begin);
    const std::string_view before = line.substr(0, at - line_begin);
    ASSERT_EQ(f.column_of(at), 1 + utf8::count_code_points(before)) << "offset " << at;
    ASSERT_EQ(f.astral_before(at), astral_in(before)) << "offset " << at;
    EXPECT_EQ(f.line_of(at), 2u);
  }
  EXPECT_EQ(f.location(line_end + 1), (LineColumn{3, 1}));
}

TEST(Source, MissingFile) {
  SourceSet files;
  std::string error;
  EXPECT_FALSE(files.load("/nonexistent/zonelint/x.zone", error).has_value());
  EXPECT_EQ(error, "No such file or directory");
  EXPECT_FALSE(files.load("/", error).has_value());
  EXPECT_EQ(error, "is a directory");
}

TEST(Source, GeneratedTextMapsBackToTheFile) {
  TextBuilder b;
  b.literal("abc", 10);
  b.mapped("XY", 20, 25);
  b.literal("d", 13);
  const TextSource t = std::move(b).finish(0);
  EXPECT_EQ(t.text(), "abcXYd");
  EXPECT_EQ(t.span(1, 2), (Span{0, 11, 12}));
  EXPECT_EQ(t.span(3, 4), (Span{0, 20, 25}));
  EXPECT_EQ(t.span(5, 6), (Span{0, 13, 14}));
  EXPECT_EQ(t.span(0, 6), (Span{0, 10, 14}));
}

}  // namespace
}  // namespace zonelint
