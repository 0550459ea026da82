#include "parse/format_detect.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "model/name.hpp"

namespace zonelint {

namespace {

constexpr std::size_t scan_limit = 256 * 1024;

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// What the keys of a JSON text say, read without building the document.
struct JsonSignals {
  bool resource_record_sets = false, resource_records = false, alias_target = false, pascal_name = false,
       pascal_type = false, resource_record_set = false, changes = false, action = false;
  bool rrdatas = false, gcloud_kind = false;
  bool azure_type = false, azure_record_key = false, azure_meta = false;
  bool result = false, cloudflare_key = false, content = false, name = false;
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
  static constexpr std::string_view azure_keys[] = {"ARecords",    "AAAARecords", "CNAMERecord", "MXRecords",
                                                    "NSRecords",   "PTRRecords",  "SRVRecords",  "TXTRecords",
                                                    "SOARecord",   "CAARecords",  "targetResource"};
  for (const std::string_view k : azure_keys)
    if (iequals(key, k)) s.azure_record_key = true;
  if (iequals(key, "fqdn") || iequals(key, "etag") || key == "TTL") s.azure_meta = true;
}

void note_value(std::string_view key, std::string_view value, JsonSignals& s) {
  if (key == "kind" && istarts_with(value, "dns#resourceRecordSet")) s.gcloud_kind = true;
  if (iequals(key, "type") &&
      (istarts_with(value, "Microsoft.Network/dnszones/") || istarts_with(value, "Microsoft.Network/privateDnsZones/")))
    s.azure_type = true;
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
  Detection d;
  if (s.resource_record_set && (s.changes || s.action)) d.format = InputFormat::route53_change_batch;
  else if (s.resource_record_sets || ((s.resource_records || s.alias_target) && s.pascal_name && s.pascal_type))
    d.format = InputFormat::route53_json;
  else if (s.rrdatas || s.gcloud_kind) d.format = InputFormat::gcloud_json;
  else if (s.azure_type || (s.azure_record_key && s.azure_meta)) d.format = InputFormat::azure_json;
  else if ((s.result || s.cloudflare_key) && (s.cloudflare_key || (s.content && s.name)) && s.content)
    d.format = InputFormat::cloudflare_json;
  else {
    d.unknown_structured = true;
    d.kind = "JSON";
  }
  return d;
}

Detection detect_text(std::string_view text) {
  const std::size_t n = std::min(text.size(), scan_limit);
  std::size_t pos = 0;
  bool first_line = true;
  bool yaml_like = false;
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
    const std::size_t content = line.find_first_not_of(" \t");
    if (first_line && content != std::string_view::npos && !line.starts_with("#")) {
      yaml_like = line == "---" || line.starts_with("--- ") || line.starts_with("%YAML");
      first_line = false;
    }
  }
  Detection d;
  if (yaml_like) {
    d.unknown_structured = true;
    d.kind = "YAML";
  }
  return d;
}

}  // namespace

Detection detect_input_format(std::string_view bytes) {
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::size_t i = 0;
  while (i < text.size() && i < scan_limit && is_space(text[i])) ++i;
  if (i < text.size() && (text[i] == '{' || text[i] == '[')) return detect_json(text.substr(i));
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
