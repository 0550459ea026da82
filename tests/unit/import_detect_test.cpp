// Input format detection from the content (parse/format_detect.hpp).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "app/check.hpp"
#include "parse/format_detect.hpp"

namespace zonelint {
namespace {

std::string detected(std::string_view text) {
  const Detection d = detect_input_format(text);
  if (d.unknown_structured) return "unknown " + std::string(d.kind);
  return std::string(to_string(d.format));
}

TEST(FormatDetect, ProviderJson) {
  EXPECT_EQ(detected(R"({"ResourceRecordSets": [{"Name": "a.", "Type": "A"}]})"), "route53");
  EXPECT_EQ(detected(R"([{"Name": "a.", "Type": "A", "TTL": 1, "ResourceRecords": [{"Value": "192.0.2.1"}]}])"), "route53");
  EXPECT_EQ(detected(R"({"Comment": "x", "Changes": [{"Action": "UPSERT", "ResourceRecordSet": {"Name": "a"}}]})"),
            "route53-change-batch");
  EXPECT_EQ(detected(R"({"ChangeBatch": {"Changes": [{"Action": "CREATE", "ResourceRecordSet": {}}]}})"),
            "route53-change-batch");
  EXPECT_EQ(detected(R"({"result": [{"id": "1", "name": "a.example.com", "type": "A", "content": "192.0.2.1",
    "proxied": false, "ttl": 1}], "success": true})"),
            "cloudflare-api");
  EXPECT_EQ(detected(R"([{"kind": "dns#resourceRecordSet", "name": "a.", "rrdatas": ["x"], "ttl": 1, "type": "A"}])"),
            "gcloud-json");
  EXPECT_EQ(detected(R"({"kind": "dns#resourceRecordSetsListResponse", "rrsets": []})"), "gcloud-json");
  EXPECT_EQ(detected(R"([{"ARecords": [{"ipv4Address": "192.0.2.1"}], "TTL": 3600, "name": "@",
    "type": "Microsoft.Network/dnszones/A"}])"),
            "azure-json");
  EXPECT_EQ(detected(R"([{"aRecords": [{"ipv4Address": "192.0.2.1"}], "ttl": 3600, "fqdn": "a.example.com.", "name": "a"}])"),
            "azure-json");
}

// `aws ... --output yaml` and `az ... -o yaml` write the same record sets as their JSON.
TEST(FormatDetect, ProviderYamlFromCommandLineTools) {
  EXPECT_EQ(detected("ResourceRecordSets:\n- Name: example.com.\n  ResourceRecords:\n  - Value: 192.0.2.1\n  TTL: 300\n"
                     "  Type: A\n"),
            "route53");
  EXPECT_EQ(detected("Changes:\n- Action: UPSERT\n  ResourceRecordSet:\n    Name: a.example.com\n"), "route53-change-batch");
  EXPECT_EQ(detected("- aRecords:\n  - ipv4Address: 192.0.2.1\n  etag: x\n  fqdn: a.example.com.\n  name: a\n"
                     "  type: Microsoft.Network/dnszones/A\n"),
            "azure-json");
  EXPECT_EQ(detected("- 'TTL': 3600\n  'name': '@'\n  'type': 'Microsoft.Network/dnszones/A'\n"), "azure-json");
  // One key alone, or keys in a zone file's text, are not enough.
  EXPECT_EQ(detected("Name: example.com.\nType: A\n"), "zone");
  EXPECT_EQ(detected("$ORIGIN example.com.\nfqdn: IN A 192.0.2.1\nTXTRecords: IN TXT \"x\"\n"), "zone");
  EXPECT_TRUE(starts_like_json("\xEF\xBB\xBF \n[1]"));
  EXPECT_FALSE(starts_like_json("- a: 1\n"));
}

// A Terraform configuration is refused with one message, not read as a zone file (one syntax
// error a line); zone files with owners named like HCL keywords stay zone files.
TEST(FormatDetect, TerraformIsNoZoneFile) {
  EXPECT_EQ(detected("# SES records\n\nresource \"aws_route53_record\" \"dkim\" {\n  name = \"x\"\n}\n"),
            "unknown Terraform");
  EXPECT_EQ(detected("terraform {\n  required_version = \">= 1.5\"\n}\n"), "unknown Terraform");
  EXPECT_EQ(detected("data \"aws_route53_zone\" \"main\" {\n  name = \"example.com\"\n}\n"), "unknown Terraform");
  EXPECT_EQ(detected("$ORIGIN example.com.\ndata IN TXT \"x\"\nresource 300 IN TXT \"a\" \"b\"\n"), "zone");
  EXPECT_EQ(detected("resource \"a\" \"b\" \"c\" {\n"), "zone");  // three labels: no HCL block
}

