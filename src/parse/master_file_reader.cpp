#include "parse/master_file_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "core/utf8.hpp"
#include "grammar/master_file.hpp"
#include "grammar/master_file_errors.hpp"
#include "grammar/rdata_fields.hpp"
#include "model/rdata_text.hpp"
#include "model/text_codec.hpp"

namespace zonelint {

namespace pg = tao::pegtl;
namespace mf = grammar::master_file;

namespace {

// What the lexing actions collect for one entry.
struct LexState {
  const char* base = nullptr;
  std::vector<Token>* tokens = nullptr;
  std::uint32_t paren_depth = 0;
  std::uint32_t max_paren_depth = 64;
  std::uint32_t outer_paren = 0;
  std::uint32_t quote_open = 0;
  std::uint16_t comment_flags = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> directive_comments;

  void reset() {
    tokens->clear();
    paren_depth = 0;
    comment_flags = 0;
    directive_comments.clear();
  }
  template <typename Input>
  std::uint32_t offset(const Input& in) const {
    return static_cast<std::uint32_t>(in.begin() - base);
  }
};

// Thrown by an action when a limit is hit; carries its own position.
struct LexLimit {
  std::uint32_t begin;
  std::uint32_t end;
  std::string message;
};

template <typename Rule>
struct LexAction : pg::nothing<Rule> {};

template <>
struct LexAction<mf::word> {
  template <typename Input>
  static void apply(const Input& in, LexState& st) {
    const std::uint32_t b = st.offset(in);
    st.tokens->push_back({b, static_cast<std::uint32_t>(b + in.size()), TokenKind::word});
  }
};

template <>
struct LexAction<mf::quoted> {
  template <typename Input>
  static void apply(const Input& in, LexState& st) {
    const std::uint32_t b = st.offset(in);
    st.tokens->push_back({b, static_cast<std::uint32_t>(b + in.size()), TokenKind::quoted});
  }
};

template <>
struct LexAction<mf::quote> {
  template <typename Input>
  static void apply(const Input& in, LexState& st) {
    st.quote_open = st.offset(in);
  }
};

template <>
struct LexAction<mf::open_paren> {
  template <typename Input>
  static void apply(const Input& in, LexState& st) {
    const std::uint32_t at = st.offset(in);
    if (st.paren_depth == 0) st.outer_paren = at;
    if (++st.paren_depth > st.max_paren_depth) {
      throw LexLimit{at, at + 1,
                     fmt::format("parentheses are nested more than {} deep; zonelint stops here", st.max_paren_depth)};
    }
  }
};

template <>
struct LexAction<mf::group> {
  template <typename Input>
  static void apply(const Input&, LexState& st) {
    --st.paren_depth;
  }
};

template <>
struct LexAction<mf::comment> {
  template <typename Input>
  static void apply(const Input& in, LexState& st) {
    std::string_view text(in.begin(), in.size());
    const std::size_t start = text.find_first_not_of("; \t");
    if (start == std::string_view::npos) return;
    const std::string_view body = text.substr(start);
    if (body.starts_with("zonelint:")) {
      const std::uint32_t b = st.offset(in);
      st.directive_comments.emplace_back(b, static_cast<std::uint32_t>(b + in.size()));
    } else if (const std::size_t tags = body.find("cf_tags="); tags != std::string_view::npos &&
               body.find("cf-proxied:true", tags) != std::string_view::npos) {
      // Cloudflare's export marks proxied records so, after any comment of the record's own.
      st.comment_flags |= record_flag::proxied;
    }
  }
};

// A must<> failure: the byte offset and the message from master_file_errors.hpp. Offsets are
// computed here because PEGTL's lazy positions would rescan the input for every error.
struct LexError {
  std::uint32_t at;
  const char* message;
};

template <typename Rule>
struct LexControl : pg::normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, LexState& st, States&&... /*unused*/) {
    static_assert(mf::errors::message<Rule> != nullptr, "every must<> point needs a message");
    throw LexError{static_cast<std::uint32_t>(in.current() - st.base), mf::errors::message<Rule>};
  }
};

// A readable name for a byte found where it does not belong.
std::string describe_byte(std::string_view text, std::uint32_t at) {
  if (at >= text.size()) return "the end of the file";
  const auto c = static_cast<unsigned char>(text[at]);
  switch (c) {
    case '\n': return "the end of the line";
    case '\0': return "NUL byte (U+0000)";
    case 0x1B: return "escape character (U+001B)";
    case 0x7F: return "DEL character (U+007F)";
    default: break;
  }
  if (c < 0x20) return fmt::format("control character U+{:04X}", c);
  if (c >= 0x80) {
    const auto d = utf8::decode(text, at);
    if (!d.valid) return fmt::format("byte 0x{:02X}, which is not valid UTF-8", c);
    return fmt::format("U+{:04X}", static_cast<std::uint32_t>(d.code_point));
  }
  return fmt::format("'{}'", static_cast<char>(c));
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

// True when the line ends at `at` (LF, CRLF or the end of the text).
bool at_line_end(std::string_view text, std::uint32_t at) {
  return at >= text.size() || text[at] == '\n' || (text[at] == '\r' && (at + 1 == text.size() || text[at + 1] == '\n'));
}

// A token shown in a message: cut when long, control characters as \DDD.
std::string shown(std::string_view s) {
  std::string out;
  std::size_t limit = 60;
  if (s.size() > limit) {
    while (limit > 0 && (static_cast<unsigned char>(s[limit]) & 0xC0) == 0x80) --limit;
  }
  for (const char ch : s.substr(0, limit)) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_control(c)) {
      fmt::format_to(std::back_inserter(out), "\\{:03d}", c);
    } else {
      out.push_back(ch);
    }
  }
  if (s.size() > limit) out += "...";
  return out;
}

// Whether any byte is NUL or above 0x7F: only then does the reader check each entry for NUL
// bytes in comments and for invalid UTF-8. Eight bytes at a time; most zone files are ASCII.
bool has_nul_or_high_byte(std::string_view t) {
  constexpr std::uint64_t high = 0x8080808080808080ull;
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  std::size_t i = 0;
  for (; i + 8 <= t.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, t.data() + i, 8);
    if ((w & high) != 0 || ((w - ones) & ~w & high) != 0) return true;
  }
  for (; i < t.size(); ++i)
    if (t[i] == '\0' || static_cast<unsigned char>(t[i]) >= 0x80) return true;
  return false;
}

// The first NUL byte or invalid UTF-8 sequence in text[begin, end), or npos.
std::size_t find_bad_byte(std::string_view text, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i < end;) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    const auto d = utf8::decode(text.substr(0, end), i);
    if (!d.valid) return i;
    i += d.length;
  }
  return std::string_view::npos;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Whether a name holds a non-ASCII character other than invisible ones (zero-width, no-break
// space, ...): those are SES003's, which names each; an IDNA hint about them would repeat it.
bool has_visible_non_ascii(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const auto d = utf8::decode(text, i);
    if (!d.valid || !(utf8::is_invisible(d.code_point) || utf8::is_blank_filler(d.code_point))) return true;
    i += d.length;
  }
  return false;
}

std::uint32_t soa_minimum(const std::string& wire) {
  if (wire.size() < 4) return 0;
  std::uint32_t v = 0;
  for (std::size_t i = wire.size() - 4; i < wire.size(); ++i) v = (v << 8) | static_cast<unsigned char>(wire[i]);
  return v;
}

constexpr std::uint32_t max_ttl = 2147483647u;  // RFC 2181 §8

struct FileKey {
  dev_t dev;
  ino_t ino;
  friend bool operator==(const FileKey&, const FileKey&) = default;
};

// Whether `name` ends with the labels of `origin` twice (www.example.com.example.com. for
// example.com.): a name written without its final dot under that origin.
bool ends_with_origin_twice(NameView name, NameView origin) {
  const std::size_t n = origin.label_count();
  const std::size_t total = name.label_count();
  if (n == 0 || total < 2 * n) return false;
  const NameView tail = name.parent(total - 2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::string_view a = tail.label(i);
    const std::string_view b = origin.label(i);
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
      if (ascii_lower(static_cast<unsigned char>(a[k])) != ascii_lower(static_cast<unsigned char>(b[k]))) return false;
    }
  }
  return true;
}

}  // namespace

struct MasterFileReader::Impl {
  SourceSet& files;
  std::deque<TextSource>& texts;
  RecordSink& sink;
  ReaderOptions options;

