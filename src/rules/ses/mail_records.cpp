#include "rules/ses/mail_records.hpp"

#include "rules/ses/ses_dkim.hpp"
#include "rules/ses/name_rdata.hpp"
#include "rules/zone/zone_support.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_set>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "model/rr_type.hpp"

namespace zonelint::mail {

// ---------------------------------------------------------------------------------------------
// ASCII helpers.

namespace {

constexpr char lower_char(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }
constexpr bool is_alpha(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept { return ascii_iequals(a, b); }

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view s, std::string_view needle, std::size_t from) noexcept {
  if (needle.empty()) return from <= s.size() ? from : std::string_view::npos;
  const char first = lower_char(needle.front());
  if (first < 'a' || first > 'z') {
    // A first byte without case: let find() skip to its occurrences.
    for (std::size_t i = s.find(first, from); i != std::string_view::npos && i + needle.size() <= s.size();
         i = s.find(first, i + 1)) {
      if (iequals(s.substr(i, needle.size()), needle)) return i;
    }
    return std::string_view::npos;
  }
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    if (lower_char(s[i]) != first) continue;
    if (iequals(s.substr(i, needle.size()), needle)) return i;
  }
  return std::string_view::npos;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower_char(c);
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Two rows of b.size() + 1 entries: on the stack for short words (host labels, policies).
  constexpr std::size_t small = 32;
  std::array<std::size_t, 2 * small> stack{};
  std::vector<std::size_t> heap;
  std::size_t* prev = stack.data();
  std::size_t* cur = stack.data() + small;
  if (b.size() + 1 > small) {
    heap.resize(2 * (b.size() + 1));
    prev = heap.data();
    cur = heap.data() + b.size() + 1;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (lower_char(a[i - 1]) == lower_char(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string describe_byte(std::string_view bytes, std::size_t i) {
  const auto c = static_cast<unsigned char>(bytes[i]);
  switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\n': return "a line feed (U+000A)";
    case '\r': return "a carriage return (U+000D)";
    default: break;
  }
  if (c > 0x20 && c < 0x7F) return fmt::format("\"{}\"", static_cast<char>(c));
  if (c < 0x80) return fmt::format("U+{:04X}", static_cast<unsigned>(c));
  const utf8::Decoded d = utf8::decode(bytes, i);
  if (!d.valid) return fmt::format("the byte 0x{:02X}", static_cast<unsigned>(c));
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(d.code_point));
}

std::size_t printable_prefix(std::string_view s) noexcept {
  // Eight bytes at a time: a byte under 0x20 borrows in w - 0x20..., one from 0x7F on sets its
  // top bit in w or in w + 0x01... (a carry out of 0xFF comes from a byte already flagged).
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t tops = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if ((((w - 0x20 * ones) & ~w) | w | (w + ones)) & tops) break;
  }
  while (i < s.size() && s[i] >= 0x20 && s[i] < 0x7F) ++i;
  return i;
}

std::size_t plain_prefix(std::string_view s) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t tops = 0x8080808080808080u;
  const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & tops; };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, s.data() + i, 8);
    if ((((w - 0x20 * ones) & ~w) | w | (w + ones) | zero_byte(w ^ ('"' * ones)) | zero_byte(w ^ ('\\' * ones))) & tops)
      break;
  }
  while (i < s.size() && s[i] >= 0x20 && s[i] < 0x7F && s[i] != '"' && s[i] != '\\') ++i;
  return i;
}

std::vector<std::vector<std::size_t>> by_routing_set(const LintContext& context, std::span<const std::uint32_t> indices) {
  std::vector<std::uint64_t> sets;
  std::vector<std::vector<std::size_t>> groups;
  for (std::size_t k = 0; k < indices.size(); ++k) {
    const std::uint64_t set = rules::zone_support::routing_set(context, context.records()[indices[k]]);
    const auto at = std::find(sets.begin(), sets.end(), set);
    if (at == sets.end()) {
      sets.push_back(set);
      groups.emplace_back(1, k);
    } else {
      groups[static_cast<std::size_t>(at - sets.begin())].push_back(k);
    }
  }
  return groups;
}

std::vector<InvisibleCharacter> invisible_characters(std::string_view bytes) {
  std::vector<InvisibleCharacter> out;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F) {  // printable ASCII: the common case
      i += printable_prefix(bytes.substr(i));
      continue;
    }
    const utf8::Decoded d = utf8::decode(bytes, i);
    const char32_t cp = d.code_point;
    bool invisible = false;
    if (!d.valid) {
      invisible = false;  // raw octets: the record's own checks say what they break
    } else if (cp < 0x20) {
      invisible = cp != 0x09 && cp != 0x0A && cp != 0x0D;
    } else {
      invisible = cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x00AD || cp == 0x034F || cp == 0x061C ||
                  cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200F) ||
                  (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 ||
                  cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB);
    }
    if (invisible) out.push_back({i, d.length, cp});
    i += d.length;
  }
  return out;
}

std::vector<std::pair<std::size_t, std::size_t>> invisible_runs(std::span<const InvisibleCharacter> found) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t k = 0; k < found.size(); ++k) {
    if (!runs.empty() && found[runs.back().second].offset + found[runs.back().second].length == found[k].offset)
      runs.back().second = k;
    else
      runs.emplace_back(k, k);
  }
  return runs;
}

std::string describe_invisible(std::string_view bytes, std::span<const InvisibleCharacter> run) {
  std::vector<char32_t> code_points;
  for (const InvisibleCharacter& c : run) code_points.push_back(c.code_point);
  const std::string name = ses::describe_code_points(code_points);
  const InvisibleCharacter& first = run.front();
  const InvisibleCharacter& last = run.back();
  if (first.offset == 0) return name + " at the start";
  if (last.offset + last.length == bytes.size()) return name + " at the end";
  // Up to 12 characters before it, whole UTF-8 sequences only, without the invisible ones (which
  // would be just as invisible in the message).
  std::size_t from = first.offset > 12 ? first.offset - 12 : 0;
  while (from < first.offset && (static_cast<unsigned char>(bytes[from]) & 0xC0) == 0x80) ++from;
  const std::string_view before = bytes.substr(from, first.offset - from);
  return fmt::format("{} after \"{}{}\"", name, from > 0 ? "…" : "",
                     without_invisible(before, invisible_characters(before)));
}

std::string without_invisible(std::string_view bytes, std::span<const InvisibleCharacter> found) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t at = 0;
  for (const InvisibleCharacter& c : found) {
    out.append(bytes.substr(at, c.offset - at));
    at = c.offset + c.length;
  }
  out.append(bytes.substr(at));
  return out;
}

std::string abbreviate(std::string_view s, std::size_t keep) {
  if (s.size() <= 2 * keep + 8) return std::string(s);
  return fmt::format("{}…{}", s.substr(0, keep), s.substr(s.size() - keep));
}

// ---------------------------------------------------------------------------------------------
// Joined TXT text.

