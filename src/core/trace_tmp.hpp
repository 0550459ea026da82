#pragma once
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <functional>
namespace zonelint {
inline void trace_tmp(const char* what) {
  static const bool on = std::getenv("ZL_TRACE") != nullptr;
  if (!on) return;
  static const auto t0 = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "%8.1f ms [%zx] %s\n", ms, std::hash<std::thread::id>{}(std::this_thread::get_id()) & 0xfff, what);
}
}
