#include "model/text_codec.hpp"

#include <fmt/format.h>

namespace zonelint {

bool decode_escapes(std::string_view raw, std::string& out, std::size_t& error_at, std::string& message) {
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
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

bool decode_base64(std::string_view text, std::string& out, std::size_t& error_at, std::string& message) {
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