  // TTL state is shared across $INCLUDE (BIND does the same).
  bool default_ttl_known = false;
  std::uint32_t default_ttl = 0;
  bool last_ttl_known = false;
  std::uint32_t last_ttl = 0;

  std::map<FileId, std::uint32_t> errors_per_file;
  std::map<FileId, std::uint32_t> warnings_per_file;
  std::uint32_t total_errors = 0;
  std::size_t annotation_cursor = 0;
  std::uint64_t records_seen = 0;
  Name leading_origin;
  bool first_soa_seen = false;

  std::vector<Token> tokens;
  WireRdata wire;
  std::string owner_scratch;

  struct Context {
    TextId text;
    const SourceFile* mapped_file;  // the file when the text is a file's own bytes, else null
    Name origin;
    std::string owner;  // wire form of the current owner, empty before the first
    std::uint32_t include_depth;
    std::vector<std::pair<FileKey, std::string>> include_chain;  // for cycles and messages
    std::uint16_t extra_flags;
    // The last owner name was invalid: indented lines that would repeat it are skipped.
    bool owner_bad = false;
    // For the text of a $GENERATE: the values it ran over, to name the one a finding is about.
    std::uint64_t generate_start = 0;
    std::uint64_t generate_step = 0;
  };

  Impl(SourceSet& f, std::deque<TextSource>& t, RecordSink& s, ReaderOptions o)
      : files(f), texts(t), sink(s), options(std::move(o)) {}

  void report(const TextSource& source, std::uint32_t begin, std::uint32_t end, std::string message,
              Severity severity = Severity::error) {
    const FileId file = source.file();
    ++total_errors;
    // Errors and warnings have a cap each: many warnings (a zone of non-ASCII owners) must not
    // hide the errors, and neither may grow without bound.
    const bool error = severity == Severity::error;
    std::uint32_t& count = (error ? errors_per_file : warnings_per_file)[file];
    ++count;
    if (count > options.max_errors_per_file + 1) return;
    Diagnostic d;
    d.code = syntax_error_code;
    d.severity = severity;
    d.span = source.span(begin, end);
    if (count == options.max_errors_per_file + 1) {
      d.severity = Severity::note;
      d.message = error ? fmt::format("too many errors in this file; zonelint reported the first {} and stops "
                                      "reporting syntax errors here",
                                      options.max_errors_per_file)
                        : fmt::format("too many warnings in this file; zonelint reported the first {} and stops "
                                      "reporting these warnings here",
                                      options.max_errors_per_file);
    } else {
      d.message = std::move(message);
    }
    sink.on_diagnostic(std::move(d));
  }

  // Reads the entries of ctx's text that start in [from, until) and returns where the next one
  // starts: the text's size when it was read to its end or reading it stopped at an error.
  std::uint32_t read_text(Context& ctx, std::uint32_t from = 0,
                          std::uint32_t until = std::numeric_limits<std::uint32_t>::max());
  Context context_for(TextId id, Name origin) const;
  void interpret(Context& ctx, const TextSource& source, std::uint32_t start, std::uint16_t comment_flags,
                 bool check_non_ascii);
  void directive(Context& ctx, const TextSource& source);
  void include(Context& ctx, const TextSource& source);
  void generate(Context& ctx, const TextSource& source);
  std::uint32_t resync(std::string_view text, std::uint32_t error_at, std::uint32_t depth_at_error) const;
  static std::optional<std::size_t> after_matching_paren(std::string_view text, std::size_t from, std::uint32_t depth);
  void first_column_hint(const Context& ctx, std::string_view text, EntryError& error);
  void indented_owner_hint(const Context& ctx, std::string_view text, EntryError& error);
  [[nodiscard]] bool valid_rdata_of(const Context& ctx, std::string_view text, RRType type,
                                    std::span<const Token> rdata, const Token& type_token);
  [[nodiscard]] static std::uint32_t checked_ttl(const Token& token, std::string_view s, std::string_view what);
  void check_owner_for_type(const Context& ctx, RRType type, const Token& at) const;
  void refuse_directive_without_line_break(std::string_view text, const Token& keyword, std::string_view name) const;
  void warn_if_origin_doubled(const TextSource& source, std::string_view directive, const Token& arg,
                              std::string_view new_origin, NameView old_origin);
  void warn_if_rname_has_at(const TextSource& source, const Token& rname);
  // The entry being interpreted ends the text, and no line break follows it.
  bool entry_ends_text_without_line_break = false;
  bool origin_missing_reported = false;
  std::uint64_t generated_total = 0;  // records all $GENERATE directives were allowed to make
  std::uint32_t includes_read = 0;
  std::uint16_t annotation_for(std::uint32_t entry_begin);
  // Reading in parts (begin_part / read_part): the context and where the next entry starts.
  std::optional<Context> part;
  std::uint32_t part_position = 0;
  // Since set_state(): whether a record wrote the last TTL, and whether a record without a TTL
  // depended on the last TTL set_state() gave.
  bool last_ttl_written = true;
  bool given_last_ttl_used = false;
};

MasterFileReader::MasterFileReader(SourceSet& files, std::deque<TextSource>& texts, RecordSink& sink,
                                   ReaderOptions options)
    : impl_(new Impl(files, texts, sink, std::move(options))) {}

MasterFileReader::~MasterFileReader() { delete impl_; }

std::uint32_t MasterFileReader::error_count() const noexcept { return impl_->total_errors; }

const Name& MasterFileReader::leading_origin() const noexcept { return impl_->leading_origin; }

MasterFileReader::Impl::Context MasterFileReader::Impl::context_for(TextId id, Name origin) const {
  const TextSource& source = texts.at(id);
  Context ctx{id, nullptr, std::move(origin), {}, 0, {}, 0, false, 0, 0};
  if (source.is_file_text()) {
    ctx.mapped_file = &files.file(source.file());
    struct stat st {};
    const std::string& path = ctx.mapped_file->path();
    if (::stat(path.c_str(), &st) == 0) ctx.include_chain.emplace_back(FileKey{st.st_dev, st.st_ino}, path);
  }
  return ctx;
}

void MasterFileReader::read(TextId id) {
  Impl::Context ctx = impl_->context_for(id, impl_->options.origin);
  impl_->read_text(ctx);
}

void MasterFileReader::begin_part(TextId id, std::uint32_t from) {
  impl_->part = impl_->context_for(id, impl_->options.origin);
  impl_->part_position = from;
}

void MasterFileReader::read_part(std::uint32_t until) {
  Impl& impl = *impl_;
  if (!impl.part || impl.part_position >= until) return;
  impl.part_position = impl.read_text(*impl.part, impl.part_position, until);
}

std::uint32_t MasterFileReader::part_position() const noexcept { return impl_->part_position; }

ReaderState MasterFileReader::state() const {
  const Impl& impl = *impl_;
  ReaderState state;
  if (impl.part) {
    state.origin = impl.part->origin;
    state.owner = impl.part->owner;
    state.owner_bad = impl.part->owner_bad;
  } else {
    state.origin = impl.options.origin;
  }
  state.records_seen = impl.records_seen;
  state.zone_class = impl.options.zone_class;
  state.default_ttl_known = impl.default_ttl_known;
  state.default_ttl = impl.default_ttl;
  state.last_ttl_known = impl.last_ttl_known;
  state.last_ttl = impl.last_ttl;
  return state;
}

void MasterFileReader::set_state(const ReaderState& state) {
  Impl& impl = *impl_;
  if (impl.part) {
    impl.part->origin = state.origin;
    impl.part->owner = state.owner;
    impl.part->owner_bad = state.owner_bad;
  }
  impl.records_seen = state.records_seen;
  impl.options.zone_class = state.zone_class;
  impl.default_ttl_known = state.default_ttl_known;
  impl.default_ttl = state.default_ttl;
  impl.last_ttl_known = state.last_ttl_known;
  impl.last_ttl = state.last_ttl;
  impl.last_ttl_written = false;
  impl.given_last_ttl_used = false;
}

bool MasterFileReader::wrote_last_ttl() const noexcept { return impl_->last_ttl_written; }

bool MasterFileReader::used_given_last_ttl() const noexcept { return impl_->given_last_ttl_used; }

bool same_for_owner_entry(const ReaderState& a, const ReaderState& b, bool last_ttl_used) noexcept {
  if (a.origin.wire() != b.origin.wire() || a.default_ttl_known != b.default_ttl_known) return false;
  if (a.zone_class != b.zone_class) return false;
  if (a.default_ttl_known && a.default_ttl != b.default_ttl) return false;
  return !last_ttl_used || (a.last_ttl_known == b.last_ttl_known && a.last_ttl == b.last_ttl);
}

