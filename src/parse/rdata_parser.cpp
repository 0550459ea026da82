#include "parse/rdata_parser.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>
#include <tao/pegtl.hpp>

#include "grammar/rdata_fields.hpp"
#include "model/text_codec.hpp"

namespace zonelint {

namespace pg = tao::pegtl;
namespace gr = grammar::rdata;

namespace {

template <typename Rule>
bool matches_whole(std::string_view text) {
  pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf> in(text.data(), text.size(), "");
  return pg::parse<pg::seq<Rule, pg::eof>>(in);
}

constexpr std::uint64_t fnv_offset = 1469598103934665603ull;
constexpr std::uint64_t fnv_prime = 1099511628211ull;

// Appends wire bytes and keeps the hash of the canonical form (RFC 4034 §6.2) up to date.
class RdataWriter {
 public:
  RdataWriter(WireRdata& out, bool lowercase_names) : out_(out), lowercase_(lowercase_names) {
    out_.bytes.clear();
    out_.canonical_hash = fnv_offset;
  }
  void byte(std::uint8_t b) { put(static_cast<char>(b), false); }
  void u16(std::uint16_t v) {
    byte(static_cast<std::uint8_t>(v >> 8));
    byte(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void bytes(std::string_view b) {
    for (const char c : b) put(c, false);
  }
  void name(std::string_view wire) {
    for (const char c : wire) put(c, lowercase_);
  }

 private:
  void put(char c, bool lower) {
    out_.bytes.push_back(c);
    out_.canonical_hash ^= lower ? ascii_lower(static_cast<unsigned char>(c)) : static_cast<unsigned char>(c);
    out_.canonical_hash *= fnv_prime;
  }
  WireRdata& out_;
  bool lowercase_;
};

// A token shown in a message: quoted, control bytes escaped, long text cut.
std::string shown(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s.substr(0, 60)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\{:03d}", c);
    } else {
      out.push_back(ch);
    }
  }
  if (s.size() > 60) out += "...";
  out += '"';
  return out;
}

// Days since 1970-01-01 in the proleptic Gregorian calendar (the days_from_civil algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(unsigned y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// RFC 9460 §14.3.2 SvcParamKeys, as BIND 9.18 names them.
struct SvcKey {
  std::string_view name;
  std::uint16_t code;
};
constexpr SvcKey svc_keys[] = {{"mandatory", 0}, {"alpn", 1},     {"no-default-alpn", 2}, {"port", 3},
                               {"ipv4hint", 4},  {"ech", 5},      {"ipv6hint", 6},        {"dohpath", 7},
                               {"ohttp", 8}};

std::optional<std::uint16_t> svc_key_from_text(std::string_view text) {
  for (const SvcKey& k : svc_keys)
    if (k.name == text) return k.code;
  if (text.size() > 3 && text.substr(0, 3) == "key") {
    unsigned v = 0;
    const std::string_view digits = text.substr(3);
    if (digits.size() > 5 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
  }
  return std::nullopt;
}

// Parses the fields of one RDATA against the type table, throwing EntryError at the bad token.
class FieldParser {
 public:
  FieldParser(std::string_view text, NameView origin, const RRTypeInfo& type, std::span<const Token> tokens,
              const Token& type_token, WireRdata& out)
      : text_(text), origin_(origin), type_(type), tokens_(tokens), type_token_(type_token),
        w_(out, type.names_canonical_lowercase) {}

  void run() {
    for (const FieldSpec& f : type_.fields) {
      field_ = &f;
      parse_field();
    }
    if (index_ < tokens_.size()) {
      const Token& extra = tokens_[index_];
      throw EntryError{extra.begin, tokens_.back().end,
                       fmt::format("unexpected {} after the {} RDATA; a {} record has: {}", shown(extra.raw(text_)),
                                   type_.mnemonic, type_.mnemonic, field_list())};
    }
  }

 private:
  [[nodiscard]] bool done() const { return index_ >= tokens_.size(); }
  const Token& next() {
    if (done()) missing();
    return tokens_[index_++];
  }
  std::span<const Token> rest() {
    auto r = tokens_.subspan(index_);
    index_ = tokens_.size();
    return r;
  }
  [[nodiscard]] std::string_view content(const Token& t) const { return t.content(text_); }
  [[nodiscard]] std::string what() const { return fmt::format("{} {}", type_.mnemonic, field_->label); }
  [[nodiscard]] std::string field_list() const {
    std::string out;
    for (const FieldSpec& f : type_.fields) {
      if (!out.empty()) out += ", ";
      out += f.label;
    }
    return out;
  }

  [[noreturn]] void missing() const {
    const std::uint32_t at = tokens_.empty() ? type_token_.end : tokens_.back().end;
    throw EntryError{at, at,
                     fmt::format("{} record is missing its {} (a {} record has: {})", type_.mnemonic, field_->label,
                                 type_.mnemonic, field_list())};
  }
  [[noreturn]] void fail(const Token& t, std::string message) const {
    throw EntryError{t.begin, t.end, std::move(message)};
  }
  [[noreturn]] void fail_at(std::uint32_t begin, std::uint32_t end, std::string message) const {
    throw EntryError{begin, end, std::move(message)};
  }

  std::uint64_t number(const Token& t, std::uint64_t max) {
    const std::string_view s = content(t);
    std::uint64_t v = 0;
    bool ok = !s.empty() && s.size() <= 20 && !t.quoted();
    for (const char c : s) {
      if (c < '0' || c > '9' || v > 0xFFFFFFFFFFull) {
        ok = false;
        break;
      }
      v = v * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (!ok) fail(t, fmt::format("{}: expected a number from 0 to {}, found {}", what(), max, shown(t.raw(text_))));
    if (v > max) fail(t, fmt::format("{} {} is above the maximum of {}", what(), v, max));
    return v;
  }

  void name(const Token& t) {
    if (t.quoted()) {
      const bool spaces = content(t).find_first_of(" \t") != std::string_view::npos;
      fail(t, fmt::format("{}: a domain name cannot be a quoted string; write it without the quotes{}", what(),
                          spaces ? " and the spaces" : ""));
    }
    scratch_.clear();
    NameError error;
    if (!name_from_text(content(t), origin_, scratch_, error)) {
      const auto b = static_cast<std::uint32_t>(t.begin + error.offset);
      fail_at(b, static_cast<std::uint32_t>(b + std::max<std::size_t>(error.length, 1)),
              fmt::format("{}: {}", what(), error.message));
    }
    w_.name(scratch_);
  }

  // One <character-string> token, escapes decoded.
  void char_string(const Token& t, std::string& bytes) {
    std::size_t at = 0;
    std::string message;
    bytes.clear();
    if (!decode_escapes(content(t), bytes, at, message)) {
      const auto b = static_cast<std::uint32_t>(t.content_begin() + at);
      fail_at(b, b + 1, fmt::format("{}: {}", what(), message));
    }
  }

  void limited_string(const Token& t) {
    std::string bytes;
    char_string(t, bytes);
    if (bytes.size() > 255) {
      fail(t, fmt::format("{}: character-string is {} octets long; the limit is 255 (RFC 1035 §3.3), so split it "
                          "into several quoted strings",
                          what(), bytes.size()));
    }
    w_.byte(static_cast<std::uint8_t>(bytes.size()));
    w_.bytes(bytes);
  }

  // Base64 or hex spread over the remaining tokens (blanks may split them).
  void binary_rest(bool hex, bool optional) {
    if (done()) {
      if (optional) return;
      missing();
    }
    std::string joined;
    std::vector<std::uint32_t> origins;
    for (const Token& t : rest()) {
      const std::string_view s = content(t);
      for (std::size_t i = 0; i < s.size(); ++i) origins.push_back(static_cast<std::uint32_t>(t.content_begin() + i));
      joined.append(s);
    }
    std::string bytes;
    std::size_t at = 0;
    std::string message;
    const bool ok = hex ? decode_hex(joined, bytes, at, message) : decode_base64(joined, bytes, at, message);
    if (!ok) {
      const std::uint32_t b = at < origins.size() ? origins[at] : tokens_.back().end;
      fail_at(b, b + (at < origins.size() ? 1 : 0), fmt::format("{}: {}", what(), message));
    }
    w_.bytes(bytes);
  }

  void ipv4(const Token& t, std::string& out) {
    const std::string_view s = content(t);
    in_addr addr{};
    if (t.quoted() || !matches_whole<gr::ipv4_address>(s) || ::inet_pton(AF_INET, std::string(s).c_str(), &addr) != 1) {
      fail(t, fmt::format("{}: {} is not a valid IPv4 address (four numbers 0-255 without leading zeros)", what(),
                          shown(t.raw(text_))));
    }
    out.append(reinterpret_cast<const char*>(&addr), 4);
  }

  void ipv6(const Token& t, std::string& out, std::string_view s) {
    in6_addr addr{};
    if (t.quoted() || s.size() > 45 || ::inet_pton(AF_INET6, std::string(s).c_str(), &addr) != 1) {
      fail(t, fmt::format("{}: {} is not a valid IPv6 address (RFC 4291 §2.2)", what(), shown(s)));
    }
    out.append(reinterpret_cast<const char*>(&addr), 16);
  }

  void parse_field();
  void parse_time();
  void parse_type_bitmap();
  void parse_loc();
  void parse_svc_params();
  void parse_svc_value(std::uint16_t key, const Token& t, std::string_view value, bool has_value, std::string& out);

  std::string_view text_;
  NameView origin_;
  const RRTypeInfo& type_;
  std::span<const Token> tokens_;
  const Token& type_token_;
  RdataWriter w_;
  const FieldSpec* field_ = nullptr;
  std::size_t index_ = 0;
  std::string scratch_;
};

void FieldParser::parse_field() {
  switch (field_->kind) {
    case FieldKind::name: name(next()); break;
    case FieldKind::u8: w_.byte(static_cast<std::uint8_t>(number(next(), 255))); break;
    case FieldKind::u16: w_.u16(static_cast<std::uint16_t>(number(next(), 65535))); break;
    case FieldKind::u32: w_.u32(static_cast<std::uint32_t>(number(next(), 4294967295ull))); break;
    case FieldKind::period:
    case FieldKind::ttl: {
      const Token& t = next();
      std::uint64_t seconds = 0;
      const std::uint64_t max = field_->kind == FieldKind::ttl ? 2147483647ull : 4294967295ull;
      if (t.quoted() || !RdataParser::parse_ttl(content(t), seconds)) {
        fail(t, fmt::format("{}: expected a number of seconds or a duration like 1h30m, found {}", what(),
                            shown(t.raw(text_))));
      }
      if (seconds > max) fail(t, fmt::format("{} {} is above the maximum of {}", what(), seconds, max));
      w_.u32(static_cast<std::uint32_t>(seconds));
      break;
    }
    case FieldKind::ipv4:
    case FieldKind::ilnp_ipv4: {
      std::string bytes;
      ipv4(next(), bytes);
      w_.bytes(bytes);
      break;
    }
    case FieldKind::ipv6: {
      const Token& t = next();
      std::string bytes;
      ipv6(t, bytes, content(t));
      w_.bytes(bytes);
      break;
    }
    case FieldKind::string: limited_string(next()); break;
    case FieldKind::strings:
      if (done()) missing();
      while (!done()) limited_string(next());
      break;
    case FieldKind::string_rest: {
      std::string bytes;
      char_string(next(), bytes);
      w_.bytes(bytes);
      break;
    }
    case FieldKind::base64: binary_rest(false, false); break;
    case FieldKind::base64_opt: binary_rest(false, true); break;
    case FieldKind::hex: binary_rest(true, false); break;
    case FieldKind::hex_opt: binary_rest(true, true); break;
    case FieldKind::salt: {
      const Token& t = next();
      const std::string_view s = content(t);
      if (!t.quoted() && s == "-") {
        w_.byte(0);
        break;
      }
      std::string bytes;
      std::size_t at = 0;
      std::string message;
      if (t.quoted() || !decode_hex(s, bytes, at, message)) {
        const auto b = static_cast<std::uint32_t>(t.content_begin() + std::min(at, s.size()));
        fail_at(b, b + 1, fmt::format("{}: {}", what(), t.quoted() ? "expected hex digits or \"-\"" : message));
      }
      if (bytes.size() > 255) fail(t, fmt::format("{} is {} octets long; the limit is 255", what(), bytes.size()));
      w_.byte(static_cast<std::uint8_t>(bytes.size()));
      w_.bytes(bytes);
      break;
    }
    case FieldKind::hash32: {
      const Token& t = next();
      const std::string_view s = content(t);
      std::string bytes;
      std::size_t at = 0;
      std::string message;
      if (!decode_base32hex(s, bytes, at, message)) {
        const auto b = static_cast<std::uint32_t>(t.content_begin() + std::min(at, s.size()));
        fail_at(b, b + 1, fmt::format("{}: {}", what(), message));
      }
      if (bytes.empty() || bytes.size() > 255) fail(t, fmt::format("{} must be 1 to 255 octets long", what()));
      w_.byte(static_cast<std::uint8_t>(bytes.size()));
      w_.bytes(bytes);
      break;
    }
    case FieldKind::rrtype: {
      const Token& t = next();
      const auto code = type_from_text(content(t));
      if (t.quoted() || !code) fail(t, fmt::format("{}: unknown RR type {}", what(), shown(t.raw(text_))));
      w_.u16(*code);
      break;
    }
    case FieldKind::type_bitmap: parse_type_bitmap(); break;
    case FieldKind::time: parse_time(); break;
    case FieldKind::algorithm: {
      const Token& t = next();
      const auto v = algorithm_from_text(content(t));
      if (t.quoted() || !v) {
        fail(t, fmt::format("{}: expected an algorithm number (0-255) or a mnemonic such as ECDSAP256SHA256, found {}",
                            what(), shown(t.raw(text_))));
      }
      w_.byte(*v);
      break;
    }
    case FieldKind::digest_type: {
      const Token& t = next();
      const auto v = digest_type_from_text(content(t));
      if (t.quoted() || !v) {
        fail(t, fmt::format("{}: expected a digest type number (0-255), found {}", what(), shown(t.raw(text_))));
      }
      w_.byte(*v);
      break;
    }
    case FieldKind::cert_type: {
      const Token& t = next();
      const auto v = cert_type_from_text(content(t));
      if (t.quoted() || !v) {
        fail(t, fmt::format("{}: expected a certificate type number or a mnemonic such as PKIX, found {}", what(),
                            shown(t.raw(text_))));
      }
      w_.u16(*v);
      break;
    }
    case FieldKind::caa_tag: {
      const Token& t = next();
      const std::string_view s = content(t);
      if (t.quoted() || !matches_whole<gr::caa_tag>(s) || s.size() > 255) {
        fail(t, fmt::format("{}: a CAA tag is letters and digits only (RFC 8659 §4.1), found {}", what(),
                            shown(t.raw(text_))));
      }
      w_.byte(static_cast<std::uint8_t>(s.size()));
      w_.bytes(s);
      break;
    }
    case FieldKind::eui48:
    case FieldKind::eui64:
    case FieldKind::l64: {
      const Token& t = next();
      const std::string_view s = content(t);
      const bool ok = field_->kind == FieldKind::eui48   ? matches_whole<gr::eui48>(s)
                      : field_->kind == FieldKind::eui64 ? matches_whole<gr::eui64>(s)
                                                         : matches_whole<gr::ilnp64>(s);
      if (t.quoted() || !ok) {
        fail(t, fmt::format("{}: expected {}, found {}", what(),
                            field_->kind == FieldKind::l64 ? "four groups of four hex digits joined by ':'"
                            : field_->kind == FieldKind::eui48 ? "six pairs of hex digits joined by '-'"
                                                               : "eight pairs of hex digits joined by '-'",
                            shown(t.raw(text_))));
      }
      std::string digits;
      for (const char c : s)
        if (c != '-' && c != ':') digits.push_back(c);
      std::string bytes;
      std::size_t at = 0;
      std::string message;
      decode_hex(digits, bytes, at, message);
      w_.bytes(bytes);
      break;
    }
    case FieldKind::loc: parse_loc(); break;
    case FieldKind::svc_params: parse_svc_params(); break;
  }
}

void FieldParser::parse_time() {
  const Token& t = next();
  const std::string_view s = content(t);
  if (t.quoted() || !matches_whole<gr::rrsig_time>(s)) {
    fail(t, fmt::format("{}: expected YYYYMMDDHHmmSS or a number of seconds, found {}", what(), shown(t.raw(text_))));
  }
  if (s.size() != 14) {
    w_.u32(static_cast<std::uint32_t>(number(t, 4294967295ull)));
    return;
  }
  const auto part = [&](std::size_t pos, std::size_t len) {
    unsigned v = 0;
    for (std::size_t k = pos; k < pos + len; ++k) v = v * 10 + static_cast<unsigned>(s[k] - '0');
    return v;
  };
  const unsigned year = part(0, 4), month = part(4, 2), day = part(6, 2);
  const unsigned hour = part(8, 2), minute = part(10, 2), second = part(12, 2);
  static constexpr unsigned month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool valid = year >= 1970 && month >= 1 && month <= 12 && day >= 1 &&
                     day <= month_days[month - 1] + ((month == 2 && is_leap(year)) ? 1u : 0u) && hour <= 23 &&
                     minute <= 59 && second <= 59;
  if (!valid) fail(t, fmt::format("{}: {} is not a valid UTC date and time", what(), shown(s)));
  const std::int64_t secs =
      days_from_civil(year, month, day) * 86400 + static_cast<std::int64_t>(hour * 3600 + minute * 60 + second);
  // RFC 4034 §3.1.5: serial number arithmetic, so the value wraps modulo 2^32.
  w_.u32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(secs) & 0xFFFFFFFFull));
}

void FieldParser::parse_type_bitmap() {
  std::vector<RRType> types;
  for (const Token& t : rest()) {
    const auto code = type_from_text(content(t));
    if (t.quoted() || !code) fail(t, fmt::format("{}: unknown RR type {}", what(), shown(t.raw(text_))));
    types.push_back(*code);
  }
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  // RFC 4034 §4.1.2: one block per 256-type window, bitmap octets up to the last set bit.
  std::size_t i = 0;
  while (i < types.size()) {
    const unsigned window = types[i] >> 8;
    std::array<std::uint8_t, 32> bits{};
    unsigned length = 0;
    for (; i < types.size() && (types[i] >> 8) == window; ++i) {
      const unsigned low = types[i] & 0xFFu;
      bits[low / 8] = static_cast<std::uint8_t>(bits[low / 8] | (0x80u >> (low % 8)));
      length = low / 8 + 1;
    }
    w_.byte(static_cast<std::uint8_t>(window));
    w_.byte(static_cast<std::uint8_t>(length));
    for (unsigned k = 0; k < length; ++k) w_.byte(bits[k]);
  }
}

// RFC 1876 §3: d1 [m1 [s1]] {N|S} d2 [m2 [s2]] {E|W} alt[m] [siz[m] [hp[m] [vp[m]]]]
void FieldParser::parse_loc() {
  // Parses a decimal with at most `decimals` fraction digits into an integer scaled by 10^decimals.
  const auto fixed = [&](const Token& t, std::string_view s, int decimals, bool allow_sign, std::int64_t& out) {
    bool negative = false;
    std::size_t i = 0;
    if (allow_sign && i < s.size() && s[i] == '-') {
      negative = true;
      ++i;
    }
    std::int64_t whole = 0;
    std::size_t digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      whole = whole * 10 + (s[i] - '0');
      ++i;
      if (++digits > 10) return false;
    }
    std::int64_t frac = 0;
    int frac_digits = 0;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (frac_digits == decimals) return false;
        frac = frac * 10 + (s[i] - '0');
        ++frac_digits;
        ++i;
      }
    }
    if (i != s.size() || (digits == 0 && frac_digits == 0)) return false;
    for (int k = frac_digits; k < decimals; ++k) frac *= 10;
    std::int64_t scale = 1;
    for (int k = 0; k < decimals; ++k) scale *= 10;
    out = (whole * scale + frac) * (negative ? -1 : 1);
    (void)t;
    return true;
  };
  const auto is_number = [](std::string_view s) { return !s.empty() && ((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '.'); };

  // One coordinate: degrees [minutes [seconds]] hemisphere, in thousandths of arc seconds.
  const auto coordinate = [&](unsigned max_degrees, char positive, char negative_hemi, const char* what_name) {
    const Token& dt = next();
    std::int64_t degrees = 0;
    if (dt.quoted() || !fixed(dt, content(dt), 0, false, degrees) || degrees > max_degrees) {
      fail(dt, fmt::format("LOC {} degrees must be a whole number from 0 to {}, found {}", what_name, max_degrees,
                           shown(dt.raw(text_))));
    }
    std::int64_t minutes = 0;
    std::int64_t seconds_milli = 0;
    const Token* t = &next();
    if (is_number(content(*t))) {
      if (!fixed(*t, content(*t), 0, false, minutes) || minutes > 59) {
        fail(*t, fmt::format("LOC {} minutes must be a whole number from 0 to 59, found {}", what_name,
                             shown(t->raw(text_))));
      }
      t = &next();
      if (is_number(content(*t))) {
        if (!fixed(*t, content(*t), 3, false, seconds_milli) || seconds_milli >= 60000) {
          fail(*t, fmt::format("LOC {} seconds must be from 0 to 59.999, found {}", what_name, shown(t->raw(text_))));
        }
        t = &next();
      }
    }
    const std::string_view hemi = content(*t);
    const bool pos = hemi.size() == 1 && (hemi[0] == positive || hemi[0] == positive + 32);
    const bool neg = hemi.size() == 1 && (hemi[0] == negative_hemi || hemi[0] == negative_hemi + 32);
    if (!pos && !neg) {
      fail(*t, fmt::format("LOC {}: expected {} or {}, found {}", what_name, positive, negative_hemi,
                           shown(t->raw(text_))));
    }
    const std::int64_t total = ((degrees * 60 + minutes) * 60) * 1000 + seconds_milli;
    if (total > static_cast<std::int64_t>(max_degrees) * 3600000) {
      fail(dt, fmt::format("LOC {} is beyond {} degrees", what_name, max_degrees));
    }
    return static_cast<std::uint32_t>((std::int64_t{1} << 31) + (pos ? total : -total));
  };

  // Size and precision: meters with an optional "m", encoded as mantissa and power of ten in cm.
  const auto precision = [&](const Token& t, const char* what_name) -> std::uint8_t {
    std::string_view s = content(t);
    if (!s.empty() && (s.back() == 'm' || s.back() == 'M')) s.remove_suffix(1);
    std::int64_t cm = 0;
    if (t.quoted() || !fixed(t, s, 2, false, cm) || cm > 9000000000) {
      fail(t, fmt::format("LOC {} must be from 0 to 90000000.00 meters, found {}", what_name, shown(t.raw(text_))));
    }
    std::uint8_t exponent = 0;
    // RFC 1876 keeps one significant digit; lower digits are dropped.
    while (cm >= 10 && exponent < 9) {
      cm /= 10;
      ++exponent;
    }
    return static_cast<std::uint8_t>((cm << 4) | exponent);
  };

  const std::uint32_t latitude = coordinate(90, 'N', 'S', "latitude");
  const std::uint32_t longitude = coordinate(180, 'E', 'W', "longitude");
  const Token& at = next();
  std::string_view alt_text = content(at);
  if (!alt_text.empty() && (alt_text.back() == 'm' || alt_text.back() == 'M')) alt_text.remove_suffix(1);
  std::int64_t altitude_cm = 0;
  if (at.quoted() || !fixed(at, alt_text, 2, true, altitude_cm) || altitude_cm < -10000000 ||
      altitude_cm > 4284967295) {
    fail(at, fmt::format("LOC altitude must be from -100000.00 to 42849672.95 meters, found {}", shown(at.raw(text_))));
  }
  std::uint8_t size = 0x12;        // 1m
  std::uint8_t horizontal = 0x16;  // 10000m
  std::uint8_t vertical = 0x13;    // 10m
  if (!done()) size = precision(next(), "size");
  if (!done()) horizontal = precision(next(), "horizontal precision");
  if (!done()) vertical = precision(next(), "vertical precision");
  w_.byte(0);  // version
  w_.byte(size);
  w_.byte(horizontal);
  w_.byte(vertical);
  w_.u32(latitude);
  w_.u32(longitude);
  w_.u32(static_cast<std::uint32_t>(altitude_cm + 10000000));
}

