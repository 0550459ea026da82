#include "model/name_table.hpp"

namespace zonelint {

NameTable::NameTable() : slots_(1024, 0) {}

bool NameTable::find(NameView name, NameId& id) const noexcept {
  const std::uint64_t h = name.hash();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return false;
    const Entry& e = entries_[slot - 1];
    if (e.hash == h && get(slot - 1).equals(name)) {
      id = slot - 1;
      return true;
    }
  }
}

NameId NameTable::intern(NameView name) {
  NameId id = 0;
  if (find(name, id)) return id;
  if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow();
  const std::uint64_t h = name.hash();
  id = static_cast<NameId>(entries_.size());
  entries_.push_back({static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(name.wire().size()), h});
  arena_.append(name.wire());
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i] != 0) i = (i + 1) & mask;
  slots_[i] = id + 1;
  return id;
}

void NameTable::grow() {
  std::vector<std::uint32_t> bigger(slots_.size() * 2, 0);
  const std::size_t mask = bigger.size() - 1;
  for (std::uint32_t id = 0; id < entries_.size(); ++id) {
    std::size_t i = entries_[id].hash & mask;
    while (bigger[i] != 0) i = (i + 1) & mask;
    bigger[i] = id + 1;
  }
  slots_.swap(bigger);
}

}  // namespace zonelint
