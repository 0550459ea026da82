// Cloudflare importers: the API's dns_records JSON and the dashboard export.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import_harness.hpp"
#include "parse/import_provider.hpp"
#include "model/record.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST(ImportCloudflareApi, ReadsRecordsWithFlagsAndSeparateFields) {
  const std::string text = R"({"result": [
 {"name": "tok._domainkey.example.com", "type": "CNAME", "content": "tok.dkim.amazonses.com", "proxied": true, "ttl": 1},
 {"name": "mail.example.com", "type": "MX", "content": "feedback-smtp.us-east-1.amazonses.com", "priority": 10, "ttl": 3600},
 {"name": "mail.example.com", "type": "TXT", "content": "\"v=spf1 include:amazonses.com ~all\"", "ttl": 1},
 {"name": "old.example.com", "type": "TXT", "content": "v=spf1 \"quoted\" include:amazonses.com ~all", "ttl": 1},
 {"name": "_sip._tcp.example.com", "type": "SRV", "data": {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.com"}, "ttl": 1},
 {"name": "example.com", "type": "CAA", "data": {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}, "ttl": 1},
 {"name": "example.com", "type": "HTTPS", "content": "1 svc.example.net alpn=h2", "ttl": 300}
], "success": true, "errors": [], "messages": []}
)";
  Imported z(text);
  EXPECT_EQ(z.zone->format, InputFormat::cloudflare_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  // TTL 1 is "automatic": 300 seconds, flagged.
  EXPECT_THAT(z.dumped(), ElementsAre("tok._domainkey.example.com. 300 IN CNAME tok.dkim.amazonses.com.",
                                      "mail.example.com. 3600 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                                      "mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"",
                                      "old.example.com. 300 IN TXT \"v=spf1 \\\"quoted\\\" include:amazonses.com ~all\"",
                                      "_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.com.",
                                      "example.com. 300 IN CAA 0 issue \"letsencrypt.org\"",
                                      "example.com. 300 IN HTTPS 1 svc.example.net. alpn=\"h2\""));
  ASSERT_THAT(z.records(), SizeIs(7));
  EXPECT_TRUE(z.records()[0].has(record_flag::proxied));
  EXPECT_TRUE(z.records()[0].has(record_flag::ttl_automatic));
  EXPECT_FALSE(z.records()[1].has(record_flag::proxied));
  EXPECT_FALSE(z.records()[1].has(record_flag::ttl_automatic));
  // Positions: the priority is the JSON number, the exchange the content string.
  EXPECT_EQ(z.rdata_offset(1), at(text, "10, \"ttl\""));
  EXPECT_EQ(z.source_offset(1, "feedback"), at(text, "feedback"));
  // The automatic TTL stands for the ttl value.
  const Record& r = z.records()[0];
  const std::string_view t = z.zone->text(0).text();
  const std::uint32_t ttl_at = static_cast<std::uint32_t>(t.find(" 300 ", r.entry_begin) + 1);
  EXPECT_EQ(z.zone->span(r, ttl_at, ttl_at + 3).begin, at(text, "1}"));
  // Unquoted content is quoted here, its quotes escaped, each mapped to the character.
  EXPECT_EQ(z.source_of(3, "\\\""), "\\\"");
}

TEST(ImportCloudflareApi, LongUnquotedContentIsSplitEvery255Octets) {
  const std::string value(300, 'a');
  const std::string text = R"({"result": [{"name": "k.example.com", "type": "TXT", "content": ")" + value +
                           R"(", "ttl": 1}]})";
  Imported z(text);
  ASSERT_THAT(z.dumped(), SizeIs(1));
  EXPECT_EQ(z.dumped()[0], "k.example.com. 300 IN TXT \"" + std::string(255, 'a') + "\" \"" + std::string(45, 'a') + "\"");
}

TEST(ImportCloudflareApi, ShapeErrors) {
  const std::string text = R"({"result": [
 {"name": "a.example.com", "type": "BOGUS", "content": "x", "ttl": 1},
 {"name": "b.example.com", "type": "A", "content": "192.0.2.1", "ttl": 1, "proxied": "yes"},
 {"type": "A", "content": "192.0.2.1", "ttl": 1},
 {"name": "c.example.com", "type": "A", "ttl": 1},
 {"name": "d.example.com", "type": "A", "content": "192.0.2.4", "ttl": -5},
 {"name": "e.example.com", "type": "A", "content": "192.0.2.5", "ttl": 120}
]})";
  Imported z(text);
  EXPECT_THAT(z.findings(), ElementsAre("2:37: unknown record type \"BOGUS\"", "3:86: \"proxied\" must be true or false, found a string",
                                        "4:2: this record has no \"name\"", "5:2: this record has no \"content\"",
                                        "6:72: \"ttl\" must be a whole number"));
  EXPECT_THAT(z.dumped(), ElementsAre("e.example.com. 120 IN A 192.0.2.5"));
}