void FieldParser::parse_svc_value(std::uint16_t key, const Token& t, std::string_view value, bool has_value,
                                  std::string& out) {
  const auto need_value = [&]() {
    if (!has_value || value.empty()) fail(t, fmt::format("{}: SvcParam key{} needs a value", what(), key));
  };
  const auto split_commas = [&](std::string_view v, auto&& each) {
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
      if (i == v.size() || v[i] == ',') {
        each(v.substr(start, i - start));
        start = i + 1;
      }
    }
  };
  std::string decoded;
  std::size_t at = 0;
  std::string message;
  if (has_value && !decode_escapes(value, decoded, at, message)) fail(t, fmt::format("{}: {}", what(), message));
  switch (key) {
    case 0: {  // mandatory
      need_value();
      std::vector<std::uint16_t> keys;
      split_commas(decoded, [&](std::string_view k) {
        const auto code = svc_key_from_text(k);
        if (!code) fail(t, fmt::format("{}: unknown SvcParam key {} in mandatory", what(), shown(k)));
        keys.push_back(*code);
      });
      std::sort(keys.begin(), keys.end());
      if (std::adjacent_find(keys.begin(), keys.end()) != keys.end())
        fail(t, fmt::format("{}: mandatory lists a key twice", what()));
      for (const std::uint16_t k : keys) {
        out.push_back(static_cast<char>(k >> 8));
        out.push_back(static_cast<char>(k));
      }
      break;
    }
    case 1: {  // alpn: comma-separated, "\," is a literal comma (RFC 9460 §7.1.1)
      need_value();
      std::string id;
      const auto flush = [&]() {
        if (id.empty() || id.size() > 255) fail(t, fmt::format("{}: alpn IDs must be 1 to 255 octets", what()));
        out.push_back(static_cast<char>(id.size()));
        out += id;
        id.clear();
      };
      // Escapes were decoded once above; a second level ("\\,") marks literal commas.
      for (std::size_t i = 0; i < decoded.size(); ++i) {
        if (decoded[i] == '\\' && i + 1 < decoded.size()) {
          id.push_back(decoded[++i]);
        } else if (decoded[i] == ',') {
          flush();
        } else {
          id.push_back(decoded[i]);
        }
      }
      flush();
      break;
    }
    case 2:  // no-default-alpn
    case 8:  // ohttp
      if (has_value) fail(t, fmt::format("{}: {} takes no value", what(), key == 2 ? "no-default-alpn" : "ohttp"));
      break;
    case 3: {  // port
      need_value();
      unsigned v = 0;
      bool ok = !decoded.empty() && decoded.size() <= 5;
      for (const char c : decoded) {
        if (c < '0' || c > '9') ok = false;
        else v = v * 10 + static_cast<unsigned>(c - '0');
      }
      if (!ok || v > 65535) fail(t, fmt::format("{}: port must be a number from 0 to 65535", what()));
      out.push_back(static_cast<char>(v >> 8));
      out.push_back(static_cast<char>(v));
      break;
    }
    case 4:    // ipv4hint
    case 6: {  // ipv6hint
      need_value();
      split_commas(decoded, [&](std::string_view a) {
        if (key == 4) {
          in_addr addr{};
          if (!matches_whole<gr::ipv4_address>(a) || ::inet_pton(AF_INET, std::string(a).c_str(), &addr) != 1)
            fail(t, fmt::format("{}: {} is not a valid IPv4 address", what(), shown(a)));
          out.append(reinterpret_cast<const char*>(&addr), 4);
        } else {
          in6_addr addr{};
          if (a.size() > 45 || ::inet_pton(AF_INET6, std::string(a).c_str(), &addr) != 1)
            fail(t, fmt::format("{}: {} is not a valid IPv6 address", what(), shown(a)));
          out.append(reinterpret_cast<const char*>(&addr), 16);
        }
      });
      break;
    }
    case 5: {  // ech
      need_value();
      std::string bytes;
      if (!decode_base64(decoded, bytes, at, message)) fail(t, fmt::format("{}: ech: {}", what(), message));
      out += bytes;
      break;
    }
    default:  // dohpath and unknown keys: the value as octets
      if (key == 7) need_value();
      out += decoded;
      break;
  }
}

