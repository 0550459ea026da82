#include "model/name.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "core/utf8.hpp"

namespace zonelint {

std::size_t NameView::label_count() const noexcept {
  std::size_t count = 0;
  for_each_label([&](std::string_view) { ++count; });
  return count;
}

std::string_view NameView::label(std::size_t index) const noexcept {
  std::size_t pos = 0;
  while (pos < wire_.size()) {
    const auto len = static_cast<unsigned char>(wire_[pos]);
    if (len == 0) return {};
    if (index == 0) return wire_.substr(pos + 1, len);
    --index;
    pos += len + 1u;
  }
  return {};
}

NameView NameView::parent(std::size_t count) const noexcept {
  std::size_t pos = 0;
  while (count > 0 && pos < wire_.size()) {
    const auto len = static_cast<unsigned char>(wire_[pos]);
    if (len == 0) break;
    pos += len + 1u;
    --count;
  }
  return NameView(wire_.substr(pos));
}



bool NameView::is_subdomain_of(NameView ancestor) const noexcept {
  if (ancestor.wire_.size() > wire_.size()) return false;
  // Walk label boundaries so that "xample.com" never matches inside "example.com".
  std::size_t pos = 0;
  const std::size_t skip = wire_.size() - ancestor.wire_.size();
  while (pos < skip) {
    const auto len = static_cast<unsigned char>(wire_[pos]);
    if (len == 0) return false;
    pos += len + 1u;
  }
  return pos == skip && NameView(wire_.substr(pos)).equals(ancestor);
}

namespace {
// ASCII capitals in eight bytes at once made lower case; other bytes (UTF-8 too) unchanged.
std::uint64_t fold_case(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  const std::uint64_t low7 = w & (0x7F * ones);
  const std::uint64_t at_least_a = low7 + (0x80 - 'A') * ones;   // high bit set where >= 'A'
  const std::uint64_t above_z = low7 + (0x80 - 'Z' - 1) * ones;  // high bit set where > 'Z'
  const std::uint64_t capital = at_least_a & ~above_z & ~w & (0x80 * ones);
  return w | (capital >> 2);  // 0x80 >> 2 is the 0x20 case bit
}
}  // namespace

bool NameView::equals(NameView other) const noexcept {
  const std::size_t n = wire_.size();
  if (n != other.wire_.size()) return false;
  // Eight octets at a time, both sides case-folded.
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t a;
    std::uint64_t b;
    std::memcpy(&a, wire_.data() + i, 8);
    std::memcpy(&b, other.wire_.data() + i, 8);
    if (a != b && fold_case(a) != fold_case(b)) return false;
  }
  for (; i < n; ++i) {
    if (ascii_lower(static_cast<unsigned char>(wire_[i])) != ascii_lower(static_cast<unsigned char>(other.wire_[i])))
      return false;
  }
  return true;
}

std::uint64_t NameView::hash() const noexcept {
  // Eight octets at a time (names are hashed for every record read), each word case-folded and
  // mixed with a multiply and a shift.
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = wire_.size() * k;
  std::size_t i = 0;
  for (; i + 8 <= wire_.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, wire_.data() + i, 8);
    h = (h ^ fold_case(w)) * k;
    h ^= h >> 29;
  }
  if (i < wire_.size()) {
    std::uint64_t w = 0;
    std::memcpy(&w, wire_.data() + i, wire_.size() - i);
    h = (h ^ fold_case(w)) * k;
    h ^= h >> 29;
  }
  h *= k;
  return h ^ (h >> 32);
}