std::uint16_t MasterFileReader::Impl::annotation_for(std::uint32_t entry_begin) {
  const auto& a = options.annotations;
  while (annotation_cursor < a.size() && a[annotation_cursor].entry_begin < entry_begin) ++annotation_cursor;
  if (annotation_cursor < a.size() && a[annotation_cursor].entry_begin == entry_begin)
    return a[annotation_cursor].flags;
  return 0;
}

std::optional<std::size_t> MasterFileReader::Impl::after_matching_paren(std::string_view text, std::size_t from,
                                                                        std::uint32_t depth) {
  // Skips quoted strings, comments and escapes the way the grammar reads them.
  std::size_t p = from;
  while (p < text.size()) {
    const char c = text[p];
    if (c == ';') {
      const std::size_t nl = text.find('\n', p);
      if (nl == std::string_view::npos) return std::nullopt;
      p = nl + 1;
      continue;
    }
    if (c == '\\') {
      p += 2;
      continue;
    }
    if (c == '"') {
      ++p;
      while (p < text.size() && text[p] != '"' && text[p] != '\n') p += (text[p] == '\\') ? 2 : 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0) return p + 1;
    }
    ++p;
  }
  return std::nullopt;
}

namespace {
// Where to resume after "\<line break>" inside quotes. BIND reads it as part of the string, which
// goes on over the next line, and the entry on after the string: resume after that entry (at the
// first line break outside quotes and parentheses), or after the first line break not escaped
// inside quotes (BIND: "unbalanced quotes").
std::uint32_t after_continued_string(std::string_view text, std::size_t p, std::uint32_t depth) {
  bool in_quotes = true;
  while (p < text.size()) {
    const char c = text[p];
    if (c == '\\') {
      p += 2;
      continue;
    }
    if (c == '\n' && (in_quotes || depth == 0)) return static_cast<std::uint32_t>(p + 1);
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (!in_quotes && c == ';') {
      p = std::min(text.find('\n', p), text.size());
      continue;
    } else if (!in_quotes && c == '(') {
      ++depth;
    } else if (!in_quotes && c == ')' && depth > 0) {
      --depth;
    }
    ++p;
  }
  return static_cast<std::uint32_t>(text.size());
}
}  // namespace

std::uint32_t MasterFileReader::Impl::resync(std::string_view text, std::uint32_t error_at,
                                             std::uint32_t depth_at_error) const {
  std::size_t pos = std::min<std::size_t>(error_at, text.size());
  if (depth_at_error > 0) {
    // Inside parentheses the entry continues to the matching ')': skip to it, then to the line end.
    if (const auto after = after_matching_paren(text, pos, depth_at_error)) pos = *after;
  }
  const std::size_t nl = text.find('\n', pos);
  return static_cast<std::uint32_t>(nl == std::string_view::npos ? text.size() : nl + 1);
}

std::uint32_t MasterFileReader::Impl::read_text(Context& ctx, std::uint32_t from, std::uint32_t until) {
  const TextSource& source = texts.at(ctx.text);
  const std::string_view text = source.text();
  const auto done = static_cast<std::uint32_t>(text.size());
  if (from >= done) return done;
  const bool generated = (ctx.extra_flags & record_flag::generated) != 0 && ctx.generate_step != 0;
  if (from == 0 && (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF"))) {
    report(source, 0, 2,
           "this file is UTF-16 encoded (it starts with a UTF-16 byte-order mark); zonelint reads zone files as UTF-8 "
           "or ASCII: convert it, for example with iconv -f UTF-16 -t UTF-8");
    return done;
  }
  LexState lex;
  lex.base = text.data();
  lex.tokens = &tokens;
  lex.max_paren_depth = options.max_paren_depth;

  pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf> in(text.data(), text.data() + text.size(), "");
  // A byte-order mark that starts the file is no part of the zone; one pasted before the first
  // name of an export, which the importer's text starts with, is a stray character (SES003).
  if (from == 0 && text.starts_with("\xEF\xBB\xBF") && source.span(0, 3).begin == 0) in.bump(3);
  if (from > 0) in.bump(from);

  const auto resume_at = [&](std::uint32_t offset) {
    in.restart();  // memory_input::restart returns to the beginning; then skip ahead
    in.bump(offset);
  };
  // A finding in the text of a $GENERATE names the value it was made for; one per directive.
  const auto emit = [&](std::uint32_t begin, std::uint32_t end, std::string message,
                        Severity severity = Severity::error) {
    if (generated) {
      const auto line = static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + begin, '\n'));
      message = fmt::format("in the record $GENERATE makes for {}: {}", ctx.generate_start + line * ctx.generate_step,
                            message);
    }
    report(source, begin, end, std::move(message), severity);
    return !generated || severity != Severity::error;  // false: stop reading this text
  };

  // A large file's pages already read leave the resident set as reading goes on: records keep
  // offsets, not bytes, and whoever needs the text again gets it back from the page cache.
  const SourceFile* const mapped_file = ctx.mapped_file;
  constexpr std::uint32_t release_step = 4u << 20;
  std::uint32_t released = from;

  while (!in.empty()) {
    const auto start = static_cast<std::uint32_t>(in.current() - text.data());
    if (start >= until) {
      // A part of a file read on several threads may be shorter than a step: its pages go too.
      if (mapped_file != nullptr) mapped_file->release_pages(released, start);
      return start;
    }
    if (mapped_file != nullptr && start - released >= release_step) {
      mapped_file->release_pages(released, start);
      released = start;
    }
    lex.reset();
    try {
      pg::parse<mf::entry, LexAction, LexControl>(in, lex);
    } catch (const LexError& e) {
      const std::uint32_t at = e.at;
      const char* const what = e.message;
      const auto size = static_cast<std::uint32_t>(text.size());
      std::uint32_t begin = at;
      std::uint32_t end = std::min<std::uint32_t>(at + 1, size);
      std::uint32_t resume = 0;
      std::string message;
      const auto control = [&]() {
        return fmt::format("unexpected {}; write control characters as \\DDD (here \\{:03d})", describe_byte(text, at),
                           static_cast<unsigned char>(text[at]));
      };
      if (what == mf::errors::message<mf::group_end> && at >= size) {
        begin = lex.outer_paren;
        end = lex.outer_paren + 1;
        message = "'(' is not closed before the end of the file; add the matching ')'";
        resume = resync(text, lex.outer_paren, 0);  // the line after the '(' line
      } else if (what == mf::errors::message<mf::close_quote>) {
        if (at_line_end(text, at)) {
          begin = lex.quote_open;
          end = std::max(begin + 1, std::min(at, size));
          message = "quoted string is not closed before the end of the line; add the closing '\"'";
        } else {
          message = fmt::format("{} is not allowed inside a quoted string; write it as \\{:03d}",
                                describe_byte(text, at), static_cast<unsigned char>(text[at]));
        }
        resume = resync(text, at, lex.paren_depth);
      } else if (what == mf::errors::message<mf::escaped>) {
        begin = at > 0 ? at - 1 : at;
        message = fmt::format("backslash followed by {}: an escape is \\ and a printable character, or \\DDD",
                              describe_byte(text, at));
        // Inside quotes, BIND reads "\<line break>" as part of the string, which goes on over the
        // next line: resume where that string ends, so that line is not read as an entry.
        const bool in_quotes = lex.quote_open >= start && lex.quote_open < at && text[lex.quote_open] == '"' &&
                               (tokens.empty() || tokens.back().begin < lex.quote_open);
        resume = in_quotes && text[at] == '\n' ? after_continued_string(text, at + 1, lex.paren_depth)
                                               : resync(text, at, lex.paren_depth);
      } else if (at < size && text[at] == ')') {
        message = "')' without a matching '('; remove it";
        resume = resync(text, at, 0);
      } else if (at < size && is_control(static_cast<unsigned char>(text[at]))) {
        message = control();
        resume = resync(text, at, lex.paren_depth);
      } else {
        message = fmt::format("unexpected {}; expected the end of the entry", describe_byte(text, at));
        resume = resync(text, at, lex.paren_depth);
      }
      if (!emit(begin, end, std::move(message))) return done;
      resume_at(resume);
      continue;
    } catch (const LexLimit& e) {
      const auto after = after_matching_paren(text, e.end, lex.paren_depth);
      if (!after) {
        emit(e.begin, e.end,
             fmt::format("parentheses are nested more than {} deep and no matching ')' follows; zonelint stops "
                         "reading this file here",
                         options.max_paren_depth));
        return done;
      }
      if (!emit(e.begin, e.end,
                fmt::format("parentheses are nested more than {} deep; zonelint skips to the matching ')'",
                            options.max_paren_depth))) {
        return done;
      }
      resume_at(resync(text, static_cast<std::uint32_t>(*after), 0));
      continue;
    }
    for (const auto& [b, e] : lex.directive_comments) sink.on_directive_comment(ctx.text, b, e);
    // Only an entry with a NUL or non-ASCII byte is checked for NUL bytes in comments, invalid
    // UTF-8 and non-ASCII names. Decided per entry, not once for the file, so that the reader
    // does not touch every page of a large file before it starts.
    const auto entry_end = static_cast<std::uint32_t>(in.current() - text.data());
    const bool suspicious = has_nul_or_high_byte(text.substr(start, entry_end - start));
    if (suspicious) {
      const auto end = entry_end;
      const std::size_t bad = find_bad_byte(text, start, end);
      if (bad != std::string_view::npos) {
        const auto at = static_cast<std::uint32_t>(bad);
        const auto c = static_cast<unsigned char>(text[at]);
        std::string message =
            c == 0 ? std::string("NUL byte (U+0000) in a comment; a zone file is text, so this file may be binary or "
                                 "damaged")
                   : fmt::format("byte 0x{:02X} is not valid UTF-8; zonelint reads zone files as UTF-8: re-save the "
                                 "file as UTF-8, or write the byte as \\DDD",
                                 c);
        if (!emit(at, at + 1, std::move(message))) return done;
      }
    }
    if (tokens.empty()) continue;
    entry_ends_text_without_line_break = entry_end == text.size() && text.back() != '\n';
    try {
      interpret(ctx, source, start, lex.comment_flags, suspicious);
    } catch (EntryError& e) {
      if (ctx.origin.empty() && e.message.find(name_needs_origin_marker) != std::string::npos) {
        // One finding for the whole run; later entries that need the origin are skipped.
        if (origin_missing_reported) continue;
        origin_missing_reported = true;
        const std::string_view name = text.substr(e.begin, e.end - e.begin);
        if (ascii_iequals(tokens.front().content(text), "$ORIGIN") && name != "@") {
          // "$ORIGIN example.com" at the top: the directive meant to give the origin lacks its dot.
          e.message = fmt::format(
              "$ORIGIN \"{0}\" has no trailing dot, so it is relative to the origin before it, and none is known "
              "(no --origin option, and the file name does not name the zone); write \"{0}.\". zonelint reports "
              "this once and skips every entry that needs the origin",
              shown(name));
          if (!emit(e.begin, std::max(e.end, e.begin), std::move(e.message))) return done;
          continue;
        }
        e.message = fmt::format(
            "{} needs an origin, and none is known: zonelint found no $ORIGIN above this line and no --origin option, "
            "and the file name does not name the zone; add \"$ORIGIN <zone>.\" at the top of the file or run zonelint "
            "with --origin <zone>. zonelint reports this once and skips every entry that needs the origin",
            name == "@" ? std::string("\"@\"") : fmt::format("relative name \"{}\"", shown(name)));
      }
      if (!emit(e.begin, std::max(e.end, e.begin), std::move(e.message))) return done;
    }
  }
  if (mapped_file != nullptr) mapped_file->release_pages(released, done);
  return done;
}

