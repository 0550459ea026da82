#pragma once
// PEGTL grammar of DNS master files (RFC 1035 §5.1, with BIND's extensions). Lexical structure
// only: entries, tokens, parentheses, comments. What the tokens of an entry mean (TTL, class,
// type, RDATA fields) is decided by the reader from the RR type table. No actions here.

#include <cstring>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

namespace zonelint::grammar::master_file {

namespace pg = tao::pegtl;

// Byte-order mark some Windows tools write; BIND rejects it, zonelint accepts it.
struct bom : pg::string<'\xEF', '\xBB', '\xBF'> {};

// RFC 1035 §5.1: blanks separate items. A CR is blank too, which makes CRLF line ends work.
struct blank : pg::one<' ', '\t', '\r'> {};
struct blanks : pg::plus<blank> {};
struct line_break : pg::one<'\n'> {};
// The rest of the line, up to its line break: equivalent to star<not_one<'\n'>>, found with
// memchr (zone files carry long comments, and the rule went byte by byte).
struct rest_of_line {
  using rule_t = rest_of_line;
  using subs_t = pg::type_list<>;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) noexcept {
    const auto left = static_cast<std::size_t>(in.end() - in.current());
    const void* const nl = std::memchr(in.current(), '\n', left);
    in.bump(nl == nullptr ? left : static_cast<std::size_t>(static_cast<const char*>(nl) - in.current()));
    return true;
  }
};
// ";" starts a comment that runs to the end of the line.
struct comment : pg::seq<pg::one<';'>, rest_of_line> {};

// \DDD (a decimal octet value) or \X (X taken literally).
struct decimal_escape : pg::seq<pg::digit, pg::digit, pg::digit> {};
struct escaped : pg::sor<decimal_escape, pg::ranges<'\t', '\t', ' ', '~', char(0x80), char(0xFF)>> {};
struct escape : pg::if_must<pg::one<'\\'>, escaped> {};

// <contiguous>: a run of characters that are not delimiters. A quote also ends a word (BIND).
// Control characters are not allowed raw anywhere (they are written \DDD); bytes from 0x80 are.
struct word_char : pg::ranges<'!', '!', '#', '\'', '*', ':', '<', '[', ']', '~', char(0x80), char(0xFF)> {};
// A set of bytes as a table, for byte_run.
struct byte_table {
  bool byte[256];
};
template <bool (*Member)(unsigned char)>
inline constexpr byte_table table_of = [] {
  byte_table t{};
  for (unsigned c = 0; c < 256; ++c) t.byte[c] = Member(static_cast<unsigned char>(c));
  return t;
}();
// One or more bytes of a set, matched by table lookup in one tight loop: the lexer's hot spot,
// where ranges<> would compare several ranges per byte.
template <const byte_table& Table>
struct byte_run {
  using rule_t = byte_run;
  using subs_t = pg::type_list<>;
  template <typename ParseInput>
  [[nodiscard]] static bool match(ParseInput& in) noexcept {
    const char* const begin = in.current();
    const char* const end = in.end();
    const char* p = begin;
    while (p != end && Table.byte[static_cast<unsigned char>(*p)]) ++p;
    if (p == begin) return false;
    in.bump(static_cast<std::size_t>(p - begin));
    return true;
  }
};

// Equivalent to plus<word_char> (a unit test checks all 256 bytes).
constexpr bool is_word_byte(unsigned char c) noexcept {
  return c == '!' || (c >= '#' && c <= '\'') || (c >= '*' && c <= ':') || (c >= '<' && c <= '[') ||
         (c >= ']' && c <= '~') || c >= 0x80;
}
using word_run = byte_run<table_of<is_word_byte>>;
// Most words have no escape at all.
struct word : pg::plus<pg::sor<word_run, escape>> {};

// <quoted>: a string in double quotes on one line; \" and \\ escape.
struct quote : pg::one<'"'> {};
struct quoted_char : pg::ranges<'\t', '\t', ' ', '!', '#', '[', ']', '~', char(0x80), char(0xFF)> {};
// Long TXT strings (DKIM keys) are the bulk of many zones. Equivalent to plus<quoted_char> (a
// unit test checks all 256 bytes).
constexpr bool is_quoted_byte(unsigned char c) noexcept {
  return c == '\t' || c == ' ' || c == '!' || (c >= '#' && c <= '[') || (c >= ']' && c <= '~') || c >= 0x80;
}
using quoted_run = byte_run<table_of<is_quoted_byte>>;
struct quoted_body : pg::star<pg::sor<quoted_run, escape>> {};
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

// rest_of_line may succeed without consuming (for analyze<>).
template <typename Name>
struct tao::pegtl::analyze_traits<Name, zonelint::grammar::master_file::rest_of_line>
    : tao::pegtl::analyze_opt_traits<> {};

// A byte_run consumes input whenever it succeeds (for analyze<>).
template <typename Name, const zonelint::grammar::master_file::byte_table& Table>
struct tao::pegtl::analyze_traits<Name, zonelint::grammar::master_file::byte_run<Table>>
    : tao::pegtl::analyze_any_traits<> {};
