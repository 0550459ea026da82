#pragma once
// Reports for tools: SARIF 2.1.0 (GitHub code scanning, reviewdog), zonelint's own JSON
// (docs/json-format.md), GitHub Actions annotations, and GitLab Code Quality.

#include <cstdio>
#include <string>

#include "report/report.hpp"

namespace zonelint {

void write_sarif_report(const Report& report, std::FILE* out);
void write_json_report(const Report& report, std::FILE* out);
void write_github_report(const Report& report, std::FILE* out);
void write_gitlab_report(const Report& report, std::FILE* out);

// GitHub workflow-command escaping: data escapes %, CR and LF (and shows other control characters
// as \xNN, as the text report does); property values also : and ,.
[[nodiscard]] std::string github_escape_data(std::string_view text);
[[nodiscard]] std::string github_escape_property(std::string_view text);

}  // namespace zonelint