void FieldParser::parse_svc_params() {
  std::vector<std::pair<std::uint16_t, std::string>> params;
  while (!done()) {
    const Token& t = next();
    if (t.quoted()) fail(t, fmt::format("{}: expected key=value, found a quoted string", what()));
    const std::string_view s = content(t);
    const std::size_t eq = s.find('=');
    const std::string_view key_text = s.substr(0, eq);
    const auto key = svc_key_from_text(key_text);
    if (!key || !matches_whole<gr::svc_key>(key_text)) {
      fail_at(t.begin, static_cast<std::uint32_t>(t.begin + key_text.size()),
              fmt::format("{}: unknown SvcParam key {} (RFC 9460 §14.3.2; use keyNNNNN for others)", what(),
                          shown(key_text)));
    }
    std::string_view value;
    bool has_value = eq != std::string_view::npos;
    if (has_value) {
      value = s.substr(eq + 1);
      // key="quoted value": the quoted string follows the word with no blank between.
      if (value.empty() && !done() && tokens_[index_].quoted() && tokens_[index_].begin == t.end) {
        value = content(tokens_[index_]);
        ++index_;
      }
    }
    std::string wire;
    parse_svc_value(*key, t, value, has_value, wire);
    if (wire.size() > 65535) fail(t, fmt::format("{}: SvcParam value is too long", what()));
    params.emplace_back(*key, std::move(wire));
  }
  std::sort(params.begin(), params.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 1; i < params.size(); ++i) {
    if (params[i].first == params[i - 1].first) {
      throw EntryError{tokens_.front().begin, tokens_.back().end,
                       fmt::format("{}: SvcParam key{} appears twice (RFC 9460 §2.2)", what(), params[i].first)};
    }
  }
  for (const auto& [key, wire] : params) {
    w_.u16(key);
    w_.u16(static_cast<std::uint16_t>(wire.size()));
    w_.bytes(wire);
  }
}

}  // namespace