TEST(ImportCloudflareApi, ResultMustBeAList) {
  Imported z(R"({"result": null, "success": false, "errors": [{"code": 10000, "message": "Authentication error"}]})",
             InputFormat::cloudflare_json, "example.com");
  EXPECT_THAT(z.findings(), ElementsAre("1:12: \"result\" must be an array of DNS records, found null (the API reported: "
                                        "Authentication error)"));
}

const std::string dashboard_export =
    ";;\n"
    ";; Domain:     example.com.\n"
    ";; Exported:   2026-11-20 08:14:02\n"
    ";;\n"
    ";; SOA Record\n"
    "example.com\t3600\tIN\tSOA\tkip.ns.cloudflare.com. dns.cloudflare.com. 2051744211 10000 2400 604800 3600\n"
    "\n"
    ";; NS Records\n"
    "example.com.\t86400\tIN\tNS\tkip.ns.cloudflare.com.\n"
    "\n"
    ";; CNAME Records\n"
    "tok._domainkey.example.com.\t1\tIN\tCNAME\ttok.dkim.amazonses.com. ; cf_tags=cf-proxied:true\n"
    "www.example.com.\t300\tIN\tCNAME\texample.com. ; cf_tags=cf-proxied:false\n";

TEST(ImportCloudflareExport, ReadsTheExportWithItsQuirks) {
  Imported z(dashboard_export);
  EXPECT_EQ(z.zone->format, InputFormat::cloudflare_export);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  // The SOA owner Cloudflare writes without its dot is the zone; TTL 1 is 300, automatic.
  EXPECT_THAT(z.dumped(), ElementsAre("example.com. 3600 IN SOA kip.ns.cloudflare.com. dns.cloudflare.com. 2051744211 "
                                      "10000 2400 604800 3600",
                                      "example.com. 86400 IN NS kip.ns.cloudflare.com.",
                                      "tok._domainkey.example.com. 300 IN CNAME tok.dkim.amazonses.com.",
                                      "www.example.com. 300 IN CNAME example.com."));
  ASSERT_THAT(z.records(), SizeIs(4));
  EXPECT_TRUE(z.records()[2].has(record_flag::proxied));
  EXPECT_TRUE(z.records()[2].has(record_flag::ttl_automatic));
  EXPECT_FALSE(z.records()[3].has(record_flag::proxied));
  EXPECT_FALSE(z.records()[3].has(record_flag::ttl_automatic));
  EXPECT_EQ(z.owner_offset(0), at(dashboard_export, "example.com\t3600"));
  EXPECT_EQ(z.owner_offset(2), at(dashboard_export, "tok._domainkey"));
  EXPECT_EQ(z.rdata_offset(2), at(dashboard_export, "tok.dkim"));
}

TEST(ImportCloudflareExport, AHandEditedNameWithoutItsDotIsRelative) {
  const std::string text = dashboard_export + "mail\t300\tIN\tMX\t10 feedback-smtp.us-east-1.amazonses.com\n";
  Imported z(text, std::nullopt, "example.org");  // the header wins over --origin
  EXPECT_EQ(z.apex(), "example.com.");
  ASSERT_THAT(z.dumped(), SizeIs(5));
  EXPECT_EQ(z.dumped()[4], "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.example.com.");
}

TEST(ImportCloudflareApi, OnePageOfTheRecordsIsANote) {
  const std::string page = R"({"result": [
  {"name": "example.com", "type": "NS", "content": "kate.ns.cloudflare.com", "ttl": 86400}
], "success": true, "errors": [], "messages": [],
"result_info": {"page": 1, "per_page": 1, "count": 1, "total_count": 2, "total_pages": 2}}
)";
  Imported z(page);
  ASSERT_THAT(z.findings(), SizeIs(1));
  EXPECT_THAT(z.findings()[0], HasSubstr("4:1: this response is page 1 of 2 of the zone's DNS records"));
  EXPECT_EQ(z.zone->diagnostics[0].severity, Severity::note);
  SourceSet files;
  const FileId id = files.add("page.json", page);
  EXPECT_TRUE(import_provider_export(files.file(id), InputFormat::cloudflare_json, {}).truncated);
  // Every record on one page.
  Imported all(R"({"result": [{"name": "example.com", "type": "NS", "content": "kate.ns.cloudflare.com", "ttl": 86400}],
"result_info": {"page": 1, "per_page": 100, "count": 1, "total_count": 1, "total_pages": 1}})");
  EXPECT_THAT(all.findings(), IsEmpty());
}

}  // namespace
}  // namespace zonelint::test
