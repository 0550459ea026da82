#pragma once
// How many threads zonelint uses when --jobs does not say: one per processor, at most four,
// because each part of a zone read on its own thread holds its own records and names until they
// are joined. One place, so that reading and the rules follow the same policy.

#include <algorithm>
#include <thread>

namespace zonelint {

[[nodiscard]] inline unsigned default_thread_count() {
  return std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
}

}  // namespace zonelint
