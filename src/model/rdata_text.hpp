#pragma once
// Wire RDATA to presentation text, the way BIND 9 prints it (named-checkzone -D), so that
// `zonelint dump` can be compared with BIND and used to convert exports to zone files.

#include <string>
#include <string_view>

#include "model/rr_type.hpp"

namespace zonelint {

// Appends the presentation form of `wire` as RDATA of `type`. Returns false, appending nothing,
// when the octets do not form valid RDATA of that type.
bool rdata_to_text(RRType type, std::string_view wire, std::string& out);

// RFC 3597 §5 generic form: "\# length HEX".
void rdata_to_generic_text(std::string_view wire, std::string& out);

// A <character-string> in double quotes with BIND's escaping.
void append_quoted_string(std::string_view bytes, std::string& out);

}  // namespace zonelint
