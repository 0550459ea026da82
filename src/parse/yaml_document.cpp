#include "parse/yaml_document.hpp"

#include <algorithm>
#include <cstdint>
#include <string>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "core/utf8.hpp"
#include "grammar/yaml.hpp"

namespace zonelint {

namespace pg = tao::pegtl;
namespace gy = grammar::yaml;

namespace {

// Thrown inside the reader; parse_yaml turns it into a doc::Error.
struct Failure {
  std::uint32_t begin;
  std::uint32_t end;
  std::string message;
};

// The reader's error texts, kept together like grammar/json_errors.hpp.
namespace msg {
constexpr const char* anchor =
    "anchors ('&name') are not supported in zonelint's YAML subset; write the value out in full";
constexpr const char* alias =
    "aliases ('*name') are not supported in zonelint's YAML subset; write the value out in full";
constexpr const char* tag = "tags ('!tag') are not supported in zonelint's YAML subset; remove the tag";
constexpr const char* directive = "directives ('%YAML', '%TAG') are not supported in zonelint's YAML subset";
constexpr const char* block_scalar =
    "block scalars ('|' and '>') are not supported in zonelint's YAML subset; write the value in quotes";
constexpr const char* flow_collection =
    "flow collections ('[a, b]', '{a: b}') are not supported in zonelint's YAML subset, except empty ones; "
    "write a sequence as '- item' lines and a mapping as 'key: value' lines";
constexpr const char* explicit_key = "explicit keys ('? key') are not supported in zonelint's YAML subset";
constexpr const char* reserved = "'@' and '`' are reserved in YAML and cannot start a plain value; quote the value";
constexpr const char* tab_indent = "tabs cannot be used for indentation in YAML; indent with spaces";
constexpr const char* multi_line_key = "a mapping key must be on a single line";
constexpr const char* long_key = "a mapping key is longer than 1024 bytes";
constexpr const char* missing_key = "a mapping key is missing before ':'";
constexpr const char* unclosed_quote = "the quoted value is not closed: the file ends before its closing quote";
constexpr const char* marker_in_quote = "document marker inside a quoted value; is its closing quote missing?";
constexpr const char* colon_in_plain =
    "': ' inside a plain value that continues over several lines; quote the value";
constexpr const char* comment_space = "a comment needs white space before '#'";
constexpr const char* extra_root = "unexpected text after the document's root value; start a new document with '---'";
constexpr const char* extra_indent = "unexpected indentation: this line is indented more than the entries above it";
constexpr const char* expected_dash = "expected a sequence entry ('- ') at this indentation";
constexpr const char* dash_in_mapping = "a sequence entry ('- ') cannot appear among the keys of a mapping";
constexpr const char* lone_cr = "a carriage return must be followed by a line feed";
}  // namespace msg

// How the text before a node on its line ended: it decides which collections may start there.
enum class Opener : std::uint8_t { line_start, document_marker, key, dash };

// An open block sequence or mapping.
struct Frame {
  doc::Value value;  // Kind::array or Kind::object
  std::int32_t indent = 0;
  bool pending = false;     // its last key or dash still waits for a value
  bool indentless = false;  // a sequence at its key's own indentation ("key:\n- a")
  std::uint32_t pending_at = 0;
  doc::Text key;
  Span key_span;
};

struct PlainLine {
  enum Stop : std::uint8_t { eol, comment, colon } kind;
  std::uint32_t end;   // content end, trailing white space excluded
  std::uint32_t stop;  // the line break, '#' or ':' (or the end of the input)
};

struct Quoted {
  doc::Value value;
  std::uint32_t end;  // just past the closing quote
  bool multi_line;
};

bool is_white(char c) { return c == ' ' || c == '\t'; }

// YAML 1.2 core schema (§10.3.2) for plain scalars; `boolean` is set for true.
doc::Kind resolve_plain(std::string_view s, bool& boolean) {
  boolean = false;
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return doc::Kind::null;
  if (s == "true" || s == "True" || s == "TRUE") {
    boolean = true;
    return doc::Kind::boolean;
  }
  if (s == "false" || s == "False" || s == "FALSE") return doc::Kind::boolean;
  const auto all = [](std::string_view t, auto pred) {
    return !t.empty() && std::all_of(t.begin(), t.end(), pred);
  };
  const auto dec = [](char c) { return c >= '0' && c <= '9'; };
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all(s.substr(2), [](char c) { return c >= '0' && c <= '7'; }))
    return doc::Kind::number;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' &&
      all(s.substr(2), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }))
    return doc::Kind::number;
  std::string_view t = s;
  if (t.front() == '-' || t.front() == '+') t.remove_prefix(1);
  if (t == ".inf" || t == ".Inf" || t == ".INF") return doc::Kind::number;
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return doc::Kind::number;
  // [0-9]+ ( . [0-9]* )? | . [0-9]+, then an optional exponent.
  std::size_t i = 0;
  std::size_t int_digits = 0;
  while (i < t.size() && dec(t[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < t.size() && t[i] == '.') {
    ++i;
    while (i < t.size() && dec(t[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return doc::Kind::string;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    if (!all(t.substr(i), dec)) return doc::Kind::string;
    i = t.size();
  }
  return i == t.size() ? doc::Kind::number : doc::Kind::string;
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

char32_t parse_hex(std::string_view s) {
  char32_t v = 0;
  for (char c : s) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<char32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<char32_t>(c - 'a' + 10);
    else v |= static_cast<char32_t>(c - 'A' + 10);
  }
  return v;
}

class Reader {
 public:
  Reader(std::string_view src, FileId file, const doc::Limits& limits, YamlStream& out)
      : src_(src), n_(static_cast<std::uint32_t>(src.size())), file_(file), limits_(limits), out_(out) {}

  void run();

 private:
  // --- lexical helpers ---
  template <typename Rule>
  [[nodiscard]] std::optional<std::uint32_t> match(std::uint32_t at) const {
    if (at > n_) return std::nullopt;
    pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf_crlf, const char*> in(src_.data() + at, src_.data() + n_,
                                                                                "yaml");
    if (!pg::parse<Rule>(in)) return std::nullopt;
    return static_cast<std::uint32_t>(in.current() - src_.data());
  }
  [[nodiscard]] bool at_break(std::uint32_t p) const { return p < n_ && (src_[p] == '\n' || src_[p] == '\r'); }
  [[nodiscard]] bool at_line_end(std::uint32_t p) const { return p >= n_ || at_break(p); }
  [[nodiscard]] std::uint32_t skip_white(std::uint32_t p) const {
    while (p < n_ && is_white(src_[p])) ++p;
    return p;
  }
  [[nodiscard]] std::uint32_t skip_spaces(std::uint32_t p) const {
    while (p < n_ && src_[p] == ' ') ++p;
    return p;
  }
  [[nodiscard]] std::uint32_t after_break(std::uint32_t p) const { return p + (src_[p] == '\r' ? 2 : 1); }
  [[nodiscard]] std::uint32_t line_end(std::uint32_t p) const {
    while (p < n_ && !at_break(p)) ++p;
    return p;
  }
  [[noreturn]] void fail(std::uint32_t begin, std::uint32_t end, std::string message) const {
    throw Failure{begin, std::min(std::max(begin, end), n_ > begin ? n_ : begin), std::move(message)};
  }

  void check_characters() const;
  PlainLine scan_plain_line(std::uint32_t p) const;
  void reject_unsupported(std::uint32_t p) const;
  void check_plain_first(std::uint32_t p) const;
  Quoted parse_quoted(std::uint32_t p, std::int32_t parent_indent);
  std::pair<std::uint32_t, std::uint32_t> skip_fold(std::uint32_t brk, std::int32_t parent_indent);
  std::uint32_t escape(std::uint32_t p, doc::Text& text);
  doc::Value parse_plain(std::uint32_t p, PlainLine first, std::int32_t parent_indent, std::uint32_t& resume);

  // --- tree building ---
  void count_value(std::uint32_t at);
  void count_escape(std::uint32_t at);
  void mapped(doc::Text& text, std::string_view bytes, std::uint32_t begin, std::uint32_t end);
  doc::Value null_at(std::uint32_t at);
  void add_to(Frame& frame, doc::Value&& v);
  void emit(doc::Value&& v);
  void push_frame(doc::Kind kind, std::int32_t indent, std::uint32_t at, bool indentless);
  void close_top();

  // --- structure ---
  void start_document(std::uint32_t at);
  void end_document(std::uint32_t at);
  void structural_line(std::uint32_t p, std::int32_t col);
  void node(std::uint32_t p, std::int32_t parent_indent, Opener opener);
  // Sets the key of the mapping on top and reads the rest of the line; false when it ended.
  bool after_key(doc::Text&& key, Span key_span, std::uint32_t colon, std::uint32_t& next);
  bool after_dash(std::uint32_t dash, std::uint32_t& next);
  void finish_line(std::uint32_t p);

  std::string_view src_;
  std::uint32_t n_;
  FileId file_;
  const doc::Limits& limits_;
  YamlStream& out_;

  std::uint32_t pos_ = 0;
  std::uint32_t line_start_ = 0;
  std::vector<Frame> stack_;  // bounded by limits_.max_depth
  bool doc_open_ = false;
  bool root_taken_ = false;
  std::uint32_t doc_begin_ = 0;
  std::uint32_t root_at_ = 0;
  doc::Value root_;
  std::uint32_t values_ = 0;
  std::uint32_t escapes_ = 0;
};

// YAML text must be printable UTF-8 (§5.1); checking it first lets the rest assume it.
void Reader::check_characters() const {
  for (std::uint32_t i = 0; i < n_;) {
    const auto c = static_cast<unsigned char>(src_[i]);
    if (c < 0x80) {
      if (c == '\r' && (i + 1 >= n_ || src_[i + 1] != '\n')) fail(i, i + 1, msg::lone_cr);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F)
        fail(i, i + 1, fmt::format("control character U+{:04X} is not allowed in YAML", c));
      ++i;
      continue;
    }
    const utf8::Decoded d = utf8::decode(src_, i);
    if (!d.valid) fail(i, i + 1, fmt::format("byte 0x{:02X} is not valid UTF-8", c));
    if ((d.code_point >= 0x80 && d.code_point <= 0x9F && d.code_point != 0x85) || d.code_point == 0xFFFE ||
        d.code_point == 0xFFFF)
      fail(i, i + d.length,
           fmt::format("character U+{:04X} is not allowed in YAML", static_cast<std::uint32_t>(d.code_point)));
    i += d.length;
  }
}

void Reader::count_value(std::uint32_t at) {
  if (++values_ > limits_.max_values)
    fail(at, at + 1, fmt::format("the document has more than {} values; zonelint stops here", limits_.max_values));
}

void Reader::count_escape(std::uint32_t at) {
  if (++escapes_ > limits_.max_escapes)
    fail(at, at + 1, fmt::format("the document has more than {} escapes and folds; zonelint stops here",
                                 limits_.max_escapes));
}

void Reader::mapped(doc::Text& text, std::string_view bytes, std::uint32_t begin, std::uint32_t end) {
  count_escape(begin);
  text.append_mapped(bytes, begin, end);
}

doc::Value Reader::null_at(std::uint32_t at) {
  count_value(at);
  doc::Value v;
  v.span = {file_, at, at};
  v.text = doc::Text(file_);
  v.text.set_anchor(at);
  return v;
}

void Reader::add_to(Frame& frame, doc::Value&& v) {
  frame.value.span.end = std::max(frame.value.span.end, v.span.end);
  if (frame.value.kind == doc::Kind::array) {
    frame.value.items.push_back(std::move(v));
  } else {
    frame.value.members.push_back({std::move(frame.key), frame.key_span, std::move(v)});
  }
  frame.pending = false;
}

void Reader::emit(doc::Value&& v) {
  if (stack_.empty()) {
    root_ = std::move(v);
  } else {
    add_to(stack_.back(), std::move(v));
  }
}

void Reader::push_frame(doc::Kind kind, std::int32_t indent, std::uint32_t at, bool indentless) {
  if (stack_.size() >= limits_.max_depth)
    fail(at, at + 1,
         fmt::format("sequences and mappings are nested more than {} deep; zonelint stops here", limits_.max_depth));
  count_value(at);
  Frame& f = stack_.emplace_back();
  f.value.kind = kind;
  f.value.span = {file_, at, at + 1};
  f.indent = indent;
  f.indentless = indentless;
}

void Reader::close_top() {
  Frame f = std::move(stack_.back());
  stack_.pop_back();
  if (f.pending) add_to(f, null_at(f.pending_at));
  emit(std::move(f.value));
}

void Reader::start_document(std::uint32_t at) {
  if (doc_open_) end_document(at);
  doc_open_ = true;
  root_taken_ = false;
  doc_begin_ = at;
  root_at_ = at;
  root_ = doc::Value{};
}

void Reader::end_document(std::uint32_t at) {
  if (!doc_open_) return;
  while (!stack_.empty()) close_top();
  if (!root_taken_) root_ = null_at(root_at_);
  out_.documents.push_back({std::move(root_), {file_, doc_begin_, at}});
  root_ = doc::Value{};
  doc_open_ = false;
}

void Reader::run() {
  check_characters();
  if (match<gy::bom>(0)) pos_ = 3;
  while (pos_ < n_) {
    line_start_ = pos_;
    const std::uint32_t p = skip_spaces(pos_);
    const std::uint32_t q = skip_white(p);
    if (at_line_end(q) || src_[q] == '#') {  // blank or comment-only line
      const std::uint32_t e = line_end(q);
      pos_ = e < n_ ? after_break(e) : n_;
      continue;
    }
    const auto col = static_cast<std::int32_t>(p - line_start_);
    if (col == 0) {
      if (const auto m = match<gy::c_directives_end>(p)) {
        start_document(p);
        root_at_ = *m;
        const std::uint32_t r = skip_white(*m);
        if (at_line_end(r) || src_[r] == '#') {
          finish_line(r);
        } else {
          node(r, -1, Opener::document_marker);
        }
        continue;
      }
      if (const auto m = match<gy::c_document_end>(p)) {
        end_document(p);
        finish_line(*m);
        continue;
      }
      if (match<gy::c_directive>(p)) fail(p, p + 1, msg::directive);
    }
    if (q != p) fail(p, p + 1, msg::tab_indent);
    if (!doc_open_) start_document(line_start_);
    structural_line(p, col);
  }
  end_document(n_);
}

// A line whose first character is at column `col` and is not inside a scalar: it closes the
// collections it is not part of, then continues the one it belongs to.
void Reader::structural_line(std::uint32_t p, std::int32_t col) {
  for (;;) {
    if (stack_.empty()) {
      if (root_taken_) fail(p, p + 1, msg::extra_root);
      node(p, -1, Opener::line_start);
      return;
    }
    Frame& top = stack_.back();
    if (top.pending) {
      const bool deeper = col > top.indent;
      const bool indentless = col == top.indent && top.value.kind == doc::Kind::object &&
                              match<gy::c_sequence_entry>(p).has_value();
      if (deeper || indentless) {
        node(p, top.indent, Opener::line_start);
        return;
      }
      add_to(top, null_at(top.pending_at));  // "key:" with nothing under it
      continue;
    }
    if (col < top.indent) {
      close_top();
      continue;
    }
    if (col > top.indent) fail(p, p + 1, msg::extra_indent);
    std::uint32_t next = 0;
    if (top.value.kind == doc::Kind::array) {
      if (match<gy::c_sequence_entry>(p)) {
        if (after_dash(p, next)) node(next, col, Opener::dash);
        return;
      }
      if (top.indentless) {
        close_top();
        continue;
      }
      fail(p, p + 1, msg::expected_dash);
    }
    // The next key of the mapping on top.
    reject_unsupported(p);
    if (src_[p] == '\'' || src_[p] == '"') {
      Quoted k = parse_quoted(p, col);
      const std::uint32_t r = skip_white(k.end);
      if (!match<gy::c_mapping_value>(r)) fail(r, r + 1, "expected ':' after the mapping key");
      if (k.multi_line) fail(p, k.end, msg::multi_line_key);
      if (after_key(std::move(k.value.text), k.value.span, r, next)) node(next, col, Opener::key);
      return;
    }
    if (match<gy::c_sequence_entry>(p)) fail(p, p + 1, msg::dash_in_mapping);
    check_plain_first(p);
    const PlainLine line = scan_plain_line(p);
    if (line.kind != PlainLine::colon) {
      const std::string_view text = src_.substr(p, line.end - p);
      if (const std::size_t colon = text.find(':'); colon != std::string_view::npos) {
        const auto c = p + static_cast<std::uint32_t>(colon);
        fail(c, c + 1, "expected 'key: value'; a ':' after a key must be followed by a space");
      }
      fail(p, line.end, "expected 'key: value' at this indentation");
    }
    if (line.end - p > 1024) fail(p, line.end, msg::long_key);
    doc::Text key(file_);
    key.set_anchor(p);
    key.append_literal(src_.substr(p, line.end - p), p);
    if (after_key(std::move(key), {file_, p, line.end}, line.stop, next)) node(next, col, Opener::key);
    return;
  }
}

bool Reader::after_key(doc::Text&& key, Span key_span, std::uint32_t colon, std::uint32_t& next) {
  Frame& f = stack_.back();
  f.key = std::move(key);
  f.key_span = key_span;
  f.pending = true;
  f.pending_at = colon + 1;
  f.value.span.end = std::max(f.value.span.end, colon + 1);
  const std::uint32_t r = skip_white(colon + 1);
  if (at_line_end(r) || src_[r] == '#') {
    finish_line(r);
    return false;
  }
  next = r;
  return true;
}

bool Reader::after_dash(std::uint32_t dash, std::uint32_t& next) {
  Frame& f = stack_.back();
  f.pending = true;
  f.pending_at = dash + 1;
  f.value.span.end = std::max(f.value.span.end, dash + 1);
  const std::uint32_t r = skip_white(dash + 1);
  if (at_line_end(r) || src_[r] == '#') {
    finish_line(r);
    return false;
  }
  next = r;
  return true;
}

void Reader::reject_unsupported(std::uint32_t p) const {
  if (match<gy::c_anchor>(p)) fail(p, p + 1, msg::anchor);
  if (match<gy::c_alias>(p)) fail(p, p + 1, msg::alias);
  if (match<gy::c_tag>(p)) fail(p, p + 1, msg::tag);
  if (match<gy::c_block_scalar>(p)) fail(p, p + 1, msg::block_scalar);
  if (match<gy::c_mapping_key>(p)) fail(p, p + 1, msg::explicit_key);
  if (match<gy::c_reserved>(p)) fail(p, p + 1, msg::reserved);
}

void Reader::check_plain_first(std::uint32_t p) const {
  if (match<gy::ns_plain_first>(p)) return;
  const char c = src_[p];
  if (c == ':') fail(p, p + 1, msg::missing_key);
  if (c == '%') fail(p, p + 1, "a plain value cannot start with '%'; quote the value");
  fail(p, p + 1, fmt::format("a plain value cannot start with '{}'; quote the value", c));
}

// One node (a value, or the first entry of a new collection) starting at `p` on the current line.
// Loops instead of recursing for "- - - a" and "- key: value".
void Reader::node(std::uint32_t p, std::int32_t parent_indent, Opener opener) {
  for (;;) {
    if (stack_.empty()) root_taken_ = true;
    const auto col = static_cast<std::int32_t>(p - line_start_);
    const auto no_collection_here = [&](std::uint32_t at, std::string_view what) {
      if (opener == Opener::key)
        fail(at, at + 1,
             fmt::format("{} cannot start on the same line as its key; start it on the next line, or quote "
                         "a value that contains ': '",
                         what));
      if (opener == Opener::document_marker)
        fail(at, at + 1, fmt::format("{} cannot start on the '---' line; start it on the next line", what));
      // After "- " the new collection's indentation includes the dash's separator: no tabs there.
      if (opener == Opener::dash && src_.substr(line_start_, p - line_start_).find('\t') != std::string_view::npos)
        fail(p, p + 1, msg::tab_indent);
    };

    reject_unsupported(p);
    if (const auto m = match<gy::empty_flow_sequence>(p)) {
      doc::Value v = null_at(p);
      v.kind = doc::Kind::array;
      v.span.end = *m;
      emit(std::move(v));
      finish_line(*m);
      return;
    }
    if (const auto m = match<gy::empty_flow_mapping>(p)) {
      doc::Value v = null_at(p);
      v.kind = doc::Kind::object;
      v.span.end = *m;
      emit(std::move(v));
      finish_line(*m);
      return;
    }
    if (match<gy::c_flow_start>(p)) fail(p, p + 1, msg::flow_collection);

    std::uint32_t next = 0;
    if (match<gy::c_sequence_entry>(p)) {
      no_collection_here(p, "a block sequence");
      const bool indentless = opener == Opener::line_start && !stack_.empty() &&
                              stack_.back().value.kind == doc::Kind::object && col == stack_.back().indent;
      push_frame(doc::Kind::array, col, p, indentless);
      if (!after_dash(p, next)) return;
      p = next;
      parent_indent = col;
      opener = Opener::dash;
      continue;
    }

    if (src_[p] == '\'' || src_[p] == '"') {
      Quoted q = parse_quoted(p, parent_indent);
      const std::uint32_t r = skip_white(q.end);
      if (!match<gy::c_mapping_value>(r)) {
        count_value(p);
        emit(std::move(q.value));
        finish_line(q.end);
        return;
      }
      no_collection_here(r, "a mapping");
      if (q.multi_line) fail(p, q.end, msg::multi_line_key);
      push_frame(doc::Kind::object, col, p, false);
      if (!after_key(std::move(q.value.text), q.value.span, r, next)) return;
    } else {
      check_plain_first(p);
      const PlainLine line = scan_plain_line(p);
      if (line.kind != PlainLine::colon) {
        std::uint32_t resume = 0;
        emit(parse_plain(p, line, parent_indent, resume));
        finish_line(resume);
        return;
      }
      no_collection_here(line.stop, "a mapping");
      if (line.end - p > 1024) fail(p, line.end, msg::long_key);
      push_frame(doc::Kind::object, col, p, false);
      doc::Text key(file_);
      key.set_anchor(p);
      key.append_literal(src_.substr(p, line.end - p), p);
      if (!after_key(std::move(key), {file_, p, line.end}, line.stop, next)) return;
    }
    // "key: value" on the line that opened the mapping: the value.
    p = next;
    parent_indent = col;
    opener = Opener::key;
  }
}

void Reader::finish_line(std::uint32_t p) {
  std::uint32_t q = skip_white(p);
  if (q < n_ && src_[q] == '#') {
    if (q == p && q > line_start_ && !is_white(src_[q - 1])) fail(q, q + 1, msg::comment_space);
    q = line_end(q);
  }
  if (!at_line_end(q)) {
    if (src_[q] == ':')
      fail(q, q + 1, "unexpected ':' after the value; quote a value that contains ': '");
    fail(q, q + 1, "unexpected text after the value");
  }
  pos_ = q < n_ ? after_break(q) : n_;
}

// The first line of a plain scalar (or implicit key) from `p`: it ends at a line break, at " #"
// or at ": ".
PlainLine Reader::scan_plain_line(std::uint32_t p) const {
  PlainLine r{PlainLine::eol, n_, n_};
  for (std::uint32_t i = p; i < n_; ++i) {
    const char c = src_[i];
    if (c == '\n' || c == '\r') {
      r.stop = i;
      break;
    }
    if (c == ':' && (i + 1 >= n_ || is_white(src_[i + 1]) || at_break(i + 1))) {
      r.kind = PlainLine::colon;
      r.stop = i;
      break;
    }
    if (c == '#' && i > p && is_white(src_[i - 1])) {
      r.kind = PlainLine::comment;
      r.stop = i;
      break;
    }
  }
  r.end = r.stop;
  while (r.end > p && is_white(src_[r.end - 1])) --r.end;
  return r;
}

// From the line break at `brk`, past empty lines, to the first character of the next line with
// content. Returns the number of line breaks crossed and that position. The line must be indented
// more than `parent_indent` and must not be a document marker.
std::pair<std::uint32_t, std::uint32_t> Reader::skip_fold(std::uint32_t brk, std::int32_t parent_indent) {
  std::uint32_t breaks = 0;
  std::uint32_t j = brk;
  for (;;) {
    j = after_break(j);
    ++breaks;
    const std::uint32_t spaces_end = skip_spaces(j);
    const std::uint32_t c = skip_white(spaces_end);
    if (c >= n_) return {breaks, n_};
    if (at_break(c)) {
      j = c;
      continue;
    }
    if (spaces_end == j && (match<gy::c_directives_end>(j) || match<gy::c_document_end>(j)))
      fail(j, j + 3, msg::marker_in_quote);
    if (static_cast<std::int32_t>(spaces_end - j) <= parent_indent)
      fail(c, c + 1,
           fmt::format("a quoted value continues on this line, which is not indented by at least {} spaces; "
                       "is its closing quote missing?",
                       parent_indent + 1));
    line_start_ = j;
    return {breaks, c};
  }
}

// One escape of a double-quoted scalar at `p` (a backslash); returns the position after it.
std::uint32_t Reader::escape(std::uint32_t p, doc::Text& text) {
  const auto m = match<gy::c_ns_esc_char>(p);
  if (!m) {
    const std::uint32_t end = p + 1 < n_ && !at_break(p + 1) ? p + 1 + utf8::decode(src_, p + 1).length : p + 1;
    fail(p, end,
         "invalid escape; YAML allows \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\<space> \\\" \\/ \\\\ \\N \\_ \\L \\P, "
         "\\xXX, \\uXXXX and \\UXXXXXXXX");
  }
  std::uint32_t end = *m;
  const char e = src_[p + 1];
  std::string out;
  switch (e) {
    case '0': out.assign(1, '\0'); break;
    case 'a': out = "\a"; break;
    case 'b': out = "\b"; break;
    case 't': case '\t': out = "\t"; break;
    case 'n': out = "\n"; break;
    case 'v': out = "\v"; break;
    case 'f': out = "\f"; break;
    case 'r': out = "\r"; break;
    case 'e': out = "\x1B"; break;
    case 'N': out = "\xC2\x85"; break;      // U+0085 next line
    case '_': out = "\xC2\xA0"; break;      // U+00A0 no-break space
    case 'L': out = "\xE2\x80\xA8"; break;  // U+2028 line separator
    case 'P': out = "\xE2\x80\xA9"; break;  // U+2029 paragraph separator
    case 'x': case 'u': case 'U': {
      char32_t cp = parse_hex(src_.substr(p + 2, end - p - 2));
      if (e == 'u' && cp >= 0xD800 && cp <= 0xDBFF) {
        // JSON-style surrogate pair: \uD83D\uDE00 is one character.
        const auto low = match<gy::ns_esc_16_bit>(end + 1);
        const char32_t lo = low && src_[end] == '\\' ? parse_hex(src_.substr(end + 2, 4)) : 0;
        if (lo < 0xDC00 || lo > 0xDFFF)
          fail(p, end, fmt::format("lone surrogate \\u{}: a high surrogate must be followed by a low one "
                                   "(\\uDC00 to \\uDFFF)", src_.substr(p + 2, 4)));
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        end = *low;
      } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        fail(p, end, fmt::format("lone surrogate \\{}{}: not a character", e, src_.substr(p + 2, end - p - 2)));
      } else if (cp > 0x10FFFF) {
        fail(p, end, fmt::format("\\{}{} is beyond U+10FFFF", e, src_.substr(p + 2, end - p - 2)));
      }
      append_utf8(out, cp);
      break;
    }
    default: out.assign(1, e); break;  // space " / backslash
  }
  mapped(text, out, p, end);
  return end;
}

Quoted Reader::parse_quoted(std::uint32_t p, std::int32_t parent_indent) {
  const char quote = src_[p];
  const bool dq = quote == '"';
  Quoted r{{}, 0, false};
  doc::Value& v = r.value;
  v.kind = doc::Kind::string;
  v.style = dq ? doc::Style::double_quoted : doc::Style::single_quoted;
  v.text = doc::Text(file_);
  v.text.set_anchor(p + 1);
  std::uint32_t i = p + 1;
  std::uint32_t run = i;  // start of the pending literal run
  const auto flush = [&](std::uint32_t end) { v.text.append_literal(src_.substr(run, end - run), run); };
  for (;;) {
    if (i >= n_) fail(p, n_, msg::unclosed_quote);
    const char c = src_[i];
    if (c == quote) {
      if (!dq && match<gy::c_quoted_quote>(i)) {
        flush(i);
        mapped(v.text, "'", i, i + 2);
        i += 2;
        run = i;
        continue;
      }
      flush(i);
      v.span = {file_, p, i + 1};
      r.end = i + 1;
      return r;
    }
    if (dq && c == '\\') {
      flush(i);
      if (match<gy::escaped_break>(i)) {
        // The break and the next line's indentation vanish; empty lines in between are line feeds.
        const auto [breaks, next] = skip_fold(i + 1, parent_indent);
        if (next >= n_) fail(p, n_, msg::unclosed_quote);
        if (breaks > 1) mapped(v.text, std::string(breaks - 1, '\n'), i, next);
        r.multi_line = true;
        i = next;
      } else {
        i = escape(i, v.text);
      }
      run = i;
      continue;
    }
    if (c == '\n' || c == '\r') {
      // Line folding (§6.5): trailing white space goes, one break becomes a space, and each
      // further (empty) line a line feed.
      std::uint32_t t = i;
      while (t > run && is_white(src_[t - 1])) --t;
      flush(t);
      const auto [breaks, next] = skip_fold(i, parent_indent);
      if (next >= n_) fail(p, n_, msg::unclosed_quote);
      mapped(v.text, breaks == 1 ? std::string(" ") : std::string(breaks - 1, '\n'), t, next);
      r.multi_line = true;
      i = next;
      run = i;
      continue;
    }
    ++i;
  }
}

// A plain scalar whose first line is `first`; it continues on following lines indented more
// than `parent_indent`, folded like quoted text. `resume` is where the line's tail begins.
doc::Value Reader::parse_plain(std::uint32_t p, PlainLine first, std::int32_t parent_indent, std::uint32_t& resume) {
  count_value(p);
  doc::Value v;
  v.text = doc::Text(file_);
  v.text.set_anchor(p);
  v.text.append_literal(src_.substr(p, first.end - p), p);
  std::uint32_t last_end = first.end;
  resume = first.stop;
  PlainLine line = first;
  while (line.kind == PlainLine::eol && line.stop < n_) {
    // Look ahead to the next line with content; nothing is consumed unless it continues.
    std::uint32_t breaks = 0;
    std::uint32_t j = line.stop;
    std::uint32_t c = 0;
    std::uint32_t spaces_end = 0;
    std::uint32_t next_line = 0;
    for (;;) {
      j = after_break(j);
      ++breaks;
      next_line = j;
      spaces_end = skip_spaces(j);
      c = skip_white(spaces_end);
      if (c < n_ && at_break(c)) {
        j = c;
        continue;
      }
      break;
    }
    if (c >= n_) break;
    if (static_cast<std::int32_t>(spaces_end - next_line) <= parent_indent) break;
    if (spaces_end == next_line && (match<gy::c_directives_end>(next_line) || match<gy::c_document_end>(next_line)))
      break;
    if (src_[c] == '#') break;  // a comment line ends a plain scalar
    line = scan_plain_line(c);
    if (line.kind == PlainLine::colon) fail(line.stop, line.stop + 1, msg::colon_in_plain);
    mapped(v.text, breaks == 1 ? std::string(" ") : std::string(breaks - 1, '\n'), last_end, c);
    v.text.append_literal(src_.substr(c, line.end - c), c);
    last_end = line.end;
    resume = line.stop;
    line_start_ = next_line;
  }
  v.span = {file_, p, last_end};
  v.kind = resolve_plain(v.text.str(), v.boolean);
  return v;
}

}  // namespace

YamlStream parse_yaml(std::string_view bytes, FileId file, const doc::Limits& limits) {
  YamlStream result;
  if (bytes.size() > limits.max_bytes) {
    result.error = doc::Error{{file, limits.max_bytes, limits.max_bytes},
                              fmt::format("the file is larger than {} bytes; zonelint does not read it", limits.max_bytes)};
    return result;
  }
  Reader reader(bytes, file, limits, result);
  try {
    reader.run();
  } catch (Failure& f) {
    result.error = doc::Error{{file, f.begin, f.end}, std::move(f.message)};
  }
  return result;
}

}  // namespace zonelint