std::uint32_t MasterFileReader::Impl::checked_ttl(const Token& t, std::string_view s, std::string_view what) {
  std::uint64_t value = 0;
  const bool ok = !t.quoted() && RdataParser::parse_ttl(s, value);
  // TTL syntax, yet no TTL: a number too large to hold.
  bool ttl_chars = false;
  if (!ok && s.size() <= 400) {
    pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf> in(s.data(), s.data() + s.size(), "");
    ttl_chars = pg::parse<pg::seq<grammar::rdata::ttl_value, pg::eof>>(in);
  }
  const bool units = s.find_first_not_of("0123456789") != std::string_view::npos;
  if ((ok && value > max_ttl) || (!ok && ttl_chars && !t.quoted())) {
    throw EntryError{t.begin, t.end,
                     ok && units ? fmt::format("{} {} ({} seconds) is above the maximum of 2147483647 (RFC 2181 §8)",
                                               what, shown(s), value)
                                 : fmt::format("{} {} is above the maximum of 2147483647 (RFC 2181 §8)", what, shown(s))};
  }
  if (!ok) {
    throw EntryError{t.begin, t.end,
                     what == "TTL"
                         ? fmt::format("expected a TTL (seconds, or a duration like 1h30m) or an RR type, found \"{}\"",
                                       shown(s))
                         : fmt::format("{}: expected a number of seconds or a duration like 1h30m, found \"{}\"", what,
                                       shown(s))};
  }
  return static_cast<std::uint32_t>(value);
}

// The owners BIND's loader refuses for a type, whatever the RDATA: a wildcard for NS and NSEC3,
// the zone's top for DS. `at` is the owner token, or the type token when the owner is repeated.
void MasterFileReader::Impl::check_owner_for_type(const Context& ctx, RRType type, const Token& at) const {
  const bool wildcard = ctx.owner.size() > 2 && ctx.owner[0] == 1 && ctx.owner[1] == '*';
  if (type == rr::NS && wildcard) {
    throw EntryError{at.begin, at.end,
                     "a wildcard name cannot own NS records: wildcard delegations are undefined (RFC 4592 §4.2) "
                     "and BIND refuses them; write the name to delegate"};
  }
  if (type == rr::NSEC3 && wildcard) {
    throw EntryError{at.begin, at.end,
                     "a wildcard name cannot own an NSEC3 record: its first label is the hash of a name "
                     "(RFC 5155 §3), and BIND refuses the record"};
  }
  if (type == rr::DS && !options.origin.empty() && NameView(ctx.owner).equals(options.origin.view())) {
    throw EntryError{at.begin, at.end,
                     "a DS record cannot be at the top of its own zone: it belongs in the parent zone "
                     "(RFC 4035 §2.4), and BIND refuses it"};
  }
}

// Whether `rdata` is valid RDATA of `type`: hints are given only when they are right.
bool MasterFileReader::Impl::valid_rdata_of(const Context& ctx, std::string_view text, RRType type,
                                            std::span<const Token> rdata, const Token& type_token) {
  if (rdata.empty()) return false;
  const RRTypeInfo* info = find_type(type);
  WireRdata scratch;
  try {
    const Name root = Name::root();  // outlives the parser, which keeps a view of its origin
    RdataParser parser(text, ctx.origin.empty() ? NameView(root) : NameView(ctx.origin));
    if (!rdata.front().quoted() && rdata.front().content(text) == "\\#") {
      parser.parse_generic(rdata, scratch);
    } else if (info == nullptr) {
      return false;
    } else if (info->typed) {
      parser.parse(*info, rdata, type_token, scratch);
    }
  } catch (const EntryError&) {
    return false;
  }
  return true;
}

void MasterFileReader::Impl::first_column_hint(const Context& ctx, std::string_view text, EntryError& error) {
  // "A 192.0.2.1" without indentation: the type was read as the owner. Say so when the rest of
  // the line is valid RDATA of that type, so the hint is right whenever it is given.
  if (tokens.size() < 2 || tokens[0].quoted()) return;
  const std::string_view first = tokens[0].content(text);
  const auto type = type_from_text(first);
  if (!type || is_meta_type(*type)) return;
  const std::span<const Token> rest(tokens.data() + 1, tokens.size() - 1);
  if (!valid_rdata_of(ctx, text, *type, rest, tokens[0])) return;
  const std::string mnemonic = type_to_text(*type);
  error = EntryError{tokens[0].begin, tokens[0].end,
                     fmt::format("\"{}\" in the first column is read as an owner name, so this line has no RR type; "
                                 "indent the line to add {} {} record to the previous owner",
                                 shown(first), type_article(mnemonic), mnemonic)};
}

