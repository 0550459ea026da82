#include "parse/token_lexer.hpp"

#include <tao/pegtl.hpp>

#include "grammar/master_file.hpp"

namespace zonelint {

namespace pg = tao::pegtl;
namespace mf = grammar::master_file;

namespace {

// The accepted text again, flat: parentheses are separators here, not groups.
struct token_stream : pg::star<pg::sor<mf::blanks, mf::line_break, mf::comment, mf::word, mf::quoted,
                                       mf::open_paren, mf::close_paren>> {};

struct Collected {
  const char* base;
  std::vector<Token>* out;
};

template <typename Rule>
struct Collect : pg::nothing<Rule> {};

template <>
struct Collect<mf::word> {
  template <typename Input>
  static void apply(const Input& in, Collected& c) {
    const auto b = static_cast<std::uint32_t>(in.begin() - c.base);
    c.out->push_back({b, static_cast<std::uint32_t>(b + in.size()), TokenKind::word});
  }
};

template <>
struct Collect<mf::quoted> {
  template <typename Input>
  static void apply(const Input& in, Collected& c) {
    const auto b = static_cast<std::uint32_t>(in.begin() - c.base);
    c.out->push_back({b, static_cast<std::uint32_t>(b + in.size()), TokenKind::quoted});
  }
};

}  // namespace

void lex_tokens(std::string_view text, std::uint32_t begin, std::uint32_t end, std::vector<Token>& out) {
  if (begin >= end || end > text.size()) return;
  pg::memory_input<pg::tracking_mode::lazy, pg::eol::lf> in(text.data() + begin, text.data() + end, "");
  Collected c{text.data(), &out};
  try {
    pg::parse<token_stream, Collect>(in, c);
  } catch (const pg::parse_error&) {
    // The reader accepted this text before; a failure here would be a bug, and the tokens found
    // so far are still the right ones.
  }
}

}  // namespace zonelint
