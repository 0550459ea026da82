#pragma once
// PEGTL grammar of DNS master files (RFC 1035 §5.1, with BIND's extensions). Lexical structure
// only: entries, tokens, parentheses, comments. What the tokens of an entry mean (TTL, class,
// type, RDATA fields) is decided by the reader from the RR type table. No actions here.

#include <tao/pegtl.hpp>

namespace zonelint::grammar::master_file {

namespace pg = tao::pegtl;

// Byte-order mark some Windows tools write; BIND rejects it, zonelint accepts it.
struct bom : pg::string<'\xEF', '\xBB', '\xBF'> {};

// RFC 1035 §5.1: blanks separate items. A CR is blank too, which makes CRLF line ends work.
struct blank : pg::one<' ', '\t', '\r'> {};
struct blanks : pg::plus<blank> {};
struct line_break : pg::one<'\n'> {};
// ";" starts a comment that runs to the end of the line.
struct comment : pg::seq<pg::one<';'>, pg::star<pg::not_one<'\n'>>> {};

// \DDD (a decimal octet value) or \X (X taken literally).
struct decimal_escape : pg::seq<pg::digit, pg::digit, pg::digit> {};
struct escaped : pg::sor<decimal_escape, pg::ranges<'\t', '\t', ' ', '~', char(0x80), char(0xFF)>> {};
struct escape : pg::if_must<pg::one<'\\'>, escaped> {};

// <contiguous>: a run of characters that are not delimiters. A quote also ends a word (BIND).
// Control characters are not allowed raw anywhere (they are written \DDD); bytes from 0x80 are.
struct word_char : pg::ranges<'!', '!', '#', '\'', '*', ':', '<', '[', ']', '~', char(0x80), char(0xFF)> {};
// Runs of plain characters are matched in one inner loop (most words have no escape at all).
struct word : pg::plus<pg::sor<pg::plus<word_char>, escape>> {};

// <quoted>: a string in double quotes on one line; \" and \\ escape.
struct quote : pg::one<'"'> {};
struct quoted_char : pg::ranges<'\t', '\t', ' ', '!', '#', '[', ']', '~', char(0x80), char(0xFF)> {};
struct quoted_body : pg::star<pg::sor<pg::plus<quoted_char>, escape>> {};
struct close_quote : pg::one<'"'> {};
struct quoted : pg::if_must<quote, quoted_body, close_quote> {};

// Parentheses group items over several lines; inside them line breaks and comments are blank.
// BIND allows nesting; the reader bounds the depth.
struct open_paren : pg::one<'('> {};
struct close_paren : pg::one<')'> {};
struct group;
struct group_item : pg::sor<blanks, line_break, comment, word, quoted, group> {};
struct group_end : close_paren {};
struct group : pg::if_must<open_paren, pg::star<group_item>, group_end> {};

// An entry: items up to the end of the line outside parentheses. Whether the first item is an
// owner, a directive or continues the previous owner depends on the line's first byte.
struct item : pg::sor<blanks, word, quoted, group> {};
struct entry_end : pg::seq<pg::opt<comment>, pg::sor<line_break, pg::eof>> {};
struct entry : pg::seq<pg::star<item>, pg::must<entry_end>> {};

// A whole file: entries, each ending at a line break, and a last one that may end at the end of
// the file. For analysis and documentation; the reader parses entry by entry to recover.
struct line : pg::seq<pg::star<item>, pg::opt<comment>, line_break> {};
struct last_line : pg::seq<pg::star<item>, pg::opt<comment>, pg::eof> {};
struct file : pg::seq<pg::opt<bom>, pg::star<line>, last_line> {};

}  // namespace zonelint::grammar::master_file