void MasterFileReader::Impl::indented_owner_hint(const Context& ctx, std::string_view text, EntryError& error) {
  // " tok._domainkey CNAME ..." with blank space pasted before the owner: the line repeats the
  // previous owner, and the owner is read as a TTL, class or type. Say so when the first word is
  // a name and the rest of the line is a whole record without it.
  if (tokens.size() < 3 || tokens[0].quoted() || error.begin != tokens[0].begin) return;
  const std::string_view first = tokens[0].content(text);
  std::string owner;
  NameError name_error;
  const Name root = Name::root();
  if (!name_from_text(first, ctx.origin.empty() ? NameView(root) : NameView(ctx.origin), owner, name_error)) return;
  std::size_t i = 1;
  for (bool ttl = false, rclass = false; i < tokens.size() && !tokens[i].quoted(); ++i) {
    const std::string_view s = tokens[i].content(text);
    std::uint64_t seconds = 0;
    if (!ttl && !s.empty() && s[0] >= '0' && s[0] <= '9' && RdataParser::parse_ttl(s, seconds)) {
      ttl = true;
    } else if (!rclass && class_from_text(s)) {
      rclass = true;
    } else {
      break;
    }
  }
  if (i + 1 >= tokens.size() || tokens[i].quoted()) return;
  const auto type = type_from_text(tokens[i].content(text));
  if (!type || is_meta_type(*type)) return;
  const std::span<const Token> rdata(tokens.data() + i + 1, tokens.size() - i - 1);
  if (!valid_rdata_of(ctx, text, *type, rdata, tokens[i])) return;
  const std::string mnemonic = type_to_text(*type);
  error = EntryError{tokens[0].begin, tokens[0].end,
                     fmt::format("this line starts with blank space, which repeats the previous owner name, so "
                                 "\"{}\" is not read as the owner of this {} record; delete the blank space before it "
                                 "so that it starts in the first column",
                                 shown(first), mnemonic)};
}

void MasterFileReader::Impl::interpret(Context& ctx, const TextSource& source, std::uint32_t start,
                                       std::uint16_t comment_flags, bool check_non_ascii) {
  const std::string_view text = source.text();
  const char first = start < text.size() ? text[start] : '\n';
  if (first == '$') {
    directive(ctx, source);
    return;
  }
  if (first == '(') {
    throw EntryError{start, start + 1, "an entry cannot start with '('; write the owner name first"};
  }
  std::uint16_t flags = ctx.extra_flags | comment_flags;
  if (!options.annotations.empty()) flags |= annotation_for(start);
  std::size_t i = 0;

  // Owner: the first token when the line does not start with blank space (RFC 1035 §5.1).
  if (is_blank(first)) {
    if (ctx.owner_bad) return;  // the owner these lines repeat was reported as invalid
    if (ctx.owner.empty()) {
      throw EntryError{tokens.front().begin, tokens.front().end,
                       "this line starts with blank space, which repeats the previous owner name, but there is none "
                       "yet; write the owner name in the first column"};
    }
    flags |= record_flag::owner_inherited;
  } else {
    const Token& owner = tokens[0];
    owner_scratch.clear();
    NameError error;
    ParsedNameInfo info;
    const std::string_view owner_text = owner.content(text);
    if (!name_from_text(owner_text, ctx.origin, owner_scratch, error, &info)) {
      ctx.owner_bad = true;
      const auto b = static_cast<std::uint32_t>(owner.content_begin() + error.offset);
      EntryError e{b, static_cast<std::uint32_t>(b + std::max<std::size_t>(error.length, 1)),
                   fmt::format("owner name: {}", error.message)};
      first_column_hint(ctx, text, e);
      throw e;
    }
    ctx.owner = owner_scratch;
    ctx.owner_bad = false;
    if (info.absolute) flags |= record_flag::owner_absolute;
    if (info.at_sign) flags |= record_flag::owner_at;
    i = 1;
    if (check_non_ascii) {
      if (has_visible_non_ascii(owner_text) && utf8::find_invalid(owner_text) == std::string_view::npos) {
        const std::string ascii = idna_ascii_form(owner_text);
        report(source, owner.begin, owner.end,
               ascii.empty()
                   ? fmt::format("owner name \"{}\" contains non-ASCII characters; DNS looks names up in their ASCII "
                                 "form, so write it in its A-label (xn--) form (IDNA, RFC 5891)",
                                 shown(owner_text))
                   : fmt::format("owner name \"{}\" contains non-ASCII characters; DNS looks names up in their ASCII "
                                 "form, so write it as \"{}\" (IDNA, RFC 5891)",
                                 shown(owner_text), shown(ascii)),
               Severity::warning);
      }
    }
  }

  // [TTL] [class] or [class] [TTL], then the type (RFC 1035 §5.1; BIND allows either order).
  std::optional<std::uint32_t> ttl;
  std::optional<RRClass> rclass;
  const Token* class_token = nullptr;
  std::optional<RRType> type;
  try {
    while (i < tokens.size()) {
      const Token& t = tokens[i];
      const std::string_view s = t.content(text);
      if (t.quoted() || s.empty()) break;
      if (s[0] >= '0' && s[0] <= '9') {
        if (ttl) throw EntryError{t.begin, t.end, "the TTL is given twice"};
        ttl = checked_ttl(t, s, "TTL");
        ++i;
        continue;
      }
      if (const auto c = class_from_text(s)) {
        if (rclass) throw EntryError{t.begin, t.end, "the class is given twice"};
        rclass = *c;
        class_token = &t;
        ++i;
        continue;
      }
      break;
    }
    if (i >= tokens.size()) {
      const Token& last = tokens.back();
      throw EntryError{last.end, last.end, "expected an RR type (A, CNAME, TXT, ...) here"};
    }
    const Token& t = tokens[i];
    const std::string_view type_text = t.content(text);
    type = t.quoted() ? std::nullopt : type_from_text(type_text);
    if (!type) {
      const bool directive_name = ascii_iequals(type_text, "$ORIGIN") || ascii_iequals(type_text, "$TTL") ||
                                  ascii_iequals(type_text, "$INCLUDE") || ascii_iequals(type_text, "$GENERATE");
      // Windows DNS writes the aging time stamp of a dynamic record between owner and TTL.
      const bool windows_age = type_text.size() > 6 && type_text.starts_with("[AGE:") && type_text.ends_with("]");
      const bool windows_wins = ascii_iequals(type_text, "WINS") || ascii_iequals(type_text, "WINS-R") || ascii_iequals(type_text, "WINSR");
      throw EntryError{t.begin, t.end,
                       fmt::format("expected an RR type, found \"{}\"{}", shown(type_text),
                                   directive_name && (flags & record_flag::owner_inherited) != 0
                                       ? "; directives must start in the first column"
                                   : windows_age
                                       ? ": Windows DNS writes \"[AGE:hours]\" to mark a record it will scavenge, "
                                         "and no other DNS server reads it; delete it"
                                   : windows_wins
                                       ? ": WINS and WINS-R are Windows DNS settings written as records, which no "
                                         "other DNS server reads; delete the line"
                                       : "")};
    }
    if (is_meta_type(*type)) {
      throw EntryError{t.begin, t.end,
                       fmt::format("{} is a query or meta type and cannot appear in zone data", shown(type_text))};
    }
    if (rclass && *rclass != options.zone_class) {
      // A zone of another class (CH for "version.bind", HS) says so on its SOA, its first
      // record. named-checkzone needs "-c CH" for it; zonelint takes the class from the SOA.
      // Records of another class after that are refused, as BIND refuses them.
      if (records_seen == 0 && *type == rr::SOA && ctx.include_depth == 0) {
        options.zone_class = *rclass;
      } else {
        throw EntryError{class_token->begin, class_token->end,
                       fmt::format("class {} does not match the zone's class {}{}", class_to_text(*rclass),
                                   class_to_text(options.zone_class),
                                   options.zone_class != rrclass::IN ? ", which its SOA (the first record) names" : "")};
      }
    }
  } catch (EntryError& e) {
    if ((flags & record_flag::owner_inherited) == 0) {
      first_column_hint(ctx, text, e);
    } else {
      indented_owner_hint(ctx, text, e);
    }
    throw;
  }
  const Token& type_token = tokens[i];
  const std::string_view type_text = type_token.content(text);
  if (*type == rr::NS || *type == rr::NSEC3 || *type == rr::DS) {
    check_owner_for_type(ctx, *type, (flags & record_flag::owner_inherited) != 0 ? type_token : tokens[0]);
  }
  if (ttl) flags |= record_flag::ttl_explicit;
  if (rclass) flags |= record_flag::class_explicit;

  // RDATA.
  const std::span<const Token> rdata(tokens.data() + i + 1, tokens.size() - i - 1);
  const RRTypeInfo* info = find_type(*type);
  const WireRdata* wire_out = nullptr;
  std::uint64_t hash = 0;
  RdataParser parser(text, NameView(ctx.origin));
  parser.set_long_string_advice(options.long_string_advice);
  if (!rdata.empty() && !rdata.front().quoted() && rdata.front().content(text) == "\\#") {
    parser.parse_generic(rdata, wire);
    flags |= record_flag::generic_rdata;
    if (info != nullptr && info->typed) {
      std::string check;
      if (!rdata_to_text(*type, wire.bytes, check)) {
        throw EntryError{rdata.front().begin, rdata.back().end,
                         fmt::format("the \\# data is not valid RDATA for {} {} record", type_article(info->mnemonic),
                                 info->mnemonic)};
      }
    }
    wire_out = &wire;
    hash = wire.canonical_hash;
  } else if ((flags & record_flag::alias) != 0 || (info != nullptr && !info->typed)) {
    if (rdata.empty()) {
      throw EntryError{type_token.end, type_token.end, fmt::format("{} record has no RDATA", type_text)};
    }
    flags |= record_flag::untyped;
    hash = parser.token_hash(rdata);
  } else if (info == nullptr) {
    throw EntryError{type_token.begin, type_token.end,
                     fmt::format("{} is not a type zonelint knows; write its RDATA in the generic form "
                                 "\\# <length> <hex> (RFC 3597 §5)",
                                 type_text)};
  } else {
    parser.parse(*info, rdata, type_token, wire);
    wire_out = &wire;
    hash = wire.canonical_hash;
    if (*type == rr::SOA) warn_if_rname_has_at(source, rdata[1]);
  }

  // TTL when none is written: $TTL, else the last TTL (RFC 1035), else the SOA MINIMUM (BIND).
  std::uint32_t record_ttl = 0;
  if (!ttl && !default_ttl_known && !last_ttl_written) given_last_ttl_used = true;
  if (ttl) {
    record_ttl = *ttl;
    last_ttl = *ttl;
    last_ttl_known = true;
    last_ttl_written = true;
  } else if (default_ttl_known) {
    record_ttl = default_ttl;
  } else if (last_ttl_known) {
    record_ttl = last_ttl;
  } else if (*type == rr::SOA && wire_out != nullptr) {
    record_ttl = std::min(soa_minimum(wire.bytes), max_ttl);
    default_ttl = record_ttl;
    default_ttl_known = true;
    last_ttl = record_ttl;
    last_ttl_known = true;
    last_ttl_written = true;
    flags |= record_flag::ttl_from_soa;
  } else {
    throw EntryError{type_token.begin, type_token.end,
                     "no TTL for this record: write one before the type, or put a $TTL directive above it "
                     "(RFC 2308 §4)"};
  }

  ParsedRecord record;
  record.text = ctx.text;
  record.source = &source;
  record.owner = NameView(ctx.owner);
  record.origin = NameView(ctx.origin);
  record.ttl = record_ttl;
  record.type = *type;
  record.rclass = rclass.value_or(options.zone_class);
  record.flags = flags;
  record.entry_begin = start;
  record.rdata_begin = rdata.empty() ? type_token.end : rdata.front().begin;
  record.rdata_end = rdata.empty() ? type_token.end : rdata.back().end;
  record.rdata_tokens = rdata;
  record.wire = wire_out;
  record.rdata_hash = hash;
  // The SOA names the apex better than a leading $ORIGIN does: BIND writes its secondary and
  // dynamic zones as "$ORIGIN ." then "example.com IN SOA ...", pdnsutil list-zone as "$ORIGIN ."
  // then the records sorted by name, NS before SOA. Taking that origin as the apex put the SOA
  // below it (ZONE010). Only the first SOA of the file counts, and only when it opens the file
  // or the leading origin is the root: an SOA further down under a real origin is misplaced.
  // It must also agree with the origin zonelint was given (--origin or the file name), and not be
  // the zone's name doubled by a missing dot ("example.com IN SOA" under $ORIGIN example.com.):
  // that SOA is the mistake, and taking it as the apex would put every other record outside.
  if (*type == rr::SOA && !first_soa_seen) {
    first_soa_seen = true;
    const NameView soa_owner(ctx.owner);
    if (!leading_origin.empty() && (records_seen == 0 || leading_origin.view().is_root()) &&
        !soa_owner.equals(leading_origin.view()) &&
        (options.origin.empty() || soa_owner.equals(options.origin.view())) &&
        !ends_with_origin_twice(soa_owner, leading_origin.view())) {
      leading_origin = Name(ctx.owner);
    }
  }
  ++records_seen;
  sink.on_record(record);
}

