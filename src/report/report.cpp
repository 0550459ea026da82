#include "report/report.hpp"

#include "report/machine_reporters.hpp"
#include "report/text_reporter.hpp"

namespace zonelint {

void write_report(const Report& report, ReportFormat format, const TextStyle& style, std::FILE* out) {
  switch (format) {
    case ReportFormat::text: write_text_report(report, style, out); break;
    case ReportFormat::gcc: write_gcc_report(report, out); break;
    case ReportFormat::json: write_json_report(report, out); break;
    case ReportFormat::sarif: write_sarif_report(report, out); break;
    case ReportFormat::github: write_github_report(report, out); break;
    case ReportFormat::gitlab: write_gitlab_report(report, out); break;
  }
}

}  // namespace zonelint
