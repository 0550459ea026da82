#include "model/rdata_text.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <vector>

#include <fmt/format.h>

#include "model/name.hpp"
#include "model/text_codec.hpp"

namespace zonelint {
namespace {

// BIND splits long base64 and hex fields into 56-character groups in its dumps.
constexpr std::size_t group_width = 56;

void append_grouped(std::string_view text, std::string& out) {
  for (std::size_t i = 0; i < text.size(); i += group_width) {
    if (i > 0) out.push_back(' ');
    out.append(text.substr(i, group_width));
  }
}

// Reads wire RDATA field by field; every read checks the remaining length.
class WireReader {
 public:
  explicit WireReader(std::string_view wire) : wire_(wire) {}
  [[nodiscard]] bool done() const { return pos_ == wire_.size(); }
  [[nodiscard]] std::size_t remaining() const { return wire_.size() - pos_; }
  bool u8(unsigned& v) {
    if (remaining() < 1) return false;
    v = static_cast<unsigned char>(wire_[pos_++]);
    return true;
  }
  bool u16(unsigned& v) {
    if (remaining() < 2) return false;
    v = (static_cast<unsigned char>(wire_[pos_]) << 8) | static_cast<unsigned char>(wire_[pos_ + 1]);
    pos_ += 2;
    return true;
  }
  bool u32(std::uint32_t& v) {
    if (remaining() < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(wire_[pos_ + static_cast<std::size_t>(i)]);
    pos_ += 4;
    return true;
  }
  bool bytes(std::size_t n, std::string_view& out) {
    if (remaining() < n) return false;
    out = wire_.substr(pos_, n);
    pos_ += n;
    return true;
  }
  std::string_view rest() {
    const std::string_view r = wire_.substr(pos_);
    pos_ = wire_.size();
    return r;
  }
  bool name(std::string_view& out) {
    const std::size_t start = pos_;
    while (true) {
      if (remaining() < 1) return false;
      const auto len = static_cast<unsigned char>(wire_[pos_]);
      if (len > 63) return false;  // no compression in zone data
      if (remaining() < 1u + len) return false;
      pos_ += 1u + len;
      if (len == 0) break;
      if (pos_ - start > 255) return false;
    }
    out = wire_.substr(start, pos_ - start);
    return true;
  }
  bool char_string(std::string_view& out) {
    unsigned len = 0;
    return u8(len) && bytes(len, out);
  }

 private:
  std::string_view wire_;
  std::size_t pos_ = 0;
};

// RFC 4034 §3.1.5: the 32-bit value is a time in serial number arithmetic. Like BIND, print the
// time nearest to now with that value modulo 2^32, so dates more than 68 years from now wrap.
void append_time(std::uint32_t value, std::string& out) {
  const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  const auto offset = static_cast<std::int32_t>(value - static_cast<std::uint32_t>(now));
  const std::int64_t secs = now + offset;
  const std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  std::int64_t rem = secs - days * 86400;
  // civil_from_days (proleptic Gregorian calendar)
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  const auto hour = rem / 3600;
  rem %= 3600;
  fmt::format_to(std::back_inserter(out), "{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}", y, m, d, hour, rem / 60, rem % 60);
}

bool append_type_bitmap(WireReader& r, std::string& out) {
  int last_window = -1;
  while (!r.done()) {
    unsigned window = 0;
    unsigned length = 0;
    std::string_view bits;
    if (!r.u8(window) || !r.u8(length) || length == 0 || length > 32 || !r.bytes(length, bits)) return false;
    if (bits.back() == 0) return false;  // RFC 4034 §4.1.2: trailing zero octets are left out
    if (static_cast<int>(window) <= last_window) return false;
    last_window = static_cast<int>(window);
    for (unsigned i = 0; i < length; ++i) {
      const auto byte = static_cast<unsigned char>(bits[i]);
      for (unsigned b = 0; b < 8; ++b) {
        if ((byte & (0x80u >> b)) != 0) {
          out.push_back(' ');
          out += type_to_text(static_cast<RRType>(window * 256 + i * 8 + b));
        }
      }
    }
  }
  return true;
}

// RFC 1876 size/precision octet: mantissa and power of ten in centimeters.
bool append_loc_precision(unsigned octet, std::string& out) {
  const unsigned mantissa = octet >> 4;
  const unsigned exponent = octet & 0x0F;
  if (mantissa > 9 || exponent > 9) return false;
  std::uint64_t cm = mantissa;
  for (unsigned i = 0; i < exponent; ++i) cm *= 10;
  if (exponent >= 2) {  // whole meters; BIND prints smaller values with centimeters
    fmt::format_to(std::back_inserter(out), "{}m", cm / 100);
  } else {
    fmt::format_to(std::back_inserter(out), "{}.{:02d}m", cm / 100, cm % 100);
  }
  return true;
}

bool append_loc(WireReader& r, std::string& out) {
  unsigned version = 0, size = 0, hp = 0, vp = 0;
  std::uint32_t lat = 0, lon = 0, alt = 0;
  if (!r.u8(version) || version != 0 || !r.u8(size) || !r.u8(hp) || !r.u8(vp) || !r.u32(lat) || !r.u32(lon) ||
      !r.u32(alt) || !r.done())
    return false;
  const auto coordinate = [&](std::uint32_t raw, char pos, char neg, std::int64_t max_ms) {
    std::int64_t v = static_cast<std::int64_t>(raw) - (std::int64_t{1} << 31);
    const char hemi = v < 0 ? neg : pos;
    if (v < 0) v = -v;
    if (v > max_ms) return false;
    const std::int64_t ms = v % 1000;
    v /= 1000;
    fmt::format_to(std::back_inserter(out), "{} {} {}.{:03d} {}", v / 3600, (v / 60) % 60, v % 60, ms, hemi);
    return true;
  };
  if (!coordinate(lat, 'N', 'S', 90LL * 3600000)) return false;
  out.push_back(' ');
  if (!coordinate(lon, 'E', 'W', 180LL * 3600000)) return false;
  const std::int64_t cm = static_cast<std::int64_t>(alt) - 10000000;
  const std::int64_t abs_cm = cm < 0 ? -cm : cm;
  fmt::format_to(std::back_inserter(out), " {}{}.{:02d}m ", cm < 0 ? "-" : "", abs_cm / 100, abs_cm % 100);
  if (!append_loc_precision(size, out)) return false;
  out.push_back(' ');
  if (!append_loc_precision(hp, out)) return false;
  out.push_back(' ');
  return append_loc_precision(vp, out);
}

void append_hex_lower(std::string_view bytes, std::string& out) {
  constexpr char digits[] = "0123456789abcdef";
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
}

// The digest lengths the parser enforces (DS digest types 1, 2, 4; ZONEMD hash algorithms 1, 2).
bool digest_length_ok(bool zonemd, bool sshfp, std::uint64_t algorithm, std::size_t length) {
  if (sshfp) {
    if (algorithm == 1) return length == 20;
    if (algorithm == 2) return length == 32;
    return length > 0;
  }
  if (zonemd) {
    if (algorithm == 1) return length == 48;
    if (algorithm == 2) return length == 64;
    return length >= 12;
  }
  if (algorithm == 1) return length == 20;
  if (algorithm == 2) return length == 32;
  if (algorithm == 4) return length == 48;
  return length > 0;
}

// NXT (RFC 2535 §5.2): BIND prints types it knows by mnemonic and others as plain numbers.
bool append_nxt_bitmap(WireReader& r, std::string& out) {
  const std::string_view bits = r.rest();
  if (bits.size() > 16 || (!bits.empty() && bits.back() == 0)) return false;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    for (unsigned b = 0; b < 8; ++b) {
      if ((static_cast<unsigned char>(bits[i]) & (0x80u >> b)) == 0) continue;
      const auto code = static_cast<RRType>(i * 8 + b);
      if (code == 0) return false;
      out.push_back(' ');
      if (const RRTypeInfo* info = find_type(code)) out += info->mnemonic;
      else fmt::format_to(std::back_inserter(out), "{}", code);
    }
  }
  return true;
}

bool append_wks_services(WireReader& r, std::string& out) {
  const std::string_view bits = r.rest();
  if (bits.size() > 8192 || (!bits.empty() && bits.back() == 0)) return false;
  for (std::size_t i = 0; i < bits.size(); ++i)
    for (unsigned b = 0; b < 8; ++b)
      if ((static_cast<unsigned char>(bits[i]) & (0x80u >> b)) != 0)
        fmt::format_to(std::back_inserter(out), " {}", i * 8 + b);
  return true;
}

// RFC 2874: "prefix-length suffix prefix-name"; BIND leaves the suffix empty for length 128.
bool append_a6(WireReader& r, std::string& out) {
  unsigned prefix = 0;
  if (!r.u8(prefix) || prefix > 128) return false;
  fmt::format_to(std::back_inserter(out), "{} ", prefix);
  if (prefix < 128) {
    const std::size_t skip = prefix / 8;
    std::string_view suffix;
    if (!r.bytes(16 - skip, suffix)) return false;
    if ((static_cast<unsigned char>(suffix[0]) & ~(0xFFu >> (prefix % 8)) & 0xFFu) != 0) return false;
    unsigned char address[16] = {};
    std::copy(suffix.begin(), suffix.end(), address + skip);
    char buf[INET6_ADDRSTRLEN];
    ::inet_ntop(AF_INET6, address, buf, sizeof buf);
    out += buf;
  }
  if (prefix > 0) {
    std::string_view n;
    if (!r.name(n)) return false;
    out.push_back(' ');
    NameView(n).append_text(out);
  }
  return true;
}

bool append_apl(WireReader& r, std::string& out, bool& first) {
  while (!r.done()) {
    unsigned afi = 0, prefix = 0, n_length = 0;
    std::string_view part;
    if (!r.u16(afi) || !r.u8(prefix) || !r.u8(n_length) || !r.bytes(n_length & 0x7Fu, part)) return false;
    const std::size_t width = afi == 1 ? 4 : afi == 2 ? 16 : 0;
    // RFC 3123 §4: the address has no trailing zero octets.
    if (width == 0 || part.size() > width || prefix > width * 8 || (!part.empty() && part.back() == 0)) return false;
    if (!first) out.push_back(' ');
    first = false;
    unsigned char address[16] = {};
    std::copy(part.begin(), part.end(), address);
    char buf[INET6_ADDRSTRLEN];
    ::inet_ntop(afi == 1 ? AF_INET : AF_INET6, address, buf, sizeof buf);
    fmt::format_to(std::back_inserter(out), "{}{}:{}/{}", (n_length & 0x80u) != 0 ? "!" : "", afi, buf, prefix);
  }
  return true;
}

bool append_atma(WireReader& r, std::string& out) {
  unsigned format = 0;
  if (!r.u8(format)) return false;
  const std::string_view address = r.rest();
  if (address.empty()) return false;
  if (format == 0) {
    append_hex_lower(address, out);
    return true;
  }
  if (format != 1) return false;
  for (const char c : address)
    if (c < '0' || c > '9') return false;
  out.push_back('+');
  out += address;
  return true;
}

// IPSECKEY "type algorithm gateway" (RFC 4025) or AMTRELAY "D type relay" (RFC 8777).
bool append_gateway(WireReader& r, bool amtrelay, std::string& out) {
  unsigned gateway_type = 0;
  if (!r.u8(gateway_type)) return false;
  if (amtrelay) {
    fmt::format_to(std::back_inserter(out), "{} ", gateway_type >> 7);
    gateway_type &= 0x7Fu;
    if (gateway_type > 3) return false;
    fmt::format_to(std::back_inserter(out), "{} ", gateway_type);
  } else {
    unsigned algorithm = 0;
    if (gateway_type > 3 || !r.u8(algorithm)) return false;
    fmt::format_to(std::back_inserter(out), "{} {} ", gateway_type, algorithm);
  }
  switch (gateway_type) {
    case 0: out.push_back('.'); return true;
    case 1:
    case 2: {
      std::string_view b;
      if (!r.bytes(gateway_type == 1 ? 4 : 16, b)) return false;
      char buf[INET6_ADDRSTRLEN];
      ::inet_ntop(gateway_type == 1 ? AF_INET : AF_INET6, b.data(), buf, sizeof buf);
      out += buf;
      return true;
    }
    default: {
      std::string_view n;
      if (!r.name(n)) return false;
      NameView(n).append_text(out);
      return true;
    }
  }
}

// RFC 8005: "algorithm HIT key servers..."; BIND does not split the HIT or the key.
bool append_hip(WireReader& r, std::string& out) {
  unsigned hit_length = 0, algorithm = 0, key_length = 0;
  std::string_view hit, key;
  if (!r.u8(hit_length) || !r.u8(algorithm) || !r.u16(key_length) || hit_length == 0 || key_length == 0 ||
      !r.bytes(hit_length, hit) || !r.bytes(key_length, key))
    return false;
  fmt::format_to(std::back_inserter(out), "{} ", algorithm);
  encode_hex_upper(hit, out);
  out.push_back(' ');
  encode_base64(key, out);
  while (!r.done()) {
    std::string_view n;
    if (!r.name(n)) return false;
    out.push_back(' ');
    NameView(n).append_text(out);
  }
  return true;
}

// SvcParam value printing as BIND 9.18 does it.
bool append_svc_params(WireReader& r, std::string& out) {
  int last_key = -1;
  while (!r.done()) {
    unsigned key = 0, length = 0;
    std::string_view value;
    if (!r.u16(key) || !r.u16(length) || !r.bytes(length, value)) return false;
    if (static_cast<int>(key) <= last_key) return false;
    last_key = static_cast<int>(key);
    if (!svc_param_wire_problem(static_cast<std::uint16_t>(key), value).empty()) return false;
    out.push_back(' ');
    WireReader v(value);
    switch (key) {
      case 0: {
        out += "mandatory=";
        if (length == 0 || length % 2 != 0) return false;
        int last_listed = -1;
        for (std::size_t i = 0; !v.done(); ++i) {
          unsigned k = 0;
          v.u16(k);
          if (static_cast<int>(k) <= last_listed) return false;  // RFC 9460 §8: increasing, no repeats
          last_listed = static_cast<int>(k);
          if (i > 0) out.push_back(',');
          static constexpr std::string_view names[] = {"mandatory", "alpn", "no-default-alpn", "port",
                                                       "ipv4hint",  "ech",  "ipv6hint"};
          if (k < std::size(names)) out += names[k];
          else fmt::format_to(std::back_inserter(out), "key{}", k);
        }
        break;
      }
      case 1: {
        out += "alpn=\"";
        bool first = true;
        while (!v.done()) {
          std::string_view id;
          if (!v.char_string(id) || id.empty()) return false;
          if (!first) out.push_back(',');
          first = false;
          for (const char ch : id) {
            const auto c = static_cast<unsigned char>(ch);
            // Two levels of escaping, as BIND prints them: comma and backslash are escaped in the
            // value list (RFC 9460 §A.1), then every backslash again in the quoted string; a blank
            // is \032.
            if (c == ',') out += "\\\\,";
            else if (c == '\\') out += "\\\\\\\\";
            else if (c == '"') out += "\\\"";
            else if (c <= 0x20 || c >= 0x7F) fmt::format_to(std::back_inserter(out), "\\{:03d}", c);
            else out.push_back(ch);
          }
        }
        out.push_back('"');
        break;
      }
      case 2:
        if (length != 0) return false;
        out += "no-default-alpn";
        break;
      case 3: {
        unsigned port = 0;
        if (length != 2 || !v.u16(port)) return false;
        fmt::format_to(std::back_inserter(out), "port={}", port);
        break;
      }
      case 4:
      case 6: {
        const std::size_t width = key == 4 ? 4 : 16;
        if (length == 0 || length % width != 0) return false;
        out += key == 4 ? "ipv4hint=" : "ipv6hint=";
        for (std::size_t i = 0; i < length; i += width) {
          if (i > 0) out.push_back(',');
          char buf[INET6_ADDRSTRLEN];
          ::inet_ntop(key == 4 ? AF_INET : AF_INET6, value.data() + i, buf, sizeof buf);
          out += buf;
        }
        break;
      }
      case 5:
        out += "ech";  // BIND prints an empty ech without "="
        if (!value.empty()) {
          out.push_back('=');
          encode_base64(value, out);
        }
        break;
      default:
        fmt::format_to(std::back_inserter(out), "key{}", key);
        if (length > 0) {
          out.push_back('=');
          append_quoted_string(value, out);
        }
        break;
    }
  }
  return true;
}

bool append_typed(const RRTypeInfo& type, std::string_view wire, std::string& out) {
  WireReader r(wire);
  bool first = true;
  const auto sep = [&]() {
    if (!first) out.push_back(' ');
    first = false;
  };
  // Numeric fields by index, for later fields that depend on them (as in the parser).
  std::array<std::uint64_t, 16> values{};
  std::size_t field_index = 0;
  const auto remember = [&](std::uint64_t v) {
    if (field_index < values.size()) values[field_index] = v;
  };
  for (const FieldSpec& field : type.fields) {
    switch (field.kind) {
      case FieldKind::name: {
        std::string_view n;
        if (!r.name(n)) return false;
        sep();
        NameView(n).append_text(out);
        break;
      }
      case FieldKind::u8:
      case FieldKind::digest_type:
      case FieldKind::protocol:
      case FieldKind::nsec3_hash:
      case FieldKind::wks_protocol: {
        unsigned v = 0;
        if (!r.u8(v)) return false;
        remember(v);
        sep();
        fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::algorithm: {
        unsigned v = 0;
        if (!r.u8(v)) return false;
        remember(v);
        sep();
        // BIND prints the CERT algorithm as a mnemonic and every other algorithm field as a number.
        const auto mnemonic = type.code == rr::CERT ? algorithm_to_text(static_cast<std::uint8_t>(v)) : std::nullopt;
        if (mnemonic) out += *mnemonic;
        else fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::dsync_scheme: {
        unsigned v = 0;
        if (!r.u8(v)) return false;
        sep();
        if (v == 1) out += "NOTIFY";
        else fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::u16:
      case FieldKind::key_flags: {
        unsigned v = 0;
        if (!r.u16(v)) return false;
        remember(v);
        sep();
        fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::key_data: {
        const std::string_view rest = r.rest();
        // A KEY with the NOKEY flags has no key; every other key record has one (BIND checks both).
        const bool no_key = type.code == rr::KEY && (values[0] & 0xC000u) == 0xC000u;
        if (no_key != rest.empty()) return false;
        if (no_key) break;
        sep();
        std::string text;
        encode_base64(rest, text);
        append_grouped(text, out);
        break;
      }
      case FieldKind::digest:
      case FieldKind::zonemd_digest: {
        const std::string_view rest = r.rest();
        const bool sshfp = type.code == rr::SSHFP;
        if (!digest_length_ok(field.kind == FieldKind::zonemd_digest, sshfp, values[sshfp ? 1 : 2], rest.size()))
          return false;
        sep();
        std::string text;
        encode_hex_upper(rest, text);
        append_grouped(text, out);
        break;
      }
      case FieldKind::string_opt: {
        if (r.done()) break;
        std::string_view s;
        if (!r.char_string(s)) return false;
        sep();
        append_quoted_string(s, out);
        break;
      }
      case FieldKind::nxt_bitmap:
        if (!append_nxt_bitmap(r, out)) return false;
        break;
      case FieldKind::wks_services:
        if (!append_wks_services(r, out)) return false;
        break;
      case FieldKind::a6:
        sep();
        if (!append_a6(r, out)) return false;
        break;
      case FieldKind::apl:
        if (!append_apl(r, out, first)) return false;
        break;
      case FieldKind::atma:
        sep();
        if (!append_atma(r, out)) return false;
        break;
      case FieldKind::nsap: {
        const std::string_view rest = r.rest();
        if (rest.empty()) return false;
        sep();
        out += "0x";
        append_hex_lower(rest, out);
        break;
      }
      case FieldKind::ipseckey_gateway:
      case FieldKind::amtrelay:
        sep();
        if (!append_gateway(r, field.kind == FieldKind::amtrelay, out)) return false;
        break;
      case FieldKind::hip:
        sep();
        if (!append_hip(r, out)) return false;
        break;
      case FieldKind::doa_data: {
        const std::string_view rest = r.rest();
        sep();
        if (rest.empty()) {
          out.push_back('-');
          break;
        }
        std::string text;
        encode_base64(rest, text);
        append_grouped(text, out);
        break;
      }
      case FieldKind::obsolete:
        return false;  // BIND refuses MD and MF even as RFC 3597 data
      case FieldKind::generic_only:
        // No text format exists; the RFC 3597 form is the presentation (as BIND prints it).
        sep();
        rdata_to_generic_text(r.rest(), out);
        break;
      case FieldKind::u32:
      case FieldKind::period:
      case FieldKind::ttl: {
        std::uint32_t v = 0;
        if (!r.u32(v)) return false;
        sep();
        fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::cert_type: {
        unsigned v = 0;
        if (!r.u16(v)) return false;
        sep();
        if (const auto name = cert_type_to_text(static_cast<std::uint16_t>(v))) out += *name;
        else fmt::format_to(std::back_inserter(out), "{}", v);
        break;
      }
      case FieldKind::ipv4:
      case FieldKind::ilnp_ipv4: {
        std::string_view b;
        if (!r.bytes(4, b)) return false;
        sep();
        char buf[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, b.data(), buf, sizeof buf);
        out += buf;
        break;
      }
      case FieldKind::ipv6: {
        std::string_view b;
        if (!r.bytes(16, b)) return false;
        sep();
        char buf[INET6_ADDRSTRLEN];
        ::inet_ntop(AF_INET6, b.data(), buf, sizeof buf);
        out += buf;
        break;
      }
      case FieldKind::string: {
        std::string_view s;
        if (!r.char_string(s)) return false;
        // BIND checks these strings in received data as it does in text.
        if (type.code == rr::X25 && (s.size() < 4 || s.find_first_not_of("0123456789") != std::string_view::npos))
          return false;
        if (type.code == rr::NAPTR && field_index == 4 && !naptr_regexp_problem(s).empty()) return false;
        sep();
        append_quoted_string(s, out);
        break;
      }
      case FieldKind::strings: {
        if (r.done()) return false;
        while (!r.done()) {
          std::string_view s;
          if (!r.char_string(s)) return false;
          sep();
          append_quoted_string(s, out);
        }
        break;
      }
      case FieldKind::string_rest:
        sep();
        append_quoted_string(r.rest(), out);
        break;
      case FieldKind::base64:
      case FieldKind::base64_opt: {
        const std::string_view rest = r.rest();
        if (rest.empty()) {
          if (field.kind == FieldKind::base64) return false;
          break;
        }
        sep();
        std::string text;
        encode_base64(rest, text);
        append_grouped(text, out);
        break;
      }
      case FieldKind::hex:
      case FieldKind::hex_opt: {
        const std::string_view rest = r.rest();
        if (rest.empty()) {
          if (field.kind == FieldKind::hex) return false;
          break;
        }
        sep();
        std::string text;
        encode_hex_upper(rest, text);
        append_grouped(text, out);
        break;
      }
      case FieldKind::salt: {
        std::string_view s;
        if (!r.char_string(s)) return false;
        sep();
        if (s.empty()) out.push_back('-');
        else encode_hex_upper(s, out);
        break;
      }
      case FieldKind::hash32: {
        std::string_view s;
        if (!r.char_string(s) || s.empty()) return false;
        sep();
        encode_base32hex_upper(s, out);
        break;
      }
      case FieldKind::rrtype: {
        unsigned v = 0;
        if (!r.u16(v)) return false;
        sep();
        out += type_to_text(static_cast<RRType>(v));
        break;
      }
      case FieldKind::type_bitmap:
        if (!append_type_bitmap(r, out)) return false;
        break;
      case FieldKind::time: {
        std::uint32_t v = 0;
        if (!r.u32(v)) return false;
        sep();
        append_time(v, out);
        break;
      }
      case FieldKind::caa_tag: {
        std::string_view tag;
        if (!r.char_string(tag) || tag.empty()) return false;
        for (const char c : tag)  // RFC 8659 §4.1: letters and digits
          if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
        sep();
        out += tag;
        break;
      }
      case FieldKind::eui48:
      case FieldKind::eui64: {
        std::string_view b;
        if (!r.bytes(field.kind == FieldKind::eui48 ? 6 : 8, b)) return false;
        sep();
        for (std::size_t i = 0; i < b.size(); ++i) {
          if (i > 0) out.push_back('-');
          fmt::format_to(std::back_inserter(out), "{:02x}", static_cast<unsigned char>(b[i]));
        }
        break;
      }
      case FieldKind::l64: {
        std::string_view b;
        if (!r.bytes(8, b)) return false;
        sep();
        // BIND prints each 16-bit group in hex without leading zeros, as in IPv6 text.
        for (std::size_t i = 0; i < 8; i += 2) {
          if (i > 0) out.push_back(':');
          fmt::format_to(std::back_inserter(out), "{:x}",
                         (static_cast<unsigned>(static_cast<unsigned char>(b[i])) << 8) |
                             static_cast<unsigned char>(b[i + 1]));
        }
        break;
      }
      case FieldKind::loc:
        sep();
        if (!append_loc(r, out)) return false;
        break;
      case FieldKind::svc_params:
        if (!append_svc_params(r, out)) return false;
        break;
    }
    ++field_index;
  }
  return r.done();
}

}  // namespace

void append_quoted_string(std::string_view bytes, std::string& out) {
  out.push_back('"');
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20 || c >= 0x7F) {
      fmt::format_to(std::back_inserter(out), "\\{:03d}", c);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void rdata_to_generic_text(std::string_view wire, std::string& out) {
  fmt::format_to(std::back_inserter(out), "\\# {}", wire.size());
  if (!wire.empty()) {
    out.push_back(' ');
    std::string hex;
    encode_hex_upper(wire, hex);
    append_grouped(hex, out);
  }
}

// RDATA whose version or format has no text syntax: BIND reads it and prints it in the RFC 3597
// form (LOC version other than 0, ATMA format above 1, AMTRELAY relay type above 3).
bool prints_as_generic(RRType type, std::string_view wire) {
  if (wire.empty()) return false;
  const auto first = static_cast<unsigned char>(wire[0]);
  switch (type) {
    case rr::LOC: return first != 0;
    case 34: return first > 1 && wire.size() >= 2;  // ATMA
    case rr::AMTRELAY: return wire.size() >= 2 && (static_cast<unsigned char>(wire[1]) & 0x7Fu) > 3;
    default: return false;
  }
}

bool rdata_to_text(RRType type, std::string_view wire, std::string& out) {
  const RRTypeInfo* info = find_type(type);
  if (info == nullptr || !info->typed) return false;
  if (prints_as_generic(type, wire)) {
    rdata_to_generic_text(wire, out);
    return true;
  }
  const std::size_t mark = out.size();
  if (!append_typed(*info, wire, out)) {
    out.resize(mark);
    return false;
  }
  return true;
}

}  // namespace zonelint