std::uint32_t JoinedTxt::begin_of(std::size_t i) const {
  if (!direct) return begins[i];
  const TxtPiece& p = pieces[piece_of(i)];
  return p.token.content_begin() + static_cast<std::uint32_t>(i - p.begin);
}

std::uint32_t JoinedTxt::end_of(std::size_t i) const { return direct ? begin_of(i) + 1 : ends[i]; }

std::pair<std::uint32_t, std::uint32_t> JoinedTxt::text_range(std::size_t from, std::size_t to) const {
  if (from < to && to <= bytes.size()) return {begin_of(from), end_of(to - 1)};
  std::uint32_t at = 0;
  if (from < bytes.size()) {
    at = begin_of(from);
  } else if (!bytes.empty()) {
    at = end_of(bytes.size() - 1);
  } else if (!pieces.empty()) {
    at = pieces.front().token.content_begin();
  }
  return {at, at};
}

std::size_t JoinedTxt::piece_of(std::size_t i) const {
  if (pieces.empty()) return 0;
  const auto it = std::upper_bound(pieces.begin(), pieces.end(), i,
                                   [](std::size_t v, const TxtPiece& p) { return v < p.begin; });
  return it == pieces.begin() ? 0 : static_cast<std::size_t>(it - pieces.begin()) - 1;
}

bool JoinedTxt::boundary_before(std::size_t i) const {
  if (i == 0 || i >= bytes.size() || pieces.size() < 2) return false;
  auto it = std::lower_bound(pieces.begin() + 1, pieces.end(), i,
                             [](const TxtPiece& p, std::size_t v) { return p.begin < v; });
  for (; it != pieces.end() && it->begin == i; ++it) {
    if (it->size > 0) return true;
  }
  return false;
}

bool JoinedTxt::all_unquoted_words() const {
  if (pieces.size() < 2) return false;
  return std::none_of(pieces.begin(), pieces.end(), [](const TxtPiece& p) { return p.quoted; });
}

JoinedTxt join_strings(std::span<const DecodedString> strings, std::span<const Token> tokens) {
  JoinedTxt out;
  std::size_t total = 0;
  for (const DecodedString& d : strings) total += d.bytes.size();
  out.bytes.reserve(total);
  out.begins.reserve(total);
  out.ends.reserve(total);
  out.pieces.reserve(strings.size());
  for (std::size_t s = 0; s < strings.size(); ++s) {
    const DecodedString& d = strings[s];
    TxtPiece piece;
    if (s < tokens.size()) piece.token = tokens[s];
    piece.quoted = piece.token.quoted();
    piece.begin = static_cast<std::uint32_t>(out.bytes.size());
    piece.size = static_cast<std::uint32_t>(d.bytes.size());
    out.pieces.push_back(piece);
    out.bytes += d.bytes;
    for (std::size_t k = 0; k < d.bytes.size(); ++k) {
      out.begins.push_back(d.origins[k]);
      out.ends.push_back(k + 1 < d.bytes.size() ? d.origins[k + 1] : d.end);
    }
  }
  return out;
}

bool join_generic(std::string_view text, std::span<const Token> hex_tokens, JoinedTxt& out) {
  // Octets of the hex, each with its two digits' text range and the token it came from.
  struct Octet {
    unsigned char value;
    std::uint32_t begin;
    std::uint32_t end;
    std::size_t token;
  };
  std::vector<Octet> octets;
  int high = -1;
  std::uint32_t high_at = 0;
  const auto hex_value = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t t = 0; t < hex_tokens.size(); ++t) {
    const Token& tok = hex_tokens[t];
    for (std::uint32_t at = tok.content_begin(); at < tok.content_end(); ++at) {
      const int v = hex_value(text[at]);
      if (v < 0) return false;
      if (high < 0) {
        high = v;
        high_at = at;
      } else {
        octets.push_back({static_cast<unsigned char>(high * 16 + v), high_at, at + 1, t});
        high = -1;
      }
    }
  }
  if (high >= 0) return false;
  JoinedTxt joined;
  joined.generic = true;
  for (std::size_t i = 0; i < octets.size();) {
    const std::size_t length = octets[i].value;
    if (i + 1 + length > octets.size()) return false;
    TxtPiece piece;
    piece.token = hex_tokens[octets[i].token];
    piece.quoted = true;  // a generic string is never the "unquoted words" mistake
    piece.begin = static_cast<std::uint32_t>(joined.bytes.size());
    piece.size = static_cast<std::uint32_t>(length);
    joined.pieces.push_back(piece);
    for (std::size_t k = i + 1; k < i + 1 + length; ++k) {
      joined.bytes.push_back(static_cast<char>(octets[k].value));
      joined.begins.push_back(octets[k].begin);
      joined.ends.push_back(octets[k].end);
    }
    i += 1 + length;
  }
  out = std::move(joined);
  return true;
}

namespace {

// Appends a string written without escapes to `out`: its piece and its bytes.
void append_piece(JoinedTxt& out, const Token& t, std::string_view content) {
  TxtPiece piece;
  piece.token = t;
  piece.quoted = t.quoted();
  piece.begin = static_cast<std::uint32_t>(out.bytes.size());
  piece.size = static_cast<std::uint32_t>(content.size());
  out.pieces.push_back(piece);
  out.bytes += content;
}

}  // namespace

JoinedTxt join_txt(const LintContext& context, const Record& record) {
  const std::vector<Token> tokens = context.rdata_tokens(record);
  if (record.has(record_flag::untyped)) return {};
  if (record.has(record_flag::generic_rdata)) {
    JoinedTxt out;
    if (tokens.size() >= 2) {
      if (!join_generic(context.text(record), std::span<const Token>(tokens).subspan(2), out)) return {};
    }
    out.generic = true;
    return out;
  }
  // Strings without escapes (nearly all) are their text: copied straight in, as join_strings
  // would after decoding.
  const std::string_view text = context.text(record);
  std::size_t total = 0;
  bool escapes = false;
  for (const Token& t : tokens) {
    const std::string_view content = t.content(text);
    total += content.size();
    escapes = escapes || content.find('\\') != std::string_view::npos;
  }
  if (escapes) {
    std::vector<DecodedString> strings;
    strings.reserve(tokens.size());
    for (const Token& t : tokens) strings.push_back(context.decode(record, t));
    return join_strings(strings, tokens);
  }
  JoinedTxt out;
  out.bytes.reserve(total);
  out.begins.reserve(total);
  out.ends.reserve(total);
  out.pieces.reserve(tokens.size());
  for (const Token& t : tokens) {
    const std::string_view content = t.content(text);
    append_piece(out, t, content);
    for (std::uint32_t k = 0; k < content.size(); ++k) {
      out.begins.push_back(t.content_begin() + k);
      out.ends.push_back(t.content_begin() + k + 1);
    }
  }
  return out;
}