TEST(FormatDetect, TruncatedAndPrefixedJson) {
  // A byte-order mark and white space first; cut in the middle of a record.
  EXPECT_EQ(detected("\xEF\xBB\xBF\n  {\"ResourceRecordSets\": [{\"Name\": \"a.exa"), "route53");
  EXPECT_EQ(detected("[{\"kind\": \"dns#resourceRecordSet\", \"na"), "gcloud-json");
}

TEST(FormatDetect, UnrelatedJsonAndYamlAreNotExports) {
  EXPECT_EQ(detected(R"({"name": "my-app", "version": "1.0.0", "dependencies": {}})"), "unknown JSON");
  EXPECT_EQ(detected(R"({"result": [1, 2, 3]})"), "unknown JSON");
  EXPECT_EQ(detected(R"([{"Name": "x", "Type": "y"}])"), "unknown JSON");
  EXPECT_EQ(detected("---\nname: build\non: [push]\n"), "unknown YAML");
  EXPECT_EQ(detected("%YAML 1.2\n---\na: b\n"), "unknown YAML");
}

TEST(FormatDetect, ProviderText) {
  EXPECT_EQ(detected("---\nkind: dns#resourceRecordSet\nname: a.\n"), "gcloud-yaml");
  EXPECT_EQ(detected("# A .YAML file is used to export DNS records\n---\n'kind': 'dns#resourceRecordSet'\n"),
            "gcloud-yaml");
  EXPECT_EQ(detected("- name: a.example.com.\n  rrdatas:\n  - 192.0.2.1\n"), "gcloud-yaml");
  EXPECT_EQ(detected(";;\n;; Domain:     example.com.\n;; Exported:   2026-01-01 00:00:00\n"), "cloudflare-export");
  EXPECT_EQ(detected("example.com.\t1\tIN\tA\t192.0.2.1 ; cf_tags=cf-proxied:true\n"), "cloudflare-export");
  EXPECT_EQ(detected("\n; Exported zone file from Azure DNS\n;      Zone name: example.com\n"), "azure-export");
}

TEST(FormatDetect, ZoneFiles) {
  EXPECT_EQ(detected("$ORIGIN example.com.\n@ 3600 IN SOA ns1 hostmaster 1 2 3 4 5\n"), "zone");
  EXPECT_EQ(detected("; Domain: example.com\n; a GoDaddy-style header is still a zone file\n$ORIGIN example.com.\n"), "zone");
  EXPECT_EQ(detected(""), "zone");
  EXPECT_EQ(detected("www IN A 192.0.2.1 ; kind: dns#resourceRecordSet in a comment\n"), "zone");
}

// Folder scans pick up JSON, YAML and text files only when they are provider exports.
TEST(FormatDetect, FolderScansPickUpExportsOnly) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("zonelint-scan-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  const auto write = [&](const fs::path& p, std::string_view text) { std::ofstream(dir / p) << text; };
  write("db.example.com", "@ 300 IN A 192.0.2.1\n");
  write("records.json", R"({"ResourceRecordSets": []})");
  write("package.json", R"({"name": "app", "version": "1.0.0"})");
  write("sub/export.yaml", "---\nkind: dns#resourceRecordSet\nname: a.example.com.\n");
  write("sub/workflow.yml", "name: ci\non: [push]\n");
  write("cloudflare.txt", ";; Domain:     example.com.\n");
  write("notes.txt", "remember the DKIM records\n");
  std::vector<ToolNotification> problems;
  std::vector<std::string> found = expand_paths({dir.string()}, problems);
  for (std::string& f : found) f = fs::path(f).lexically_relative(dir).string();
  EXPECT_EQ(found, (std::vector<std::string>{"cloudflare.txt", "db.example.com", "records.json", "sub/export.yaml"}));
  EXPECT_TRUE(problems.empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zonelint
