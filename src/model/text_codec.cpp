#include "model/text_codec.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

namespace zonelint {

bool decode_ipv4(std::string_view text, unsigned char (&out)[4]) noexcept {
  std::size_t i = 0;
  for (int octet = 0; octet < 4; ++octet) {
    if (octet > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    const std::size_t begin = i;
    unsigned value = 0;
    while (i < text.size() && i - begin < 3 && text[i] >= '0' && text[i] <= '9') {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const std::size_t digits = i - begin;
    if (digits == 0 || value > 255 || (digits > 1 && text[begin] == '0')) return false;
    out[octet] = static_cast<unsigned char>(value);
  }
  return i == text.size();
}

bool decode_escapes(std::string_view raw, std::string& out, std::size_t& error_at, std::string& message) {
  for (std::size_t i = 0; i < raw.size();) {
    // Runs without a backslash (most strings are one such run) are copied at once.
    const std::size_t backslash = raw.find('\\', i);
    if (backslash != i) {
      const std::size_t run_end = backslash == std::string_view::npos ? raw.size() : backslash;
      out.append(raw.data() + i, run_end - i);
      i = run_end;
      continue;
    }
    if (i + 1 >= raw.size()) {
      error_at = i;
      message = "a backslash at the end escapes nothing";
      return false;
    }
    const char e = raw[i + 1];
    if (e >= '0' && e <= '9') {
      unsigned v = 0;
      for (std::size_t k = 1; k <= 3; ++k) {
        if (i + k >= raw.size() || raw[i + k] < '0' || raw[i + k] > '9') {
          error_at = i;
          message = "a \\DDD escape needs exactly three decimal digits";
          return false;
        }
        v = v * 10 + static_cast<unsigned>(raw[i + k] - '0');
      }
      if (v > 255) {
        error_at = i;
        message = fmt::format("escape \\{:03d} is above 255", v);
        return false;
      }
      out.push_back(static_cast<char>(v));
      i += 4;
    } else {
      out.push_back(e);
      i += 2;
    }
  }
  return true;
}

namespace {
constexpr char base64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base32hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'v') return c - 'a' + 10;
  if (c >= 'A' && c <= 'V') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool decode_base64(std::string_view text, std::string& out, std::size_t& error_at, std::string& message,
                   PadBits pad_bits) {
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t padding = 0;
  std::size_t symbols = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') {
      ++padding;
      ++symbols;
      if (padding > 2) {
        error_at = i;
        message = "base64 has more than two '=' padding characters";
        return false;
      }
      continue;
    }
    const int v = base64_value(c);
    if (v < 0 || padding > 0) {
      error_at = i;
      message = padding > 0 ? "base64 continues after its '=' padding"
                            : fmt::format("'{}' is not a base64 character (RFC 4648 §4)", c);
      return false;
    }
    ++symbols;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if (symbols % 4 != 0) {
    error_at = text.size();
    message = fmt::format("base64 text is {} characters long; it must be a multiple of 4 (pad with '=')", symbols);
    return false;
  }
  // BIND refuses a zone whose base64 sets the bits that '=' padding marks unused, though the
  // bytes decode the same: a hand-edited key is caught here.
  if (const std::uint32_t unused = acc & ((1u << bits) - 1); unused != 0 && pad_bits == PadBits::must_be_zero) {
    const std::size_t last = text.find_last_not_of('=');
    const int canonical = base64_value(text[last]) & ~static_cast<int>((1u << bits) - 1);
    error_at = last;
    message = fmt::format("base64 '{}' before the '=' padding sets bits the padding marks unused (RFC 4648 §3.5), "
                          "which BIND rejects; write '{}' there (the same bytes, with those bits zero)",
                          text[last], base64_alphabet[canonical]);
    return false;
  }
  return true;
}

void encode_base64(std::string_view bytes, std::string& out) {
  std::size_t i = 0;
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    out.push_back(base64_alphabet[(v >> 18) & 63]);
    out.push_back(base64_alphabet[(v >> 12) & 63]);
    out.push_back(base64_alphabet[(v >> 6) & 63]);
    out.push_back(base64_alphabet[v & 63]);
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = b(i) << 16;
    if (rest == 2) v |= b(i + 1) << 8;
    out.push_back(base64_alphabet[(v >> 18) & 63]);
    out.push_back(base64_alphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? base64_alphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
}

bool decode_hex(std::string_view text, std::string& out, std::size_t& error_at, std::string& message) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (hex_value(text[i]) < 0) {
      error_at = i;
      message = fmt::format("'{}' is not a hexadecimal digit", text[i]);
      return false;
    }
  }
  if (text.size() % 2 != 0) {
    error_at = text.size();
    message = fmt::format("hex text has an odd number of digits ({})", text.size());
    return false;
  }
  for (std::size_t i = 0; i < text.size(); i += 2)
    out.push_back(static_cast<char>(hex_value(text[i]) * 16 + hex_value(text[i + 1])));
  return true;
}

void encode_hex_upper(std::string_view bytes, std::string& out) {
  constexpr char digits[] = "0123456789ABCDEF";
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
}

bool decode_base32hex(std::string_view text, std::string& out, std::size_t& error_at, std::string& message) {
  std::uint64_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int v = base32hex_value(text[i]);
    if (v < 0) {
      error_at = i;
      message = fmt::format("'{}' is not a base32hex character (RFC 4648 §7)", text[i]);
      return false;
    }
    acc = (acc << 5) | static_cast<std::uint64_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  // RFC 4648 §6: the leftover bits must be zero and fewer than a whole symbol.
  if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
    error_at = text.size();
    message = "base32hex text does not encode a whole number of octets";
    return false;
  }
  return true;
}