namespace {

// A byte a quoted string holds as written (grammar/master_file.hpp quoted_char): tab, printable
// ASCII other than '"' and '\\', and every byte from 0x80.
constexpr std::array<bool, 256> quoted_plain = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c)
    t[c] = c == '\t' || c == ' ' || c == '!' || (c >= '#' && c <= '[') || (c >= ']' && c <= '~') || c >= 0x80;
  return t;
}();

constexpr bool blank_or_break(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Walks RDATA written only as quoted strings, with blanks, parentheses and comments between them,
// and hands each string to `on_string(open, close)` (the offsets of its quotes); `close_of(text,
// open, end)` finds the closing quote, or npos to give up. False for generic or untyped RDATA, a
// word, a string `close_of` gives up on, a word glued to a closing quote (the lexer reads it as a
// token of its own), or when `on_string` says false.
template <typename CloseOf, typename OnString>
bool for_each_quoted_string(const LintContext& context, const Record& record, const CloseOf& close_of,
                            const OnString& on_string) {
  if (record.has(record_flag::generic_rdata) || record.has(record_flag::untyped)) return false;
  const std::string_view text = context.text(record);
  const std::size_t end = record.rdata_end;
  if (end > text.size()) return false;
  std::size_t i = record.rdata_begin;
  while (i < end) {
    const char c = text[i];
    if (blank_or_break(c) || c == '(' || c == ')') {
      ++i;
    } else if (c == ';') {  // a comment, to the end of the line
      const void* nl = std::memchr(text.data() + i, '\n', end - i);
      i = nl == nullptr ? end : static_cast<std::size_t>(static_cast<const char*>(nl) - text.data());
    } else if (c == '"') {
      const std::size_t close = close_of(text, i, end);
      if (close == std::string_view::npos || !on_string(i, close)) return false;
      i = close + 1;
      if (i < end && !blank_or_break(text[i]) && text[i] != '(' && text[i] != ')' && text[i] != ';') return false;
    } else {
      return false;  // a word
    }
  }
  return true;
}

}  // namespace

bool quoted_strings(const LintContext& context, const Record& record, std::vector<Token>& out) {
  out.clear();
  const auto close_of = [](std::string_view text, std::size_t open, std::size_t end) {
    std::size_t j = open + 1;
    while (j < end && quoted_plain[static_cast<unsigned char>(text[j])]) ++j;
    // An escape or a byte left to the lexer stops the string before its closing quote.
    return j < end && text[j] == '"' ? j : std::string_view::npos;
  };
  return for_each_quoted_string(context, record, close_of, [&](std::size_t open, std::size_t close) {
    out.push_back({static_cast<std::uint32_t>(open), static_cast<std::uint32_t>(close + 1), TokenKind::quoted});
    return true;
  });
}

bool join_plain_strings(const LintContext& context, const Record& record, std::string& out, std::size_t max_string) {
  out.clear();
  const auto close_of = [](std::string_view text, std::size_t open, std::size_t end) {
    const void* q = std::memchr(text.data() + open + 1, '"', end - open - 1);
    return q == nullptr ? std::string_view::npos : static_cast<std::size_t>(static_cast<const char*>(q) - text.data());
  };
  const std::string_view text = context.text(record);
  return for_each_quoted_string(context, record, close_of, [&](std::size_t open, std::size_t close) {
    if (close - open - 1 > max_string) return false;
    out.append(text.data() + open + 1, close - open - 1);
    return true;
  });
}

void join_txt_into(const LintContext& context, const Record& record, JoinedTxt& out, std::vector<Token>& tokens) {
  out.bytes.clear();
  out.begins.clear();
  out.ends.clear();
  out.pieces.clear();
  out.generic = false;
  out.direct = false;
  bool escapes = false;
  if (!quoted_strings(context, record, tokens)) {
    if (record.has(record_flag::untyped) || record.has(record_flag::generic_rdata)) {
      out = join_txt(context, record);
      return;
    }
    tokens = context.rdata_tokens(record);
    const std::string_view text = context.text(record);
    for (const Token& t : tokens) escapes = escapes || t.content(text).find('\\') != std::string_view::npos;
  }
  if (escapes) {
    out = join_txt(context, record);
    return;
  }
  // As join_txt's copy of strings without escapes, with the offsets left to the pieces.
  const std::string_view text = context.text(record);
  out.direct = true;
  for (const Token& t : tokens) {
    const std::string_view content = t.content(text);
    append_piece(out, t, content);
  }
}

std::optional<std::uint32_t> cut_by_comment(const LintContext& context, const Record& record, const JoinedTxt& joined) {
  if (joined.pieces.empty() || joined.generic) return std::nullopt;
  if (std::any_of(joined.pieces.begin(), joined.pieces.end(), [](const TxtPiece& p) { return p.quoted; }))
    return std::nullopt;
  const std::string_view text = context.text(record);
  std::uint32_t at = joined.pieces.back().token.end;
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size() || text[at] != ';') return std::nullopt;
  const std::size_t line_end = text.find('\n', at);
  const std::string_view rest = text.substr(at, line_end == std::string_view::npos ? std::string_view::npos : line_end - at);
  if (rest.find('=') == std::string_view::npos) return std::nullopt;
  return at;
}

std::string text_before_comment_cut(const LintContext& context, const Record& record, const JoinedTxt& joined,
                                   std::uint32_t cut) {
  std::string out;
  for (const TxtPiece& p : joined.pieces) {
    if (!out.empty()) out += ' ';
    out += std::string_view(joined.bytes).substr(p.begin, p.size);
  }
  const std::string_view text = context.text(record);
  const std::size_t line_end = text.find('\n', cut);
  std::string_view rest = text.substr(cut, line_end == std::string_view::npos ? std::string_view::npos : line_end - cut);
  while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
  out += rest;
  return out;
}

namespace {
// U+2018-U+201F in UTF-8: E2 80 98 to E2 80 9F.
bool curly_quote_at(std::string_view bytes, std::size_t at) noexcept {
  return at + 3 <= bytes.size() && static_cast<unsigned char>(bytes[at]) == 0xE2 &&
         static_cast<unsigned char>(bytes[at + 1]) == 0x80 && static_cast<unsigned char>(bytes[at + 2]) >= 0x98 &&
         static_cast<unsigned char>(bytes[at + 2]) <= 0x9F;
}
}  // namespace

std::size_t leading_curly_quote(std::string_view bytes) noexcept { return curly_quote_at(bytes, 0) ? 3 : 0; }

std::size_t trailing_curly_quote(std::string_view bytes) noexcept {
  return bytes.size() >= 6 && curly_quote_at(bytes, bytes.size() - 3) ? 3 : 0;
}

