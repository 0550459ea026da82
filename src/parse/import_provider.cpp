#include "parse/import_provider.hpp"

#include "parse/import_common.hpp"

namespace zonelint {

Import import_provider_export(const SourceFile& file, InputFormat format, const ImportOptions& options) {
  Import out;
  out.format = format;
  switch (format) {
    case InputFormat::route53_json:
    case InputFormat::route53_change_batch: import::import_route53(file, options, out); break;
    case InputFormat::cloudflare_json: import::import_cloudflare_json(file, options, out); break;
    case InputFormat::cloudflare_export: import::import_cloudflare_export(file, options, out); break;
    case InputFormat::gcloud_yaml: import::import_gcloud(file, options, out, true); break;
    case InputFormat::gcloud_json: import::import_gcloud(file, options, out, false); break;
    case InputFormat::azure_json: import::import_azure_json(file, options, out); break;
    case InputFormat::azure_export: import::import_azure_export(file, options, out); break;
    case InputFormat::terraform_json: import::import_terraform_json(file, options, out); break;
    case InputFormat::master_file: break;
  }
  if (!out.text) out.text.emplace(file.id(), file.bytes());
  return out;
}

}  // namespace zonelint
