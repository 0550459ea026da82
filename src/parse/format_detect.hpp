#pragma once
// Which input format a file is, from its content alone (the file name is never consulted):
//
//   JSON (first character after a byte-order mark and white space is '{' or '['), by its keys:
//     "ResourceRecordSets", or "ResourceRecords"/"AliasTarget" with "Name" and "Type"  route53
//     "ResourceRecordSet" with "Changes" or "Action"                                  route53-change-batch
//     "rrdatas", or "kind": "dns#resourceRecordSet"                                   gcloud-json
//     "type": "Microsoft.Network/dnszones/..." (or privateDnsZones), or an Azure
//       record key (ARecords, CNAMERecord, TXTRecords, ...) with "fqdn", "etag" or "TTL"  azure-json
//     "result" with "proxied", "proxiable" or "zone_id", or "content" with "name"      cloudflare-api
//     "terraform_version", "root_module" or "planned_values" (checked first)           terraform-json
//   Text, by its lines:
//     "kind: dns#resourceRecordSet" or "rrdatas:" (also as "- kind: ...")            gcloud-yaml
//     the Route 53 or Azure keys above as YAML keys ("ResourceRecordSets:",
//       "type: Microsoft.Network/dnszones/...", ...): `aws ... --output yaml`,
//       `az ... -o yaml`                                                              route53, azure-json
//     "; Exported zone file from Azure DNS"                                            azure-export
//     ";; Domain:" header, or a "cf_tags=" comment                                      cloudflare-export
//     anything else                                                                     zone
//
// Only the first 256 KiB are examined, so detection is cheap and a truncated export is still
// recognised. JSON, and text starting with "---" or "%YAML", that matches none of the exports is
// reported as `unknown_structured`: linting it as a zone file would only produce noise. So is a
// Terraform configuration (a line opening an HCL block: `resource "aws_route53_record" "x" {`).

#include <string>
#include <string_view>

#include "model/zone.hpp"

namespace zonelint {

struct Detection {
  InputFormat format = InputFormat::master_file;
  bool unknown_structured = false;  // JSON or YAML, but no export zonelint reads
  std::string_view kind;            // "JSON", "YAML" or "Terraform" when unknown_structured
};

[[nodiscard]] Detection detect_input_format(std::string_view bytes);

// JSON rather than YAML or text: the first character after a byte-order mark and white space
// (within the first 256 KiB) is '{' or '['.
[[nodiscard]] bool starts_like_json(std::string_view bytes);

// True when `bytes` is a provider export zonelint reads (not a zone file, not unrelated JSON or
// YAML): what a folder scan picks up among *.json, *.yaml, *.yml and *.txt files.
[[nodiscard]] bool is_provider_export(std::string_view bytes);

// For folder scans: `path` is named *.json, *.yaml, *.yml or *.txt and its first 256 KiB are a
// provider export. Unrelated JSON and YAML files (package.json, CI configs) are never picked up.
[[nodiscard]] bool is_provider_export_file(const std::string& path);

}  // namespace zonelint
