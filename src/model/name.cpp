#include "model/name.hpp"

#include <fmt/format.h>

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

bool NameView::equals(NameView other) const noexcept {
  if (wire_.size() != other.wire_.size()) return false;
  for (std::size_t i = 0; i < wire_.size(); ++i) {
    if (ascii_lower(static_cast<unsigned char>(wire_[i])) != ascii_lower(static_cast<unsigned char>(other.wire_[i])))
      return false;
  }
  return true;
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

std::uint64_t NameView::hash() const noexcept {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (const char c : wire_) {
    h ^= ascii_lower(static_cast<unsigned char>(c));
    h *= 1099511628211ull;
  }
  return h;
}

namespace {
void append_label_text(std::string& out, std::string_view label) {
  for (const char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': case '(': case ')': case '.': case ';': case '\\': case '@': case '$':
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
        break;
      default:
        if (c <= 0x20 || c >= 0x7F) {
          fmt::format_to(std::back_inserter(out), "\\{:03d}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
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
  std::size_t label_start_text = 0;
  std::size_t label_len_pos = out.size();
  out.push_back('\0');
  std::size_t label_len = 0;
  std::size_t i = 0;
  bool absolute = false;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '.') {
      if (label_len == 0) {
        return fail(i, 1, i == 0 ? "a domain name cannot start with a dot" : "empty label (two dots in a row)");
      }
      out[label_len_pos] = static_cast<char>(label_len);
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
      std::size_t end = i;
      while (end < text.size() && text[end] != '.') end += (text[end] == '\\' ? 2 : 1);
      if (end > text.size()) end = text.size();
      return fail(label_start_text, end - label_start_text,
                  "label is longer than 63 octets (RFC 1035 §2.3.4)");
    }
    out.push_back(static_cast<char>(value));
    ++label_len;
    i += consumed;
  }
  if (!absolute) {
    if (label_len == 0) return fail(text.size(), 0, "expected a domain name");
    out[label_len_pos] = static_cast<char>(label_len);
    if (origin.empty()) {
      return fail(0, text.size(),
                  fmt::format("relative name \"{}\" needs an origin; end it with a dot, or give $ORIGIN or --origin",
                              text));
    }
    out.append(origin.wire());
  } else {
    out.push_back('\0');
  }
  if (out.size() - start > max_name_length) {
    return fail(0, text.size(),
                fmt::format("name is {} octets long in wire form{}; the limit is 255 (RFC 1035 §2.3.4)",
                            out.size() - start, absolute ? "" : " once the origin is appended"));
  }
  if (info != nullptr) info->absolute = absolute;
  return true;
}

bool parse_name(std::string_view text, NameView origin, Name& out, NameError& error) {
  std::string wire;
  if (!name_from_text(text, origin, wire, error)) return false;
  out = Name(std::move(wire));
  return true;
}

}  // namespace zonelint
