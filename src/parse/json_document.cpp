#include "parse/json_document.hpp"

#include <algorithm>
#include <charconv>
#include <type_traits>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "core/utf8.hpp"
#include "grammar/json.hpp"
#include "grammar/json_errors.hpp"

namespace zonelint::doc {

const Text::Segment& Text::segment_at(std::uint32_t i) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), i,
                             [](std::uint32_t off, const Segment& s) { return off < s.text_begin; });
  if (it != segments_.begin()) --it;
  return *it;
}

std::uint32_t Text::file_offset(std::uint32_t i) const {
  if (segments_.empty()) return anchor_ + std::min(i, size());
  if (i >= size()) return segments_.back().file_end;
  const Segment& s = segment_at(i);
  return s.literal ? s.file_begin + (i - s.text_begin) : s.file_begin;
}

Span Text::span(std::uint32_t begin, std::uint32_t end) const {
  const std::uint32_t b = file_offset(begin);
  if (end <= begin || begin >= size()) return {file_, b, b};
  end = std::min(end, size());
  if (segments_.empty()) return {file_, b, anchor_ + end};
  const Segment& last = segment_at(end - 1);
  const std::uint32_t e = last.literal ? last.file_begin + (end - last.text_begin) : last.file_end;
  return {file_, b, std::max(b, e)};
}

std::vector<Text::Segment> Text::segments() const {
  if (segments_.empty() && !text_.empty()) return {{0, anchor_, anchor_ + size(), true}};
  return segments_;
}

void Text::materialize() {
  if (segments_.empty() && !text_.empty()) segments_.push_back({0, anchor_, anchor_ + size(), true});
}

void Text::append_literal(std::string_view bytes, std::uint32_t file_begin) {
  if (bytes.empty()) return;
  const auto n = static_cast<std::uint32_t>(bytes.size());
  if (segments_.empty()) {
    if (text_.empty()) anchor_ = file_begin;
    if (anchor_ + size() == file_begin) {
      text_.append(bytes);
      return;
    }
    materialize();
  }
  Segment& last = segments_.back();
  // Extend the previous literal run when the bytes continue it in the file too.
  if (last.literal && last.file_end == file_begin) {
    last.file_end += n;
  } else {
    segments_.push_back({size(), file_begin, file_begin + n, true});
  }
  text_.append(bytes);
}

void Text::append_mapped(std::string_view bytes, std::uint32_t file_begin, std::uint32_t file_end) {
  if (bytes.empty()) return;
  materialize();
  segments_.push_back({size(), file_begin, file_end, false});
  text_.append(bytes);
}

std::string_view to_string(Kind kind) noexcept {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "boolean";
    case Kind::number: return "number";
    case Kind::string: return "string";
    case Kind::array: return "array";
    case Kind::object: return "object";
  }
  return "value";
}

const Member* Value::find_member(std::string_view key) const noexcept {
  for (const Member& m : members)
    if (m.key.str() == key) return &m;
  return nullptr;
}

const Value* Value::find(std::string_view key) const noexcept {
  const Member* m = find_member(key);
  return m != nullptr ? &m->value : nullptr;
}

const Member* Value::find_member_icase(std::string_view key) const noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; };
  for (const Member& m : members) {
    const std::string_view k = m.key.str();
    if (k.size() == key.size() && std::equal(k.begin(), k.end(), key.begin(),
                                             [&](char a, char b) { return lower(a) == lower(b); }))
      return &m;
  }
  return nullptr;
}