namespace {
struct EscapeTable {
  bool escaped[256];
};
constexpr EscapeTable escape_table = [] {
  EscapeTable t{};
  for (unsigned c = 0; c < 256; ++c) {
    t.escaped[c] = c <= 0x20 || c >= 0x7F || c == '"' || c == '(' || c == ')' || c == '.' || c == ';' ||
                   c == '\\' || c == '@' || c == '$';
  }
  return t;
}();
bool needs_escape(unsigned char c) noexcept { return escape_table.escaped[c]; }

void append_label_text(std::string& out, std::string_view label) {
  // Runs of octets that print as themselves are appended at once (dump prints every name).
  std::size_t run = 0;
  for (std::size_t i = 0; i < label.size(); ++i) {
    const auto c = static_cast<unsigned char>(label[i]);
    if (!needs_escape(c)) continue;
    out.append(label.data() + run, i - run);
    run = i + 1;
    if (c <= 0x20 || c >= 0x7F) {
      const char digits[4] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                              static_cast<char>('0' + c % 10)};
      out.append(digits, 4);
    } else {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    }
  }
  out.append(label.data() + run, label.size() - run);
}
}  // namespace

void NameView::append_text(std::string& out) const {
  if (wire_.size() <= 1) {
    out.push_back('.');
    return;
  }
  for_each_label([&](std::string_view label) {
    append_label_text(out, label);
    out.push_back('.');
  });
}

std::string NameView::to_text() const {
  std::string out;
  out.reserve(wire_.size() + 4);
  append_text(out);
  return out;
}

std::string NameView::to_text_relative(NameView origin) const {
  if (equals(origin)) return "@";
  if (!is_subdomain_of(origin)) return to_text();
  std::string out;
  const std::size_t keep = wire_.size() - origin.wire_.size();
  std::size_t pos = 0;
  while (pos < keep) {
    const auto len = static_cast<unsigned char>(wire_[pos]);
    if (!out.empty()) out.push_back('.');
    append_label_text(out, wire_.substr(pos + 1, len));
    pos += len + 1u;
  }
  return out;
}

namespace {

// The name as written, cut for messages (a 2 MB token must not become a 2 MB message).
std::string shown_name(std::string_view text) {
  constexpr std::size_t limit = 60;
  if (text.size() <= limit) return std::string(text);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
  return std::string(text.substr(0, cut)) + "...";
}

// Octets in the label that starts at text[begin], and where it ends in the text.
std::pair<std::size_t, std::size_t> label_extent(std::string_view text, std::size_t begin) {
  std::size_t octets = 0;
  std::size_t i = begin;
  while (i < text.size() && text[i] != '.') {
    if (text[i] == '\\' && i + 1 < text.size()) {
      const bool ddd = i + 3 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9' && text[i + 2] >= '0' &&
                       text[i + 2] <= '9' && text[i + 3] >= '0' && text[i + 3] <= '9';
      i += ddd ? 4 : 2;
    } else {
      ++i;
    }
    ++octets;
  }
  return {octets, std::min(i, text.size())};
}

// The usual name, without a backslash, empty label or anything too long, converted at once: the
// text is copied one byte after the start, where each dot is where the length octet of the label
// after it goes. False, with `out` as it was, for anything else (the general loop decides it).
bool plain_name_from_text(std::string_view text, NameView origin, std::string& out, ParsedNameInfo* info) {
  const std::size_t n = text.size();
  if (n == 0 || n >= max_name_length || std::memchr(text.data(), '\\', n) != nullptr) return false;
  const std::size_t start = out.size();
  out.resize(start + 1 + n);
  char* const wire = out.data() + start;
  std::memcpy(wire + 1, text.data(), n);
  std::size_t length_at = 0;  // in `wire`
  std::size_t label_start = 0;  // in `text`
  const auto label = [&](std::size_t end) {
    const std::size_t length = end - label_start;
    if (length == 0 || length > max_label_length) return false;
    wire[length_at] = static_cast<char>(length);
    length_at = end + 1;
    label_start = end + 1;
    return true;
  };
  const auto next_dot = [&] {
    return static_cast<const char*>(std::memchr(text.data() + label_start, '.', n - label_start));
  };
  for (const char* dot; (dot = next_dot()) != nullptr;) {
    if (!label(static_cast<std::size_t>(dot - text.data()))) {
      out.resize(start);
      return false;
    }
    if (label_start == n) {  // the final dot: its place holds the root label's zero length
      wire[n] = '\0';
      if (info != nullptr) info->absolute = true;
      return true;
    }
  }
  if (!label(n) || origin.empty() || n + 1 + origin.wire().size() > max_name_length) {
    out.resize(start);
    return false;
  }
  out.append(origin.wire());
  return true;
}

}  // namespace

