#pragma once
// The zone a micro-benchmark reads: argv[1] or $ZONELINT_BENCH_ZONE or the 100k bench zone, with
// the origin argv[2] (default example.com.).

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "core/source.hpp"
#include "model/name.hpp"

namespace zonelint::bench {

// Loads the zone into `files`; prints why and returns an exit status (2: unreadable, 3: bad
// origin) when it cannot, 0 when it did.
inline int load_bench_zone(int argc, char** argv, std::string_view program, SourceSet& files, FileId& file,
                           Name& origin) {
  std::string path = argc > 1 ? argv[1] : "";
  if (path.empty()) {
    const char* env = std::getenv("ZONELINT_BENCH_ZONE");
    path = env != nullptr ? env : "bench/.cache/zone-100000-seed1-c1c870ae5603.zone";
  }
  const std::string origin_text = argc > 2 ? argv[2] : "example.com.";
  std::string error;
  const auto loaded = files.load(path, error);
  if (!loaded) {
    std::cerr << program << ": cannot read " << path << ": " << error << '\n';
    return 2;
  }
  file = *loaded;
  NameError name_error;
  if (!parse_name(origin_text, NameView(), origin, name_error)) {
    std::cerr << program << ": bad origin " << origin_text << '\n';
    return 3;
  }
  return 0;
}

}  // namespace zonelint::bench