std::optional<std::int64_t> Value::as_int64() const noexcept {
  if (kind != Kind::number) return std::nullopt;
  const std::string_view s = text.str();
  std::int64_t v = 0;
  const char* first = s.data();
  if (!s.empty() && s.front() == '+') ++first;  // YAML allows "+300"
  const auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace zonelint::doc

namespace zonelint {

namespace pg = tao::pegtl;
namespace gj = grammar::json;

namespace {

// Thrown by actions and the control class; parse_json turns it into a doc::Error.
struct Failure {
  std::uint32_t begin;
  std::uint32_t end;
  std::string message;
};

// An open array or object, waiting for its elements.
struct Frame {
  doc::Value value;
  doc::Text key;  // the member name waiting for its value
  Span key_span;
};

struct Builder {
  std::string_view src;
  FileId file;
  const doc::Limits& limits;
  std::vector<Frame> stack;  // depth is bounded by limits.max_depth
  doc::Value root;
  std::uint32_t values = 0;
  std::uint32_t escapes = 0;
  std::uint32_t string_open = 0;  // the opening quote of the string being read

  template <typename Input>
  [[nodiscard]] std::uint32_t offset(const Input& in) const {
    return static_cast<std::uint32_t>(in.begin() - src.data());
  }
  template <typename Input>
  [[nodiscard]] std::uint32_t end_offset(const Input& in) const {
    return static_cast<std::uint32_t>(in.end() - src.data());
  }

  void count_value(std::uint32_t at) {
    if (++values > limits.max_values)
      throw Failure{at, at + 1, fmt::format("the document has more than {} values; zonelint stops here", limits.max_values)};
  }

  doc::Value scalar(doc::Kind kind, std::uint32_t begin, std::uint32_t end) {
    count_value(begin);
    doc::Value v;
    v.kind = kind;
    v.span = {file, begin, end};
    v.text = doc::Text(file);
    v.text.set_anchor(begin);
    v.text.append_literal(src.substr(begin, end - begin), begin);
    return v;
  }

  void open(doc::Kind kind, std::uint32_t at) {
    if (stack.size() >= limits.max_depth) {
      throw Failure{at, at + 1,
                    fmt::format("arrays and objects are nested more than {} deep; zonelint stops here", limits.max_depth)};
    }
    count_value(at);
    Frame& f = stack.emplace_back();
    f.value.kind = kind;
    f.value.span = {file, at, at};
  }

  void close(std::uint32_t end) {
    doc::Value v = std::move(stack.back().value);
    stack.pop_back();
    v.span.end = end;
    emit(std::move(v));
  }

  void emit(doc::Value&& v) {
    if (stack.empty()) {
      root = std::move(v);
      return;
    }
    Frame& top = stack.back();
    if (top.value.kind == doc::Kind::array) {
      top.value.items.push_back(std::move(v));
    } else {
      top.value.members.push_back({std::move(top.key), top.key_span, std::move(v)});
    }
  }

  void mapped(doc::Text& text, std::string_view bytes, std::uint32_t begin, std::uint32_t end) {
    if (++escapes > limits.max_escapes)
      throw Failure{begin, end, fmt::format("the document has more than {} escapes; zonelint stops here", limits.max_escapes)};
    text.append_mapped(bytes, begin, end);
  }

  // Decodes the string token [begin, end) (quotes included) into `out`.
  void decode(std::uint32_t begin, std::uint32_t end, doc::Text& out);
};

std::uint32_t hex4(std::string_view s) {
  std::uint32_t v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else v |= static_cast<std::uint32_t>(c - 'A' + 10);
  }
  return v;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The grammar has already checked the token: UTF-8 is valid, escapes are well formed. What is
// left to check here is that \u surrogates come in pairs.
void Builder::decode(std::uint32_t begin, std::uint32_t end, doc::Text& out) {
  out = doc::Text(file);
  out.set_anchor(begin + 1);
  const std::uint32_t last = end - 1;  // the closing quote
  std::uint32_t run = begin + 1;       // start of the pending literal run
  std::uint32_t i = run;
  std::string buf;
  while (i < last) {
    if (src[i] != '\\') {
      ++i;
      continue;
    }
    out.append_literal(src.substr(run, i - run), run);
    const char e = src[i + 1];
    std::uint32_t len = 2;
    buf.clear();
    switch (e) {
      case 'b': buf.assign(1, '\b'); break;
      case 'f': buf.assign(1, '\f'); break;
      case 'n': buf.assign(1, '\n'); break;
      case 'r': buf.assign(1, '\r'); break;
      case 't': buf.assign(1, '\t'); break;
      case 'u': {
        char32_t cp = hex4(src.substr(i + 2));
        len = 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          const bool paired = i + 12 <= last && src[i + 6] == '\\' && src[i + 7] == 'u' &&
                              hex4(src.substr(i + 8)) >= 0xDC00 && hex4(src.substr(i + 8)) <= 0xDFFF;
          if (!paired) {
            throw Failure{i, i + 6,
                          fmt::format("lone surrogate \\u{}: a high surrogate must be followed by a low one "
                                      "(\\uDC00 to \\uDFFF)",
                                      src.substr(i + 2, 4))};
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(src.substr(i + 8)) - 0xDC00);
          len = 12;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          throw Failure{i, i + 6,
                        fmt::format("lone surrogate \\u{}: a low surrogate must follow a high one (\\uD800 to \\uDBFF)",
                                    src.substr(i + 2, 4))};
        }
        append_utf8(buf, cp);
        break;
      }
      default: buf.assign(1, e); break;  // " \ /
    }
    mapped(out, buf, i, i + len);
    i += len;
    run = i;
  }
  out.append_literal(src.substr(run, last - run), run);
}

template <typename Rule>
struct Action : pg::nothing<Rule> {};

template <>
struct Action<gj::null> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.emit(b.scalar(doc::Kind::null, b.offset(in), b.end_offset(in)));
  }
};