bool name_from_text(std::string_view text, NameView origin, std::string& out, NameError& error,
                    ParsedNameInfo* info) {
  const std::size_t start = out.size();
  const auto fail = [&](std::size_t offset, std::size_t length, std::string message) {
    out.resize(start);
    error = {offset, length, std::move(message)};
    return false;
  };
  if (info != nullptr) *info = {};
  if (text.empty()) return fail(0, 0, "expected a domain name");
  if (text == "@") {
    if (info != nullptr) info->at_sign = true;
    if (origin.empty()) return fail(0, 1, "\"@\" needs an origin; give $ORIGIN or --origin");
    out.append(origin.wire());
    return true;
  }
  if (text == ".") {
    if (info != nullptr) info->absolute = true;
    out.push_back('\0');
    return true;
  }
  if (plain_name_from_text(text, origin, out, info)) return true;
  std::size_t label_start_text = 0;
  std::size_t label_len_pos = out.size();
  out.push_back('\0');
  std::size_t label_len = 0;
  std::size_t i = 0;
  bool absolute = false;
  // The first label whose end makes the name too long, for a name ending in the root label
  // (absolute) or in the origin (relative); text offsets.
  constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::size_t over_absolute = none;
  std::size_t over_relative = none;
  const auto finish_label = [&]() {
    out[label_len_pos] = static_cast<char>(label_len);
    const std::size_t so_far = out.size() - start;
    if (over_absolute == none && so_far + 1 > max_name_length) over_absolute = label_start_text;
    if (over_relative == none && so_far + origin.wire().size() > max_name_length) over_relative = label_start_text;
  };
  while (i < text.size()) {
    const char c = text[i];
    if (c != '.' && c != '\\') {
      // A run of plain octets, appended at once.
      std::size_t j = i + 1;
      while (j < text.size() && text[j] != '.' && text[j] != '\\') ++j;
      if (label_len + (j - i) > max_label_length) {
        const auto [octets, end] = label_extent(text, label_start_text);
        return fail(label_start_text, end - label_start_text,
                    fmt::format("label is {} octets long; the limit is 63 (RFC 1035 §2.3.4)", octets));
      }
      out.append(text.data() + i, j - i);
      label_len += j - i;
      i = j;
      continue;
    }
    if (c == '.') {
      if (label_len == 0) {
        return fail(i, 1, i == 0 ? "a domain name cannot start with a dot" : "empty label (two dots in a row)");
      }
      finish_label();
      ++i;
      if (i == text.size()) {
        absolute = true;
        break;
      }
      label_start_text = i;
      label_len_pos = out.size();
      out.push_back('\0');
      label_len = 0;
      continue;
    }
    unsigned char value = 0;
    std::size_t consumed = 1;
    if (c == '\\') {
      if (i + 1 >= text.size()) return fail(i, 1, "backslash at the end of a name escapes nothing");
      const char e = text[i + 1];
      if (e >= '0' && e <= '9') {
        unsigned v = 0;
        for (std::size_t k = 1; k <= 3; ++k) {
          if (i + k >= text.size() || text[i + k] < '0' || text[i + k] > '9')
            return fail(i, k, "a \\DDD escape needs exactly three decimal digits");
          v = v * 10 + static_cast<unsigned>(text[i + k] - '0');
        }
        if (v > 255) return fail(i, 4, fmt::format("escape \\{:03d} is above 255", v));
        value = static_cast<unsigned char>(v);
        consumed = 4;
      } else {
        value = static_cast<unsigned char>(e);
        consumed = 2;
      }
    } else {
      value = static_cast<unsigned char>(c);
    }
    if (label_len == max_label_length) {
      const auto [octets, end] = label_extent(text, label_start_text);
      return fail(label_start_text, end - label_start_text,
                  fmt::format("label is {} octets long; the limit is 63 (RFC 1035 §2.3.4)", octets));
    }
    out.push_back(static_cast<char>(value));
    ++label_len;
    i += consumed;
  }
  if (!absolute) {
    if (label_len == 0) return fail(text.size(), 0, "expected a domain name");
    finish_label();
    if (origin.empty()) {
      return fail(0, text.size(),
                  fmt::format("relative name \"{}\" needs an origin; end it with a dot, or give $ORIGIN or --origin",
                              shown_name(text)));
    }
    out.append(origin.wire());
  } else {
    out.push_back('\0');
  }
  if (out.size() - start > max_name_length) {
    const std::size_t total = out.size() - start;
    const std::size_t at = absolute ? over_absolute : over_relative;
    const std::size_t offset = at == none ? 0 : at;
    const std::size_t label_end = label_extent(text, offset).second;
    return fail(offset, label_end - offset,
                absolute ? fmt::format("name is {} octets long in wire form; the limit is 255 (RFC 1035 §2.3.4)",
                                       total)
                         : fmt::format("name is {} octets long in wire form once the origin {} is appended; the "
                                       "limit is 255 (RFC 1035 §2.3.4)",
                                       total, origin.to_text()));
  }
  if (info != nullptr) info->absolute = absolute;
  return true;
}

