#pragma once
// The RR type and class tables: mnemonics (IANA "Resource Record (RR) TYPEs"), and for every
// type zonelint parses, its RDATA fields in presentation order. One table drives parsing,
// printing and the field names used in messages.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zonelint {

using RRType = std::uint16_t;
using RRClass = std::uint16_t;

namespace rr {
inline constexpr RRType A = 1, NS = 2, MD = 3, MF = 4, CNAME = 5, SOA = 6, MB = 7, MG = 8, MR = 9,
                        NULL_ = 10, WKS = 11, PTR = 12, HINFO = 13, MINFO = 14, MX = 15, TXT = 16, RP = 17,
                        AFSDB = 18, X25 = 19, ISDN = 20, RT = 21, NSAP = 22, NSAP_PTR = 23, SIG = 24, KEY = 25,
                        PX = 26, GPOS = 27, AAAA = 28, LOC = 29, NXT = 30, SRV = 33, NAPTR = 35, KX = 36,
                        CERT = 37, A6 = 38, DNAME = 39, OPT = 41, APL = 42, DS = 43, SSHFP = 44, IPSECKEY = 45,
                        RRSIG = 46, NSEC = 47, DNSKEY = 48, DHCID = 49, NSEC3 = 50, NSEC3PARAM = 51, TLSA = 52,
                        SMIMEA = 53, HIP = 55, CDS = 59, CDNSKEY = 60, OPENPGPKEY = 61, CSYNC = 62, ZONEMD = 63,
                        SVCB = 64, HTTPS = 65, SPF = 99, NID = 104, L32 = 105, L64 = 106, LP = 107, EUI48 = 108,
                        EUI64 = 109, TKEY = 249, TSIG = 250, IXFR = 251, AXFR = 252, MAILB = 253, MAILA = 254,
                        ANY = 255, URI = 256, CAA = 257, AVC = 258, DOA = 259, AMTRELAY = 260, TA = 32768,
                        DLV = 32769;
}  // namespace rr

namespace rrclass {
inline constexpr RRClass IN = 1, CH = 3, HS = 4, NONE = 254, ANY = 255;
}

// The syntax of one RDATA field (RFC 1035 §5 and each type's RFC).
enum class FieldKind : std::uint8_t {
  name,            // <domain-name>
  u8,              // decimal 0..255
  u16,             // decimal 0..65535
  u32,             // decimal 0..4294967295
  period,          // 32-bit seconds, BIND units allowed (1h30m): SOA timers
  ttl,             // like period, at most 2^31-1 (RRSIG original TTL)
  ipv4,            // dotted quad
  ipv6,            // RFC 4291 §2.2
  string,          // one <character-string>, at most 255 octets
  strings,         // one or more <character-string>s up to the end (TXT, SPF)
  string_rest,     // one string, quoted or not, no length octet, not limited to 255 (CAA value, URI target)
  base64,          // base64 over the remaining tokens (RFC 4648 §4)
  base64_opt,      // base64 over the remaining tokens, may be absent
  hex,             // hex over the remaining tokens
  hex_opt,         // hex over the remaining tokens, may be absent
  salt,            // NSEC3 salt: "-" or hex, with a length octet
  hash32,          // NSEC3 next hashed owner: base32hex (RFC 4648 §7) with a length octet
  rrtype,          // a type mnemonic or TYPEnnn (RRSIG type covered)
  type_bitmap,     // the remaining tokens as types (RFC 4034 §4.1.2)
  time,            // YYYYMMDDHHmmSS or seconds (RFC 4034 §3.2)
  algorithm,       // DNSSEC algorithm number or mnemonic (RFC 8624)
  digest_type,     // DS digest type number or mnemonic
  cert_type,       // CERT type number or mnemonic (RFC 4398 §2.1)
  caa_tag,         // letters and digits (RFC 8659 §4.1)
  loc,             // the whole LOC RDATA (RFC 1876 §3)
  svc_params,      // SvcParams up to the end (RFC 9460 §2.1)
  eui48,           // xx-xx-xx-xx-xx-xx (RFC 7043)
  eui64,           // xx-xx-xx-xx-xx-xx-xx-xx
  l64,             // xxxx:xxxx:xxxx:xxxx (RFC 6742)
  ilnp_ipv4,       // L32 locator, a dotted quad
  key_flags,       // 16-bit KEY/DNSKEY flags: decimal, hex (0x100) or BIND's mnemonics (ZONE|KSK)
  protocol,        // KEY/DNSKEY protocol: decimal or mnemonic (DNSSEC, RFC 2535 §3.1.3)
  key_data,        // base64 public key; absent exactly when a KEY has the NOKEY flags (RFC 2535 §3.1.2)
  digest,          // DS digest in hex, its length fixed by the digest type (RFC 4509, RFC 6605)
  zonemd_digest,   // ZONEMD digest in hex, its length fixed by the hash algorithm (RFC 8976 §2.2.4)
  string_opt,      // one <character-string>, may be absent (ISDN subaddress)
  nxt_bitmap,      // NXT type list, types 1-127 (RFC 2535 §5.2)
  wks_protocol,    // IP protocol number or name (tcp, udp), RFC 1035 §3.4.2
  wks_services,    // the remaining tokens as port numbers or service names, as a bitmap
  a6,              // prefix length, address suffix, prefix name (RFC 2874 §3.1.1)
  apl,             // [!]afi:address/prefix items (RFC 3123 §5)
  atma,            // +E.164 digits or NSAP hex (ATM Forum af-dans-0152.000)
  nsap,            // 0x followed by hex, dots allowed (RFC 1706 §5)
  ipseckey_gateway,// gateway type, algorithm and gateway (RFC 4025 §3.1)
  amtrelay,        // D-bit, type and relay (RFC 8777 §4.2)
  hip,             // HIT, public key and rendezvous servers (RFC 8005 §5)
  doa_data,        // DOA data: base64, or "-" for none (draft-durand-doa-over-dns)
  dsync_scheme,    // DSYNC scheme: number or NOTIFY (draft-ietf-dnsop-generalized-notify)
  nsec3_hash,      // NSEC3 hash algorithm: number or SHA-1 (RFC 5155 §3.2)
  generic_only,    // types with no presentation format (NULL, UINFO, ...): only the RFC 3597 form
  obsolete,        // MD and MF (RFC 973 §2.2): BIND refuses them in any form
};