template <>
struct Action<gj::true_> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    doc::Value v = b.scalar(doc::Kind::boolean, b.offset(in), b.end_offset(in));
    v.boolean = true;
    b.emit(std::move(v));
  }
};

template <>
struct Action<gj::false_> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.emit(b.scalar(doc::Kind::boolean, b.offset(in), b.end_offset(in)));
  }
};

template <>
struct Action<gj::number> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.emit(b.scalar(doc::Kind::number, b.offset(in), b.end_offset(in)));
  }
};

template <>
struct Action<gj::string> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    const std::uint32_t begin = b.offset(in);
    const std::uint32_t end = b.end_offset(in);
    b.count_value(begin);
    doc::Value v;
    v.kind = doc::Kind::string;
    v.style = doc::Style::double_quoted;
    v.span = {b.file, begin, end};
    b.decode(begin, end, v.text);
    b.emit(std::move(v));
  }
};

template <>
struct Action<gj::key> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    Frame& top = b.stack.back();
    top.key_span = {b.file, b.offset(in), b.end_offset(in)};
    b.decode(top.key_span.begin, top.key_span.end, top.key);
  }
};

template <>
struct Action<gj::begin_array> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.open(doc::Kind::array, b.offset(in));
  }
};

template <>
struct Action<gj::begin_object> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.open(doc::Kind::object, b.offset(in));
  }
};

template <>
struct Action<gj::end_array> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.close(b.end_offset(in));
  }
};

template <>
struct Action<gj::end_object> {
  template <typename Input>
  static void apply(const Input& in, Builder& b) {
    b.close(b.end_offset(in));
  }
};

// A readable name for the byte at `at`.
std::string describe_byte(std::string_view src, std::uint32_t at) {
  const auto c = static_cast<unsigned char>(src[at]);
  if (c == '\n') return "a line break";
  if (c == '\'') return "a single quote (JSON strings are in double quotes)";
  if (c < 0x20 || c == 0x7F) return fmt::format("control character U+{:04X}", c);
  if (c >= 0x80) {
    const utf8::Decoded d = utf8::decode(src, at);
    if (!d.valid) return fmt::format("byte 0x{:02X}, which is not valid UTF-8", c);
    return fmt::format("U+{:04X}", static_cast<std::uint32_t>(d.code_point));
  }
  return fmt::format("'{}'", static_cast<char>(c));
}