bool strip_curly_wrapping(JoinedTxt& joined) {
  const std::size_t front = leading_curly_quote(joined.bytes);
  if (front == 0) return false;
  const std::size_t back = trailing_curly_quote(joined.bytes);
  if (joined.direct) {
    // Offsets kept per byte from here on: the first piece no longer starts at its token's content.
    joined.begins.resize(joined.bytes.size());
    joined.ends.resize(joined.bytes.size());
    for (std::size_t i = 0; i < joined.bytes.size(); ++i) {
      joined.begins[i] = joined.begin_of(i);
      joined.ends[i] = joined.end_of(i);
    }
    joined.direct = false;
  }
  const std::size_t size = joined.bytes.size();
  const auto keep = [&](std::vector<std::uint32_t>& v) {
    v.erase(v.begin() + static_cast<std::ptrdiff_t>(size - back), v.end());
    v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(front));
  };
  keep(joined.begins);
  keep(joined.ends);
  joined.bytes = joined.bytes.substr(front, size - front - back);
  // Pieces: the same strings, their byte ranges moved and clipped to what is left.
  for (TxtPiece& p : joined.pieces) {
    const std::size_t b = std::clamp<std::size_t>(p.begin, front, size - back);
    const std::size_t e = std::clamp<std::size_t>(std::size_t{p.begin} + p.size, front, size - back);
    p.begin = static_cast<std::uint32_t>(b - front);
    p.size = static_cast<std::uint32_t>(e - b);
  }
  return true;
}

bool fixable(const LintContext& context, const Record& record) {
  return context.zone().text(record.text).is_file_text() && !record.has(record_flag::generic_rdata) &&
         !record.has(record_flag::generated) && !record.has(record_flag::untyped);
}

// ---------------------------------------------------------------------------------------------
// SPF.

bool has_spf_prefix(std::string_view text) noexcept {
  return istarts_with(text, "v=spf1") && (text.size() == 6 || !is_digit(text[6]));
}

bool is_spf_record(std::string_view text) noexcept {
  return istarts_with(text, "v=spf1") && (text.size() == 6 || text[6] == ' ');
}

std::string_view spf_kind_name(SpfKind kind) noexcept {
  switch (kind) {
    case SpfKind::all: return "all";
    case SpfKind::include: return "include";
    case SpfKind::a: return "a";
    case SpfKind::mx: return "mx";
    case SpfKind::ptr: return "ptr";
    case SpfKind::ip4: return "ip4";
    case SpfKind::ip6: return "ip6";
    case SpfKind::exists: return "exists";
    case SpfKind::redirect: return "redirect";
    case SpfKind::exp: return "exp";
    default: return {};
  }
}

namespace {

constexpr std::array<std::pair<std::string_view, SpfKind>, 8> mechanisms{{
    {"all", SpfKind::all},
    {"include", SpfKind::include},
    {"a", SpfKind::a},
    {"mx", SpfKind::mx},
    {"ptr", SpfKind::ptr},
    {"ip4", SpfKind::ip4},
    {"ip6", SpfKind::ip6},
    {"exists", SpfKind::exists},
}};

bool is_qualifier(char c) noexcept { return c == '+' || c == '-' || c == '~' || c == '?'; }

// RFC 7208 §12: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
bool name_char(char c) noexcept { return is_alnum(c) || c == '-' || c == '_' || c == '.'; }

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_digit(c); });
}

// A decimal number without leading zeros (RFC 7208 §12: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT)).
bool cidr_length(std::string_view s, unsigned max) noexcept {
  if (!all_digits(s) || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return false;
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v <= max;
}

// RFC 7208 §12 dual-cidr-length = [ ip4-cidr-length ] [ "/" ip6-cidr-length ], found at the end
// of `s`. Returns the start of the suffix (s.size() when there is none), or npos when a suffix
// is there but malformed.
std::size_t dual_cidr_start(std::string_view s, std::string* why) {
  std::size_t end = s.size();
  // "//N" ip6 part.
  const std::size_t dbl = s.rfind("//");
  std::size_t start = end;
  if (dbl != std::string_view::npos && s.find('/', dbl + 2) == std::string_view::npos) {
    if (!cidr_length(s.substr(dbl + 2), 128)) {
      if (why) *why = fmt::format("\"{}\" is not an IPv6 prefix length (0-128)", s.substr(dbl + 2));
      return std::string_view::npos;
    }
    start = end = dbl;
  }
  const std::size_t one = s.substr(0, end).rfind('/');
  if (one != std::string_view::npos) {
    const std::string_view digits = s.substr(one + 1, end - one - 1);
    if (all_digits(digits) || digits.empty()) {
      if (!cidr_length(digits, 32)) {
        if (why) *why = fmt::format("\"{}\" is not an IPv4 prefix length (0-32)", digits);
        return std::string_view::npos;
      }
      start = one;
    }
  }
  return start;
}

bool valid_ip4(std::string_view s) noexcept {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t j = i;
    while (j < s.size() && is_digit(s[j])) ++j;
    const std::string_view part = s.substr(i, j - i);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    unsigned v = 0;
    for (char c : part) v = v * 10 + static_cast<unsigned>(c - '0');
    if (v > 255) return false;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

bool is_hex(char c) noexcept { return is_digit(c) || (lower_char(c) >= 'a' && lower_char(c) <= 'f'); }

// The usual forms, which inet_pton accepts: eight groups of 1-4 hex digits separated by ':', or
// at most six with one "::" (at the start, inside or at the end) standing for the others.
bool plain_ip6(std::string_view s) noexcept {
  std::size_t groups = 0;
  bool compressed = false;
  std::size_t i = 0;
  if (s.starts_with("::")) {
    compressed = true;
    i = 2;
    if (i == s.size()) return true;
  }
  while (true) {
    std::size_t digits = 0;
    while (i < s.size() && digits < 5 && is_hex(s[i])) {
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 4) return false;
    ++groups;
    if (i == s.size()) break;
    if (s[i] != ':') return false;
    ++i;
    if (i == s.size()) return false;  // a single ':' at the end
    if (s[i] == ':') {
      if (compressed) return false;
      compressed = true;
      ++i;
      if (i == s.size()) break;
    }
  }
  return compressed ? groups <= 6 : groups == 8;
}

bool valid_ip6(std::string_view s) noexcept {
  if (s.empty() || s.size() > 45) return false;
  if (plain_ip6(s)) return true;
  std::array<char, 46> copy{};
  std::copy(s.begin(), s.end(), copy.begin());  // NUL-terminated by the array's zeros
  in6_addr addr{};
  return inet_pton(AF_INET6, copy.data(), &addr) == 1;
}

}  // namespace

bool valid_domain_spec(std::string_view s) noexcept {
  if (s.empty()) return false;
  bool ends_with_macro = false;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '%') {
      if (i + 1 >= s.size()) return false;
      const char n = s[i + 1];
      if (n == '%' || n == '_' || n == '-') {
        i += 2;
        ends_with_macro = true;
        continue;
      }
      if (n != '{') return false;
      // "%{" macro-letter transformers *delimiter "}"
      std::size_t j = i + 2;
      if (j >= s.size() || std::string_view("slodiphcrtvSLODIPHCRTV").find(s[j]) == std::string_view::npos)
        return false;
      ++j;
      while (j < s.size() && is_digit(s[j])) ++j;
      if (j < s.size() && (s[j] == 'r' || s[j] == 'R')) ++j;
      while (j < s.size() && std::string_view(".-+,/_=").find(s[j]) != std::string_view::npos) ++j;
      if (j >= s.size() || s[j] != '}') return false;
      i = j + 1;
      ends_with_macro = true;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7E) return false;
    ends_with_macro = false;
    ++i;
  }
  if (ends_with_macro) return true;
  // domain-end = "." toplabel [ "." ]
  std::string_view body = s;
  if (body.ends_with('.')) body.remove_suffix(1);
  const std::size_t dot = body.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view top = body.substr(dot + 1);
  if (top.empty() || top.front() == '-' || top.back() == '-') return false;
  bool alpha = false, dash = false;
  for (char c : top) {
    if (is_alpha(c)) alpha = true;
    else if (c == '-') dash = true;
    else if (!is_digit(c)) return false;
  }
  return alpha || dash;
}

