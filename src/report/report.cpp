#include "report/report.hpp"

#include "report/text_reporter.hpp"

namespace zonelint {

void write_report(const Report& report, ReportFormat format, const TextStyle& style, std::FILE* out) {
  switch (format) {
    case ReportFormat::text: write_text_report(report, style, out); break;
    case ReportFormat::gcc: write_gcc_report(report, out); break;
  }
}

}  // namespace zonelint