// BIND reads the line break after $ORIGIN, $TTL, $GENERATE and a $INCLUDE with an origin as part
// of the directive: on the last line of a file that does not end with one, it fails the zone
// ("extra input text"). A CR outside comments and parentheses ends the line for BIND there.
// Records and a $INCLUDE without an origin are read. Reported at the keyword, the line BIND
// names, once the arguments are known to be valid. Only the last entry of a text gets here.
void MasterFileReader::Impl::refuse_directive_without_line_break(std::string_view text, const Token& keyword,
                                                                 std::string_view name) const {
  if (!entry_ends_text_without_line_break) return;
  std::uint32_t depth = 0;
  for (std::size_t p = tokens.back().end; p < text.size() && text[p] != ';'; ++p) {
    if (text[p] == '(') ++depth;
    if (text[p] == ')' && depth > 0) --depth;
    if (text[p] == '\r' && depth == 0) return;
  }
  throw EntryError{keyword.begin, keyword.end,
                   fmt::format("no line break after this {} directive at the end of the file: BIND refuses the zone "
                               "(\"extra input text\"); end the file with a line break",
                               name)};
}

// "$ORIGIN sub.example.com" under the origin example.com. is relative: BIND appends the origin
// (RFC 1035 §5.1) and reads on under sub.example.com.example.com. without a word. A warning at
// the argument when the name it wrote already ends with the origin it is appended to, the sign
// of a forgotten trailing dot. The origin of a $INCLUDE the same. Costs nothing per record: only
// those directives get here.
void MasterFileReader::Impl::warn_if_origin_doubled(const TextSource& source, std::string_view directive,
                                                    const Token& arg, std::string_view new_origin,
                                                    NameView old_origin) {
  const std::string_view written = arg.content(source.text());
  if (arg.quoted() || old_origin.empty() || old_origin.is_root() || written == "@") return;
  std::size_t backslashes = 0;
  for (std::size_t p = written.size() - 1; p > 0 && written[p - 1] == '\\'; --p) ++backslashes;
  if (written.ends_with('.') && backslashes % 2 == 0) return;  // absolute
  const NameView result(new_origin);
  if (!ends_with_origin_twice(result, old_origin)) return;
  report(source, arg.begin, arg.end,
         fmt::format("{3} \"{0}\" has no trailing dot, so it is relative to the current origin \"{1}\" and "
                     "sets the origin to \"{2}\" (RFC 1035 §5.1); the names after it get the zone's name twice. "
                     "Write \"{0}.\"",
                     shown(written), old_origin.to_text(), result.to_text(), directive),
         Severity::warning);
}

// "hostmaster@example.com." as the SOA RNAME is a valid name to BIND (Knot refuses the "@"), but
// RFC 1035 §8 writes the mailbox with its "@" as a dot: this one is the user
// "hostmaster@example" at "com.". A warning at the "@"; only SOA records get here.
void MasterFileReader::Impl::warn_if_rname_has_at(const TextSource& source, const Token& rname) {
  const std::string_view written = rname.content(source.text());
  if (rname.quoted() || written == "@") return;
  for (std::size_t p = 0; p < written.size(); ++p) {
    if (written[p] == '\\') {
      ++p;  // an escaped "@" was meant
      continue;
    }
    if (written[p] != '@') continue;
    std::string fixed(written);
    fixed[p] = '.';
    const auto at = static_cast<std::uint32_t>(rname.content_begin() + p);
    report(source, at, at + 1,
           fmt::format("SOA RNAME \"{}\" contains \"@\": the zone's contact mailbox is written as a domain name "
                       "whose first label is the user (RFC 1035 §8), so this names the user \"{}\"; write \"{}\"",
                       shown(written), shown(written.substr(0, written.find('.', p))), shown(fixed)),
           Severity::warning);
    return;
  }
}

