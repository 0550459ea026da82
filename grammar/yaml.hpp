#pragma once
// PEGTL grammar of the lexical layer of the YAML subset zonelint reads (docs/yaml-subset.md):
// the tokens of `gcloud dns record-sets export` files. Production names follow YAML 1.2.2
// (https://yaml.org/spec/1.2.2/). Indentation decides block structure, which a PEG cannot say
// without state, so the reader (parse/yaml_document.cpp) tracks indentation and asks these rules
// what starts at a given byte. No actions here.

#include <tao/pegtl.hpp>

namespace zonelint::grammar::yaml {

namespace pg = tao::pegtl;

// §5.4 line break characters (a lone CR is refused before parsing), §5.5 white space.
struct b_break : pg::sor<pg::string<'\r', '\n'>, pg::one<'\n'>> {};
struct s_white : pg::one<' ', '\t'> {};
// What may follow an indicator for it to count as one: white space, a line break, the end.
struct separator : pg::at<pg::sor<s_white, b_break, pg::eof>> {};

// §5.2 byte-order mark, only at the start of the stream in this subset.
struct bom : pg::string<'\xEF', '\xBB', '\xBF'> {};

// §6.6 comments: "#" to the end of the line (the reader checks the white space before it).
struct c_comment : pg::seq<pg::one<'#'>, pg::star<pg::not_one<'\r', '\n'>>> {};

// §9.1.2, §9.1.4 document markers, only at the start of a line.
struct c_directives_end : pg::seq<pg::string<'-', '-', '-'>, separator> {};
struct c_document_end : pg::seq<pg::string<'.', '.', '.'>, separator> {};

// §8.2.1 block sequence entry, §8.2.2 implicit-key mapping value indicator.
struct c_sequence_entry : pg::seq<pg::one<'-'>, separator> {};
struct c_mapping_value : pg::seq<pg::one<':'>, separator> {};

// §7.4 flow collections: only empty ones ("rrdatas: []") are in the subset.
struct empty_flow_sequence : pg::seq<pg::one<'['>, pg::star<s_white>, pg::one<']'>> {};
struct empty_flow_mapping : pg::seq<pg::one<'{'>, pg::star<s_white>, pg::one<'}'>> {};

// Indicators of constructs outside the subset; the reader names each in its error.
struct c_anchor : pg::one<'&'> {};                                // §6.9.2 anchors
struct c_alias : pg::one<'*'> {};                                 // §7.1 alias nodes
struct c_tag : pg::one<'!'> {};                                   // §6.9.1 tags
struct c_directive : pg::one<'%'> {};                             // §6.8 directives
struct c_block_scalar : pg::one<'|', '>'> {};                     // §8.1 literal and folded scalars
struct c_flow_start : pg::one<'[', '{'> {};                       // §7.4 non-empty flow collections
struct c_mapping_key : pg::seq<pg::one<'?'>, separator> {};       // §8.2.2 explicit keys
struct c_reserved : pg::one<'@', '`'> {};                         // §5.3 reserved indicators

// §7.3.3 ns-plain-first (block context): a plain scalar does not start with an indicator, except
// "-", "?" and ":" directly followed by a non-space character.
struct c_indicator : pg::one<'-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`'> {};
struct ns_char : pg::not_one<' ', '\t', '\r', '\n'> {};
struct ns_plain_first : pg::sor<pg::seq<pg::not_at<c_indicator>, ns_char>,
                                pg::seq<pg::one<'-', '?', ':'>, pg::at<ns_char>>> {};

// §7.3.1 double-quoted scalars: escape sequences (§5.7).
struct ns_esc_char : pg::one<'0', 'a', 'b', 't', '\t', 'n', 'v', 'f', 'r', 'e', ' ', '"', '/', '\\', 'N', '_', 'L', 'P'> {};
struct ns_esc_8_bit : pg::seq<pg::one<'x'>, pg::rep<2, pg::xdigit>> {};
struct ns_esc_16_bit : pg::seq<pg::one<'u'>, pg::rep<4, pg::xdigit>> {};
struct ns_esc_32_bit : pg::seq<pg::one<'U'>, pg::rep<8, pg::xdigit>> {};
struct c_ns_esc_char : pg::seq<pg::one<'\\'>, pg::sor<ns_esc_char, ns_esc_8_bit, ns_esc_16_bit, ns_esc_32_bit>> {};
// "\" right before a line break: the break and the next line's indentation are dropped.
struct escaped_break : pg::seq<pg::one<'\\'>, pg::at<b_break>> {};

// §7.3.2 single-quoted scalars: '' stands for one quote.
struct c_quoted_quote : pg::string<'\'', '\''> {};

}  // namespace zonelint::grammar::yaml
