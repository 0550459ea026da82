#pragma once
// A position-keeping JSON reader for provider exports, and the document tree it shares with the
// YAML reader (parse/yaml_document.hpp): every value knows its bytes in the file, and every
// decoded string knows which file bytes produced each of its bytes, through escapes and folds,
// so a finding inside a value lands on the exact character.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source.hpp"
#include "core/span.hpp"

namespace zonelint::doc {

// Decoded scalar text and the map back to the file. The map is TextSource's segment list: a
// literal segment maps byte for byte, any other segment (an escape, a YAML fold) maps each of
// its bytes to the whole source range of that escape. So a TextSource can be built from it.
class Text {
 public:
  using Segment = TextSource::Segment;

  Text() = default;
  explicit Text(FileId file) : file_(file) {}

  [[nodiscard]] std::string_view str() const noexcept { return text_; }
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(text_.size()); }
  [[nodiscard]] bool empty() const noexcept { return text_.empty(); }
  // The map as TextSource segments (a copy: a text that is one literal run keeps no list).
  [[nodiscard]] std::vector<Segment> segments() const;
  [[nodiscard]] FileId file() const noexcept { return file_; }

  // File offset of the character or escape that produced decoded byte `i`; for i == size(), the
  // offset just past the source of the last byte (for an empty text, where it would have been).
  [[nodiscard]] std::uint32_t file_offset(std::uint32_t i) const;
  // The file bytes that produced decoded bytes [begin, end); an empty range gives an empty span
  // at file_offset(begin).
  [[nodiscard]] Span span(std::uint32_t begin, std::uint32_t end) const;
  // The source of the whole text (without the quotes of a quoted scalar).
  [[nodiscard]] Span span() const { return span(0, size()); }

  // Building (readers only).
  void set_anchor(std::uint32_t file_offset) noexcept { anchor_ = file_offset; }
  void append_literal(std::string_view bytes, std::uint32_t file_begin);
  void append_mapped(std::string_view bytes, std::uint32_t file_begin, std::uint32_t file_end);

 private:
  [[nodiscard]] const Segment& segment_at(std::uint32_t i) const;

  void materialize();

  std::string text_;
  // Empty while the text is a single literal run starting at anchor_, which most values are:
  // that saves an allocation per string.
  std::vector<Segment> segments_;
  FileId file_ = no_file;
  std::uint32_t anchor_ = 0;  // where the text (or an empty text) starts in the file
};

enum class Kind : std::uint8_t { null, boolean, number, string, array, object };
// How a scalar was written: JSON strings are double-quoted, everything else in JSON is plain.
enum class Style : std::uint8_t { plain, single_quoted, double_quoted };

[[nodiscard]] std::string_view to_string(Kind kind) noexcept;

struct Member;

struct Value {
  Kind kind = Kind::null;
  Style style = Style::plain;
  bool boolean = false;  // Kind::boolean
  Span span;             // the whole value: quotes, brackets and all
  // Kind::string: the decoded text. Other scalars: their text as written ("300", "true", "null",
  // and "" for a YAML empty value), so a caller that wants a string can take any scalar's text.
  Text text;
  std::vector<Value> items;     // Kind::array
  std::vector<Member> members;  // Kind::object: file order, duplicate keys kept

  [[nodiscard]] bool is_scalar() const noexcept { return kind != Kind::array && kind != Kind::object; }
  // First member whose key is exactly `key`, or nullptr (also when this is not an object).
  [[nodiscard]] const Value* find(std::string_view key) const noexcept;
  [[nodiscard]] const Member* find_member(std::string_view key) const noexcept;
  // First member whose key equals `key` ignoring ASCII case (Azure's PascalCase/camelCase keys).
  [[nodiscard]] const Member* find_member_icase(std::string_view key) const noexcept;
  // A number without fraction or exponent that fits in int64; nullopt otherwise.
  [[nodiscard]] std::optional<std::int64_t> as_int64() const noexcept;
};

struct Member {
  Text key;      // decoded
  Span key_span; // the key as written, quotes included
  Value value;
};

// A reading problem: where (empty at the end of the file) and what.
struct Error {
  Span span;
  std::string message;
};

// Caps that keep hostile input in bounded time and memory. Hitting one is an Error.
struct Limits {
  std::uint32_t max_bytes = 64u << 20;    // input size
  std::uint32_t max_depth = 512;          // nested arrays/objects (sequences/mappings)
  std::uint32_t max_values = 1'000'000;   // values of all kinds, keys not counted
  std::uint32_t max_escapes = 4'000'000;  // escapes and folds in all strings (one map segment each)
};

}  // namespace zonelint::doc

namespace zonelint {

struct JsonDocument {
  doc::Value root;                  // null when there is an error
  std::optional<doc::Error> error;  // the first problem; reading stops there

  [[nodiscard]] bool ok() const noexcept { return !error.has_value(); }
};

// Reads one JSON text (RFC 8259; a leading UTF-8 byte-order mark is skipped). `file` goes into
// every span. Never throws for bad input; bounded by `limits`.
[[nodiscard]] JsonDocument parse_json(std::string_view bytes, FileId file, const doc::Limits& limits = {});

}  // namespace zonelint
