#pragma once
// Interned domain names: each distinct name (case-insensitively) is stored once and named by a
// NameId. Records refer to owners by id, so grouping by owner is an integer comparison.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/huge_page_allocator.hpp"
#include "model/name.hpp"

namespace zonelint {

using NameId = std::uint32_t;

class NameTable {
 public:
  NameTable();

  // The id of `name`, adding it when new. The first spelling seen is the one kept.
  NameId intern(NameView name) { return intern(name, hash(name)); }
  // The same with `hash(name)` computed before, e.g. to prefetch() its slot meanwhile.
  NameId intern(NameView name, std::uint32_t name_hash);
  [[nodiscard]] static std::uint32_t hash(NameView name) noexcept {
    const std::uint64_t h = name.hash();
    return static_cast<std::uint32_t>(h ^ (h >> 32));
  }
  // Starts loading the slot where a name with this hash is looked for: a reader that knows
  // the next names early interns them without waiting on memory one at a time.
  void prefetch(std::uint32_t name_hash) const noexcept {
    __builtin_prefetch(slots_.data() + (name_hash & (slots_.size() - 1)));
  }
  [[nodiscard]] NameView get(NameId id) const noexcept {
    const Entry& e = entries_[id];
    return NameView(std::string_view(arena_.data() + e.offset, e.length));
  }
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  // The id of `name` if interned.
  [[nodiscard]] bool find(NameView name, NameId& id) const noexcept;
  // The same with `hash(name)` computed before. Safe on several threads while none adds.
  [[nodiscard]] bool find(NameView name, std::uint32_t name_hash, NameId& id) const noexcept;
  // Adds `name`, which find() just did not find: nothing is compared on the way.
  NameId add_new(NameView name, std::uint32_t name_hash);
  // Room for about `names` names of `bytes` wire octets in all, so that a large zone does not
  // copy the table while it grows (capacity that is never written costs no memory).
  void reserve(std::size_t names, std::size_t bytes);
  // Hash slots for `names` names in all, so that adding up to that many grows the slots at most
  // once (the slots are written all over: they are sized for names known to come).
  void reserve_slots(std::size_t names);

 private:
  struct Entry {
    std::uint32_t offset;
    std::uint32_t length;
  };
  // A slot holds the id + 1 (0 = empty) and 32 bits of the name's hash, which give its home
  // slot and let a probe skip other names without reading their entries.
  [[nodiscard]] static std::uint32_t slot_id(std::uint64_t slot) noexcept { return static_cast<std::uint32_t>(slot); }
  [[nodiscard]] static std::uint32_t slot_hash(std::uint64_t slot) noexcept {
    return static_cast<std::uint32_t>(slot >> 32);
  }
  void grow(std::size_t slots);

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> slots_;  // open addressing, linear probing
};

}  // namespace zonelint
