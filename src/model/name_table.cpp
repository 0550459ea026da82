#include "model/name_table.hpp"

namespace zonelint {

NameTable::NameTable() : slots_(1024, 0) {}

void NameTable::reserve(std::size_t names, std::size_t bytes) {
  entries_.reserve(names);
  arena_.reserve(bytes);
}

bool NameTable::find(NameView name, std::uint32_t hash, NameId& id) const noexcept {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return false;
    if (slot_hash(slot) == hash && get(slot_id(slot) - 1).equals(name)) {
      id = slot_id(slot) - 1;
      return true;
    }
  }
}

bool NameTable::find(NameView name, NameId& id) const noexcept { return find(name, hash(name), id); }

NameId NameTable::intern(NameView name, std::uint32_t h) {
  NameId id = 0;
  if (find(name, h, id)) return id;
  return add_new(name, h);
}

NameId NameTable::add_new(NameView name, std::uint32_t h) {
  if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow(slots_.size() * 2);
  const auto id = static_cast<NameId>(entries_.size());
  entries_.push_back({static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(name.wire().size())});
  arena_.append(name.wire());
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = (std::uint64_t{h} << 32) | (id + 1);
  return id;
}

void NameTable::reserve_slots(std::size_t names) {
  std::size_t slots = slots_.size();
  while (names * 4 > slots * 3) slots *= 2;  // the load factor add_new() keeps
  if (slots != slots_.size()) grow(slots);
}

void NameTable::grow(std::size_t slots) {
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> bigger(slots, 0);
  const std::size_t mask = bigger.size() - 1;
  for (const std::uint64_t slot : slots_) {
    if (slot == 0) continue;
    std::size_t i = slot_hash(slot) & mask;
    while (bigger[i] != 0) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

}  // namespace zonelint