SpfTerm classify_spf_term(std::string_view text, std::size_t begin, std::size_t end) {
  SpfTerm t;
  t.begin = begin;
  t.end = end;
  std::size_t p = begin;
  if (p < end && is_qualifier(text[p])) t.qualifier = text[p++];
  t.name_begin = t.name_end = p;
  if (p < end && is_alpha(text[p])) {
    std::size_t q = p + 1;
    while (q < end && name_char(text[q])) ++q;
    t.name_end = q;
  }
  const std::size_t n = t.name_end;
  t.separator = n < end ? text[n] : 0;
  t.value_begin = (t.separator == ':' || t.separator == '=') ? n + 1 : n;
  if (t.name_begin == t.name_end) {
    t.kind = SpfKind::invalid;
    return t;
  }
  const std::string_view name = text.substr(t.name_begin, t.name_end - t.name_begin);
  if (t.separator == '=') {
    if (iequals(name, "redirect")) t.kind = SpfKind::redirect;
    else if (iequals(name, "exp")) t.kind = SpfKind::exp;
    else t.kind = SpfKind::unknown_modifier;
    return t;
  }
  t.kind = SpfKind::unknown_mechanism;
  for (const auto& [m, kind] : mechanisms) {
    if (name.size() == m.size() && iequals(name, m)) {
      t.kind = kind;
      break;
    }
  }
  return t;
}

std::vector<SpfTerm> spf_terms(std::string_view text) {
  std::vector<SpfTerm> out;
  spf_terms(text, out);
  return out;
}

void spf_terms(std::string_view text, std::vector<SpfTerm>& out) {
  out.clear();
  std::size_t i = text.find(' ');
  if (i == std::string_view::npos) return;  // only the version
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    out.push_back(classify_spf_term(text, i, j));
    i = j;
  }
}

std::optional<std::string> spf_term_problem(std::string_view text, const SpfTerm& t) {
  const std::string_view term = text.substr(t.begin, t.end - t.begin);
  for (std::size_t i = 0; i < term.size(); ++i) {
    const auto c = static_cast<unsigned char>(term[i]);
    if (c < 0x21 || c > 0x7E) {
      return fmt::format("it contains {}; SPF terms are visible ASCII separated by spaces (RFC 7208 §4.6.1, §12)",
                         describe_byte(term, i));
    }
  }
  const std::string_view name = text.substr(t.name_begin, t.name_end - t.name_begin);
  const std::string_view value = text.substr(t.value_begin, t.end - t.value_begin);
  const std::string_view kname = spf_kind_name(t.kind);
  if (t.kind == SpfKind::invalid) {
    if (t.qualifier != 0 && t.end == t.begin + 1) return std::string("a qualifier stands alone, without a mechanism");
    return std::string("it is neither a mechanism nor a modifier (RFC 7208 §4.6.1)");
  }
  if (t.kind == SpfKind::unknown_mechanism) {
    for (const auto& [m, kind] : mechanisms) {
      if (name.size() > m.size() && istarts_with(name, m) && !is_alnum(name[m.size()])) {
        return fmt::format("\"{}\" has \"{}\" after the mechanism \"{}\"", term, name.substr(m.size()), m);
      }
    }
    return fmt::format("\"{}\" is not a mechanism; RFC 7208 §5 defines all, include, a, mx, ptr, ip4, ip6 and exists",
                       name);
  }
  if (t.is_modifier() && t.qualifier != 0) return fmt::format("the modifier \"{}\" cannot take a qualifier", name);
  // `form` is "<name><separator><domain>", formatted only for a finding.
  const auto need_domain = [&](std::string_view domain, std::string_view form_name,
                               char form_separator) -> std::optional<std::string> {
    if (domain.empty()) return fmt::format("\"{}\" has no domain: write {}{}<domain>", term, form_name, form_separator);
    if (!valid_domain_spec(domain))
      return fmt::format("\"{}\" is not a valid domain (RFC 7208 §7.1: it must end in a label such as .com)", domain);
    return std::nullopt;
  };
  switch (t.kind) {
    case SpfKind::all:
      if (t.separator != 0) return fmt::format("\"all\" takes no argument, found \"{}\"", text.substr(t.name_end, t.end - t.name_end));
      return std::nullopt;
    case SpfKind::include:
    case SpfKind::exists:
      if (t.separator != ':') return fmt::format("\"{}\" needs a domain: {}:<domain>", kname, kname);
      return need_domain(value, kname, ':');
    case SpfKind::a:
    case SpfKind::mx: {
      if (t.separator == 0) return std::nullopt;
      if (t.separator != ':' && t.separator != '/')
        return fmt::format("unexpected \"{}\" after \"{}\"", t.separator, kname);
      std::string why;
      const std::size_t cidr = dual_cidr_start(value, &why);
      if (cidr == std::string_view::npos) return why;
      if (t.separator == '/') {
        if (cidr != 0) return fmt::format("\"{}\" is not a prefix length", value);
        return std::nullopt;
      }
      return need_domain(value.substr(0, cidr), kname, ':');
    }
    case SpfKind::ptr:
      if (t.separator == 0) return std::nullopt;
      if (t.separator != ':') return std::string("\"ptr\" takes no prefix length");
      return need_domain(value, "ptr", ':');
    case SpfKind::ip4: {
      if (t.separator != ':') return std::string("\"ip4\" needs an address: ip4:192.0.2.0/24");
      const std::size_t slash = value.find('/');
      const std::string_view addr = value.substr(0, slash);
      if (addr.empty()) return fmt::format("\"{}\" has no address: write ip4:192.0.2.0/24", term);
      if (!valid_ip4(addr)) return fmt::format("\"{}\" is not an IPv4 address", addr);
      if (slash != std::string_view::npos && !cidr_length(value.substr(slash + 1), 32))
        return fmt::format("\"{}\" is not an IPv4 prefix length (0-32)", value.substr(slash + 1));
      return std::nullopt;
    }
    case SpfKind::ip6: {
      if (t.separator != ':') return std::string("\"ip6\" needs an address: ip6:2001:db8::/32");
      const std::size_t slash = value.rfind('/');
      const std::string_view addr = value.substr(0, slash);
      if (addr.empty()) return fmt::format("\"{}\" has no address: write ip6:2001:db8::/32", term);
      if (!valid_ip6(addr)) return fmt::format("\"{}\" is not an IPv6 address", addr);
      if (slash != std::string_view::npos && !cidr_length(value.substr(slash + 1), 128))
        return fmt::format("\"{}\" is not an IPv6 prefix length (0-128)", value.substr(slash + 1));
      return std::nullopt;
    }
    case SpfKind::redirect:
    case SpfKind::exp:
      return need_domain(value, kname, '=');
    default:
      return std::nullopt;  // unknown modifiers are allowed (RFC 7208 §6)
  }
}

