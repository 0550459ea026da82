#pragma once
// PEGTL grammars for the text of single RDATA fields, matched against one token at a time.
// The reader converts a token only after its grammar matched the whole token.

#include <tao/pegtl.hpp>

namespace zonelint::grammar::rdata {

namespace pg = tao::pegtl;

// RFC 3986 §3.2.2 dec-octet: 0-255 without leading zeros (inet_pton, and so BIND, reject them).
struct dec_octet : pg::sor<pg::seq<pg::one<'2'>, pg::one<'5'>, pg::range<'0', '5'>>,
                           pg::seq<pg::one<'2'>, pg::range<'0', '4'>, pg::digit>,
                           pg::seq<pg::one<'1'>, pg::digit, pg::digit>,
                           pg::seq<pg::range<'1', '9'>, pg::digit>,
                           pg::digit> {};
struct ipv4_address : pg::seq<dec_octet, pg::one<'.'>, dec_octet, pg::one<'.'>, dec_octet, pg::one<'.'>, dec_octet> {};

// BIND's TTL syntax: a number, or numbers each followed by a unit (1w2d3h4m5s), any case.
struct ttl_unit : pg::one<'w', 'W', 'd', 'D', 'h', 'H', 'm', 'M', 's', 'S'> {};
struct ttl_number : pg::plus<pg::digit> {};
struct ttl_value : pg::seq<ttl_number, pg::opt<ttl_unit, pg::star<ttl_number, ttl_unit>>> {};

// RFC 4034 §3.2: YYYYMMDDHHmmSS, or a number of seconds.
struct rrsig_time : pg::plus<pg::digit> {};

// RFC 4648 alphabets.
struct base64_char : pg::sor<pg::alnum, pg::one<'+', '/'>> {};
struct base64_text : pg::seq<pg::star<base64_char>, pg::rep_opt<2, pg::one<'='>>> {};
struct hex_text : pg::star<pg::xdigit> {};
struct base32hex_char : pg::sor<pg::digit, pg::range<'a', 'v'>, pg::range<'A', 'V'>> {};
struct base32hex_text : pg::star<base32hex_char> {};

// RFC 8659 §4.1: a CAA tag is letters and digits.
struct caa_tag : pg::plus<pg::alnum> {};

// RFC 7043 §3.2, §4.2: hex pairs joined by hyphens. BIND also takes a single digit per octet.
struct hex_pair : pg::rep_min_max<1, 2, pg::xdigit> {};
struct eui48 : pg::seq<hex_pair, pg::rep<5, pg::one<'-'>, hex_pair>> {};
struct eui64 : pg::seq<hex_pair, pg::rep<7, pg::one<'-'>, hex_pair>> {};

// RFC 6742 §2.3: four groups of four hex digits joined by colons; BIND, like IPv6 text, takes
// one to four digits per group.
struct hex_quad : pg::rep_min_max<1, 4, pg::xdigit> {};
struct ilnp64 : pg::seq<hex_quad, pg::rep<3, pg::one<':'>, hex_quad>> {};

// RFC 9460 §2.1: key=value, the key in lower case letters, digits and hyphens.
struct svc_key : pg::plus<pg::sor<pg::range<'a', 'z'>, pg::digit, pg::one<'-'>>> {};

}  // namespace zonelint::grammar::rdata