namespace {

// RFC 3492 §6.3 encoding of one label's code points.
bool punycode(const std::u32string& input, std::string& out) {
  constexpr std::uint32_t base = 36, tmin = 1, tmax = 26, skew = 38, damp = 700;
  const auto digit = [](std::uint32_t d) { return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26)); };
  const auto adapt = [&](std::uint32_t delta, std::uint32_t points, bool first) {
    delta = first ? delta / damp : delta / 2;
    delta += delta / points;
    std::uint32_t k = 0;
    while (delta > ((base - tmin) * tmax) / 2) {
      delta /= base - tmin;
      k += base;
    }
    return k + (base - tmin + 1) * delta / (delta + skew);
  };
  std::uint32_t n = 128, delta = 0, bias = 72;
  std::uint32_t h = 0;
  for (const char32_t c : input) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++h;
    }
  }
  const std::uint32_t b = h;
  if (b > 0) out.push_back('-');
  while (h < input.size()) {
    std::uint32_t m = 0x10FFFF + 1;
    for (const char32_t c : input)
      if (c >= n && c < m) m = c;
    if ((m - n) > (0xFFFFFFFFu - delta) / (h + 1)) return false;
    delta += (m - n) * (h + 1);
    n = m;
    for (const char32_t c : input) {
      if (c < n) ++delta;
      if (c == n) {
        std::uint32_t q = delta;
        for (std::uint32_t k = base;; k += base) {
          const std::uint32_t t = k <= bias ? tmin : (k >= bias + tmax ? tmax : k - bias);
          if (q < t) break;
          out.push_back(digit(t + (q - t) % (base - t)));
          q = (q - t) / (base - t);
        }
        out.push_back(digit(q));
        bias = adapt(delta, h + 1, h == b);
        delta = 0;
        ++h;
      }
    }
    ++delta;
    ++n;
  }
  return true;
}

}  // namespace

std::string idna_ascii_form(std::string_view text) {
  std::string out;
  std::u32string label;
  bool non_ascii = false;
  const auto flush = [&]() {
    if (!non_ascii) {
      for (const char32_t c : label) out.push_back(static_cast<char>(c));
    } else {
      out += "xn--";
      if (!punycode(label, out)) return false;
    }
    label.clear();
    non_ascii = false;
    return true;
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto d = utf8::decode(text, i);
    if (!d.valid || d.code_point == U'\\') return {};
    i += d.length;
    char32_t c = d.code_point;
    if (c == U'.') {
      if (!flush()) return {};
      out.push_back('.');
      continue;
    }
    if (c >= U'A' && c <= U'Z') c += 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 32;  // Latin-1 capitals
    if (c >= 0x80) non_ascii = true;
    label.push_back(c);
  }
  if (!flush()) return {};
  return out;
}

bool parse_name(std::string_view text, NameView origin, Name& out, NameError& error) {
  std::string wire;
  if (!name_from_text(text, origin, wire, error)) return false;
  out = Name(std::move(wire));
  return true;
}

}  // namespace zonelint