bool RdataParser::parse_ttl(std::string_view text, std::uint64_t& seconds) {
  if (text.size() > 40 || !matches_whole<gr::ttl_value>(text)) return false;
  std::uint64_t total = 0;
  std::uint64_t number = 0;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      number = number * 10 + static_cast<std::uint64_t>(c - '0');
      if (number > 0xFFFFFFFFFFull) return false;
      continue;
    }
    std::uint64_t unit = 1;
    switch (c | 0x20) {
      case 'w': unit = 604800; break;
      case 'd': unit = 86400; break;
      case 'h': unit = 3600; break;
      case 'm': unit = 60; break;
      default: unit = 1; break;
    }
    total += number * unit;
    number = 0;
    if (total > 0xFFFFFFFFFFull) return false;
  }
  seconds = total + number;
  return true;
}

void RdataParser::parse(const RRTypeInfo& type, std::span<const Token> tokens, const Token& type_token,
                        WireRdata& out) {
  FieldParser(text_, origin_, type, tokens, type_token, out).run();
}

std::uint64_t RdataParser::token_hash(std::span<const Token> tokens) const {
  std::uint64_t h = fnv_offset;
  for (const Token& t : tokens) {
    for (const char c : t.raw(text_)) {
      h ^= static_cast<unsigned char>(c);
      h *= fnv_prime;
    }
    h ^= 0xFF;
    h *= fnv_prime;
  }
  return h;
}