void MasterFileReader::Impl::directive(Context& ctx, const TextSource& source) {
  const std::string_view text = source.text();
  const Token& keyword = tokens.front();
  const std::string_view name = keyword.content(text);
  const std::size_t args = tokens.size() - 1;
  if (ascii_iequals(name, "$ORIGIN")) {
    if (args != 1) {
      throw EntryError{keyword.begin, tokens.back().end, "$ORIGIN takes exactly one domain name"};
    }
    const Token& arg = tokens[1];
    std::string wire_name;
    NameError error;
    if (!name_from_text(arg.content(text), ctx.origin, wire_name, error)) {
      const auto b = static_cast<std::uint32_t>(arg.content_begin() + error.offset);
      throw EntryError{b, static_cast<std::uint32_t>(b + std::max<std::size_t>(error.length, 1)),
                       fmt::format("$ORIGIN: {}", error.message)};
    }
    refuse_directive_without_line_break(text, keyword, "$ORIGIN");
    warn_if_origin_doubled(source, "$ORIGIN", arg, wire_name, ctx.origin.view());
    ctx.origin = Name(std::move(wire_name));
    if (records_seen == 0 && ctx.include_depth == 0 && ctx.extra_flags == 0 && leading_origin.empty()) {
      leading_origin = ctx.origin;
    }
    return;
  }
  if (ascii_iequals(name, "$TTL")) {
    if (args != 1) throw EntryError{keyword.begin, tokens.back().end, "$TTL takes exactly one TTL"};
    const std::uint32_t ttl = checked_ttl(tokens[1], tokens[1].content(text), "$TTL");
    refuse_directive_without_line_break(text, keyword, "$TTL");
    default_ttl = ttl;
    default_ttl_known = true;
    return;
  }
  if (ascii_iequals(name, "$INCLUDE")) {
    include(ctx, source);
    return;
  }
  if (ascii_iequals(name, "$GENERATE")) {
    refuse_directive_without_line_break(text, keyword, "$GENERATE");
    generate(ctx, source);
    return;
  }
  throw EntryError{keyword.begin, keyword.end,
                   fmt::format("unknown directive \"{}\"; zone files know $ORIGIN, $TTL, $INCLUDE and $GENERATE",
                               name.substr(0, 40))};
}

void MasterFileReader::Impl::include(Context& ctx, const TextSource& source) {
  const std::string_view text = source.text();
  const Token& keyword = tokens.front();
  if (tokens.size() < 2 || tokens.size() > 3) {
    throw EntryError{keyword.begin, tokens.back().end, "$INCLUDE takes a file name and an optional origin"};
  }
  const Token path_token = tokens[1];
  std::optional<Token> origin_token;
  if (tokens.size() == 3) origin_token = tokens[2];
  if (!source.is_file_text()) {
    throw EntryError{keyword.begin, keyword.end, "$INCLUDE is not allowed in generated text"};
  }
  if (!options.allow_include) {
    throw EntryError{path_token.begin, path_token.end,
                     "$INCLUDE is turned off (--no-include); the included file was not read"};
  }
  std::string raw_path;
  {
    std::size_t at = 0;
    std::string message;
    if (!decode_escapes(path_token.content(text), raw_path, at, message) || raw_path.empty()) {
      throw EntryError{path_token.begin, path_token.end, "$INCLUDE: invalid file name"};
    }
  }
  Name new_origin = ctx.origin;
  if (origin_token) {
    std::string wire_name;
    NameError error;
    if (!name_from_text(origin_token->content(text), ctx.origin, wire_name, error)) {
      const auto b = static_cast<std::uint32_t>(origin_token->content_begin() + error.offset);
      throw EntryError{b, static_cast<std::uint32_t>(b + std::max<std::size_t>(error.length, 1)),
                       fmt::format("$INCLUDE origin: {}", error.message)};
    }
    refuse_directive_without_line_break(text, keyword, "$INCLUDE");
    warn_if_origin_doubled(source, "the $INCLUDE origin", *origin_token, wire_name, ctx.origin.view());
    new_origin = Name(std::move(wire_name));
  }
  namespace fs = std::filesystem;
  const SourceFile& parent = files.file(source.file());
  fs::path resolved(raw_path);
  if (resolved.is_relative()) resolved = fs::path(parent.path()).parent_path() / resolved;
  resolved = resolved.lexically_normal();

  const auto chain_text = [&](const std::string& last) {
    std::string out;
    for (const auto& [key, p] : ctx.include_chain) {
      out += p;
      out += " -> ";
    }
    return out + last;
  };

  if (!options.include_root.empty()) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(resolved, ec);
    const fs::path root(options.include_root);
    const auto rel = canonical.lexically_relative(root);
    if (ec || rel.empty() || *rel.begin() == "..") {
      throw EntryError{path_token.begin, path_token.end,
                       fmt::format("$INCLUDE of \"{}\" reaches outside {}; zonelint did not read it (pass "
                                   "--allow-include-outside to allow this)",
                                   raw_path, options.include_root)};
    }
  }
  if (ctx.include_depth + 1 > options.max_include_depth) {
    throw EntryError{path_token.begin, path_token.end,
                     fmt::format("$INCLUDE is nested more than {} deep: {}", options.max_include_depth,
                                 chain_text(resolved.string()))};
  }
  struct stat st {};
  if (::stat(resolved.c_str(), &st) == 0) {
    // A FIFO would block the read forever and a device (/dev/zero) never ends: only regular files.
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
      throw EntryError{path_token.begin, path_token.end,
                       fmt::format("$INCLUDE of \"{}\": not a regular file (a pipe or a device); zonelint did not "
                                   "read it",
                                   shown(raw_path))};
    }
    const FileKey key{st.st_dev, st.st_ino};
    for (const auto& entry : ctx.include_chain) {
      if (entry.first == key) {
        throw EntryError{path_token.begin, path_token.end,
                         fmt::format("$INCLUDE cycle: {}", chain_text(resolved.string()))};
      }
    }
  }
  if (includes_read >= options.max_include_files) {
    throw EntryError{path_token.begin, path_token.end,
                     fmt::format("$INCLUDE: zonelint reads at most {} included files for one zone; \"{}\" was not read",
                                 options.max_include_files, shown(raw_path))};
  }
  ++includes_read;
  std::string error;
  const auto file = files.load(resolved.string(), error);
  if (!file) {
    throw EntryError{path_token.begin, path_token.end,
                     fmt::format("$INCLUDE cannot read \"{}\": {}", resolved.string(), error)};
  }
  files.file(*file).included_from = source.span(path_token.begin, path_token.end);
  if (texts.size() >= 0xFFFF) {
    throw EntryError{path_token.begin, path_token.end, "too many included files"};
  }
  texts.emplace_back(*file, files.file(*file).bytes());
  Context child{static_cast<TextId>(texts.size() - 1), &files.file(*file), new_origin, ctx.owner,
                ctx.include_depth + 1, ctx.include_chain, ctx.extra_flags, ctx.owner_bad, 0, 0};
  if (::stat(resolved.c_str(), &st) == 0) child.include_chain.emplace_back(FileKey{st.st_dev, st.st_ino}, resolved.string());
  // The child reuses the shared token buffer; this entry's tokens are no longer needed.
  read_text(child);
}

