// The fixes of the SES rules applied to whole inputs, zone files and provider exports: the text
// they leave, byte for byte (only the offending bytes change, and the file stays valid in its
// format).

#include <gtest/gtest.h>

#include <string>

#include "fix/fix.hpp"
#include "lint/engine.hpp"
#include "parse/load.hpp"

namespace zonelint {
namespace {

// `input` (named `path`, which decides the format) linted with `code` alone, and every fix it
// offers, unsafe ones too, applied.
std::string fixed(const std::string& path, const std::string& input, const std::string& code,
                  std::size_t expected_fixes) {
  SourceSet files;
  const FileId file = files.add(path, input);
  LoadOptions load;
  Name origin;
  NameError error;
  EXPECT_TRUE(parse_name("example.com.", NameView(), origin, error));
  load.origin = origin;
  const Zone zone = load_zone(files, file, load);
  LintOptions options;
  EXPECT_FALSE(options.selection.select(code));
  const LintResult result = lint(zone, options);
  const FixPlan plan = plan_fixes(result.findings, true, files);
  EXPECT_EQ(plan.fixes, expected_fixes) << path;
  EXPECT_EQ(plan.rejected, 0u) << path;
  const auto edits = plan.edits.find(file);
  if (edits == plan.edits.end()) return input;
  return apply_edits(files.file(file).bytes(), edits->second);
}

constexpr const char* zone_head =
    "$ORIGIN example.com.\n"
    "@ 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 3600\n"
    "@ 3600 IN NS ns1.example.com.\n";

TEST(SesFixes, UrlTargetInAZoneFile) {
  const std::string head = zone_head;
  const std::string input = head +
                            "a._domainkey 300 IN CNAME https://sqkxhab2f4cliyj7kzjgv66idflvpymb.dkim.amazonses.com.\n"
                            "b._domainkey 300 IN CNAME http://gf4ynuy246ceoeenwwrdt43zvnx6rzhq.dkim.amazonses.com/\n"
                            "c._domainkey 300 IN CNAME HTTPS://5wso7bqageonip4z77voj7g6kzwdtbpo.dkim.amazonses.com\n"
                            "d._domainkey 300 IN CNAME mxvo6l6h7lkxedx5qtccx6fyjjqfov5d.dkim.amazonses.com./ ; pasted\n";
  EXPECT_EQ(fixed("example.com.zone", input, "SES007", 4),
            head +
                "a._domainkey 300 IN CNAME sqkxhab2f4cliyj7kzjgv66idflvpymb.dkim.amazonses.com.\n"
                "b._domainkey 300 IN CNAME gf4ynuy246ceoeenwwrdt43zvnx6rzhq.dkim.amazonses.com.\n"
                "c._domainkey 300 IN CNAME 5wso7bqageonip4z77voj7g6kzwdtbpo.dkim.amazonses.com.\n"
                "d._domainkey 300 IN CNAME mxvo6l6h7lkxedx5qtccx6fyjjqfov5d.dkim.amazonses.com. ; pasted\n");
}

TEST(SesFixes, UrlTargetInRoute53Json) {
  // Route 53 values are absolute with or without the dot: the scheme and the "/" go, nothing is added.
  const std::string input = R"({"ResourceRecordSets": [
  {"Name": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com.", "Type": "CNAME", "TTL": 1800,
   "ResourceRecords": [{"Value": "https://euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com/"}]},
  {"Name": "gmxgedn73u55xtplpft7v4seh2kvj72c._domainkey.example.com.", "Type": "CNAME", "TTL": 1800,
   "ResourceRecords": [{"Value": "gmxgedn73u55xtplpft7v4seh2kvj72c.dkim.amazonses.com./"}]}
]}
)";
  const std::string output = R"({"ResourceRecordSets": [
  {"Name": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com.", "Type": "CNAME", "TTL": 1800,
   "ResourceRecords": [{"Value": "euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com"}]},
  {"Name": "gmxgedn73u55xtplpft7v4seh2kvj72c._domainkey.example.com.", "Type": "CNAME", "TTL": 1800,
   "ResourceRecords": [{"Value": "gmxgedn73u55xtplpft7v4seh2kvj72c.dkim.amazonses.com."}]}
]}
)";
  EXPECT_EQ(fixed("route53.json", input, "SES007", 2), output);
}

