#pragma once
// Decoding of presentation-format escapes and binary encodings used by RDATA fields.

#include <cstdint>
#include <string>
#include <string_view>

namespace zonelint {

// Decodes \DDD and \X escapes of a <character-string> (RFC 1035 §5.1). On failure returns false
// and sets `error_at` (an index into `raw`) and `message`.
bool decode_escapes(std::string_view raw, std::string& out, std::size_t& error_at, std::string& message);

// What decode_base64 makes of '=' padding that follows bits which are not zero (RFC 4648 §3.5
// lets a decoder refuse them): an error in a zone's RDATA, which BIND refuses to load, but not in
// a DKIM key, which verifiers decode whatever those bits hold.
enum class PadBits { must_be_zero, ignored };

// RFC 4648 §4 base64; `error_at` indexes the first bad character.
bool decode_base64(std::string_view text, std::string& out, std::size_t& error_at, std::string& message,
                   PadBits pad_bits = PadBits::must_be_zero);
void encode_base64(std::string_view bytes, std::string& out);

// Hex digits, either case, even count.
bool decode_hex(std::string_view text, std::string& out, std::size_t& error_at, std::string& message);
void encode_hex_upper(std::string_view bytes, std::string& out);

// A dotted-quad IPv4 address: four numbers 0-255 without leading zeros, nothing else; exactly
// what grammar::rdata::ipv4_address matches as a whole (a unit test compares the two). Read in
// one pass on the reader's hot path, where matching the grammar and then reading the numbers
// again cost twice.
bool decode_ipv4(std::string_view text, unsigned char (&out)[4]) noexcept;

// RFC 4648 §7 base32hex without padding (NSEC3 hashes).
bool decode_base32hex(std::string_view text, std::string& out, std::size_t& error_at, std::string& message);
void encode_base32hex_upper(std::string_view bytes, std::string& out);

}  // namespace zonelint

namespace zonelint {

// RFC 3403 §4.1 NAPTR regexp field, "delim ERE delim replacement delim flags", checked the way
// BIND checks it: an empty field is fine; otherwise the delimiter is not a digit, "\" or "i",
// the ERE is valid POSIX syntax, the only flag is "i", and the replacement refers (\1 to \9) only
// to groups the ERE has. Returns what is wrong, or an empty string.
[[nodiscard]] std::string naptr_regexp_problem(std::string_view field);

// RFC 9461 §5: dohpath is a relative URI template with a "dns" variable. BIND checks that it
// starts with "/", that every "{" is closed, and that some expression names "dns".
[[nodiscard]] bool valid_dohpath(std::string_view path);

// The wire-form value of SvcParam `key` checked as BIND checks received data for the keys it
// knows (mandatory, alpn, no-default-alpn, port, ipv4hint, ipv6hint, dohpath). Returns what is
// wrong, or an empty string.
[[nodiscard]] std::string svc_param_wire_problem(std::uint16_t key, std::string_view value);

}  // namespace zonelint
