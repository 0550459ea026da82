#pragma once
// Domain names in uncompressed wire form (RFC 1035 §3.1): length-prefixed labels ending with
// the root label. Comparison is ASCII case-insensitive (RFC 4343).

#include <cstdint>
#include <string>
#include <string_view>

namespace zonelint {

inline constexpr std::size_t max_label_length = 63;   // RFC 1035 §2.3.4
inline constexpr std::size_t max_name_length = 255;   // RFC 1035 §2.3.4, wire octets

[[nodiscard]] constexpr unsigned char ascii_lower(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}

// Equal ignoring ASCII case, as DNS compares names and most keywords (RFC 4343 §3).
[[nodiscard]] constexpr bool ascii_iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// A view of a wire-form name. The view does not own its bytes.
class NameView {
 public:
  constexpr NameView() = default;
  explicit constexpr NameView(std::string_view wire) noexcept : wire_(wire) {}

  [[nodiscard]] std::string_view wire() const noexcept { return wire_; }
  [[nodiscard]] bool empty() const noexcept { return wire_.empty(); }
  [[nodiscard]] bool is_root() const noexcept { return wire_.size() == 1; }
  [[nodiscard]] std::size_t label_count() const noexcept;  // not counting the root label

  // The label at `index` from the left (0 = leftmost), without its length octet.
  [[nodiscard]] std::string_view label(std::size_t index) const noexcept;
  [[nodiscard]] std::string_view first_label() const noexcept { return label(0); }
  // The name without its leftmost `count` labels.
  [[nodiscard]] NameView parent(std::size_t count = 1) const noexcept;

  [[nodiscard]] bool equals(NameView other) const noexcept;  // case-insensitive
  [[nodiscard]] bool is_subdomain_of(NameView ancestor) const noexcept;  // or equal
  [[nodiscard]] std::uint64_t hash() const noexcept;  // case-insensitive

  // Presentation form with a trailing dot; special and non-printable bytes escaped as BIND does.
  [[nodiscard]] std::string to_text() const;
  void append_text(std::string& out) const;

  // The labels in front of `origin` as relative text ("www"), "@" for the origin itself,
  // or the absolute text when the name is not below the origin.
  [[nodiscard]] std::string to_text_relative(NameView origin) const;

  friend bool operator==(NameView a, NameView b) noexcept { return a.equals(b); }

  template <typename F>
  void for_each_label(F&& f) const {
    std::size_t pos = 0;
    while (pos < wire_.size()) {
      const auto len = static_cast<unsigned char>(wire_[pos]);
      if (len == 0) break;
      f(wire_.substr(pos + 1, len));
      pos += len + 1u;
    }
  }

 private:
  std::string_view wire_;
};

// An owning wire-form name.
class Name {
 public:
  Name() = default;
  explicit Name(std::string wire) : wire_(std::move(wire)) {}
  static Name root() { return Name(std::string(1, '\0')); }

  [[nodiscard]] NameView view() const noexcept { return NameView(wire_); }
  operator NameView() const noexcept { return view(); }  // NOLINT: a Name is usable where a view is
  [[nodiscard]] const std::string& wire() const noexcept { return wire_; }
  [[nodiscard]] bool empty() const noexcept { return wire_.empty(); }
  [[nodiscard]] std::string to_text() const { return view().to_text(); }

  friend bool operator==(const Name& a, const Name& b) noexcept { return a.view().equals(b.view()); }

 private:
  std::string wire_;
};

// Where and why a presentation-form name is invalid; `offset` indexes the text given.
struct NameError {
  std::size_t offset = 0;
  std::size_t length = 1;
  std::string message;
};

struct ParsedNameInfo {
  bool absolute = false;   // written with a trailing dot (or "@" / origin-relative rules aside)
  bool at_sign = false;    // written as "@"
};

// Every message about a relative name (or "@") that has no origin to complete it contains this
// fragment; the reader uses it to report a missing origin once instead of once per line.
inline constexpr std::string_view name_needs_origin_marker = "needs an origin";

// Parses presentation text (escapes \DDD and \X, RFC 1035 §5.1) into wire form appended to `out`.
// A name without a trailing dot gets `origin` appended; `origin` empty makes that an error.
// Returns false with `error` set when the text is not a valid name.
bool name_from_text(std::string_view text, NameView origin, std::string& out, NameError& error,
                    ParsedNameInfo* info = nullptr);

// The ASCII (IDNA A-label) form of a name written with non-ASCII UTF-8 characters: each label
// with such characters becomes "xn--" and its Punycode (RFC 3492); ASCII letters are lowercased
// and so are Latin-1 capitals. A sketch of UTS #46 for messages, not a full IDNA mapping. Returns
// an empty string when the text is not valid UTF-8 or holds escapes.
[[nodiscard]] std::string idna_ascii_form(std::string_view utf8_text);

// Convenience for tests and options: parses an absolute or origin-relative name.
[[nodiscard]] bool parse_name(std::string_view text, NameView origin, Name& out, NameError& error);

}  // namespace zonelint