// ---------------------------------------------------------------------------------------------
// Tag lists.

namespace {

bool wsp(char c) noexcept { return is_space(c); }

// White space or a comma: where a value may run into the next tag.
constexpr std::array<bool, 256> value_break = [] {
  std::array<bool, 256> t{};
  for (const char c : {' ', '\t', '\r', '\n', ','}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// At `j`: a tag name from `known` followed by optional white space and "=". Returns the end of
// the name, or npos.
std::size_t known_tag_at(std::string_view text, std::size_t j, std::size_t end,
                         std::span<const std::string_view> known) {
  if (j >= end || !is_alpha(text[j])) return std::string_view::npos;
  std::size_t k = j;
  while (k < end && (is_alnum(text[k]) || text[k] == '_')) ++k;
  const std::string_view name = text.substr(j, k - j);
  if (std::none_of(known.begin(), known.end(), [&](std::string_view n) { return iequals(n, name); }))
    return std::string_view::npos;
  std::size_t e = k;
  while (e < end && wsp(text[e])) ++e;
  if (e >= end || text[e] != '=') return std::string_view::npos;
  return k;
}

}  // namespace

std::vector<Tag> parse_tag_list(std::string_view text, std::span<const std::string_view> known_names) {
  std::vector<Tag> out;
  parse_tag_list(text, known_names, out);
  return out;
}

void parse_tag_list(std::string_view text, std::span<const std::string_view> known_names, std::vector<Tag>& out) {
  out.clear();
  std::size_t seg = 0;
  while (seg <= text.size()) {
    std::size_t seg_end = text.find(';', seg);
    if (seg_end == std::string_view::npos) seg_end = text.size();
    std::size_t b = seg;
    std::size_t e = seg_end;
    while (b < e && wsp(text[b])) ++b;
    while (e > b && wsp(text[e - 1])) --e;
    std::size_t missing_at = std::string_view::npos;
    char used = ';';
    while (b < e) {
      Tag t;
      t.begin = b;
      t.missing_semicolon_at = missing_at;
      t.separator_used = used;
      const std::size_t eq = text.substr(b, e - b).find('=');
      if (eq == std::string_view::npos) {
        t.name_begin = b;
        t.name_end = t.end = e;
        t.value_begin = t.value_end = e;
        out.push_back(t);
        break;
      }
      const std::size_t eq_at = b + eq;
      t.has_equals = true;
      t.name_begin = b;
      t.name_end = eq_at;
      while (t.name_end > t.name_begin && wsp(text[t.name_end - 1])) --t.name_end;
      std::size_t v = eq_at + 1;
      while (v < e && wsp(text[v])) ++v;
      t.value_begin = v;
      // Look for a missing separator inside the value.
      std::size_t next = std::string_view::npos;
      for (std::size_t k = v; k < e; ++k) {
        while (k < e && !value_break[static_cast<unsigned char>(text[k])]) ++k;
        if (k >= e) break;
        std::size_t j = k;
        std::size_t at = k;
        char sep = ' ';
        while (j < e && wsp(text[j])) ++j;
        if (j < e && text[j] == ',') {
          at = j;
          sep = ',';
          ++j;
          while (j < e && wsp(text[j])) ++j;
        }
        if (known_tag_at(text, j, e, known_names) != std::string_view::npos) {
          next = j;
          missing_at = at;
          used = sep;
          t.value_end = k;
          break;
        }
        k = j - 1;  // skip the run already examined
      }
      if (next == std::string_view::npos) t.value_end = e;
      while (t.value_end > t.value_begin && wsp(text[t.value_end - 1])) --t.value_end;
      t.end = next == std::string_view::npos ? e : t.value_end;
      out.push_back(t);
      if (next == std::string_view::npos) break;
      b = next;
    }
    if (seg_end >= text.size()) break;
    seg = seg_end + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Amazon SES host names.

namespace {

constexpr std::array<std::string_view, 29> ses_regions{
    "af-south-1",     "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",   "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-5", "ca-central-1", "ca-west-1",
    "eu-central-1",   "eu-central-2",   "eu-north-1",     "eu-south-1",     "eu-west-1",    "eu-west-2",
    "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",     "sa-east-1",    "us-east-1",
    "us-east-2",      "us-gov-east-1",  "us-gov-west-1",  "us-west-1",      "us-west-2",
};

}  // namespace

bool looks_like_region(std::string_view s) noexcept {
  // xx-word-N or xx-gov-word-N
  std::array<std::string_view, 5> parts{};
  std::size_t count = 0;
  std::size_t i = 0;
  while (count < parts.size()) {
    const std::size_t dash = s.find('-', i);
    parts[count++] = s.substr(i, dash == std::string_view::npos ? std::string_view::npos : dash - i);
    if (dash == std::string_view::npos) break;
    i = dash + 1;
  }
  if (count < 3 || count > 4 || i > s.size()) return false;
  const auto letters = [](std::string_view p) {
    return !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  };
  if (parts[0].size() != 2 || !letters(parts[0])) return false;
  if (count == 4 && parts[1] != "gov") return false;
  for (std::size_t k = 1; k + 1 < count; ++k)
    if (!letters(parts[k])) return false;
  const std::string_view last = parts[count - 1];
  return !last.empty() && last.size() <= 2 && all_digits(last);
}

bool known_ses_region(std::string_view s) noexcept {
  return std::find(ses_regions.begin(), ses_regions.end(), s) != ses_regions.end();
}

SesHost classify_ses_host(std::string_view host) {
  SesHost out;
  // One pass over the labels (split at dots; "" is one empty label), keeping the few that
  // matter: the first two, the first amazonses / amazonaws after the first, and the one after it.
  constexpr std::size_t none = std::string_view::npos;
  std::size_t count = 0;
  std::string_view first;
  std::pair<std::size_t, std::string_view> second;
  std::size_t suffix = none;  // index of the amazonses / amazonaws label
  std::size_t suffix_at = 0;
  bool ses_suffix = false;
  std::string_view after_suffix;
  for (std::size_t i = 0;;) {
    const std::size_t dot = host.find('.', i);
    const std::size_t end = dot == std::string_view::npos ? host.size() : dot;
    const std::string_view label = host.substr(i, end - i);
    if (count == 0) first = label;
    if (count == 1) second = {i, label};
    if (suffix == none && count >= 1 && (iequals(label, "amazonses") || iequals(label, "amazonaws"))) {
      suffix = count;
      suffix_at = i;
      ses_suffix = iequals(label, "amazonses");
    } else if (suffix != none && count == suffix + 1) {
      after_suffix = label;
    }
    ++count;
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  const bool has_suffix = suffix != none;
  const bool exact_tail = has_suffix && suffix + 2 == count && iequals(after_suffix, "com");
  if (has_suffix) out.suffix_begin = suffix_at;
  // The second label is the region when the suffix follows it, or when there is no suffix and
  // no third label.
  if ((has_suffix ? suffix : count) == 2) {
    out.region = second.second;
    out.region_begin = second.first;
  }
  if (iequals(first, "feedback-smtp")) {
    if (exact_tail && suffix == 2) out.kind = ses_suffix ? SesHostKind::feedback : SesHostKind::feedback_amazonaws;
    else if (exact_tail && suffix == 1 && ses_suffix) out.kind = SesHostKind::feedback_no_region;
    else out.kind = SesHostKind::feedback_other;
    return out;
  }
  if (iequals(first, "email-smtp")) {
    if (has_suffix) out.kind = SesHostKind::email_smtp;
    return out;
  }
  if (iequals(first, "inbound-smtp")) {
    if (exact_tail && suffix == 2) out.kind = ses_suffix ? SesHostKind::inbound_amazonses : SesHostKind::inbound_smtp;
    return out;
  }
  if (has_suffix && edit_distance(first, "feedback-smtp") <= 2) out.kind = SesHostKind::feedback_other;
  return out;
}

std::optional<MxTarget> mx_target(const LintContext& context, const Record& record) {
  if (record.has(record_flag::generic_rdata) || record.has(record_flag::untyped)) return std::nullopt;
  const std::vector<Token> tokens = context.rdata_tokens(record);
  if (tokens.size() < 2) return std::nullopt;
  MxTarget out;
  out.preference = tokens[0];
  out.exchange = tokens[1];
  const std::string_view text = context.text(record);
  for (char c : tokens[0].content(text)) {
    if (!is_digit(c)) return std::nullopt;
    out.preference_value = out.preference_value * 10 + static_cast<std::uint32_t>(c - '0');
    if (out.preference_value > 65535) return std::nullopt;
  }
  const std::string_view raw = tokens[1].content(text);
  out.absolute = raw.ends_with('.') && !raw.ends_with("\\.");
  out.decoded = context.decode(record, tokens[1]);
  std::string_view host = out.decoded.bytes;
  if (out.absolute) host.remove_suffix(1);
  out.host = lower(host);
  return out;
}

bool may_name_ses_host(const LintContext& context, const Record& record) noexcept {
  // An escape, "amazon" or "smtp" (case-insensitively). The fourth byte of "amazon" is a 'z' and
  // that of "smtp" a 'p': only those bytes (and '\\') are looked at, found eight bytes at a time.
  const std::string_view rdata = context.rdata_text(record);
  const std::size_t n = rdata.size();
  const auto hit = [&](std::size_t i) {
    const char c = rdata[i];
    if (c == '\\') return true;
    if (i < 3) return false;
    const char l = lower_char(c);
    if (l == 'z') return n - (i - 3) >= 6 && iequals(rdata.substr(i - 3, 6), "amazon");
    return l == 'p' && iequals(rdata.substr(i - 3, 4), "smtp");
  };
  constexpr std::uint64_t ones = 0x0101010101010101u;
  constexpr std::uint64_t tops = 0x8080808080808080u;
  const auto has_byte = [](std::uint64_t w, unsigned char b) {
    const std::uint64_t x = w ^ (b * ones);
    return ((x - ones) & ~x & tops) != 0;
  };
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, rdata.data() + i, 8);
    const std::uint64_t folded = w | (0x20 * ones);  // 'Z' to 'z', 'P' to 'p'
    if (!has_byte(folded, 'z') && !has_byte(folded, 'p') && !has_byte(w, '\\')) continue;
    for (std::size_t k = i; k < i + 8; ++k)
      if (hit(k)) return true;
  }
  for (; i < n; ++i)
    if (hit(i)) return true;
  return false;
}

namespace {

// A byte a word holds as written (grammar/master_file.hpp word_char): no blank, quote,
// parenthesis, ';', '\\' or control character.
constexpr bool word_plain(char ch) noexcept {
  const auto c = static_cast<unsigned char>(ch);
  return c == '!' || (c >= '#' && c <= '\'') || (c >= '*' && c <= ':') || (c >= '<' && c <= '[') ||
         (c >= ']' && c <= '~') || c >= 0x80;
}

}  // namespace

std::optional<SesHostKind> mx_host_kind(const LintContext& context, const Record& record) {
  if (record.has(record_flag::generic_rdata) || record.has(record_flag::untyped)) return std::nullopt;
  // RDATA of plain words and blanks: its tokens are the words, each its own decoded text.
  const std::string_view rdata = context.rdata_text(record);
  std::array<std::string_view, 2> words{};
  std::size_t count = 0;
  bool plain = true;
  for (std::size_t i = 0; i < rdata.size();) {
    if (blank_or_break(rdata[i])) {
      ++i;
      continue;
    }
    if (!word_plain(rdata[i])) {
      plain = false;
      break;
    }
    std::size_t j = i + 1;
    while (j < rdata.size() && word_plain(rdata[j])) ++j;
    if (count < words.size()) words[count] = rdata.substr(i, j - i);
    ++count;
    i = j;
  }
  std::array<char, 256> lowered{};
  if (plain && count >= 2 && words[1].size() <= lowered.size()) {
    std::uint32_t preference = 0;
    for (const char c : words[0]) {
      if (!is_digit(c)) return std::nullopt;
      preference = preference * 10 + static_cast<std::uint32_t>(c - '0');
      if (preference > 65535) return std::nullopt;
    }
    std::string_view host = words[1];
    if (host.ends_with('.')) host.remove_suffix(1);
    std::transform(host.begin(), host.end(), lowered.begin(), lower_char);
    return classify_ses_host(std::string_view(lowered.data(), host.size())).kind;
  }
  if (plain && count < 2) return std::nullopt;
  const auto mx = mx_target(context, record);
  if (!mx) return std::nullopt;
  return classify_ses_host(mx->host).kind;
}

SesMxHosts::SesMxHosts(const LintContext& context) {
  const auto mx = context.of_type(rr::MX);
  // The host kind of every MX record was found in the pass that reads the RDATA of all records
  // with name fields once (ses::NameRdata).
  const auto& rdata_scan = context.analysis<ses::NameRdata>();
  for (std::size_t k = 0; k < mx.size(); ++k) {
    const std::uint32_t i = mx[k];
    const unsigned kind = (rdata_scan.bits(i) & ses::NameRdata::ses_host_mask) >> ses::NameRdata::ses_host_shift;
    if (kind != 0) entries.push_back({i, static_cast<SesHostKind>(kind)});
  }
}

std::optional<std::string> txt_prefix(const LintContext& context, const Record& record, std::size_t n) {
  std::string out(n, '\0');
  const auto head = txt_prefix(context, record, std::span<char>(out));
  if (!head) return std::nullopt;
  out.resize(head->size());
  return out;
}

std::optional<std::string_view> txt_prefix(const LintContext& context, const Record& record, std::span<char> buffer) {
  if (record.has(record_flag::generic_rdata) || record.has(record_flag::untyped)) return std::nullopt;
  const std::string_view rdata = context.rdata_text(record);
  const std::size_t n = buffer.size();
  // The usual form: a quoted string whose first n bytes hold no quote or escape, the first not
  // blank. They are the prefix, as the walk below would find.
  if (rdata.size() > n + 1 && rdata[0] == '"' && !is_space(rdata[1])) {
    std::size_t k = 1;
    while (k <= n && rdata[k] != '"' && rdata[k] != '\\') ++k;
    if (k > n) {
      std::copy_n(rdata.data() + 1, n, buffer.data());
      return std::string_view(buffer.data(), n);
    }
  }
  std::size_t size = 0;
  const auto push = [&](char c) { buffer[size++] = c; };
  bool quoted = false;
  bool in_word = false;
  bool after_quote = false;  // a token glued to a closing quote: left to the lexer
  for (std::size_t i = 0; i < rdata.size() && size < n; ++i) {
    const char c = rdata[i];
    if (c == '\\') return std::nullopt;
    if (quoted) {
      if (c == '"') {
        quoted = false;
        after_quote = true;
      } else if (size != 0 || !is_space(c)) {
        push(c);
      }
      continue;
    }
    const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (after_quote && !blank) return std::nullopt;
    after_quote = false;
    if (c == '"' || ((c == '(' || c == ')') && in_word)) {
      if (in_word) return std::nullopt;
      quoted = true;
    } else if (blank || c == '(' || c == ')') {
      in_word = false;
    } else if (c == ';') {
      if (in_word) return std::nullopt;
      while (i < rdata.size() && rdata[i] != '\n') ++i;
    } else {
      in_word = true;
      push(c);
    }
  }
  return std::string_view(buffer.data(), size);
}

std::vector<Name> custom_mail_from_names(const LintContext& context) {
  std::vector<Name> out;
  std::unordered_set<std::string> seen;
  const auto add = [&](NameView name) {
    if (seen.insert(lower(name.wire())).second) out.emplace_back(std::string(name.wire()));
  };
  const auto records = context.records();
  for (const SesMxHosts::Entry& e : context.analysis<SesMxHosts>().entries) {
    if (is_feedback_kind(e.kind)) add(context.owner(records[e.index]));
  }
  for (const SesIdentityData& identity : context.options().ses_identities) {
    if (identity.mail_from_domain && !identity.mail_from_domain->empty()) add(*identity.mail_from_domain);
  }
  return out;
}

bool dmarc_policy_valid(std::string_view v) noexcept {
  return iequals(v, "none") || iequals(v, "quarantine") || iequals(v, "reject");
}

bool dmarc_pct_valid(std::string_view v) noexcept {
  if (v.empty() || v.size() > 3) return false;
  unsigned n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n <= 100;
}

// A DMARC record in its usual form, shown to be one SES016 selects without a finding,
// without the general reading: quoted strings which, joined (into `joined`), are printable
// ASCII without '\\' and start "v=DMARC1"; the tags are "name=value", blanks only around them,
// with no blank or comma in a value (so no missing ';') and no value empty; the first p= and
// sp= are policies, every adkim= and aspf= is r or s, every pct= 0-100, and the first aspf= is
// not s when a custom MAIL FROM domain is below. False means only: read the record the
// general way.
bool usual_valid_dmarc(const LintContext& context, const Record& r, bool mail_from_below, std::string& joined,
                       bool* first_aspf_strict) {
  if (first_aspf_strict != nullptr) *first_aspf_strict = false;
  if (!join_plain_strings(context, r, joined, std::string_view::npos)) return false;
  const std::string_view text = joined;
  if (!text.starts_with("v=DMARC1")) return false;
  // One pass over "name=value" tags separated by ';' with blanks around them: the bytes a name
  // and a value may hold (printable ASCII but blank, '\\' and ','; a name no '='; neither ';').
  static constexpr std::array<std::uint8_t, 256> byte_class = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0x21; c < 0x7F; ++c) {
      if (c == '\\' || c == ',' || c == ';') continue;
      t[c] = c == '=' ? 2 : 3;  // bit 1: in a name, bit 2: in a value
    }
    return t;
  }();
  const auto in = [&](std::size_t i, std::uint8_t bit) {
    return (byte_class[static_cast<unsigned char>(text[i])] & bit) != 0;
  };
  bool first = true, p = false, sp = false, aspf = false;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    while (i < n && text[i] == ' ') ++i;
    if (i < n && text[i] == ';') {  // an empty tag
      ++i;
      continue;
    }
    if (i >= n) break;
    const std::size_t name_begin = i;
    while (i < n && in(i, 1)) ++i;
    if (i >= n || text[i] != '=' || i == name_begin) return false;
    const std::string_view name = text.substr(name_begin, i - name_begin);
    const std::size_t value_begin = ++i;
    while (i < n && in(i, 2)) ++i;
    const std::string_view value = text.substr(value_begin, i - value_begin);
    while (i < n && text[i] == ' ') ++i;
    if (value.empty() || (i < n && text[i] != ';')) return false;
    ++i;
    if (first) {
      if (name != "v" || value != "DMARC1") return false;
      first = false;
      continue;
    }
    const auto is = [&](std::string_view wanted) { return name.size() == wanted.size() && iequals(name, wanted); };
    const bool is_aspf = is("aspf");
    if (is("p") && !p) {
      p = true;
      if (!dmarc_policy_valid(value)) return false;
    } else if (is("sp") && !sp) {
      sp = true;
      if (!dmarc_policy_valid(value)) return false;
    } else if (is_aspf && !aspf) {
      aspf = true;
      if (first_aspf_strict != nullptr) *first_aspf_strict = iequals(value, "s");
      if (mail_from_below && iequals(value, "s")) return false;
    }
    if ((is("adkim") || is_aspf) && !(value.size() == 1 && (iequals(value, "r") || iequals(value, "s"))))
      return false;
    if (is("pct") && !dmarc_pct_valid(value)) return false;
  }
  return p;
}

}  // namespace zonelint::mail
