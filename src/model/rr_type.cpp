#include "model/rr_type.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "model/name.hpp"

namespace zonelint {
namespace {

using K = FieldKind;

// RDATA layouts, in presentation order. Labels name each field in messages.
constexpr FieldSpec f_a[] = {{K::ipv4, "address"}};
constexpr FieldSpec f_aaaa[] = {{K::ipv6, "address"}};
constexpr FieldSpec f_ns[] = {{K::name, "name server"}};
constexpr FieldSpec f_cname[] = {{K::name, "target"}};
constexpr FieldSpec f_dname[] = {{K::name, "target"}};
constexpr FieldSpec f_ptr[] = {{K::name, "target"}};
constexpr FieldSpec f_mailbox[] = {{K::name, "mailbox"}};
constexpr FieldSpec f_soa[] = {{K::name, "primary name server (MNAME)"}, {K::name, "responsible mailbox (RNAME)"},
                               {K::u32, "serial"},  {K::period, "refresh"},
                               {K::period, "retry"}, {K::period, "expire"},
                               {K::period, "minimum"}};
constexpr FieldSpec f_hinfo[] = {{K::string, "CPU"}, {K::string, "OS"}};
constexpr FieldSpec f_minfo[] = {{K::name, "responsible mailbox"}, {K::name, "error mailbox"}};
constexpr FieldSpec f_mx[] = {{K::u16, "preference"}, {K::name, "exchange"}};
constexpr FieldSpec f_txt[] = {{K::strings, "text"}};
constexpr FieldSpec f_rp[] = {{K::name, "mailbox"}, {K::name, "TXT name"}};
constexpr FieldSpec f_afsdb[] = {{K::u16, "subtype"}, {K::name, "host name"}};
constexpr FieldSpec f_x25[] = {{K::string, "PSDN address"}};
constexpr FieldSpec f_rt[] = {{K::u16, "preference"}, {K::name, "intermediate host"}};
constexpr FieldSpec f_px[] = {{K::u16, "preference"}, {K::name, "MAP822"}, {K::name, "MAPX400"}};
constexpr FieldSpec f_key[] = {{K::key_flags, "flags"}, {K::protocol, "protocol"}, {K::algorithm, "algorithm"},
                               {K::key_data, "public key"}};
constexpr FieldSpec f_gpos[] = {{K::string, "longitude"}, {K::string, "latitude"}, {K::string, "altitude"}};
constexpr FieldSpec f_isdn[] = {{K::string, "ISDN address"}, {K::string_opt, "subaddress"}};
constexpr FieldSpec f_wks[] = {{K::ipv4, "address"}, {K::wks_protocol, "protocol"}, {K::wks_services, "services"}};
constexpr FieldSpec f_nsap[] = {{K::nsap, "NSAP address"}};
constexpr FieldSpec f_nxt[] = {{K::name, "next domain name"}, {K::nxt_bitmap, "type bit map"}};
constexpr FieldSpec f_hex_data[] = {{K::hex, "data"}};
constexpr FieldSpec f_atma[] = {{K::atma, "ATM address"}};
constexpr FieldSpec f_a6[] = {{K::a6, "prefix length, address suffix and prefix name"}};
constexpr FieldSpec f_sink[] = {{K::u8, "meaning"}, {K::u8, "coding"}, {K::u8, "subcoding"}, {K::base64_opt, "data"}};
constexpr FieldSpec f_apl[] = {{K::apl, "address prefix list"}};
constexpr FieldSpec f_ipseckey[] = {{K::u8, "precedence"}, {K::ipseckey_gateway, "gateway"},
                                    {K::base64, "public key"}};
constexpr FieldSpec f_hip[] = {{K::hip, "HIT, public key and rendezvous servers"}};
constexpr FieldSpec f_talink[] = {{K::name, "previous name"}, {K::name, "next name"}};
constexpr FieldSpec f_dsync[] = {{K::rrtype, "type"}, {K::dsync_scheme, "scheme"}, {K::u16, "port"},
                                 {K::name, "target"}};
constexpr FieldSpec f_base64_data[] = {{K::base64, "data"}};
constexpr FieldSpec f_doa[] = {{K::u32, "enterprise"}, {K::u32, "type"}, {K::u8, "location"},
                               {K::string, "media type"}, {K::doa_data, "data"}};
constexpr FieldSpec f_amtrelay[] = {{K::u8, "precedence"}, {K::amtrelay, "discovery optional, type and relay"}};
constexpr FieldSpec f_generic_only[] = {{K::generic_only, "data"}};
constexpr FieldSpec f_obsolete[] = {{K::obsolete, "mail agent"}};
constexpr FieldSpec f_loc[] = {{K::loc, "location"}};
constexpr FieldSpec f_srv[] = {{K::u16, "priority"}, {K::u16, "weight"}, {K::u16, "port"}, {K::name, "target"}};
constexpr FieldSpec f_naptr[] = {{K::u16, "order"},    {K::u16, "preference"}, {K::string, "flags"},
                                 {K::string, "services"}, {K::string, "regexp"}, {K::name, "replacement"}};
constexpr FieldSpec f_kx[] = {{K::u16, "preference"}, {K::name, "exchanger"}};
constexpr FieldSpec f_cert[] = {{K::cert_type, "certificate type"}, {K::u16, "key tag"},
                                {K::algorithm, "algorithm"}, {K::base64, "certificate"}};
constexpr FieldSpec f_ds[] = {{K::u16, "key tag"}, {K::algorithm, "algorithm"}, {K::digest_type, "digest type"},
                              {K::digest, "digest"}};
constexpr FieldSpec f_sshfp[] = {{K::u8, "algorithm"}, {K::u8, "fingerprint type"}, {K::digest, "fingerprint"}};
constexpr FieldSpec f_rrsig[] = {{K::rrtype, "type covered"},  {K::algorithm, "algorithm"},
                                 {K::u8, "labels"},            {K::u32, "original TTL"},
                                 {K::time, "signature expiration"}, {K::time, "signature inception"},
                                 {K::u16, "key tag"},          {K::name, "signer's name"},
                                 {K::base64, "signature"}};
constexpr FieldSpec f_nsec[] = {{K::name, "next domain name"}, {K::type_bitmap, "type bit maps"}};
constexpr FieldSpec f_dnskey[] = {{K::key_flags, "flags"}, {K::protocol, "protocol"}, {K::algorithm, "algorithm"},
                                  {K::key_data, "public key"}};
constexpr FieldSpec f_dhcid[] = {{K::base64, "digest"}};
constexpr FieldSpec f_nsec3[] = {{K::nsec3_hash, "hash algorithm"}, {K::u8, "flags"}, {K::u16, "iterations"},
                                 {K::salt, "salt"}, {K::hash32, "next hashed owner name"},
                                 {K::type_bitmap, "type bit maps"}};
constexpr FieldSpec f_nsec3param[] = {{K::nsec3_hash, "hash algorithm"}, {K::u8, "flags"}, {K::u16, "iterations"},
                                      {K::salt, "salt"}};
constexpr FieldSpec f_tlsa[] = {{K::u8, "certificate usage"}, {K::u8, "selector"}, {K::u8, "matching type"},
                                {K::hex, "certificate association data"}};
constexpr FieldSpec f_openpgpkey[] = {{K::base64, "public key"}};
constexpr FieldSpec f_csync[] = {{K::u32, "SOA serial"}, {K::u16, "flags"}, {K::type_bitmap, "type bit map"}};
constexpr FieldSpec f_zonemd[] = {{K::u32, "serial"}, {K::u8, "scheme"}, {K::u8, "hash algorithm"},
                                  {K::zonemd_digest, "digest"}};
constexpr FieldSpec f_svcb[] = {{K::u16, "priority"}, {K::name, "target name"}, {K::svc_params, "parameters"}};
constexpr FieldSpec f_nid[] = {{K::u16, "preference"}, {K::l64, "node ID"}};
constexpr FieldSpec f_l32[] = {{K::u16, "preference"}, {K::ilnp_ipv4, "locator"}};
constexpr FieldSpec f_l64[] = {{K::u16, "preference"}, {K::l64, "locator"}};
constexpr FieldSpec f_lp[] = {{K::u16, "preference"}, {K::name, "FQDN"}};
constexpr FieldSpec f_eui48[] = {{K::eui48, "address"}};
constexpr FieldSpec f_eui64[] = {{K::eui64, "address"}};
constexpr FieldSpec f_uri[] = {{K::u16, "priority"}, {K::u16, "weight"}, {K::string_rest, "target"}};
constexpr FieldSpec f_caa[] = {{K::u8, "flags"}, {K::caa_tag, "tag"}, {K::string_rest, "value"}};

constexpr RRTypeInfo typed(RRType code, std::string_view mnemonic, std::span<const FieldSpec> fields,
                           bool lowercase_names = false) {
  return {code, mnemonic, fields, true, lowercase_names};
}
constexpr RRTypeInfo tokens(RRType code, std::string_view mnemonic) { return {code, mnemonic, {}, false, false}; }

// Sorted by code.
constexpr RRTypeInfo type_table[] = {
    typed(rr::A, "A", f_a),
    typed(rr::NS, "NS", f_ns, true),
    typed(rr::MD, "MD", f_obsolete, true),
    typed(rr::MF, "MF", f_obsolete, true),
    typed(rr::CNAME, "CNAME", f_cname, true),
    typed(rr::SOA, "SOA", f_soa, true),
    typed(rr::MB, "MB", f_mailbox, true),
    typed(rr::MG, "MG", f_mailbox, true),
    typed(rr::MR, "MR", f_mailbox, true),
    typed(rr::NULL_, "NULL", f_generic_only),
    typed(rr::WKS, "WKS", f_wks),
    typed(rr::PTR, "PTR", f_ptr, true),
    typed(rr::HINFO, "HINFO", f_hinfo),
    typed(rr::MINFO, "MINFO", f_minfo, true),
    typed(rr::MX, "MX", f_mx, true),
    typed(rr::TXT, "TXT", f_txt),
    typed(rr::RP, "RP", f_rp, true),
    typed(rr::AFSDB, "AFSDB", f_afsdb, true),
    typed(rr::X25, "X25", f_x25),
    typed(rr::ISDN, "ISDN", f_isdn),
    typed(rr::RT, "RT", f_rt, true),
    typed(rr::NSAP, "NSAP", f_nsap),
    typed(rr::NSAP_PTR, "NSAP-PTR", f_ptr),
    typed(rr::SIG, "SIG", f_rrsig, true),
    typed(rr::KEY, "KEY", f_key),
    typed(rr::PX, "PX", f_px, true),
    typed(rr::GPOS, "GPOS", f_gpos),
    typed(rr::AAAA, "AAAA", f_aaaa),
    typed(rr::LOC, "LOC", f_loc),
    typed(rr::NXT, "NXT", f_nxt, true),
    typed(31, "EID", f_hex_data),
    typed(32, "NIMLOC", f_hex_data),
    typed(rr::SRV, "SRV", f_srv, true),
    typed(34, "ATMA", f_atma),
    typed(rr::NAPTR, "NAPTR", f_naptr, true),
    typed(rr::KX, "KX", f_kx, true),
    typed(rr::CERT, "CERT", f_cert),
    typed(rr::A6, "A6", f_a6, true),
    typed(rr::DNAME, "DNAME", f_dname, true),
    typed(40, "SINK", f_sink),
    tokens(rr::OPT, "OPT"),
    typed(rr::APL, "APL", f_apl),
    typed(rr::DS, "DS", f_ds),
    typed(rr::SSHFP, "SSHFP", f_sshfp),
    typed(rr::IPSECKEY, "IPSECKEY", f_ipseckey),
    typed(rr::RRSIG, "RRSIG", f_rrsig, true),
    typed(rr::NSEC, "NSEC", f_nsec, true),
    typed(rr::DNSKEY, "DNSKEY", f_dnskey),
    typed(rr::DHCID, "DHCID", f_dhcid),
    typed(rr::NSEC3, "NSEC3", f_nsec3),
    typed(rr::NSEC3PARAM, "NSEC3PARAM", f_nsec3param),
    typed(rr::TLSA, "TLSA", f_tlsa),
    typed(rr::SMIMEA, "SMIMEA", f_tlsa),
    typed(rr::HIP, "HIP", f_hip),
    typed(56, "NINFO", f_txt),
    typed(57, "RKEY", f_dnskey),
    typed(58, "TALINK", f_talink),
    typed(rr::CDS, "CDS", f_ds),
    typed(rr::CDNSKEY, "CDNSKEY", f_dnskey),
    typed(rr::OPENPGPKEY, "OPENPGPKEY", f_openpgpkey),
    typed(rr::CSYNC, "CSYNC", f_csync),
    typed(rr::ZONEMD, "ZONEMD", f_zonemd),
    typed(rr::SVCB, "SVCB", f_svcb),
    typed(rr::HTTPS, "HTTPS", f_svcb),
    typed(66, "DSYNC", f_dsync),
    typed(67, "HHIT", f_base64_data),
    typed(68, "BRID", f_base64_data),
    typed(rr::SPF, "SPF", f_txt),
    typed(100, "UINFO", f_generic_only),
    typed(101, "UID", f_generic_only),
    typed(102, "GID", f_generic_only),
    typed(103, "UNSPEC", f_generic_only),
    typed(rr::NID, "NID", f_nid),
    typed(rr::L32, "L32", f_l32),
    typed(rr::L64, "L64", f_l64),
    typed(rr::LP, "LP", f_lp),
    typed(rr::EUI48, "EUI48", f_eui48),
    typed(rr::EUI64, "EUI64", f_eui64),
    tokens(rr::TKEY, "TKEY"),
    tokens(rr::TSIG, "TSIG"),
    tokens(rr::IXFR, "IXFR"),
    tokens(rr::AXFR, "AXFR"),
    tokens(rr::MAILB, "MAILB"),
    tokens(rr::MAILA, "MAILA"),
    tokens(rr::ANY, "ANY"),
    typed(rr::URI, "URI", f_uri),
    typed(rr::CAA, "CAA", f_caa),
    typed(rr::AVC, "AVC", f_txt),
    typed(rr::DOA, "DOA", f_doa),
    typed(rr::AMTRELAY, "AMTRELAY", f_amtrelay),
    typed(261, "RESINFO", f_txt),
    typed(262, "WALLET", f_txt),
    typed(rr::TA, "TA", f_ds),
    typed(rr::DLV, "DLV", f_ds),
};

constexpr bool table_sorted() {
  for (std::size_t i = 1; i < std::size(type_table); ++i)
    if (type_table[i - 1].code >= type_table[i].code) return false;
  return true;
}
static_assert(table_sorted(), "type_table must be sorted by code");

// Index of the table by mnemonic, built once.
struct MnemonicIndex {
  std::array<const RRTypeInfo*, std::size(type_table)> entries{};
  MnemonicIndex() {
    for (std::size_t i = 0; i < std::size(type_table); ++i) entries[i] = &type_table[i];
    std::sort(entries.begin(), entries.end(),
              [](const RRTypeInfo* a, const RRTypeInfo* b) { return a->mnemonic < b->mnemonic; });
  }
};

const MnemonicIndex& mnemonic_index() {
  static const MnemonicIndex index;
  return index;
}

// Copies `text` upper-cased into `buf`; false when it does not fit.
template <std::size_t N>
bool to_upper(std::string_view text, std::array<char, N>& buf, std::string_view& out) {
  if (text.size() > N) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    buf[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  }
  out = std::string_view(buf.data(), text.size());
  return true;
}

// Parses the digits after a prefix like TYPE or CLASS: 1..65535 written in decimal.
std::optional<std::uint16_t> numbered(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || !ascii_iequals(text.substr(0, prefix.size()), prefix)) return std::nullopt;
  const std::string_view digits = text.substr(prefix.size());
  if (digits.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

struct NamedNumber {
  std::string_view name;
  std::uint16_t value;
};

// The mnemonics BIND 9 reads and prints (its SECALGNAMES table); IANA's own spellings of 6, 7
// and 12 are in iana_only_algorithms because BIND rejects them.
constexpr NamedNumber algorithms[] = {
    {"RSAMD5", 1},         {"DH", 2},           {"DSA", 3},         {"RSASHA1", 5},
    {"NSEC3DSA", 6},       {"NSEC3RSASHA1", 7}, {"RSASHA256", 8},   {"RSASHA512", 10},
    {"ECCGOST", 12},       {"ECDSAP256SHA256", 13}, {"ECDSAP384SHA384", 14}, {"ED25519", 15},
    {"ED448", 16},         {"INDIRECT", 252},   {"PRIVATEDNS", 253}, {"PRIVATEOID", 254},
};
struct Respelling {
  std::string_view iana;
  std::string_view bind;
};
constexpr Respelling iana_only_algorithms[] = {
    {"DSA-NSEC3-SHA1", "NSEC3DSA"}, {"RSASHA1-NSEC3-SHA1", "NSEC3RSASHA1"}, {"ECC-GOST", "ECCGOST"}};
constexpr NamedNumber protocols[] = {{"NONE", 0}, {"TLS", 1},   {"EMAIL", 2},
                                     {"DNSSEC", 3}, {"IPSEC", 4}, {"ALL", 255}};
// BIND's key flag mnemonics (RFC 2535 §7.1 and later bits).
constexpr NamedNumber key_flag_names[] = {
    {"NOCONF", 0x4000}, {"NOAUTH", 0x8000}, {"NOKEY", 0xC000}, {"FLAG2", 0x2000}, {"EXTEND", 0x1000},
    {"FLAG4", 0x0800},  {"FLAG5", 0x0400},  {"USER", 0x0000},  {"ZONE", 0x0100},  {"HOST", 0x0200},
    {"NTYP3", 0x0300},  {"FLAG8", 0x0080},  {"FLAG9", 0x0040}, {"FLAG10", 0x0020}, {"FLAG11", 0x0010},
    {"SIG0", 0},        {"SIG1", 1},        {"SIG2", 2},       {"SIG3", 3},       {"SIG4", 4},
    {"SIG5", 5},        {"SIG6", 6},        {"SIG7", 7},       {"SIG8", 8},       {"SIG9", 9},
    {"SIG10", 10},      {"SIG11", 11},      {"SIG12", 12},     {"SIG13", 13},     {"SIG14", 14},
    {"SIG15", 15},      {"KSK", 1},
};
constexpr NamedNumber digest_types[] = {{"SHA-1", 1}, {"SHA1", 1}, {"SHA-256", 2}, {"SHA256", 2},
                                        {"GOST", 3},  {"SHA-384", 4}, {"SHA384", 4}};
constexpr NamedNumber cert_types[] = {{"PKIX", 1}, {"SPKI", 2},   {"PGP", 3},     {"IPKIX", 4}, {"ISPKI", 5},
                                      {"IPGP", 6}, {"ACPKIX", 7}, {"IACPKIX", 8}, {"URI", 253}, {"OID", 254}};

template <std::size_t N>
std::optional<std::uint16_t> lookup(const NamedNumber (&table)[N], std::string_view text) {
  for (const auto& entry : table)
    if (ascii_iequals(entry.name, text)) return entry.value;
  return std::nullopt;
}

std::optional<unsigned long> decimal(std::string_view text, unsigned long max) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  unsigned long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

}  // namespace

const RRTypeInfo* find_type(RRType code) noexcept {
  // Every record asks: the codes below 256 (nearly all types) by direct index.
  static const std::array<const RRTypeInfo*, 256> small = [] {
    std::array<const RRTypeInfo*, 256> t{};
    for (const RRTypeInfo& info : type_table)
      if (info.code < t.size()) t[info.code] = &info;
    return t;
  }();
  if (code < small.size()) return small[code];
  const auto* begin = std::begin(type_table);
  const auto* end = std::end(type_table);
  const auto* it = std::lower_bound(begin, end, code, [](const RRTypeInfo& t, RRType c) { return t.code < c; });
  return (it != end && it->code == code) ? it : nullptr;
}

namespace {
// Up to seven characters, ASCII letters upper-cased, in one integer.
constexpr std::uint64_t packed_upper(std::string_view text) noexcept {
  std::uint64_t key = 0;
  for (const char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 'a' && c <= 'z') c = static_cast<unsigned char>(c - 32);
    key = (key << 8) | c;
  }
  return key | (std::uint64_t{text.size()} << 56);  // up to seven characters; the length tells "\0A" from "A"
}
}  // namespace

std::optional<RRType> type_from_text(std::string_view text) noexcept {
  // The types most zones are made of, without the table search (every record asks).
  if (!text.empty() && text.size() <= 5) {
    switch (packed_upper(text)) {
      case packed_upper("A"): return rr::A;
      case packed_upper("AAAA"): return rr::AAAA;
      case packed_upper("NS"): return rr::NS;
      case packed_upper("MX"): return rr::MX;
      case packed_upper("TXT"): return rr::TXT;
      case packed_upper("CNAME"): return rr::CNAME;
      case packed_upper("SRV"): return rr::SRV;
      case packed_upper("CAA"): return rr::CAA;
      case packed_upper("PTR"): return rr::PTR;
      case packed_upper("SOA"): return rr::SOA;
      default: break;
    }
  }
  std::array<char, 20> buf{};
  std::string_view upper;
  if (!to_upper(text, buf, upper)) return std::nullopt;
  const auto& entries = mnemonic_index().entries;
  const auto it = std::lower_bound(entries.begin(), entries.end(), upper,
                                   [](const RRTypeInfo* t, std::string_view m) { return t->mnemonic < m; });
  if (it != entries.end() && (*it)->mnemonic == upper) return (*it)->code;
  // BIND's private KEYDATA type (managed keys): BIND reads the name but prints TYPE65533.
  if (upper == "KEYDATA") return RRType{65533};
  return numbered(text, "TYPE");
}

std::string type_to_text(RRType code) {
  if (const RRTypeInfo* info = find_type(code)) return std::string(info->mnemonic);
  return fmt::format("TYPE{}", code);
}

std::string_view type_article(std::string_view mnemonic) noexcept {
  if (mnemonic.empty()) return "a";
  if (mnemonic == "LOC" || mnemonic == "NAPTR" || mnemonic == "NULL" || mnemonic == "URI") return "a";
  return std::string_view("AEFHILMNORSX").find(mnemonic[0]) != std::string_view::npos ? "an" : "a";
}

bool is_meta_type(RRType code) noexcept {
  // Type 0 is reserved (RFC 6895 §3.1) and BIND treats it as a meta type too.
  return code == 0 || code == rr::OPT || (code >= 128 && code <= 255);
}

std::optional<RRClass> class_from_text(std::string_view text) noexcept {
  // Every record's type token is asked first: most are no class at all.
  if (text.size() > 5) {
    if (ascii_iequals(text, "HESIOD")) return rrclass::HS;
    return numbered(text, "CLASS");
  }
  switch (text.empty() ? 0 : packed_upper(text)) {
    case packed_upper("IN"): return rrclass::IN;
    case packed_upper("CH"):
    case packed_upper("CHAOS"): return rrclass::CH;
    case packed_upper("HS"): return rrclass::HS;
    case packed_upper("NONE"): return rrclass::NONE;
    case packed_upper("ANY"): return rrclass::ANY;
    default: return std::nullopt;
  }
}

std::string class_to_text(RRClass code) {
  switch (code) {
    case rrclass::IN: return "IN";
    case rrclass::CH: return "CH";
    case rrclass::HS: return "HS";
    case rrclass::NONE: return "NONE";
    case rrclass::ANY: return "ANY";
    default: return fmt::format("CLASS{}", code);
  }
}

std::optional<std::uint8_t> algorithm_from_text(std::string_view text) noexcept {
  if (const auto v = decimal(text, 255)) return static_cast<std::uint8_t>(*v);
  if (const auto v = lookup(algorithms, text)) return static_cast<std::uint8_t>(*v);
  return std::nullopt;
}

std::optional<std::string_view> algorithm_to_text(std::uint8_t code) noexcept {
  for (const auto& entry : algorithms)
    if (entry.value == code) return entry.name;
  return std::nullopt;
}

std::optional<std::string_view> algorithm_bind_spelling(std::string_view text) noexcept {
  for (const auto& entry : iana_only_algorithms)
    if (ascii_iequals(entry.iana, text)) return entry.bind;
  return std::nullopt;
}

std::optional<std::uint8_t> protocol_from_text(std::string_view text) noexcept {
  if (const auto v = decimal(text, 255)) return static_cast<std::uint8_t>(*v);
  if (const auto v = lookup(protocols, text)) return static_cast<std::uint8_t>(*v);
  return std::nullopt;
}

std::optional<std::uint16_t> key_flags_from_text(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  if (text[0] >= '0' && text[0] <= '9') {
    // BIND tries decimal, then hexadecimal with an optional 0x (so "1F" is 31).
    if (const auto v = decimal(text, 65535)) return static_cast<std::uint16_t>(*v);
    std::string_view hex = text;
    if (hex.size() > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
    unsigned long value = 0;
    const auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), value, 16);
    if (hex.empty() || ec != std::errc() || ptr != hex.data() + hex.size() || value > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(value);
  }
  // Mnemonics joined by '|'. Like BIND, a word selects the first mnemonic it is a prefix of.
  unsigned value = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t bar = text.find('|', pos);
    const std::string_view word = text.substr(pos, bar == std::string_view::npos ? std::string_view::npos : bar - pos);
    const NamedNumber* match = nullptr;
    for (const auto& entry : key_flag_names) {
      if (word.size() <= entry.name.size() && ascii_iequals(entry.name.substr(0, word.size()), word)) {
        match = &entry;
        break;
      }
    }
    if (match == nullptr) return std::nullopt;
    value |= match->value;
    if (bar == std::string_view::npos) break;
    pos = bar + 1;
  }
  return static_cast<std::uint16_t>(value);
}

std::optional<std::uint8_t> digest_type_from_text(std::string_view text) noexcept {
  if (const auto v = decimal(text, 255)) return static_cast<std::uint8_t>(*v);
  if (const auto v = lookup(digest_types, text)) return static_cast<std::uint8_t>(*v);
  return std::nullopt;
}

std::optional<std::uint16_t> cert_type_from_text(std::string_view text) noexcept {
  if (const auto v = decimal(text, 65535)) return static_cast<std::uint16_t>(*v);
  return lookup(cert_types, text);
}

std::optional<std::string_view> cert_type_to_text(std::uint16_t code) noexcept {
  for (const auto& entry : cert_types)
    if (entry.value == code) return entry.name;
  return std::nullopt;
}

}  // namespace zonelint
