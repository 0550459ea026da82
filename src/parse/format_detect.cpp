#include "parse/format_detect.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "model/name.hpp"

namespace zonelint {

namespace {

constexpr std::size_t scan_limit = 256 * 1024;

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && ascii_iequals(s.substr(0, prefix.size()), prefix);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// What the keys of a JSON text say, read without building the document.
struct JsonSignals {
  bool resource_record_sets = false, resource_records = false, alias_target = false, pascal_name = false,
       pascal_type = false, resource_record_set = false, changes = false, action = false;
  bool rrdatas = false, gcloud_kind = false;
  bool azure_type = false, azure_record_key = false, azure_meta = false;
  bool result = false, cloudflare_key = false, content = false, name = false;
  bool terraform = false;
};

void note_key(std::string_view key, JsonSignals& s) {
  if (key == "ResourceRecordSets") s.resource_record_sets = true;
  else if (key == "ResourceRecords") s.resource_records = true;
  else if (key == "AliasTarget") s.alias_target = true;
  else if (key == "Name") s.pascal_name = true;
  else if (key == "Type") s.pascal_type = true;
  else if (key == "ResourceRecordSet") s.resource_record_set = true;
  else if (key == "Changes" || key == "ChangeBatch") s.changes = true;
  else if (key == "Action") s.action = true;
  else if (key == "rrdatas") s.rrdatas = true;
  else if (key == "result") s.result = true;
  else if (key == "proxied" || key == "proxiable" || key == "zone_id") s.cloudflare_key = true;
  else if (key == "content") s.content = true;
  else if (key == "name") s.name = true;
  else if (key == "terraform_version" || key == "root_module" || key == "planned_values") s.terraform = true;
  static constexpr std::string_view azure_keys[] = {"ARecords",    "AAAARecords", "CNAMERecord", "MXRecords",
                                                    "NSRecords",   "PTRRecords",  "SRVRecords",  "TXTRecords",
                                                    "SOARecord",   "CAARecords",  "targetResource"};
  for (const std::string_view k : azure_keys)
    if (ascii_iequals(key, k)) s.azure_record_key = true;
  if (ascii_iequals(key, "fqdn") || ascii_iequals(key, "etag") || key == "TTL") s.azure_meta = true;
}

void note_value(std::string_view key, std::string_view value, JsonSignals& s) {
  if (key == "kind" && istarts_with(value, "dns#resourceRecordSet")) s.gcloud_kind = true;
  if (ascii_iequals(key, "type") &&
      (istarts_with(value, "Microsoft.Network/dnszones/") || istarts_with(value, "Microsoft.Network/privateDnsZones/")))
    s.azure_type = true;
}

// The export the keys of a JSON text, or of a YAML text from the same tools, say it is.
// A YAML line's "key: value" (after its indentation and "- "), keys plain or quoted.
void note_yaml_key(std::string_view line, JsonSignals& s) {
  const auto unquoted = [](std::string_view t) {
    if (t.size() >= 2 && (t.front() == '\'' || t.front() == '"') && t.back() == t.front()) t = t.substr(1, t.size() - 2);
    return t;
  };
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return;
  if (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t') return;  // "a:b" is no key
  const std::string_view key = unquoted(line.substr(0, colon));
  if (key.find_first_of(" \t") != std::string_view::npos) return;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  note_key(key, s);
  note_value(key, unquoted(value), s);
}

Detection decide(const JsonSignals& s, std::string_view syntax) {
  Detection d;
  // Terraform first: a state holds other providers' resources, with their keys ("zone_id", ...).
  if (s.terraform && syntax == "JSON") d.format = InputFormat::terraform_json;
  else if (s.resource_record_set && (s.changes || s.action)) d.format = InputFormat::route53_change_batch;
  else if (s.resource_record_sets || ((s.resource_records || s.alias_target) && s.pascal_name && s.pascal_type))
    d.format = InputFormat::route53_json;
  else if (s.rrdatas || s.gcloud_kind) d.format = InputFormat::gcloud_json;
  else if (s.azure_type || (s.azure_record_key && s.azure_meta)) d.format = InputFormat::azure_json;
  else if ((s.result || s.cloudflare_key) && (s.cloudflare_key || (s.content && s.name)) && s.content)
    d.format = InputFormat::cloudflare_json;
  else {
    d.unknown_structured = true;
    d.kind = syntax;
  }
  return d;
}

Detection detect_json(std::string_view text) {
  JsonSignals s;
  const std::size_t n = std::min(text.size(), scan_limit);
  std::size_t i = 0;
  while (i < n) {
    if (text[i] != '"') {
      ++i;
      continue;
    }
    // A string: its raw content (keys that matter have no escapes).
    const std::size_t b = ++i;
    while (i < n && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    if (i >= n) break;
    const std::string_view str = text.substr(b, i - b);
    ++i;
    std::size_t j = i;
    while (j < n && is_space(text[j])) ++j;
    if (j >= n || text[j] != ':') continue;  // a value, not a key
    note_key(str, s);
    // The key's value, when it is a string.
    ++j;
    while (j < n && is_space(text[j])) ++j;
    if (j < n && text[j] == '"') {
      const std::size_t vb = ++j;
      while (j < n && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
      if (j >= n) break;
      note_value(str, text.substr(vb, j - vb), s);
      i = j + 1;
    } else {
      i = j;
    }
  }
  return decide(s, "JSON");
}

// A Terraform (HCL) block opening at the start of a line: `resource "type" "name" {`,
// `terraform {`, ... A zone file has no valid line of this shape ("{" is no RR type).
bool opens_hcl_block(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (!line.ends_with('{')) return false;
  for (const std::string_view bare : {"terraform {", "locals {"})
    if (line == bare) return true;
  for (const std::string_view keyword : {"resource \"", "data \"", "provider \"", "module \"", "variable \"", "output \""}) {
    if (!line.starts_with(keyword)) continue;
    // Then one or two quoted labels and the brace.
    std::size_t labels = 0;
    std::size_t i = keyword.size() - 1;
    while (i < line.size() && line[i] == '"') {
      const std::size_t close = line.find('"', i + 1);
      if (close == std::string_view::npos) return false;
      ++labels;
      i = close + 1;
      while (i < line.size() && line[i] == ' ') ++i;
    }
    return labels >= 1 && labels <= 2 && i + 1 == line.size();
  }
  return false;
}

Detection detect_text(std::string_view text) {
  const std::size_t n = std::min(text.size(), scan_limit);
  std::size_t pos = 0;
  bool first_line = true;
  bool yaml_like = false;
  bool terraform = false;
  JsonSignals yaml_keys;  // keys of `aws ... --output yaml` and `az ... -o yaml`
  while (pos < n) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.starts_with(';')) {
      if (line.starts_with("; Exported zone file from Azure DNS")) return {InputFormat::azure_export, false, {}};
      const std::size_t body = line.find_first_not_of("; \t");
      if (line.starts_with(";;") && body != std::string_view::npos && line.substr(body).starts_with("Domain:"))
        return {InputFormat::cloudflare_export, false, {}};
    }
    if (const std::size_t semi = line.find(';'); semi != std::string_view::npos &&
                                                  line.find("cf_tags=", semi) != std::string_view::npos)
      return {InputFormat::cloudflare_export, false, {}};
    // YAML keys, at the start of a line or of a sequence entry.
    std::string_view key = line;
    while (!key.empty() && (key.front() == ' ')) key.remove_prefix(1);
    if (key.starts_with("- ")) key.remove_prefix(2);
    const bool kind_key = key.starts_with("kind:") || key.starts_with("'kind':") || key.starts_with("\"kind\":");
    if (kind_key && key.find("dns#resourceRecordSet") != std::string_view::npos)
      return {InputFormat::gcloud_yaml, false, {}};
    if (key.starts_with("rrdatas:") || key.starts_with("'rrdatas':") || key.starts_with("\"rrdatas\":"))
      return {InputFormat::gcloud_yaml, false, {}};
    note_yaml_key(key, yaml_keys);
    terraform = terraform || opens_hcl_block(line);
    const std::size_t content = line.find_first_not_of(" \t");
    if (first_line && content != std::string_view::npos && !line.starts_with("#")) {
      yaml_like = line == "---" || line.starts_with("--- ") || line.starts_with("%YAML");
      first_line = false;
    }
  }
  // Route 53 and Azure record sets written as YAML by their command-line tools: the same keys as
  // their JSON. Several keys must agree, and Azure's "type: Microsoft.Network/dnszones/..." must be
  // there (az writes it for every record set), so a zone file never reads as one.
  yaml_keys.azure_record_key = false;
  const Detection keyed = decide(yaml_keys, "YAML");
  if (keyed.format == InputFormat::route53_json || keyed.format == InputFormat::route53_change_batch ||
      keyed.format == InputFormat::azure_json)
    return keyed;
  Detection d;
  if (yaml_like || terraform) {
    d.unknown_structured = true;
    d.kind = terraform ? "Terraform" : "YAML";
  }
  return d;
}

}  // namespace

namespace {
// Where a JSON text would start: after a byte-order mark and white space.
std::size_t content_start(std::string_view text) {
  std::size_t i = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (i < text.size() && i < scan_limit && is_space(text[i])) ++i;
  return i;
}
}  // namespace

bool starts_like_json(std::string_view bytes) {
  const std::size_t i = content_start(bytes);
  return i < bytes.size() && (bytes[i] == '{' || bytes[i] == '[');
}

Detection detect_input_format(std::string_view bytes) {
  if (starts_like_json(bytes)) return detect_json(bytes.substr(content_start(bytes)));
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return detect_text(text);
}

bool is_provider_export(std::string_view bytes) {
  const Detection d = detect_input_format(bytes);
  return !d.unknown_structured && d.format != InputFormat::master_file;
}

bool is_provider_export_file(const std::string& path) {
  const std::string ext = std::filesystem::path(path).extension().string();
  if (ext != ".json" && ext != ".yaml" && ext != ".yml" && ext != ".txt") return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string head(scan_limit, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return is_provider_export(head);
}

}  // namespace zonelint
