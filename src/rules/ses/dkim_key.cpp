#include "rules/ses/dkim_key.hpp"

#include <algorithm>

#include "rules/ses/mail_records.hpp"

namespace zonelint::mail {
namespace {

// RFC 4648 §4 base64 characters, by table.
constexpr std::array<bool, 256> base64_table = [] {
  std::array<bool, 256> t{};
  for (unsigned c = 0; c < 256; ++c) t[c] = is_base64_char(static_cast<char>(c));
  return t;
}();

}  // namespace

// The owner is <selector>._domainkey.<domain> (not _domainkey.<domain> itself, not ADSP): a
// label after the first is "_domainkey" and the first is not "_adsp". One pass over the wire form.
bool key_owner(NameView owner) {
  const std::string_view w = owner.wire();
  if (w.empty() || w[0] == 0) return false;
  const auto first = static_cast<unsigned char>(w[0]);
  if (first == 5 && w.size() > 6 && iequals(w.substr(1, 5), "_adsp")) return false;
  for (std::size_t at = 1 + std::size_t{first}; at < w.size();) {
    const auto length = static_cast<unsigned char>(w[at]);
    if (length == 0) break;
    if (length == 10 && at + 11 <= w.size() && iequals(w.substr(at + 1, 10), "_domainkey")) return true;
    at += 1 + std::size_t{length};
  }
  return false;
}

// Decodes the first characters of valid base64 (as decode_base64 does) into `out`, as many as
// fit; returns the number of bytes written.
std::size_t decode_head(std::string_view base64, std::span<char> out) {
  static constexpr std::array<std::uint8_t, 256> value = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned c = 0; c < 26; ++c) {
      t['A' + c] = static_cast<std::uint8_t>(c);
      t['a' + c] = static_cast<std::uint8_t>(26 + c);
    }
    for (unsigned c = 0; c < 10; ++c) t['0' + c] = static_cast<std::uint8_t>(52 + c);
    t['+'] = 62;
    t['/'] = 63;
    return t;
  }();
  std::uint32_t acc = 0;
  int bits = 0;
  std::size_t n = 0;
  for (const char c : base64) {
    if (c == '=') continue;
    acc = (acc << 6) | value[static_cast<unsigned char>(c)];
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (n == out.size()) break;
      out[n++] = static_cast<char>((acc >> bits) & 0xFFu);
    }
  }
  return n;
}

// A key record in its usual form, shown to be one check_owner passes without a finding when it
// is the only TXT record at its selector, without the general reading: the RDATA is quoted
// strings of at most 255 octets which, joined (into `joined`), are printable ASCII without '\\';
// the tags are "name=value", blanks only around them, with no blank, comma or '-' outside p=
// (so no missing ';' and no PEM armour), none given twice, no value empty; v=DKIM1 is first
// when present, k= is rsa or ed25519 when present, and p= is base64 of the right length for its
// key (an RSA key of 1024 bits or more, as its DER header announces). False means only: read
// the record the general way.
bool usual_valid_key(const LintContext& context, const Record& r, std::string& joined) {
  if (!join_plain_strings(context, r, joined, 255)) return false;
  const std::string_view text = joined;
  const auto plain = [](char c) { return c > 0x20 && c < 0x7F && c != '\\' && c != ',' && c != '-'; };
  struct Seen {
    std::string_view name;
    std::string_view value;
  };
  std::array<Seen, 12> tags{};
  std::size_t count = 0;
  for (std::size_t seg = 0; seg < text.size();) {
    std::size_t seg_end = text.find(';', seg);
    if (seg_end == std::string_view::npos) seg_end = text.size();
    std::size_t b = seg;
    std::size_t e = seg_end;
    while (b < e && text[b] == ' ') ++b;
    while (e > b && text[e - 1] == ' ') --e;
    if (b < e) {
      const std::size_t eq = text.find('=', b);
      if (eq >= e || eq == b || eq + 1 == e || count == tags.size()) return false;
      const std::string_view name = text.substr(b, eq - b);
      const std::string_view value = text.substr(eq + 1, e - eq - 1);
      if (!std::all_of(name.begin(), name.end(), plain)) return false;
      if (!iequals(name, "p") && !std::all_of(value.begin(), value.end(), plain)) return false;
      for (std::size_t k = 0; k < count; ++k)
        if (iequals(tags[k].name, name)) return false;
      tags[count++] = {name, value};
    }
    seg = seg_end + 1;
  }
  const auto find = [&](std::string_view name) -> const Seen* {
    for (std::size_t k = 0; k < count; ++k)
      if (iequals(tags[k].name, name)) return &tags[k];
    return nullptr;
  };
  const Seen* v = find("v");
  if (v != nullptr && (v != &tags[0] || v->value != "DKIM1")) return false;
  bool ed25519 = false;
  if (const Seen* k = find("k")) {
    ed25519 = iequals(k->value, "ed25519");
    if (!ed25519 && !iequals(k->value, "rsa")) return false;
  }
  const Seen* p = find("p");
  if (p == nullptr) return false;
  // Base64 characters, then at most two '=', in a multiple of 4.
  const std::string_view key = p->value;
  std::size_t at = 0;
  for (; at + 8 <= key.size(); at += 8) {  // eight at a time, then one by one
    // Counted, not short-circuited: eight table loads with no branch between them.
    const auto b = [&](std::size_t k) { return base64_table[static_cast<unsigned char>(key[at + k])] ? 1u : 0u; };
    if (b(0) + b(1) + b(2) + b(3) + b(4) + b(5) + b(6) + b(7) != 8) break;
  }
  while (at < key.size() && base64_table[static_cast<unsigned char>(key[at])]) ++at;
  const std::size_t padding = key.size() - at;
  if (padding > 2 || key.size() % 4 != 0 || key.find_first_not_of('=', at) != std::string_view::npos) return false;
  const std::size_t total = key.size() / 4 * 3 - padding;
  if (ed25519) return total == 32;
  std::array<char, 48> head_bytes{};
  const DerHead head{std::string_view(head_bytes.data(), decode_head(key, head_bytes)), total};
  const DerShape shape = der_shape(head);
  return !head.short_read && shape.der && shape.end == total && (shape.bits == 0 || shape.bits >= 1024);
}

}  // namespace zonelint::mail
