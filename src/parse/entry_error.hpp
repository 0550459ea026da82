#pragma once
// A problem in one entry of master-file text, at a text range; the reader turns it into a
// ZONE000 finding and moves on to the next entry.

#include <cstdint>
#include <string>

namespace zonelint {

struct EntryError {
  std::uint32_t begin = 0;  // text offsets
  std::uint32_t end = 0;
  std::string message;
};

}  // namespace zonelint
