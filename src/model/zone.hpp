#pragma once
// Everything read from one input: its records, the text they came from, the zone apex, and what
// the reader found wrong. Every importer (master file or provider export) produces a Zone.

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/source.hpp"
#include "model/name.hpp"
#include "model/name_table.hpp"
#include "model/record.hpp"

namespace zonelint {

enum class InputFormat : std::uint8_t {
  master_file,            // BIND-style zone file (RFC 1035 §5)
  cloudflare_export,      // Cloudflare dashboard export (BIND text with cf_tags comments)
  route53_json,           // aws route53 list-resource-record-sets
  route53_change_batch,   // ChangeResourceRecordSets change batch
  cloudflare_json,        // Cloudflare API dns_records result[]
  gcloud_yaml,            // gcloud dns record-sets export
  gcloud_json,            // gcloud dns record-sets list --format=json
  azure_json,             // az network dns record-set list
  azure_export,           // az network dns zone export
  terraform_json,         // terraform show -json, or a state file: aws_route53_record resources
};

[[nodiscard]] std::string_view to_string(InputFormat format) noexcept;

// A "zonelint:" comment, kept for the suppression engine.
struct DirectiveComment {
  TextId text;
  std::uint32_t begin;  // text offsets of the whole comment
  std::uint32_t end;
};

class Zone {
 public:
  explicit Zone(SourceSet& files) : files_(&files) {}
  Zone(Zone&&) noexcept = default;
  Zone& operator=(Zone&&) noexcept = default;

  [[nodiscard]] SourceSet& files() const noexcept { return *files_; }
  [[nodiscard]] const TextSource& text(TextId id) const { return texts.at(id); }
  [[nodiscard]] NameView owner(const Record& r) const noexcept { return names.get(r.owner); }
  // File span of a text range of record `r`'s text.
  [[nodiscard]] Span span(const Record& r, std::uint32_t begin, std::uint32_t end) const {
    return texts.at(r.text).span(begin, end);
  }

  FileId main_file = no_file;
  InputFormat format = InputFormat::master_file;
  Name apex;                          // the zone's name; empty when it could not be determined
  std::deque<TextSource> texts;       // TextId indexes this
  NameTable names;
  std::vector<Record> records;        // in input order
  std::vector<Diagnostic> diagnostics;  // what reading found (ZONE000)
  std::vector<DirectiveComment> directive_comments;
  // Set by an importer when the export says it is one page of a longer list (Route 53
  // IsTruncated or NextToken, Cloudflare result_info.total_pages above 1).
  bool truncated = false;

  // Whether the input can hold the whole zone: not a change batch, not one page of an export, not
  // the records one Terraform configuration manages (Route 53 makes the apex NS and SOA itself,
  // and other records may be managed elsewhere). Rules that judge what the zone lacks (an
  // incomplete DKIM set, no SPF record) need it.
  [[nodiscard]] bool complete() const noexcept {
    return !truncated && format != InputFormat::route53_change_batch && format != InputFormat::terraform_json;
  }

 private:
  SourceSet* files_;
};

}  // namespace zonelint
