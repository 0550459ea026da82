#include "rules/ses/mail_records.hpp"

#include "rules/ses/ses_dkim.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
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

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_char(a[i]) != lower_char(b[i])) return false;
  return true;
}

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
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
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

std::vector<InvisibleCharacter> invisible_characters(std::string_view bytes) {
  std::vector<InvisibleCharacter> out;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F) {  // printable ASCII: the common case
      ++i;
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

std::string describe_invisible(std::string_view bytes, const InvisibleCharacter& c) {
  const std::string name = ses::describe_code_point(c.code_point);
  if (c.offset == 0) return name + " at the start";
  if (c.offset + c.length == bytes.size()) return name + " at the end";
  // Up to 12 characters before it, whole UTF-8 sequences only.
  std::size_t from = c.offset > 12 ? c.offset - 12 : 0;
  while (from < c.offset && (static_cast<unsigned char>(bytes[from]) & 0xC0) == 0x80) ++from;
  const std::string_view before = bytes.substr(from, c.offset - from);
  return fmt::format("{} after \"{}{}\"", name, from > 0 ? "…" : "", before);
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

std::pair<std::uint32_t, std::uint32_t> JoinedTxt::text_range(std::size_t from, std::size_t to) const {
  if (from < to && to <= bytes.size()) return {begins[from], ends[to - 1]};
  std::uint32_t at = 0;
  if (from < bytes.size()) {
    at = begins[from];
  } else if (!bytes.empty()) {
    at = ends.back();
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
  if (i == 0 || i >= bytes.size() || pieces.empty()) return false;
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
    TxtPiece piece;
    piece.token = t;
    piece.quoted = t.quoted();
    piece.begin = static_cast<std::uint32_t>(out.bytes.size());
    piece.size = static_cast<std::uint32_t>(content.size());
    out.pieces.push_back(piece);
    out.bytes += content;
    for (std::uint32_t k = 0; k < content.size(); ++k) {
      out.begins.push_back(t.content_begin() + k);
      out.ends.push_back(t.content_begin() + k + 1);
    }
  }
  return out;
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

bool valid_ip6(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  const std::string copy(s);
  in6_addr addr{};
  return inet_pton(AF_INET6, copy.c_str(), &addr) == 1;
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
    if (iequals(name, m)) t.kind = kind;
  }
  return t;
}

std::vector<SpfTerm> spf_terms(std::string_view text) {
  std::vector<SpfTerm> out;
  std::size_t i = text.find(' ');
  if (i == std::string_view::npos) return out;  // only the version
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    out.push_back(classify_spf_term(text, i, j));
    i = j;
  }
  return out;
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
  const auto need_domain = [&](std::string_view domain, std::string_view form) -> std::optional<std::string> {
    if (domain.empty()) return fmt::format("\"{}\" has no domain: write {}", term, form);
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
      return need_domain(value, fmt::format("{}:<domain>", kname));
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
      return need_domain(value.substr(0, cidr), fmt::format("{}:<domain>", kname));
    }
    case SpfKind::ptr:
      if (t.separator == 0) return std::nullopt;
      if (t.separator != ':') return std::string("\"ptr\" takes no prefix length");
      return need_domain(value, "ptr:<domain>");
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
      return need_domain(value, fmt::format("{}=<domain>", kname));
    default:
      return std::nullopt;  // unknown modifiers are allowed (RFC 7208 §6)
  }
}

// ---------------------------------------------------------------------------------------------
// Tag lists.

namespace {

bool wsp(char c) noexcept { return is_space(c); }

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
        if (!wsp(text[k]) && text[k] != ',') continue;
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
  return out;
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
  std::vector<std::pair<std::size_t, std::string_view>> labels;
  for (std::size_t i = 0; i <= host.size();) {
    const std::size_t dot = host.find('.', i);
    const std::size_t end = dot == std::string_view::npos ? host.size() : dot;
    labels.emplace_back(i, host.substr(i, end - i));
    if (dot == std::string_view::npos) break;
    i = dot + 1;
  }
  if (labels.empty()) return out;
  std::size_t suffix = labels.size();  // index of the amazonses / amazonaws label
  bool ses_suffix = false;
  for (std::size_t k = 1; k < labels.size(); ++k) {
    if (iequals(labels[k].second, "amazonses") || iequals(labels[k].second, "amazonaws")) {
      suffix = k;
      ses_suffix = iequals(labels[k].second, "amazonses");
      break;
    }
  }
  const bool has_suffix = suffix < labels.size();
  const bool exact_tail = has_suffix && suffix + 2 == labels.size() && iequals(labels[suffix + 1].second, "com");
  if (has_suffix) out.suffix_begin = labels[suffix].first;
  if (suffix == 2) {
    out.region = labels[1].second;
    out.region_begin = labels[1].first;
  }
  const std::string_view first = labels[0].second;
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
  const std::string_view rdata = context.rdata_text(record);
  return rdata.find('\\') != std::string_view::npos || ifind(rdata, "amazon") != std::string_view::npos ||
         ifind(rdata, "smtp") != std::string_view::npos;
}

std::optional<std::string> txt_prefix(const LintContext& context, const Record& record, std::size_t n) {
  if (record.has(record_flag::generic_rdata) || record.has(record_flag::untyped)) return std::nullopt;
  const std::string_view rdata = context.rdata_text(record);
  std::string out;
  bool quoted = false;
  bool in_word = false;
  bool after_quote = false;  // a token glued to a closing quote: left to the lexer
  for (std::size_t i = 0; i < rdata.size() && out.size() < n; ++i) {
    const char c = rdata[i];
    if (c == '\\') return std::nullopt;
    if (quoted) {
      if (c == '"') {
        quoted = false;
        after_quote = true;
      } else if (!out.empty() || !is_space(c)) {
        out.push_back(c);
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
      out.push_back(c);
    }
  }
  return out;
}

std::vector<Name> custom_mail_from_names(const LintContext& context) {
  std::vector<Name> out;
  std::unordered_set<std::string> seen;
  const auto add = [&](NameView name) {
    if (seen.insert(lower(name.wire())).second) out.emplace_back(std::string(name.wire()));
  };
  const auto records = context.records();
  for (const std::uint32_t i : context.of_type(rr::MX)) {
    if (!may_name_ses_host(context, records[i])) continue;
    const auto mx = mx_target(context, records[i]);
    if (mx && is_feedback_kind(classify_ses_host(mx->host).kind)) add(context.owner(records[i]));
  }
  for (const SesIdentityData& identity : context.options().ses_identities) {
    if (identity.mail_from_domain && !identity.mail_from_domain->empty()) add(*identity.mail_from_domain);
  }
  return out;
}

}  // namespace zonelint::mail