// The message and place for a failed must<> point, made more specific where the byte at the
// failure tells more than the grammar rule does.
template <typename Rule>
Failure failure_at(const Builder& b, std::uint32_t at) {
  const std::string_view src = b.src;
  const bool at_eof = at >= src.size();
  const auto is_digit = [&](std::uint32_t i) { return i < src.size() && src[i] >= '0' && src[i] <= '9'; };

  if constexpr (std::is_same_v<Rule, gj::char_>) {
    if (at_eof)
      return {b.string_open, static_cast<std::uint32_t>(src.size()),
              "the string is not closed: the file ends before its closing quote"};
    const auto c = static_cast<unsigned char>(src[at]);
    if (c == '\n' || c == '\r')
      return {at, at + 1, "a line break cannot appear inside a string; close the string with '\"' or write \\n"};
    if (c < 0x20)
      return {at, at + 1,
              fmt::format("control character U+{:04X} must be escaped inside a string (\\u{:04X})", c, c)};
    if (c >= 0x80) return {at, at + 1, fmt::format("byte 0x{:02X} is not valid UTF-8", c)};
    return {at, at + 1, gj::errors::message<Rule>};
  } else if constexpr (std::is_same_v<Rule, gj::escaped>) {
    // Point at the backslash: the escape as a whole is wrong.
    const std::uint32_t len = at_eof ? 1u : 1u + utf8::decode(src, at).length;
    return {at - 1, at - 1 + len, gj::errors::message<Rule>};
  } else {
    // "01": the grammar ends the number after the zero and trips over the next digit.
    if constexpr (std::is_same_v<Rule, gj::end_array> || std::is_same_v<Rule, gj::end_object> ||
                  std::is_same_v<Rule, gj::end_of_text>) {
      if (is_digit(at) && at > 0 && is_digit(at - 1))
        return {at - 1, at, "a number cannot start with 0 followed by more digits"};
    }
    std::string expected = gj::errors::message<Rule>;
    if constexpr (std::is_same_v<Rule, gj::end_array>) {
      if (!b.stack.empty() && b.stack.back().value.items.empty()) expected = "expected a value or ']'";
    }
    if constexpr (std::is_same_v<Rule, gj::end_object>) {
      if (!b.stack.empty() && b.stack.back().value.members.empty())
        expected = "expected a member name in double quotes or '}'";
    }
    if (at_eof) return {at, at, fmt::format("unexpected end of the file; {}", expected)};
    return {at, at + 1, fmt::format("{}, found {}", expected, describe_byte(src, at))};
  }
}

template <typename Rule>
struct Control : pg::normal<Rule> {
  template <typename Input, typename... States>
  static void start(const Input& in, Builder& b, States&&... /*unused*/) {
    // The parse input's begin() is the start of the file; current() is where this rule starts.
    if constexpr (std::is_same_v<Rule, gj::string> || std::is_same_v<Rule, gj::key>)
      b.string_open = static_cast<std::uint32_t>(in.current() - b.src.data());
  }

  template <typename Input, typename... States>
  static void failure(const Input& in, Builder& b, States&&... st) {
    if constexpr (gj::errors::raise_on_failure<Rule>) raise(in, b, st...);
  }

  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, Builder& b, States&&... /*unused*/) {
    static_assert(gj::errors::message<Rule> != nullptr, "every must<> point needs a message in json_errors.hpp");
    throw failure_at<Rule>(b, static_cast<std::uint32_t>(in.current() - b.src.data()));
  }
};

}  // namespace

JsonDocument parse_json(std::string_view bytes, FileId file, const doc::Limits& limits) {
  JsonDocument result;
  result.root.span = {file, 0, 0};
  if (bytes.size() > limits.max_bytes) {
    result.error = doc::Error{{file, limits.max_bytes, limits.max_bytes},
                              fmt::format("the file is larger than {} bytes; zonelint does not read it", limits.max_bytes)};
    return result;
  }
  Builder builder{bytes, file, limits, {}, {}, 0, 0, 0};
  try {
    pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf_crlf> in(bytes.data(), bytes.data() + bytes.size(), "json");
    pg::parse<gj::text, Action, Control>(in, builder);
    result.root = std::move(builder.root);
  } catch (Failure& f) {
    result.error = doc::Error{{file, f.begin, f.end}, std::move(f.message)};
  }
  return result;
}

}  // namespace zonelint
