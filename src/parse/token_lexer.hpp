#pragma once
// Re-reads the tokens of a text range that the master-file reader already accepted, so rules can
// find the exact token of a record without the reader keeping every token in memory.

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/token.hpp"

namespace zonelint {

// Appends the word and quoted tokens in text[begin, end) to `out`, skipping blanks, line breaks,
// comments and parentheses.
void lex_tokens(std::string_view text, std::uint32_t begin, std::uint32_t end, std::vector<Token>& out);

}  // namespace zonelint