void encode_base32hex_upper(std::string_view bytes, std::string& out) {
  constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  std::uint64_t acc = 0;
  int bits = 0;
  for (const char ch : bytes) {
    acc = (acc << 8) | static_cast<unsigned char>(ch);
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(alphabet[(acc >> bits) & 31]);
    }
  }
  if (bits > 0) out.push_back(alphabet[(acc << (5 - bits)) & 31]);
}

}  // namespace zonelint

namespace zonelint {
namespace {

// POSIX bracket expression starting after "[": returns the index after "]", or npos.
std::size_t skip_bracket(std::string_view re, std::size_t i, std::string& problem) {
  static constexpr std::string_view classes[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                                 "lower", "print", "punct", "space", "upper", "xdigit"};
  if (i < re.size() && re[i] == '^') ++i;
  if (i < re.size() && re[i] == ']') ++i;  // a leading "]" is literal
  int previous = -1;                       // the last single character, for ranges
  while (i < re.size() && re[i] != ']') {
    if (re[i] == '[' && i + 1 < re.size() && (re[i + 1] == ':' || re[i + 1] == '.' || re[i + 1] == '=')) {
      const char kind = re[i + 1];
      const std::size_t close = re.find(std::string{kind, ']'}, i + 2);
      if (close == std::string_view::npos) {
        problem = fmt::format("\"[{}\" is not closed with \"{}]\"", kind, kind);
        return std::string_view::npos;
      }
      const std::string_view name = re.substr(i + 2, close - i - 2);
      if (kind == ':' && std::find(std::begin(classes), std::end(classes), name) == std::end(classes)) {
        problem = fmt::format("[:{}:] is not a character class", name);
        return std::string_view::npos;
      }
      previous = -1;
      i = close + 2;
      continue;
    }
    if (re[i] == '-' && previous >= 0 && i + 1 < re.size() && re[i + 1] != ']') {
      const auto last = static_cast<unsigned char>(re[i + 1]);
      if (static_cast<int>(last) < previous) {
        problem = fmt::format("range {}-{} ends before it starts", static_cast<char>(previous), re[i + 1]);
        return std::string_view::npos;
      }
      previous = -1;
      i += 2;
      continue;
    }
    previous = static_cast<unsigned char>(re[i]);
    ++i;
  }
  if (i >= re.size()) {
    problem = "\"[\" is not closed with \"]\"";
    return std::string_view::npos;
  }
  return i + 1;
}

// Validates a POSIX extended regular expression; returns the number of groups or -1.
int validate_ere(std::string_view re, std::string& problem) {
  if (re.empty()) {
    problem = "the regular expression is empty";
    return -1;
  }
  int groups = 0;
  int closed_groups = 0;
  int depth = 0;
  bool can_repeat = false;   // the previous item is an atom that a repetition may follow
  bool empty_branch = true;  // nothing yet in the current alternative
  bool after_bar = false;
  for (std::size_t i = 0; i < re.size(); ++i) {
    const char c = re[i];
    switch (c) {
      case '\\': {
        const char d = re[++i];  // the caller made sure an escape is complete
        if (d >= '1' && d <= '9' && d - '0' > closed_groups) {
          problem = fmt::format("\\{} refers to a group the expression does not have", d);
          return -1;
        }
        can_repeat = true;
        empty_branch = after_bar = false;
        break;
      }
      case '(':
        ++groups;
        ++depth;
        can_repeat = false;
        empty_branch = true;
        after_bar = false;
        break;
      case ')':
        if (depth == 0) {  // an unmatched ")" is an ordinary character
          can_repeat = true;
          empty_branch = after_bar = false;
          break;
        }
        if (after_bar) {
          problem = "an alternative is empty (\"|)\")";
          return -1;
        }
        --depth;
        ++closed_groups;
        can_repeat = true;
        empty_branch = false;
        break;
      case '|':
        if (empty_branch) {
          problem = "an alternative is empty";
          return -1;
        }
        can_repeat = false;
        empty_branch = after_bar = true;
        break;
      case '*':
      case '+':
      case '?':
        if (!can_repeat) {
          problem = fmt::format("\"{}\" does not follow something it can repeat", c);
          return -1;
        }
        can_repeat = false;
        break;
      case '{': {
        if (i + 1 >= re.size() || re[i + 1] < '0' || re[i + 1] > '9') {  // not a bound: a literal "{"
          can_repeat = true;
          empty_branch = after_bar = false;
          break;
        }
        const std::size_t close = re.find('}', i);
        const std::string_view bound = close == std::string_view::npos ? std::string_view() : re.substr(i + 1, close - i - 1);
        const std::size_t comma = bound.find(',');
        const auto number = [](std::string_view d, int& out) {
          if (d.empty() || d.size() > 3 || d.find_first_not_of("0123456789") != std::string_view::npos) return false;
          out = std::stoi(std::string(d));
          return true;
        };
        int low = 0;
        int high = 0;
        const bool ok = close != std::string_view::npos && number(bound.substr(0, comma), low) &&
                        (comma == std::string_view::npos ? (high = low, true)
                                                         : (comma + 1 == bound.size() ? (high = 255, true)
                                                                                     : number(bound.substr(comma + 1), high)));
        if (!ok || low > high || high > 255) {
          problem = "a bound {m,n} needs 0 <= m <= n <= 255";
          return -1;
        }
        if (!can_repeat) {
          problem = "a bound {m,n} does not follow something it can repeat";
          return -1;
        }
        can_repeat = false;
        i = close;
        break;
      }
      case '[': {
        const std::size_t next = skip_bracket(re, i + 1, problem);
        if (next == std::string_view::npos) return -1;
        i = next - 1;
        can_repeat = true;
        empty_branch = after_bar = false;
        break;
      }
      case '^':
      case '$':
        can_repeat = false;
        empty_branch = after_bar = false;
        break;
      default:
        can_repeat = true;
        empty_branch = after_bar = false;
        break;
    }
  }
  if (depth != 0) {
    problem = "\"(\" is not closed with \")\"";
    return -1;
  }
  if (after_bar) {
    problem = "the last alternative is empty";
    return -1;
  }
  return groups;
}

}  // namespace

std::string naptr_regexp_problem(std::string_view field) {
  if (field.empty()) return {};
  const char delimiter = field[0];
  if ((delimiter >= '0' && delimiter <= '9') || delimiter == '\\' || delimiter == 'i' || delimiter == '\0') {
    return fmt::format("the delimiter '{}' cannot be a digit, \"\\\" or \"i\"; use \"!\" as in \"!^.*$!sip:x@example.com!\"",
                       delimiter == '\0' ? std::string("\\000") : std::string(1, delimiter));
  }
  std::string regex;
  int part = 0;  // 0 the ERE, 1 the replacement, 2 the flags
  int highest_reference = 0;
  for (std::size_t i = 1; i < field.size(); ++i) {
    const char c = field[i];
    if (c == '\0') return "the regexp field contains a NUL octet";
    if (c == delimiter) {
      if (++part > 2) return fmt::format("the delimiter '{}' appears more than three times", delimiter);
      continue;
    }
    if (part == 2) {
      if (c != 'i') return fmt::format("'{}' is not a flag; the only flag is \"i\" (RFC 3402 §3.2)", c);
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= field.size() || field[i + 1] == '\0') return "a backslash at the end escapes nothing";
      const char e = field[++i];
      if (part == 0) {
        regex.push_back(c);
        regex.push_back(e);
      } else if (e == '0') {
        return "\\0 is not a back-reference; use \\1 to \\9";
      } else if (e >= '1' && e <= '9') {
        highest_reference = std::max(highest_reference, e - '0');
      }
      continue;
    }
    if (part == 0) regex.push_back(c);
  }
  if (part < 2) return fmt::format("expected delim-regexp-delim-replacement-delim, as in \"{0}^.*${0}sip:x@example.com{0}\"",
                                   delimiter);
  std::string problem;
  const int groups = validate_ere(regex, problem);
  if (groups < 0) return fmt::format("the regular expression is not valid: {}", problem);
  if (highest_reference > groups) {
    return fmt::format("the replacement refers to \\{} but the regular expression has {} group{}", highest_reference,
                       groups, groups == 1 ? "" : "s");
  }
  return {};
}

}  // namespace zonelint