struct FieldSpec {
  FieldKind kind;
  std::string_view label;  // for messages: "preference", "exchange", "serial"
};

struct RRTypeInfo {
  RRType code;
  std::string_view mnemonic;
  std::span<const FieldSpec> fields;  // empty for types kept as tokens
  bool typed;                          // zonelint parses and prints the RDATA
  bool names_canonical_lowercase;      // RFC 4034 §6.2: names in RDATA lowercased in canonical form
};

// Type by code; nullptr when the code has no mnemonic.
[[nodiscard]] const RRTypeInfo* find_type(RRType code) noexcept;
// Type by mnemonic, case-insensitive; also accepts TYPEnnn. Returns the code.
[[nodiscard]] std::optional<RRType> type_from_text(std::string_view text) noexcept;
// The mnemonic, or TYPEnnn (RFC 3597 §5).
[[nodiscard]] std::string type_to_text(RRType code);
// "a" or "an" before an RR type mnemonic, as it is spoken: "an MX", "an A", "a TXT", "a NAPTR".
[[nodiscard]] std::string_view type_article(std::string_view mnemonic) noexcept;
// Types that never appear as data in a zone file: meta types and QTYPEs, and reserved type 0.
[[nodiscard]] bool is_meta_type(RRType code) noexcept;

[[nodiscard]] std::optional<RRClass> class_from_text(std::string_view text) noexcept;
[[nodiscard]] std::string class_to_text(RRClass code);

// DNSSEC algorithm and DS digest mnemonics as BIND accepts them.
[[nodiscard]] std::optional<std::uint8_t> algorithm_from_text(std::string_view text) noexcept;
// The mnemonic BIND prints for an algorithm (CERT records), if it has one.
[[nodiscard]] std::optional<std::string_view> algorithm_to_text(std::uint8_t code) noexcept;
// A mnemonic IANA lists but BIND rejects (DSA-NSEC3-SHA1), with the one BIND accepts.
[[nodiscard]] std::optional<std::string_view> algorithm_bind_spelling(std::string_view text) noexcept;
// KEY protocol mnemonics (RFC 2535 §3.1.3): NONE, TLS, EMAIL, DNSSEC, IPSEC, ALL.
[[nodiscard]] std::optional<std::uint8_t> protocol_from_text(std::string_view text) noexcept;
// KEY flags as BIND reads them: decimal, hexadecimal, or mnemonics joined by '|'.
[[nodiscard]] std::optional<std::uint16_t> key_flags_from_text(std::string_view text) noexcept;
[[nodiscard]] std::optional<std::uint8_t> digest_type_from_text(std::string_view text) noexcept;
[[nodiscard]] std::optional<std::uint16_t> cert_type_from_text(std::string_view text) noexcept;
[[nodiscard]] std::optional<std::string_view> cert_type_to_text(std::uint16_t code) noexcept;

}  // namespace zonelint
