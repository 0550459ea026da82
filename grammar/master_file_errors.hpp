#pragma once
// Error messages for the master-file grammar's must<> points (PEGTL must_if).

#include "grammar/master_file.hpp"

namespace zonelint::grammar::master_file {

struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;
};

template <> inline constexpr const char* errors::message<escaped> =
    "a backslash must be followed by a printable character or three decimal digits";
template <> inline constexpr const char* errors::message<quoted_body> = "invalid quoted string";
template <> inline constexpr const char* errors::message<close_quote> =
    "quoted string is not closed before the end of the line";
template <> inline constexpr const char* errors::message<pg::star<group_item>> = "invalid text inside parentheses";
template <> inline constexpr const char* errors::message<group_end> =
    "parenthesis is not closed before the end of the file";
template <> inline constexpr const char* errors::message<entry_end> = "expected the end of the entry";

}  // namespace zonelint::grammar::master_file
