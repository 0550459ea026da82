#include "model/zone.hpp"

namespace zonelint {

std::string_view to_string(InputFormat format) noexcept {
  switch (format) {
    case InputFormat::master_file: return "zone";
    case InputFormat::cloudflare_export: return "cloudflare-export";
    case InputFormat::route53_json: return "route53";
    case InputFormat::route53_change_batch: return "route53-change-batch";
    case InputFormat::cloudflare_json: return "cloudflare-api";
    case InputFormat::gcloud_yaml: return "gcloud-yaml";
    case InputFormat::gcloud_json: return "gcloud-json";
    case InputFormat::azure_json: return "azure-json";
    case InputFormat::azure_export: return "azure-export";
    case InputFormat::terraform_json: return "terraform-json";
  }
  return "zone";
}

}  // namespace zonelint
