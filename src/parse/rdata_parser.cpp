#include "parse/rdata_parser.hpp"

#include <arpa/inet.h>
#include <netdb.h>

#include <algorithm>
#include <array>
#include <cstring>
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

// A hash of `bytes` eight octets at a time (a byte at a time, as FNV-1a was, cost a dependent
// multiply per octet: long TXT records took most of the RDATA time). For equal-RDATA tests only.
std::uint64_t word_hash(std::string_view bytes) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = fnv_offset ^ (bytes.size() * k);
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  if (i < bytes.size()) {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, bytes.size() - i);
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  h *= k;
  return h ^ (h >> 32);
}

// Appends wire bytes; finish() sets the hash of their canonical form (RFC 4034 §6.2: names
// lowercased for the types that say so), computed once over the whole RDATA so that it depends
// only on the octets, not on how they were appended.
class RdataWriter {
 public:
  RdataWriter(WireRdata& out, bool lowercase_names) : out_(out), lowercase_(lowercase_names) {
    out_.bytes.clear();
    out_.canonical_hash = 0;
    out_.name_ranges.clear();
  }
  void byte(std::uint8_t b) { out_.bytes.push_back(static_cast<char>(b)); }
  void u16(std::uint16_t v) {
    const char b[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
    out_.bytes.append(b, 2);
  }
  void u32(std::uint32_t v) {
    const char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
    out_.bytes.append(b, 4);
  }
  void bytes(std::string_view b) { out_.bytes.append(b); }
  void name(std::string_view wire) {
    if (lowercase_ && !names_with_upper_ &&
        std::any_of(wire.begin(), wire.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
      names_with_upper_ = true;
    }
    if (lowercase_) out_.name_ranges.emplace_back(out_.bytes.size(), wire.size());
    out_.bytes.append(wire);
  }
  void finish() {
    if (!names_with_upper_) {
      out_.canonical_hash = word_hash(out_.bytes);
    } else {
      std::string& lowered = out_.lowered;
      lowered.assign(out_.bytes);
      for (const auto& [at, size] : out_.name_ranges)
        for (std::size_t k = at; k < at + size; ++k)
          lowered[k] = static_cast<char>(ascii_lower(static_cast<unsigned char>(lowered[k])));
      out_.canonical_hash = word_hash(lowered);
    }
  }

 private:
  WireRdata& out_;
  bool lowercase_;
  bool names_with_upper_ = false;
};

// A token shown in a message: quoted, control bytes escaped, long text cut. A quoted token's
// own quotes are the ones shown, not doubled.
std::string shown(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
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

// RFC 9460 §14.3.2 SvcParamKeys, as BIND 9.18 names them. BIND 9.18 does not know "ohttp"
// (RFC 9540, key8); it must be written key8 there.
struct SvcKey {
  std::string_view name;
  std::uint16_t code;
};
constexpr SvcKey svc_keys[] = {{"mandatory", 0}, {"alpn", 1},     {"no-default-alpn", 2}, {"port", 3},
                               {"ipv4hint", 4},  {"ech", 5},      {"ipv6hint", 6},        {"dohpath", 7}};

// A key as messages name it: "alpn" for the keys with names, "key65333" for the others.
std::string svc_key_label(std::uint16_t code) {
  for (const SvcKey& k : svc_keys)
    if (k.code == code) return std::string(k.name);
  return fmt::format("key{}", code);
}

// A key written by name ("alpn") or number ("key1"); `generic` is true for the number form,
// whose value is raw octets in every case (RFC 9460 §2.1).
struct SvcKeyText {
  std::uint16_t code;
  bool generic;
};

std::optional<SvcKeyText> svc_key_from_text(std::string_view text) {
  for (const SvcKey& k : svc_keys)
    if (k.name == text) return SvcKeyText{k.code, false};
  if (text.size() > 3 && text.substr(0, 3) == "key") {
    unsigned v = 0;
    const std::string_view digits = text.substr(3);
    if (digits.size() > 5 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 65535) return std::nullopt;
    return SvcKeyText{static_cast<std::uint16_t>(v), true};
  }
  return std::nullopt;
}

// Parses the fields of one RDATA against the type table, throwing EntryError at the bad token.
// The span of byte `at` of a content that starts at `begin` and is `size` bytes long; its last byte
// when `at` is the end (an odd number of hex digits): never past the content, which may end the file.
std::pair<std::uint32_t, std::uint32_t> content_byte(std::uint32_t begin, std::size_t size, std::size_t at) {
  if (at < size) return {static_cast<std::uint32_t>(begin + at), static_cast<std::uint32_t>(begin + at + 1)};
  if (size == 0) return {begin, begin};
  return {static_cast<std::uint32_t>(begin + size - 1), static_cast<std::uint32_t>(begin + size)};
}

class FieldParser {
 public:
  FieldParser(std::string_view text, NameView origin, const RRTypeInfo& type, std::span<const Token> tokens,
              const Token& type_token, WireRdata& out, std::string_view long_string_advice)
      : text_(text), origin_(origin), long_string_advice_(long_string_advice), type_(type), tokens_(tokens),
        type_token_(type_token),
        w_(out, type.names_canonical_lowercase), scratch_(out.field_scratch), string_scratch_(out.string_scratch) {}

  void run() {
    for (const FieldSpec& f : type_.fields) {
      field_ = &f;
      first_token_ = index_;
      parse_field();
      ++field_index_;
    }
    if (index_ < tokens_.size()) {
      const Token& extra = tokens_[index_];
      throw EntryError{extra.begin, tokens_.back().end,
                       fmt::format("unexpected {} after the {} RDATA; {} {} record has: {}", shown(extra.raw(text_)),
                                   type_.mnemonic, type_article(type_.mnemonic), type_.mnemonic, field_list())};
    }
    w_.finish();
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
                     fmt::format("{} record is missing its {} ({} {} record has: {})", type_.mnemonic, field_->label,
                                 type_article(type_.mnemonic), type_.mnemonic, field_list())};
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
      const auto [b, e] = content_byte(t.content_begin(), content(t).size(), at);
      fail_at(b, e, fmt::format("{}: {}", what(), message));
    }
  }

  void limited_string(const Token& t) {
    std::string& bytes = string_scratch_;  // reused: TXT records have many strings
    char_string(t, bytes);
    if (bytes.size() > 255) {
      fail(t, fmt::format("{}: character-string is {} octets long; the limit is 255 (RFC 1035 §3.3), so {}", what(),
                          bytes.size(), long_string_advice_));
    }
    check_string(t, bytes);
    w_.byte(static_cast<std::uint8_t>(bytes.size()));
    w_.bytes(bytes);
  }

  // Rules BIND applies to particular strings.
  void check_string(const Token& t, std::string_view bytes) const {
    if (type_.code == rr::X25) {
      // RFC 1183 §3.1: the PSDN address is at least four digits (X.121).
      if (bytes.size() < 4 || bytes.find_first_not_of("0123456789") != std::string_view::npos) {
        fail(t, fmt::format("{}: an X.121 address is 4 or more digits, found {}", what(), shown(t.raw(text_))));
      }
    } else if (type_.code == rr::NAPTR && field_index_ == 4) {
      if (const std::string problem = naptr_regexp_problem(bytes); !problem.empty()) {
        fail(t, fmt::format("{}: {}", what(), problem));
      }
    }
  }

  // Base64 or hex spread over the remaining tokens (blanks may split them).
  void binary_rest(bool hex, bool optional) { w_.bytes(binary_rest_bytes(hex, optional)); }

  void ipv4(const Token& t, std::string& out) {
    unsigned char octets[4];
    if (t.quoted() || !decode_ipv4(content(t), octets)) {
      fail(t, fmt::format("{}: {} is not a valid IPv4 address (four numbers 0-255 without leading zeros)", what(),
                          shown(t.raw(text_))));
    }
    out.append(reinterpret_cast<const char*>(octets), 4);
  }

  void ipv6(const Token& t, std::string& out, std::string_view s) {
    in6_addr addr{};
    char buffer[46];
    const bool fits = s.size() < sizeof buffer;
    if (fits) {
      std::memcpy(buffer, s.data(), s.size());
      buffer[s.size()] = '\0';
    }
    if (t.quoted() || !fits || ::inet_pton(AF_INET6, buffer, &addr) != 1) {
      fail(t, fmt::format("{}: {} is not a valid IPv6 address (RFC 4291 §2.2)", what(), shown(s)));
    }
    out.append(reinterpret_cast<const char*>(&addr), 16);
  }

  // RFC 4034 §3.1.3, §3.1.7: the signer is the zone holding the signed RRset, an ancestor of the
  // owner, so its label count cannot exceed the labels field. BIND rejects such an RRSIG.
  void check_signer() {
    if (type_.code != rr::RRSIG || field_index_ != 7) return;
    const std::size_t signer_labels = NameView(scratch_).label_count();
    if (signer_labels > values_[2]) {
      const Token& t = tokens_[index_ - 1];
      fail(t, fmt::format("RRSIG signer's name has {} labels but the labels field is {}; the signer must be the "
                          "zone that holds the record, so it cannot have more labels than the owner",
                          signer_labels, values_[2]));
    }
  }
  void remember(std::uint64_t v) {
    if (field_index_ < values_.size()) values_[field_index_] = v;
  }
  // The decoded octets of base64 or hex spread over the remaining tokens.
  std::string binary_rest_bytes(bool hex, bool optional);
  [[noreturn]] void fail_field(std::string message) const {
    const std::uint32_t b = first_token_ < tokens_.size() ? tokens_[first_token_].begin : type_token_.end;
    const std::uint32_t e = index_ > first_token_ ? tokens_[index_ - 1].end : b;
    throw EntryError{b, e, std::move(message)};
  }
  void gateway(unsigned gateway_type, const char* what_name);

  void parse_field();
  void parse_key_data();
  void parse_digest(bool zonemd);
  void parse_nxt_bitmap();
  void parse_wks_protocol();
  void parse_wks_services();
  void parse_a6();
  void parse_apl();
  void parse_atma();
  void parse_nsap();
  void parse_ipseckey_gateway();
  void parse_amtrelay();
  void parse_hip();
  void parse_time();
  void parse_type_bitmap();
  void parse_loc();
  void parse_svc_params();
  void parse_svc_value(std::uint16_t key, const Token& t, std::string_view value, bool has_value, std::string& out);

  std::string_view text_;
  NameView origin_;
  std::string_view long_string_advice_;
  const RRTypeInfo& type_;
  std::span<const Token> tokens_;
  const Token& type_token_;
  RdataWriter w_;
  const FieldSpec* field_ = nullptr;
  std::size_t field_index_ = 0;
  std::size_t first_token_ = 0;  // the first token of the current field
  std::size_t index_ = 0;
  // Kept in the caller's WireRdata, which a reader reuses for every record: no allocation per field.
  std::string& scratch_;
  std::string& string_scratch_;
  // Numeric fields already parsed, by field index: later fields depend on them (a DS digest's
  // length on the digest type, a KEY's key on its flags, WKS services on the protocol).
  std::array<std::uint64_t, 16> values_{};
};

std::string FieldParser::binary_rest_bytes(bool hex, bool optional) {
  if (done()) {
    if (optional) return {};
    missing();
  }
  std::string joined;
  std::vector<std::uint32_t> origins;
  for (const Token& t : rest()) {
    if (t.quoted()) {
      fail(t, fmt::format("{}: {} data cannot be a quoted string; remove the quotes", what(), hex ? "hex" : "base64"));
    }
    const std::string_view s = content(t);
    for (std::size_t i = 0; i < s.size(); ++i) origins.push_back(static_cast<std::uint32_t>(t.content_begin() + i));
    joined.append(s);
  }
  std::string bytes;
  std::size_t at = 0;
  std::string message;
  const bool ok = hex ? decode_hex(joined, bytes, at, message) : decode_base64(joined, bytes, at, message);
  if (!ok) {
    const std::uint32_t b = at < origins.size() ? origins[at] : origins.empty() ? tokens_.back().end : origins.back();
    fail_at(b, origins.empty() ? b : b + 1, fmt::format("{}: {}", what(), message));
  }
  return bytes;
}

void FieldParser::parse_field() {
  switch (field_->kind) {
    case FieldKind::name: {
      name(next());
      check_signer();
      break;
    }
    case FieldKind::u8: {
      const auto v = number(next(), 255);
      remember(v);
      w_.byte(static_cast<std::uint8_t>(v));
      break;
    }
    case FieldKind::u16: {
      const auto v = number(next(), 65535);
      remember(v);
      w_.u16(static_cast<std::uint16_t>(v));
      break;
    }
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
      string_scratch_.clear();
      ipv4(next(), string_scratch_);
      w_.bytes(string_scratch_);
      break;
    }
    case FieldKind::ipv6: {
      const Token& t = next();
      string_scratch_.clear();
      ipv6(t, string_scratch_, content(t));
      w_.bytes(string_scratch_);
      break;
    }
    case FieldKind::string: limited_string(next()); break;
    case FieldKind::strings:
      if (done()) missing();
      while (!done()) limited_string(next());
      break;
    case FieldKind::string_rest: {
      const Token& t = next();
      // RFC 7553 §4.4: the URI target is a quoted string; BIND rejects a bare word.
      if (type_.code == rr::URI && !t.quoted()) {
        fail(t, fmt::format("{}: the URI target must be in double quotes: \"{}\"", what(), content(t)));
      }
      std::string bytes;
      char_string(t, bytes);
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
        const auto [b, e] = content_byte(t.content_begin(), s.size(), t.quoted() ? 0 : at);
        fail_at(b, e, fmt::format("{}: {}", what(), t.quoted() ? "expected hex digits or \"-\"" : message));
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
      if (t.quoted()) fail(t, fmt::format("{}: base32hex cannot be a quoted string; remove the quotes", what()));
      if (!decode_base32hex(s, bytes, at, message)) {
        const auto [b, e] = content_byte(t.content_begin(), s.size(), at);
        fail_at(b, e, fmt::format("{}: {}", what(), message));
      }
      // The hash is also an owner label, so it must fit in 63 characters (39 octets).
      if (bytes.empty() || s.size() > max_label_length) {
        fail(t, fmt::format("{} must be 1 to 39 octets (at most 63 base32hex characters), found {} octets", what(),
                            bytes.size()));
      }
      if (values_[0] == 1 && bytes.size() != 20) {
        fail(t, fmt::format("{}: a SHA-1 hash (algorithm 1) is 20 octets (32 base32hex characters), found {} octets",
                            what(), bytes.size()));
      }
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
      if (!t.quoted() && !v) {
        if (const auto bind = algorithm_bind_spelling(content(t))) {
          fail(t, fmt::format("{}: BIND does not accept the IANA mnemonic {}; write {} or the number", what(),
                              shown(content(t)), *bind));
        }
      }
      if (t.quoted() || !v) {
        fail(t, fmt::format("{}: expected an algorithm number (0-255) or a mnemonic such as ECDSAP256SHA256, found {}",
                            what(), shown(t.raw(text_))));
      }
      remember(*v);
      w_.byte(*v);
      break;
    }
    case FieldKind::digest_type: {
      const Token& t = next();
      const auto v = digest_type_from_text(content(t));
      if (t.quoted() || !v) {
        fail(t, fmt::format("{}: expected a digest type number (0-255) or SHA-1, SHA-256, GOST, SHA-384, found {}",
                            what(), shown(t.raw(text_))));
      }
      remember(*v);
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
                            field_->kind == FieldKind::l64 ? "four groups of up to four hex digits joined by ':'"
                            : field_->kind == FieldKind::eui48 ? "six pairs of hex digits joined by '-'"
                                                               : "eight pairs of hex digits joined by '-'",
                            shown(t.raw(text_))));
      }
      // Each group is one octet (EUI) or two (ILNP), its leading zeros optional.
      const unsigned group_octets = field_->kind == FieldKind::l64 ? 2 : 1;
      std::size_t start = 0;
      while (start <= s.size()) {
        std::size_t stop = s.find_first_of("-:", start);
        if (stop == std::string_view::npos) stop = s.size();
        unsigned value = 0;
        for (const char c : s.substr(start, stop - start))
          value = value * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        if (group_octets == 2) w_.byte(static_cast<std::uint8_t>(value >> 8));
        w_.byte(static_cast<std::uint8_t>(value));
        start = stop + 1;
      }
      break;
    }
    case FieldKind::loc: parse_loc(); break;
    case FieldKind::svc_params: parse_svc_params(); break;
    case FieldKind::key_flags: {
      const Token& t = next();
      const auto v = t.quoted() ? std::nullopt : key_flags_from_text(content(t));
      if (!v) {
        fail(t, fmt::format("{}: expected a number such as 257 or 0x101, or flag names such as ZONE|KSK, found {}",
                            what(), shown(t.raw(text_))));
      }
      if (type_.code == 57 && *v != 0) fail(t, fmt::format("{} must be 0 (BIND rejects other values)", what()));
      remember(*v);
      w_.u16(*v);
      break;
    }
    case FieldKind::protocol: {
      const Token& t = next();
      const auto v = t.quoted() ? std::nullopt : protocol_from_text(content(t));
      if (!v) {
        fail(t, fmt::format("{}: expected a number from 0 to 255 (3 for DNSSEC) or NONE, TLS, EMAIL, DNSSEC, IPSEC, "
                            "ALL, found {}",
                            what(), shown(t.raw(text_))));
      }
      remember(*v);
      w_.byte(*v);
      break;
    }
    case FieldKind::nsec3_hash: {
      const Token& t = next();
      std::uint64_t v = 0;
      const std::string_view s = content(t);
      if (!t.quoted() && s.size() == 5 && (s[0] | 0x20) == 's' && (s[1] | 0x20) == 'h' && (s[2] | 0x20) == 'a' &&
          s[3] == '-' && s[4] == '1') {
        v = 1;
      } else {
        v = number(t, 255);
      }
      remember(v);
      w_.byte(static_cast<std::uint8_t>(v));
      break;
    }
    case FieldKind::key_data: parse_key_data(); break;
    case FieldKind::digest: parse_digest(false); break;
    case FieldKind::zonemd_digest: parse_digest(true); break;
    case FieldKind::string_opt:
      if (!done()) limited_string(next());
      break;
    case FieldKind::nxt_bitmap: parse_nxt_bitmap(); break;
    case FieldKind::wks_protocol: parse_wks_protocol(); break;
    case FieldKind::wks_services: parse_wks_services(); break;
    case FieldKind::a6: parse_a6(); break;
    case FieldKind::apl: parse_apl(); break;
    case FieldKind::atma: parse_atma(); break;
    case FieldKind::nsap: parse_nsap(); break;
    case FieldKind::ipseckey_gateway: parse_ipseckey_gateway(); break;
    case FieldKind::amtrelay: parse_amtrelay(); break;
    case FieldKind::hip: parse_hip(); break;
    case FieldKind::doa_data:
      if (!done() && index_ + 1 == tokens_.size() && !tokens_[index_].quoted() && content(tokens_[index_]) == "-") {
        ++index_;  // "-": no data
        break;
      }
      binary_rest(false, false);
      break;
    case FieldKind::dsync_scheme: {
      const Token& t = next();
      const std::string_view s = content(t);
      std::uint64_t v = 0;
      if (!t.quoted() && s.size() == 6 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'o' && (s[2] | 0x20) == 't' &&
          (s[3] | 0x20) == 'i' && (s[4] | 0x20) == 'f' && (s[5] | 0x20) == 'y') {
        v = 1;
      } else {
        v = number(t, 255);
      }
      w_.byte(static_cast<std::uint8_t>(v));
      break;
    }
    case FieldKind::obsolete: {
      const std::uint32_t b = tokens_.empty() ? type_token_.begin : tokens_.front().begin;
      const std::uint32_t e = tokens_.empty() ? type_token_.end : tokens_.back().end;
      fail_at(b, e,
              fmt::format("{} is obsolete (RFC 973 §2.2) and BIND refuses to load a zone with it; publish the "
                          "mail exchanger as MX instead",
                          type_.mnemonic));
    }
    case FieldKind::generic_only: {
      const std::uint32_t b = tokens_.empty() ? type_token_.begin : tokens_.front().begin;
      const std::uint32_t e = tokens_.empty() ? type_token_.end : tokens_.back().end;
      fail_at(b, e,
              fmt::format("{} has no text format; write its RDATA in the generic form \\# <length> <hex> "
                          "(RFC 3597 §5)",
                          type_.mnemonic));
    }
  }
}

