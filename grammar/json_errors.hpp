#pragma once
// Error messages for the JSON grammar. PEGTL's JSON grammar has no must<> points of its own, so
// this table also says which rules are points of no return (`raise_on_failure`): once the rule
// before them matched, their failure is an error in the file, not a reason to backtrack.
// Same shape as PEGTL's must_if: a rule that can raise without a message fails to compile.

#include "grammar/json.hpp"

namespace zonelint::grammar::json {

struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;

  template <typename Rule>
  static constexpr bool raise_on_failure = message<Rule> != nullptr;
};

// clang-format off
// Reached only through must<>: `value` itself may fail softly inside "[]" and "{}".
template <> inline constexpr const char* errors::message<root_value> = "expected a JSON value";
template <> inline constexpr bool errors::raise_on_failure<root_value> = false;
template <> inline constexpr const char* errors::message<end_of_text> = "unexpected text after the JSON value";

template <> inline constexpr const char* errors::message<end_array> = "expected ',' or ']' after the array element";
template <> inline constexpr const char* errors::message<end_object> = "expected ',' or '}' after the object member";
template <> inline constexpr const char* errors::message<name_separator> = "expected ':' after the member name";
template <> inline constexpr const char* errors::message<member_value> = "expected a value after ':'";
template <> inline constexpr const char* errors::message<next_array_element> =
    "expected a value after ','; JSON does not allow a trailing comma";
template <> inline constexpr const char* errors::message<next_member> =
    "expected a member name in double quotes after ','; JSON does not allow a trailing comma";

template <> inline constexpr const char* errors::message<digits> = "expected a digit";
template <> inline constexpr const char* errors::message<xdigit> = "expected four hexadecimal digits after \\u";
template <> inline constexpr const char* errors::message<escaped> =
    "invalid escape; after a backslash JSON allows only \" \\ / b f n r t and uXXXX";
template <> inline constexpr const char* errors::message<char_> = "invalid character in a string";
// clang-format on

}  // namespace zonelint::grammar::json