void RdataParser::parse_generic(std::span<const Token> tokens, WireRdata& out) {
  RdataWriter writer(out, false);
  const Token& marker = tokens.front();
  if (tokens.size() < 2) {
    throw EntryError{marker.begin, marker.end,
                     "\\# needs the RDATA length in octets and then the RDATA in hex (RFC 3597 §5)"};
  }
  const Token& length_token = tokens[1];
  const std::string_view length_text = length_token.content(text_);
  std::uint64_t length = 0;
  bool ok = !length_text.empty() && length_text.size() <= 5 && !length_token.quoted();
  for (const char c : length_text) {
    if (c < '0' || c > '9') ok = false;
    else length = length * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (!ok || length > 65535) {
    throw EntryError{length_token.begin, length_token.end,
                     fmt::format("\\# length must be a number from 0 to 65535, found {}",
                                 shown(length_token.raw(text_)))};
  }
  std::string joined;
  std::vector<std::uint32_t> origins;
  for (const Token& t : tokens.subspan(2)) {
    const std::string_view s = t.content(text_);
    for (std::size_t i = 0; i < s.size(); ++i) origins.push_back(static_cast<std::uint32_t>(t.content_begin() + i));
    joined.append(s);
  }
  std::string bytes;
  std::size_t at = 0;
  std::string message;
  if (!decode_hex(joined, bytes, at, message)) {
    const std::uint32_t b = at < origins.size() ? origins[at] : tokens.back().end;
    throw EntryError{b, b + 1, fmt::format("\\# RDATA: {}", message)};
  }
  if (bytes.size() != length) {
    const std::uint32_t b = tokens.size() > 2 ? tokens[2].begin : length_token.begin;
    throw EntryError{b, tokens.back().end,
                     fmt::format("\\# gives a length of {} octets but the hex that follows holds {}", length,
                                 bytes.size())};
  }
  writer.bytes(bytes);
}

}  // namespace zonelint
