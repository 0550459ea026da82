#pragma once
// DKIM key records (RFC 6376 §3.6.1) as SES017 reads them, shared with the TXT look that all SES
// rules reading every TXT record take once (mail::TxtLook): which owners hold keys, the usual
// valid form of a key record, and the DER header of a key.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "lint/context.hpp"
#include "model/name.hpp"

namespace zonelint::mail {

// The owner is <selector>._domainkey.<domain> (not _domainkey.<domain> itself, not ADSP): a
// label after the first is "_domainkey" and the first is not "_adsp". One pass over the wire form.
[[nodiscard]] bool key_owner(NameView owner);

// A DER TLV: tag, content range; false when malformed.
struct Tlv {
  unsigned char tag = 0;
  std::size_t content = 0;
  std::size_t end = 0;
};

// The decoded key, or only its first bytes: size() is the whole key's, and reading a byte past
// those held sets short_read (the reading is then done again on the whole key).
struct DerHead {
  std::string_view held;
  std::size_t total = 0;
  mutable bool short_read = false;

  [[nodiscard]] std::size_t size() const noexcept { return total; }
  unsigned char operator[](std::size_t i) const noexcept {
    if (i < held.size()) return static_cast<unsigned char>(held[i]);
    short_read = true;
    return 0;
  }
};

// `der` is a std::string_view or a DerHead.
template <typename Bytes>
inline bool read_tlv(const Bytes& der, std::size_t at, Tlv& out) {
  if (at + 2 > der.size()) return false;
  out.tag = static_cast<unsigned char>(der[at]);
  const auto first = static_cast<unsigned char>(der[at + 1]);
  std::size_t length = 0;
  std::size_t header = 2;
  if (first < 0x80) {
    length = first;
  } else {
    const std::size_t n = first & 0x7Fu;
    if (n == 0 || n > 4 || at + 2 + n > der.size()) return false;
    for (std::size_t k = 0; k < n; ++k) length = (length << 8) | static_cast<unsigned char>(der[at + 2 + k]);
    header += n;
  }
  out.content = at + header;
  out.end = out.content + length;
  return true;
}

// Bits of the RSA modulus in a SubjectPublicKeyInfo or PKCS#1 RSAPublicKey; 0 when unknown.
template <typename Bytes>
inline std::size_t rsa_modulus_bits(const Bytes& der) {
  Tlv outer, first, modulus;
  if (!read_tlv(der, 0, outer) || outer.tag != 0x30 || outer.end > der.size()) return 0;
  if (!read_tlv(der, outer.content, first)) return 0;
  if (first.tag == 0x30) {  // AlgorithmIdentifier, then BIT STRING { RSAPublicKey }
    Tlv bits, rsa;
    if (!read_tlv(der, first.end, bits) || bits.tag != 0x03 || bits.end > der.size()) return 0;
    if (!read_tlv(der, bits.content + 1, rsa) || rsa.tag != 0x30) return 0;
    if (!read_tlv(der, rsa.content, modulus)) return 0;
  } else {
    modulus = first;
  }
  if (modulus.tag != 0x02 || modulus.end > der.size()) return 0;
  std::size_t b = modulus.content;
  while (b < modulus.end && static_cast<unsigned char>(der[b]) == 0) ++b;
  if (b == modulus.end) return 0;
  std::size_t bits = (modulus.end - b) * 8;
  for (auto top = static_cast<unsigned char>(der[b]); (top & 0x80u) == 0; top = static_cast<unsigned char>(top << 1))
    --bits;
  return bits;
}

// What the key checks need from the decoded key: a DER SEQUENCE at the start, the length its
// header announces, and the RSA modulus bits (read only when the length is the key's).
struct DerShape {
  bool der = false;
  std::size_t end = 0;
  std::size_t bits = 0;
};

template <typename Bytes>
inline DerShape der_shape(const Bytes& der) {
  DerShape out;
  Tlv outer;
  out.der = read_tlv(der, 0, outer) && outer.tag == 0x30;
  if (!out.der) return out;
  out.end = outer.end;
  if (out.end == der.size()) out.bits = rsa_modulus_bits(der);
  return out;
}

// Decodes the first characters of valid base64 (as decode_base64 does) into `out`, as many as
// fit; returns the number of bytes written.
std::size_t decode_head(std::string_view base64, std::span<char> out);

// A key record in its usual form, shown to be one check_owner passes without a finding when it
// is the only TXT record at its selector, without the general reading: the RDATA is quoted
// strings of at most 255 octets which, joined (into `joined`), are printable ASCII without '\\';
// the tags are "name=value", blanks only around them, with no blank, comma or '-' outside p=
// (so no missing ';' and no PEM armour), none given twice, no value empty; v=DKIM1 is first
// when present, k= is rsa or ed25519 when present, and p= is base64 of the right length for its
// key (an RSA key of 1024 bits or more, as its DER header announces). False means only: read
// the record the general way.
[[nodiscard]] bool usual_valid_key(const LintContext& context, const Record& r, std::string& joined);

}  // namespace zonelint::mail