namespace {

// Expands one $GENERATE template for value `n` (BIND's $, $$, \$ and ${offset,width,base}).
bool expand_template(std::string_view tmpl, std::int64_t n, std::string& out, std::string& error) {
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (c == '\\' && i + 1 < tmpl.size()) {
      out.push_back(c);
      out.push_back(tmpl[++i]);
      continue;
    }
    if (c != '$') {
      out.push_back(c);
      continue;
    }
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    std::int64_t offset = 0;
    unsigned width = 0;
    char base = 'd';
    if (i + 1 < tmpl.size() && tmpl[i + 1] == '{') {
      const std::size_t close = tmpl.find('}', i + 2);
      if (close == std::string_view::npos) {
        error = "\"${\" is not closed with \"}\"";
        return false;
      }
      const std::string_view spec = tmpl.substr(i + 2, close - i - 2);
      // offset[,width[,base]]
      std::size_t p = 0;
      bool negative = false;
      if (p < spec.size() && (spec[p] == '-' || spec[p] == '+')) negative = spec[p++] == '-';
      std::size_t digits = 0;
      while (p < spec.size() && spec[p] >= '0' && spec[p] <= '9') {
        offset = offset * 10 + (spec[p++] - '0');
        if (++digits > 10) {
          error = "offset in ${...} is too large";
          return false;
        }
      }
      if (negative) offset = -offset;
      if (p < spec.size() && spec[p] == ',') {
        ++p;
        digits = 0;
        while (p < spec.size() && spec[p] >= '0' && spec[p] <= '9') {
          width = width * 10 + static_cast<unsigned>(spec[p++] - '0');
          if (++digits > 3) {
            error = "width in ${...} is too large";
            return false;
          }
        }
        if (p < spec.size() && spec[p] == ',') {
          ++p;
          if (p < spec.size()) base = spec[p++];
        }
      }
      if (p != spec.size() || std::string_view("doxXnN").find(base) == std::string_view::npos || width > 255) {
        error = fmt::format("\"${{{}}}\" is not ${{offset[,width[,base]]}} with base d, o, x, X, n or N", spec);
        return false;
      }
      i = close;
    }
    // BIND adds the offset in a 32-bit int: above 2147483647 is "out of range"; below 0 is
    // printed signed in base d and as its 32-bit two's complement in the other bases.
    const std::int64_t value = n + offset;
    if (value > std::numeric_limits<std::int32_t>::max()) {
      error = fmt::format("the value {} is above 2147483647 after adding the offset (BIND: \"out of range\")", value);
      return false;
    }
    const auto v = static_cast<std::uint32_t>(static_cast<std::uint64_t>(value));
    switch (base) {
      case 'o': fmt::format_to(std::back_inserter(out), "{:0{}o}", v, width); break;
      case 'x': fmt::format_to(std::back_inserter(out), "{:0{}x}", v, width); break;
      case 'X': fmt::format_to(std::back_inserter(out), "{:0{}X}", v, width); break;
      case 'n':
      case 'N': {
        // Nibble mode, for reverse zones: hex digits lowest first, joined by dots. As in BIND, the
        // width counts output characters, dots included, so "${0,4,n}" of 10 is "a.0." (absolute).
        const char* const digits = base == 'n' ? "0123456789abcdef" : "0123456789ABCDEF";
        std::uint64_t rest = v;
        unsigned left = width;
        do {
          out.push_back(digits[rest & 0xF]);
          rest >>= 4;
          if (left > 0) --left;
          if (rest != 0 || left > 0) {
            out.push_back('.');
            if (left > 0) --left;
          }
        } while (rest != 0 || left > 0);
        break;
      }
      default: fmt::format_to(std::back_inserter(out), "{:0{}d}", value, width); break;
    }
  }
  return true;
}

}  // namespace

void MasterFileReader::Impl::generate(Context& ctx, const TextSource& source) {
  const std::string_view text = source.text();
  const std::vector<Token> args(tokens.begin() + 1, tokens.end());
  const Token& keyword = tokens.front();
  if (args.size() < 4) {
    throw EntryError{keyword.begin, tokens.back().end,
                     "$GENERATE needs: range lhs [ttl] [class] type rhs (for example: $GENERATE 1-254 host-$ A "
                     "192.0.2.$)"};
  }
  // range: start-stop[/step]
  const Token& range = args[0];
  const std::string_view rs = range.content(text);
  std::uint64_t start = 0, stop = 0, step = 1;
  {
    std::size_t p = 0;
    const auto read_number = [&](std::uint64_t& v) {
      const std::size_t b = p;
      while (p < rs.size() && rs[p] >= '0' && rs[p] <= '9' && p - b < 11) v = v * 10 + static_cast<unsigned>(rs[p++] - '0');
      return p > b && p - b <= 10;
    };
    bool ok = read_number(start) && p < rs.size() && rs[p++] == '-' && read_number(stop);
    if (ok && p < rs.size()) {
      step = 0;
      ok = rs[p++] == '/' && read_number(step);
    }
    // BIND's limits: its values are 32-bit ints.
    constexpr std::uint64_t int_max = std::numeric_limits<std::int32_t>::max();
    ok = ok && p == rs.size() && start <= stop && stop <= int_max && step >= 1 && step <= int_max;
    if (!ok || range.quoted()) {
      throw EntryError{range.begin, range.end,
                       "$GENERATE range must be start-stop or start-stop/step, with start <= stop <= 2147483647 and "
                       "1 <= step <= 2147483647"};
    }
  }
  const std::uint64_t count = (stop - start) / step + 1;
  if (count > options.max_generate_records) {
    throw EntryError{range.begin, range.end,
                     fmt::format("$GENERATE would create {} records; zonelint's limit is {} per $GENERATE, so split "
                                 "the range",
                                 count, options.max_generate_records)};
  }
  if (generated_total + count > options.max_generate_total) {
    throw EntryError{range.begin, range.end,
                     fmt::format("$GENERATE would bring the records made by $GENERATE in this zone to {}; zonelint's "
                                 "limit is {}, so list the records instead",
                                 generated_total + count, options.max_generate_total)};
  }
  const Token& lhs = args[1];
  std::size_t i = 2;
  std::optional<Token> ttl_token, class_token;
  while (i < args.size()) {
    const std::string_view s = args[i].content(text);
    if (!args[i].quoted() && !s.empty() && s[0] >= '0' && s[0] <= '9' && !ttl_token) {
      ttl_token = args[i++];
    } else if (!args[i].quoted() && class_from_text(s) && !class_token) {
      class_token = args[i++];
    } else {
      break;
    }
  }
  if (i + 2 > args.size()) {
    const Token& at = i < args.size() ? args[i] : args.back();
    throw EntryError{at.begin, args.back().end, "$GENERATE needs exactly one type and one rhs after the lhs"};
  }
  if (i + 2 < args.size()) {
    const Token& extra = args[i + 2];
    throw EntryError{extra.begin, args.back().end,
                     fmt::format("$GENERATE: unexpected \"{}\" after the rhs \"{}\"; put the rhs in quotes if it "
                                 "contains blanks",
                                 shown(extra.content(text)), shown(args[i + 1].content(text)))};
  }
  const Token& type_token = args[i];
  const Token& rhs = args[i + 1];
  // BIND's lexer reads a quoted rhs with \" turned into " (its other escapes stay for the record's
  // own parse), so "\"a $\" b" makes the template "a $" b.
  std::string rhs_template;
  if (rhs.quoted()) {
    bool escaped = false;
    for (const char c : rhs.content(text)) {
      if (c == '"' && escaped) {
        rhs_template.back() = '"';
        escaped = false;
        continue;
      }
      rhs_template.push_back(c);
      escaped = c == '\\' && !escaped;
    }
  } else {
    rhs_template = rhs.content(text);
  }

  TextBuilder builder;
  std::vector<EntryAnnotation> none;
  std::string expanded;
  std::string error;
  const auto map_token = [&](const Token& t) { return source.span(t.begin, t.end); };
  const Span lhs_span = map_token(lhs), rhs_span = map_token(rhs), type_span = map_token(type_token);
  for (std::uint64_t n = start; n <= stop; n += step) {
    expanded.clear();
    if (!expand_template(lhs.content(text), static_cast<std::int64_t>(n), expanded, error)) {
      throw EntryError{lhs.begin, lhs.end, fmt::format("$GENERATE lhs: {}", error)};
    }
    if (!expanded.empty() && expanded[0] == '$') expanded.insert(0, "\\");
    builder.mapped(expanded, lhs_span.begin, lhs_span.end);
    if (ttl_token) {
      const Span s = map_token(*ttl_token);
      builder.mapped(" ", s.begin, s.end);
      builder.mapped(ttl_token->content(text), s.begin, s.end);
    }
    if (class_token) {
      const Span s = map_token(*class_token);
      builder.mapped(" ", s.begin, s.end);
      builder.mapped(class_token->content(text), s.begin, s.end);
    }
    builder.mapped(" ", type_span.begin, type_span.end);
    builder.mapped(type_token.content(text), type_span.begin, type_span.end);
    builder.mapped(" ", rhs_span.begin, rhs_span.end);
    expanded.clear();
    // BIND takes a quoted rhs as its contents: "$ mail$.example.net." is two tokens once expanded.
    if (!expand_template(rhs_template, static_cast<std::int64_t>(n), expanded, error)) {
      throw EntryError{rhs.begin, rhs.end, fmt::format("$GENERATE rhs: {}", error)};
    }
    builder.mapped(expanded, rhs_span.begin, rhs_span.end);
    builder.mapped("\n", rhs_span.end, rhs_span.end);
    if (n + step < n) break;  // overflow guard
  }
  if (texts.size() >= 0xFFFF) throw EntryError{keyword.begin, keyword.end, "too many $GENERATE directives"};
  generated_total += count;
  texts.push_back(std::move(builder).finish(source.file()));
  Context child{static_cast<TextId>(texts.size() - 1), nullptr, ctx.origin, {}, ctx.include_depth, ctx.include_chain,
                static_cast<std::uint16_t>(ctx.extra_flags | record_flag::generated), false, start, step};
  read_text(child);
}

}  // namespace zonelint