namespace zonelint {

bool valid_dohpath(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  bool has_dns = false;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '}') return false;
    if (path[i] != '{') {
      ++i;
      continue;
    }
    const std::size_t close = path.find('}', i + 1);
    if (close == std::string_view::npos) return false;
    std::string_view expression = path.substr(i + 1, close - i - 1);
    if (expression.find('{') != std::string_view::npos) return false;
    if (!expression.empty() && std::string_view("+#./;?&").find(expression[0]) != std::string_view::npos) {
      expression.remove_prefix(1);
    }
    std::size_t start = 0;
    while (start <= expression.size()) {
      std::size_t comma = expression.find(',', start);
      if (comma == std::string_view::npos) comma = expression.size();
      std::string_view variable = expression.substr(start, comma - start);
      variable = variable.substr(0, variable.find_first_of(":*"));
      if (variable == "dns") has_dns = true;
      start = comma + 1;
    }
    i = close + 1;
  }
  return has_dns;
}

std::string svc_param_wire_problem(std::uint16_t key, std::string_view v) {
  switch (key) {
    case 0: {
      if (v.empty() || v.size() % 2 != 0) return "mandatory is a list of 2-octet keys";
      int last = -1;
      for (std::size_t i = 0; i < v.size(); i += 2) {
        const int k = (static_cast<unsigned char>(v[i]) << 8) | static_cast<unsigned char>(v[i + 1]);
        if (k <= last) return "mandatory keys must be in increasing order without repeats";
        last = k;
      }
      return {};
    }
    case 1: {
      if (v.empty()) return "alpn needs at least one protocol ID";
      for (std::size_t i = 0; i < v.size();) {
        const auto length = static_cast<unsigned char>(v[i]);
        if (length == 0 || i + 1 + length > v.size()) return "alpn is a list of length-prefixed protocol IDs";
        i += 1u + length;
      }
      return {};
    }
    case 2: return v.empty() ? std::string() : "no-default-alpn takes no value";
    case 3: return v.size() == 2 ? std::string() : "port is 2 octets";
    case 4: return !v.empty() && v.size() % 4 == 0 ? std::string() : "ipv4hint is a list of 4-octet addresses";
    case 6: return !v.empty() && v.size() % 16 == 0 ? std::string() : "ipv6hint is a list of 16-octet addresses";
    case 7: return valid_dohpath(v) ? std::string() : "dohpath must start with \"/\" and contain {?dns}";
    default: return {};
  }
}

}  // namespace zonelint
