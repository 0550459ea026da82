#pragma once
// PEGTL grammar of JSON (RFC 8259), as the provider exports write it. The value grammar is
// PEGTL's own (tao/pegtl/contrib/json.hpp); this header only adds the top level and the names
// the error table and the reader hook into. No actions here.

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/json.hpp>

namespace zonelint::grammar::json {

namespace pg = tao::pegtl;

// The rules the reader and grammar/json_errors.hpp refer to, under this namespace.
using pg::json::begin_array;
using pg::json::begin_object;
using pg::json::digits;
using pg::json::end_array;
using pg::json::end_object;
using pg::json::escaped;
using pg::json::false_;
using pg::json::key;
using pg::json::member_value;
using pg::json::name_separator;
using pg::json::next_array_element;
using pg::json::next_member;
using pg::json::null;
using pg::json::number;
using pg::json::string;
using pg::json::true_;
using pg::json::value;
using pg::json::ws;
using pg::json::xdigit;
using char_ = pg::json::char_;

// RFC 8259 §8.1: a parser may ignore a leading byte-order mark; Windows tools write one.
struct bom : pg::string<'\xEF', '\xBB', '\xBF'> {};

// RFC 8259 §2: JSON-text = ws value ws.
struct root_value : value {};
struct end_of_text : pg::eof {};
struct text : pg::seq<pg::opt<bom>, pg::star<ws>, pg::must<root_value>, pg::star<ws>, pg::must<end_of_text>> {};

}  // namespace zonelint::grammar::json
