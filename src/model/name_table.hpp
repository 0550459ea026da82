#pragma once
// Interned domain names: each distinct name (case-insensitively) is stored once and named by a
// NameId. Records refer to owners by id, so grouping by owner is an integer comparison.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/name.hpp"

namespace zonelint {

using NameId = std::uint32_t;

class NameTable {
 public:
  NameTable();

  // The id of `name`, adding it when new. The first spelling seen is the one kept.
  NameId intern(NameView name);
  [[nodiscard]] NameView get(NameId id) const noexcept {
    const Entry& e = entries_[id];
    return NameView(std::string_view(arena_.data() + e.offset, e.length));
  }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  // The id of `name` if interned.
  [[nodiscard]] bool find(NameView name, NameId& id) const noexcept;

 private:
  struct Entry {
    std::uint32_t offset;
    std::uint32_t length;
    std::uint64_t hash;
  };
  void grow();

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // open addressing; 0 = empty, else id + 1
};

}  // namespace zonelint
