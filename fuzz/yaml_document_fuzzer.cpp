// libFuzzer target: the YAML subset reader (parse/yaml_document.hpp, docs/yaml-subset.md).
//
// Invariants: an error is positioned inside the file; documents come in file order without
// overlapping; every value's span nests in its document and its parent; decoded scalars map back
// monotonically into their value, literal runs being the file's bytes; nesting stays within the
// depth limit.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "document_checks.hpp"
#include "parse/yaml_document.hpp"

using namespace zonelint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view src(reinterpret_cast<const char*>(data), size);
  constexpr FileId file = 3;
  doc::Limits limits;
  limits.max_depth = 64;  // small caps so the fuzzer reaches them
  limits.max_values = 5000;
  limits.max_escapes = 5000;
  const YamlStream stream = parse_yaml(src, file, limits);
  if (stream.error) fuzz::check_error(*stream.error, src, file);
  std::uint32_t last_end = 0;
  for (const YamlDocument& d : stream.documents) {
    FUZZ_CHECK(d.span.file == file, "document span in another file");
    FUZZ_CHECK(d.span.begin <= d.span.end && d.span.end <= size, "document span outside the file");
    FUZZ_CHECK(d.span.begin >= last_end, "documents out of order or overlapping");
    last_end = d.span.end;
    fuzz::check_value(d.root, src, file, d.span, 1, limits.max_depth);
  }
  if (stream.error) FUZZ_CHECK(stream.error->span.begin >= last_end, "error before the end of a document that was kept");
  return 0;
}