// RFC 4034 §3.2: YYYYMMDDHHmmSS, or a number of seconds. Like BIND, a token of up to 10 characters
// is a number and one of exactly 14 is a date; the date is taken modulo 2^32 (serial arithmetic).
// The message offers seconds only where they are accepted.
void FieldParser::parse_time() {
  const Token& t = next();
  const std::string_view s = content(t);
  // BIND reads SIG times (RFC 2535 §4.1.5) as dates only.
  const bool dates_only = type_.code == rr::SIG;
  if (t.quoted() || !matches_whole<gr::rrsig_time>(s) || (s.size() > 10 && s.size() != 14) ||
      (dates_only && s.size() != 14)) {
    fail(t, fmt::format("{}: expected YYYYMMDDHHmmSS{}, found {}", what(), dates_only ? "" : " or a number of seconds",
                        shown(t.raw(text_))));
  }
  if (s.size() <= 10) {
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
  // Second 60 is a leap second; BIND accepts it.
  const bool valid = month >= 1 && month <= 12 && day >= 1 &&
                     day <= month_days[month - 1] + ((month == 2 && is_leap(year)) ? 1u : 0u) && hour <= 23 &&
                     minute <= 59 && second <= 60;
  if (!valid) fail(t, fmt::format("{}: {} is not a valid UTC date and time", what(), shown(s)));
  const std::int64_t secs =
      days_from_civil(year, month, day) * 86400 + static_cast<std::int64_t>(hour * 3600 + minute * 60 + second);
  w_.u32(static_cast<std::uint32_t>(static_cast<std::uint64_t>(secs) & 0xFFFFFFFFull));
}

void FieldParser::parse_type_bitmap() {
  std::vector<RRType> types;
  for (const Token& t : rest()) {
    const auto code = type_from_text(content(t));
    if (t.quoted() || !code) fail(t, fmt::format("{}: unknown RR type {}", what(), shown(t.raw(text_))));
    types.push_back(*code);
  }
  // NSEC3 (RFC 5155 §3.2.1) and CSYNC may list no types; an NSEC always covers itself, and BIND
  // rejects an empty list.
  if (types.empty() && type_.code == rr::NSEC) {
    const std::uint32_t at = tokens_.empty() ? type_token_.end : tokens_.back().end;
    throw EntryError{at, at,
                     "NSEC type bit maps is empty; list the types at this name, which include NSEC and RRSIG "
                     "(RFC 4034 §4.1.2)"};
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
    // RFC 1876 §3 writes the hemispheres in upper case, and BIND accepts nothing else.
    const bool pos = hemi.size() == 1 && hemi[0] == positive;
    const bool neg = hemi.size() == 1 && hemi[0] == negative_hemi;
    if (!pos && !neg) {
      fail(*t, fmt::format("LOC {}: expected {} or {} (upper case), found {}", what_name, positive, negative_hemi,
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
    if (!s.empty() && s.back() == 'm') s.remove_suffix(1);
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
  if (!alt_text.empty() && alt_text.back() == 'm') alt_text.remove_suffix(1);  // BIND takes "m", not "M"
  if (alt_text.size() > 1 && alt_text[0] == '+') alt_text.remove_prefix(1);
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

// RFC 2535 §3.1.2: a KEY whose flags have both NOKEY bits set carries no key. DNSKEY, CDNSKEY
// and RKEY always carry one (RFC 4034 §2.1.4).
void FieldParser::parse_key_data() {
  if (type_.code == rr::KEY && (values_[0] & 0xC000u) == 0xC000u) {
    if (!done()) {
      const Token& t = tokens_[index_];
      fail_at(t.begin, tokens_.back().end,
              "KEY flags say NOKEY (both 0xC000 bits set), so the record has no public key; remove the key or "
              "clear those flag bits");
    }
    return;
  }
  binary_rest(false, false);
}

// Digest lengths fixed by the algorithm: DS digest types 1, 2, 4 (RFC 3658, RFC 4509, RFC 6605);
// ZONEMD hash algorithms 1, 2 and at least 12 octets for the others (RFC 8976 §2.2.4).
void FieldParser::parse_digest(bool zonemd) {
  const std::string bytes = binary_rest_bytes(true, false);
  const bool sshfp = type_.code == rr::SSHFP;
  const auto algorithm = values_[sshfp ? 1 : 2];
  std::size_t exact = 0;
  std::string_view name;
  if (sshfp) {  // RFC 4255 §3.1.2, RFC 6594 §3: fingerprint types 1 (SHA-1) and 2 (SHA-256)
    if (algorithm == 1) exact = 20, name = "SHA-1";
    else if (algorithm == 2) exact = 32, name = "SHA-256";
  } else if (zonemd) {
    if (algorithm == 1) exact = 48, name = "SHA-384";
    else if (algorithm == 2) exact = 64, name = "SHA-512";
  } else {
    if (algorithm == 1) exact = 20, name = "SHA-1";
    else if (algorithm == 2) exact = 32, name = "SHA-256";
    else if (algorithm == 4) exact = 48, name = "SHA-384";
  }
  if (exact != 0 && bytes.size() != exact) {
    fail_field(fmt::format("{}: a {} digest ({} {}) is {} octets ({} hex digits), found {}", what(), name,
                           sshfp ? "fingerprint type" : zonemd ? "hash algorithm" : "digest type", algorithm, exact,
                           exact * 2, bytes.size()));
  }
  if (zonemd && exact == 0 && bytes.size() < 12) {
    fail_field(fmt::format("{} is {} octets; a ZONEMD digest is at least 12 octets (RFC 8976 §2.2.4)", what(),
                           bytes.size()));
  }
  w_.bytes(bytes);
}

// RFC 2535 §5.2: a bitmap of types 1-127 without window headers, up to the last set bit.
void FieldParser::parse_nxt_bitmap() {
  std::array<std::uint8_t, 16> bits{};
  unsigned length = 0;
  for (const Token& t : rest()) {
    const auto code = t.quoted() ? std::nullopt : type_from_text(content(t));
    if (!code) fail(t, fmt::format("{}: unknown RR type {}", what(), shown(t.raw(text_))));
    if (*code == 0 || *code > 127) {
      fail(t, fmt::format("{}: NXT can only list types 1 to 127, found {}", what(), shown(t.raw(text_))));
    }
    bits[*code / 8] = static_cast<std::uint8_t>(bits[*code / 8] | (0x80u >> (*code % 8)));
    length = std::max(length, static_cast<unsigned>(*code / 8 + 1));
  }
  for (unsigned k = 0; k < length; ++k) w_.byte(bits[k]);
}

// RFC 1035 §3.4.2: the protocol is a number or a name from the system's protocols database
// (getprotobyname), which is what BIND uses.
void FieldParser::parse_wks_protocol() {
  const Token& t = next();
  const std::string_view s = content(t);
  std::uint64_t v = 0;
  if (!t.quoted() && !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
    v = number(t, 255);
  } else {
    const protoent* p = t.quoted() ? nullptr : ::getprotobyname(std::string(s).c_str());
    if (p == nullptr || p->p_proto < 0 || p->p_proto > 255) {
      fail(t, fmt::format("{}: unknown protocol {}; write its number (6 for TCP, 17 for UDP)", what(),
                          shown(t.raw(text_))));
    }
    v = static_cast<std::uint64_t>(p->p_proto);
  }
  remember(v);
  w_.byte(static_cast<std::uint8_t>(v));
}

// Ports as numbers or service names (getservbyname, lowercased first, as BIND does), stored as a
// bitmap up to the highest port.
void FieldParser::parse_wks_services() {
  const char* proto = values_[1] == 6 ? "tcp" : values_[1] == 17 ? "udp" : nullptr;
  std::vector<std::uint8_t> bits;
  for (const Token& t : rest()) {
    const std::string_view s = content(t);
    std::uint64_t port = 0;
    if (!t.quoted() && !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos) {
      port = number(t, 65535);
    } else {
      std::string lower(s);
      for (char& c : lower) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
      const servent* e = t.quoted() ? nullptr : ::getservbyname(lower.c_str(), proto);
      if (e == nullptr && !t.quoted()) e = ::getservbyname(std::string(s).c_str(), proto);
      if (e == nullptr) {
        fail(t, fmt::format("{}: unknown service {}{}; write its port number", what(), shown(t.raw(text_)),
                            proto != nullptr ? fmt::format(" for {}", proto) : std::string()));
      }
      port = ntohs(static_cast<std::uint16_t>(e->s_port));
    }
    if (bits.size() <= port / 8) bits.resize(port / 8 + 1, 0);
    bits[port / 8] = static_cast<std::uint8_t>(bits[port / 8] | (0x80u >> (port % 8)));
  }
  for (const std::uint8_t b : bits) w_.byte(b);
}

// RFC 2874 §3.1.1: prefix length 0-128, the address bits after the prefix, and the prefix name
// unless the prefix length is 0.
void FieldParser::parse_a6() {
  const Token& length_token = next();
  const auto prefix = static_cast<unsigned>(number(length_token, 128));
  w_.byte(static_cast<std::uint8_t>(prefix));
  if (prefix < 128) {
    const Token& t = next();
    std::string address;
    ipv6(t, address, content(t));
    const std::size_t skip = prefix / 8;
    // The bits of the first suffix octet that belong to the prefix are not stored (BIND zeroes them).
    address[skip] = static_cast<char>(static_cast<unsigned char>(address[skip]) & (0xFFu >> (prefix % 8)));
    w_.bytes(std::string_view(address).substr(skip));
  }
  if (prefix > 0) name(next());
}

// RFC 3123 §5: [!]afi:address/prefix, afi 1 (IPv4) or 2 (IPv6); the address is stored without
// its trailing zero octets.
void FieldParser::parse_apl() {
  for (const Token& t : rest()) {
    std::string_view s = content(t);
    const auto bad = [&](std::string_view why) {
      fail(t, fmt::format("{}: {} ({}; write [!]1:192.0.2.0/24 or [!]2:2001:db8::/32)", what(), why,
                          shown(t.raw(text_))));
    };
    if (t.quoted()) bad("an APL item cannot be a quoted string");
    const bool negated = !s.empty() && s[0] == '!';
    if (negated) s.remove_prefix(1);
    const std::size_t colon = s.find(':');
    const std::size_t slash = s.rfind('/');
    if (colon == std::string_view::npos || slash == std::string_view::npos || slash < colon) {
      bad("expected afi:address/prefix");
    }
    const std::string_view afi_text = s.substr(0, colon);
    const std::string_view address_text = s.substr(colon + 1, slash - colon - 1);
    const std::string_view prefix_text = s.substr(slash + 1);
    const auto digits_only = [](std::string_view d) {
      return !d.empty() && d.size() <= 5 && d.find_first_not_of("0123456789") == std::string_view::npos;
    };
    if (!digits_only(afi_text) || !digits_only(prefix_text)) bad("expected afi:address/prefix");
    const unsigned afi = static_cast<unsigned>(std::stoul(std::string(afi_text)));
    const unsigned prefix = static_cast<unsigned>(std::stoul(std::string(prefix_text)));
    std::string address;
    if (afi == 1) {
      in_addr a{};
      if (!matches_whole<gr::ipv4_address>(address_text) ||
          ::inet_pton(AF_INET, std::string(address_text).c_str(), &a) != 1) {
        bad("not a valid IPv4 address");
      }
      if (prefix > 32) bad("an IPv4 prefix is at most 32 bits");
      address.assign(reinterpret_cast<const char*>(&a), 4);
    } else if (afi == 2) {
      in6_addr a{};
      if (address_text.size() > 45 || ::inet_pton(AF_INET6, std::string(address_text).c_str(), &a) != 1) {
        bad("not a valid IPv6 address");
      }
      if (prefix > 128) bad("an IPv6 prefix is at most 128 bits");
      address.assign(reinterpret_cast<const char*>(&a), 16);
    } else {
      bad("the address family must be 1 (IPv4) or 2 (IPv6); BIND knows no others");
    }
    while (!address.empty() && address.back() == '\0') address.pop_back();
    w_.u16(static_cast<std::uint16_t>(afi));
    w_.byte(static_cast<std::uint8_t>(prefix));
    w_.byte(static_cast<std::uint8_t>((negated ? 0x80u : 0u) | address.size()));
    w_.bytes(address);
  }
}

// ATM Forum af-dans-0152.000: "+" and E.164 digits (dots ignored), or NSAP/AESA hex (dots
// ignored), an even number of digits.
void FieldParser::parse_atma() {
  const Token& t = next();
  const std::string_view s = content(t);
  std::string digits;
  if (!t.quoted() && !s.empty() && s[0] == '+') {
    for (const char c : s.substr(1)) {
      if (c == '.') continue;
      if (c < '0' || c > '9') {
        fail(t, fmt::format("{}: an E.164 ATM address is \"+\" and digits, found {}", what(), shown(t.raw(text_))));
      }
      digits.push_back(c);
    }
    if (digits.empty()) fail(t, fmt::format("{}: \"+\" needs E.164 digits after it", what()));
    w_.byte(1);
    w_.bytes(digits);
    return;
  }
  for (const char c : s)
    if (c != '.') digits.push_back(c);
  std::string bytes;
  std::size_t at = 0;
  std::string message;
  if (t.quoted() || digits.empty() || !decode_hex(digits, bytes, at, message)) {
    fail(t, fmt::format("{}: expected +E.164 digits or an even number of hex digits (AESA), found {}", what(),
                        shown(t.raw(text_))));
  }
  w_.byte(0);
  w_.bytes(bytes);
}

// RFC 1706 §5: "0x" then hex digits; dots may separate them.
void FieldParser::parse_nsap() {
  const Token& t = next();
  const std::string_view s = content(t);
  std::string digits;
  if (!t.quoted() && s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    for (const char c : s.substr(2))
      if (c != '.') digits.push_back(c);
  }
  std::string bytes;
  std::size_t at = 0;
  std::string message;
  if (digits.empty() || !decode_hex(digits, bytes, at, message)) {
    fail(t, fmt::format("{}: expected 0x and an even number of hex digits, dots allowed, found {}", what(),
                        shown(t.raw(text_))));
  }
  w_.bytes(bytes);
}

// IPSECKEY and AMTRELAY gateways (RFC 4025 §2.5, RFC 8777 §4.2.3): type 0 none ("."), 1 IPv4,
// 2 IPv6, 3 a domain name.
void FieldParser::gateway(unsigned gateway_type, const char* what_name) {
  const Token& t = next();
  switch (gateway_type) {
    case 0:
      if (t.quoted() || content(t) != ".") {
        fail(t, fmt::format("{}: {} type 0 means no {}; write \".\", found {}", what(), what_name, what_name,
                            shown(t.raw(text_))));
      }
      break;
    case 1: {
      std::string bytes;
      ipv4(t, bytes);
      w_.bytes(bytes);
      break;
    }
    case 2: {
      std::string bytes;
      ipv6(t, bytes, content(t));
      w_.bytes(bytes);
      break;
    }
    default: name(t); break;
  }
}

void FieldParser::parse_ipseckey_gateway() {
  const Token& type_token = next();
  const auto gateway_type = static_cast<unsigned>(number(type_token, 255));
  if (gateway_type > 3) {
    fail(type_token, fmt::format("{}: gateway type must be 0 (none), 1 (IPv4), 2 (IPv6) or 3 (name), found {}",
                                 what(), gateway_type));
  }
  w_.byte(static_cast<std::uint8_t>(gateway_type));
  w_.byte(static_cast<std::uint8_t>(number(next(), 255)));  // algorithm
  gateway(gateway_type, "gateway");
}

void FieldParser::parse_amtrelay() {
  const Token& d_token = next();
  const auto discovery_optional = number(d_token, 1);
  const Token& type_token = next();
  const auto relay_type = static_cast<unsigned>(number(type_token, 127));
  if (relay_type > 3) {
    fail(type_token, fmt::format("{}: relay type {} has no text format; use 0 (none), 1 (IPv4), 2 (IPv6), 3 (name), "
                                 "or write the record as \\# <length> <hex>",
                                 what(), relay_type));
  }
  w_.byte(static_cast<std::uint8_t>((discovery_optional << 7) | relay_type));
  gateway(relay_type, "relay");
}

// RFC 8005 §5: algorithm, HIT in hex and public key in base64 (each one token), then rendezvous
// server names. Wire order: HIT length, algorithm, key length, HIT, key, names.
void FieldParser::parse_hip() {
  const auto algorithm = number(next(), 255);
  const Token& hit_token = next();
  std::string hit;
  std::size_t at = 0;
  std::string message;
  if (hit_token.quoted() || !decode_hex(content(hit_token), hit, at, message) || hit.empty() || hit.size() > 255) {
    fail(hit_token, fmt::format("{}: the HIT is 1 to 255 octets of hex in one word, found {}", what(),
                                shown(hit_token.raw(text_))));
  }
  const Token& key_token = next();
  std::string key;
  if (key_token.quoted() || !decode_base64(content(key_token), key, at, message) || key.empty() ||
      key.size() > 65535) {
    fail(key_token, fmt::format("{}: the public key is base64 in one word, found {}", what(),
                                shown(key_token.raw(text_))));
  }
  w_.byte(static_cast<std::uint8_t>(hit.size()));
  w_.byte(static_cast<std::uint8_t>(algorithm));
  w_.u16(static_cast<std::uint16_t>(key.size()));
  w_.bytes(hit);
  w_.bytes(key);
  while (!done()) name(next());
}

void FieldParser::parse_svc_value(std::uint16_t key, const Token& t, std::string_view value, bool has_value,
                                  std::string& out) {
  const auto need_value = [&]() {
    if (!has_value || value.empty()) fail(t, fmt::format("{}: {} needs a value", what(), svc_key_label(key)));
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
        keys.push_back(code->code);
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
      if (has_value) fail(t, fmt::format("{}: no-default-alpn takes no value", what()));
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
    case 5: {  // ech: base64, may be empty (BIND prints a bare "ech" then)
      std::string bytes;
      if (!decode_base64(decoded, bytes, at, message)) fail(t, fmt::format("{}: ech: {}", what(), message));
      out += bytes;
      break;
    }
    case 7:  // dohpath (RFC 9461 §5)
      need_value();
      if (!valid_dohpath(decoded)) {
        fail(t, fmt::format("{}: dohpath must be a relative URI template that starts with \"/\" and has a dns "
                            "variable, such as /dns-query{{?dns}}",
                            what()));
      }
      out += decoded;
      break;
    default:  // unknown keys: the value as octets
      out += decoded;
      break;
  }
}

void FieldParser::parse_svc_params() {
  std::vector<std::pair<std::uint16_t, std::string>> params;
  // Where mandatory and no-default-alpn are written, for the checks that need the whole list.
  const Token* mandatory_token = nullptr;
  const Token* no_default_alpn_token = nullptr;
  while (!done()) {
    const Token& t = next();
    if (t.quoted()) fail(t, fmt::format("{}: expected key=value, found a quoted string", what()));
    const std::string_view s = content(t);
    const std::size_t eq = s.find('=');
    const std::string_view key_text = s.substr(0, eq);
    const auto key = svc_key_from_text(key_text);
    if (!key || !matches_whole<gr::svc_key>(key_text)) {
      const bool ohttp = key_text == "ohttp";
      fail_at(t.begin, static_cast<std::uint32_t>(t.begin + key_text.size()),
              ohttp ? fmt::format("{}: BIND 9.18 does not know the SvcParam name \"ohttp\"; write key8", what())
                    : fmt::format("{}: unknown SvcParam key {} (RFC 9460 §14.3.2; use keyNNNNN for others)", what(),
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
    if (key->generic) {
      // keyNNN=value: the value is the wire form itself, checked as BIND checks received data.
      std::size_t at = 0;
      std::string message;
      if (has_value && !decode_escapes(value, wire, at, message)) fail(t, fmt::format("{}: {}", what(), message));
      if (const std::string problem = svc_param_wire_problem(key->code, wire); !problem.empty()) {
        fail(t, fmt::format("{}: key{} holds the value in wire form, and {}", what(), key->code, problem));
      }
    } else {
      parse_svc_value(key->code, t, value, has_value, wire);
    }
    if (wire.size() > 65535) fail(t, fmt::format("{}: SvcParam value is too long", what()));
    // At the second copy: a record holds each key once. Only SVCB and HTTPS records pay for it.
    if (std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == key->code; })) {
      fail_at(t.begin, static_cast<std::uint32_t>(t.begin + key_text.size()),
              fmt::format("{}: {} appears twice; a record holds each SvcParam once (RFC 9460 §2.2), so merge "
                          "the values into one",
                          what(), svc_key_label(key->code)));
    }
    if (key->code == 0) mandatory_token = &t;
    if (key->code == 2) no_default_alpn_token = &t;
    params.emplace_back(key->code, std::move(wire));
  }
  std::sort(params.begin(), params.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  const auto whole = [&](std::string message, const Token* at = nullptr) -> EntryError {
    if (at != nullptr) return EntryError{at->begin, at->end, std::move(message)};
    return EntryError{tokens_.front().begin, tokens_.back().end, std::move(message)};
  };
  for (std::size_t i = 1; i < params.size(); ++i) {
    if (params[i].first == params[i - 1].first) {
      throw whole(fmt::format("{}: {} appears twice (RFC 9460 §2.2)", what(), svc_key_label(params[i].first)));
    }
  }
  const auto present = [&](std::uint16_t key) {
    return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == key; });
  };
  // RFC 9460 §8: mandatory lists keys that are present, never itself; §7.1.1: no-default-alpn
  // needs alpn. BIND rejects records that break these rules.
  if (!params.empty() && params.front().first == 0) {
    const std::string& list = params.front().second;
    for (std::size_t i = 0; i + 1 < list.size(); i += 2) {
      const auto k = static_cast<std::uint16_t>((static_cast<unsigned char>(list[i]) << 8) |
                                                static_cast<unsigned char>(list[i + 1]));
      if (k == 0) throw whole(fmt::format("{}: mandatory cannot list itself (RFC 9460 §8)", what()), mandatory_token);
      if (!present(k)) {
        throw whole(fmt::format("{}: mandatory lists {} but the record has no such parameter; add it or remove "
                                "it from mandatory (RFC 9460 §8)",
                                what(), svc_key_label(k)),
                    mandatory_token);
      }
    }
  }
  if (present(2) && !present(1)) {
    throw whole(fmt::format("{}: no-default-alpn needs an alpn parameter too (RFC 9460 §7.1.1)", what()),
                no_default_alpn_token);
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
  FieldParser(text_, origin_, type, tokens, type_token, out, long_string_advice_).run();
  // RDLENGTH is 16 bits (RFC 1035 §3.2.1): BIND refuses more ("ran out of space").
  if (out.bytes.size() > 65535 && !tokens.empty()) {
    throw EntryError{tokens.front().begin, tokens.back().end,
                     fmt::format("the {} RDATA is {} octets long, more than the 65535 a record can hold (its "
                                 "RDLENGTH is 16 bits, RFC 1035 §3.2.1); {}",
                                 type.mnemonic, out.bytes.size(),
                                 type.code == rr::TXT || type.code == rr::SPF
                                     ? "shorten the text or split it over several records"
                                     : "shorten it")};
  }
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
    // Past the last digit (an odd count): the last digit, never past the end of the file.
    const std::uint32_t b = at < origins.size() ? origins[at] : origins.empty() ? tokens.back().end : origins.back();
    throw EntryError{b, origins.empty() ? b : b + 1, fmt::format("\\# RDATA: {}", message)};
  }
  if (bytes.size() != length) {
    const std::uint32_t b = tokens.size() > 2 ? tokens[2].begin : length_token.begin;
    throw EntryError{b, tokens.back().end,
                     fmt::format("\\# gives a length of {} octets but the hex that follows holds {}", length,
                                 bytes.size())};
  }
  writer.bytes(bytes);
  writer.finish();
}

}  // namespace zonelint
