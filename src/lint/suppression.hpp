#pragma once
// Inline suppressions written in zone-file comments:
//   ; zonelint: disable=SES001,ZONE003 -- reason   (end of a record's line, or alone on the line
//                                                    before the record)
//   ; zonelint: disable-file=SES004 -- reason      (anywhere in the file)

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "model/zone.hpp"

namespace zonelint {

struct Suppression {
  FileId file = no_file;
  Span comment;                   // the whole comment
  bool file_wide = false;
  std::uint32_t target_line = 0;  // line-based: the line whose record it covers
  std::vector<std::string_view> codes;  // rule codes (static strings from the registry)
  std::vector<Span> code_spans;         // where each code is written
  std::vector<bool> used;
  std::string reason;
};

// A comment that starts with "zonelint:" but is not a valid directive.
struct SuppressionProblem {
  Span span;
  std::string message;
};

class Suppressions {
 public:
  static Suppressions collect(const Zone& zone);

  // Whether `d` is covered by a suppression (the first covering one is marked used).
  bool covers(const Diagnostic& d, const SourceSet& files);

  [[nodiscard]] const std::vector<Suppression>& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<SuppressionProblem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Suppression> entries_;
  std::vector<SuppressionProblem> problems_;
};

}  // namespace zonelint
