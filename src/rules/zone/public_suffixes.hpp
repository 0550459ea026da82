#pragma once
// The public top-level domains (IANA root zone), as data: ZONE003 uses them to tell a relative
// name that was meant to be absolute ("shop.herokuapp.com") from one meant relative ("mail").

#include <cstddef>
#include <string_view>

namespace zonelint::rules {

// True when `label` (one label, no dots, any case) is a top-level domain in the IANA list.
[[nodiscard]] bool is_public_tld(std::string_view label) noexcept;

// How many TLDs the built-in list holds (for tests and `--version`-style reporting).
[[nodiscard]] std::size_t public_tld_count() noexcept;

}  // namespace zonelint::rules