TEST(SesFixes, UrlTargetInCloudflareAndAzureJson) {
  const std::string cloudflare = R"({"result": [
  {"id": "1", "name": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com", "type": "CNAME",
   "content": "https://euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com/", "proxied": false, "ttl": 1}
], "success": true, "errors": [], "messages": []}
)";
  std::string expected = cloudflare;
  expected.replace(expected.find("https://"), 8, "");
  expected.replace(expected.find(".com/\""), 6, ".com\"");
  EXPECT_EQ(fixed("cloudflare.json", cloudflare, "SES007", 1), expected);

  const std::string azure = R"([
  {"CNAMERecord": {"cname": "https://euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com"}, "TTL": 3600,
   "fqdn": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com.", "name": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey",
   "targetResource": {}, "type": "Microsoft.Network/dnszones/CNAME"}
]
)";
  expected = azure;
  expected.replace(expected.find("https://"), 8, "");
  EXPECT_EQ(fixed("azure.json", azure, "SES007", 1), expected);
}

TEST(SesFixes, UrlTargetInGcloudYaml) {
  // rrdatas are presentation text: a relative target gets its final dot where the "/" was.
  const std::string input =
      "---\nkind: dns#resourceRecordSet\nname: euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com.\nrrdatas:\n"
      "- https://euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com/\nttl: 1800\ntype: CNAME\n";
  const std::string output =
      "---\nkind: dns#resourceRecordSet\nname: euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey.example.com.\nrrdatas:\n"
      "- euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com.\nttl: 1800\ntype: CNAME\n";
  EXPECT_EQ(fixed("gcloud.yaml", input, "SES007", 1), output);
}

TEST(SesFixes, DomainkeyTypedTwice) {
  const std::string head = zone_head;
  const std::string input = head +
                            "sqkxhab2f4cliyj7kzjgv66idflvpymb._domainkey._domainkey 300 IN CNAME "
                            "sqkxhab2f4cliyj7kzjgv66idflvpymb.dkim.amazonses.com.\n"
                            "gf4ynuy246ceoeenwwrdt43zvnx6rzhq._domainkey._DomainKey._domainkey.news 300 IN CNAME "
                            "gf4ynuy246ceoeenwwrdt43zvnx6rzhq.dkim.amazonses.com.\n"
                            "5wso7bqageonip4z77voj7g6kzwdtbpo._domainkey.5wso7bqageonip4z77voj7g6kzwdtbpo._domainkey 300 IN "
                            "CNAME 5wso7bqageonip4z77voj7g6kzwdtbpo.dkim.amazonses.com.\n";
  EXPECT_EQ(fixed("example.com.zone", input, "SES006", 3),
            head +
                "sqkxhab2f4cliyj7kzjgv66idflvpymb._domainkey 300 IN CNAME "
                "sqkxhab2f4cliyj7kzjgv66idflvpymb.dkim.amazonses.com.\n"
                "gf4ynuy246ceoeenwwrdt43zvnx6rzhq._domainkey.news 300 IN CNAME "
                "gf4ynuy246ceoeenwwrdt43zvnx6rzhq.dkim.amazonses.com.\n"
                "5wso7bqageonip4z77voj7g6kzwdtbpo._domainkey 300 IN "
                "CNAME 5wso7bqageonip4z77voj7g6kzwdtbpo.dkim.amazonses.com.\n");
  const std::string route53 = R"({"ResourceRecordSets": [
  {"Name": "euvw75efr6edt4sywb5wkh7dnsipzz7f._domainkey._domainkey.example.com.", "Type": "CNAME", "TTL": 1800,
   "ResourceRecords": [{"Value": "euvw75efr6edt4sywb5wkh7dnsipzz7f.dkim.amazonses.com"}]}
]}
)";
  std::string expected = route53;
  expected.replace(expected.find("._domainkey._domainkey"), 22, "._domainkey");
  EXPECT_EQ(fixed("route53.json", route53, "SES006", 1), expected);
}

TEST(SesFixes, InvisibleRunsInDmarcAndDkimKeys) {
  // One finding per run, whose fix deletes every character of it, escapes or raw bytes.
  const std::string head = zone_head;
  const std::string input = head +
                            "_dmarc 300 IN TXT \"v=DMARC1; p=quar\\226\\128\\139\xE2\x80\x8B\\226\\128\\139antine\"\n"
                            "_dmarc.a 300 IN TXT \"v=DMARC1;\" \"\xC2\xA0\" \"\xE2\x80\x8Bp=none\"\n";
  EXPECT_EQ(fixed("example.com.zone", input, "SES016", 2),
            head +
                "_dmarc 300 IN TXT \"v=DMARC1; p=quarantine\"\n"
                "_dmarc.a 300 IN TXT \"v=DMARC1;\" \"\" \"p=none\"\n");
}

}  // namespace
}  // namespace zonelint
