// Google Cloud DNS importer: `gcloud dns record-sets export` YAML and `list --format=json`.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "import_harness.hpp"
#include "model/record.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string yaml_export = R"(---
kind: dns#resourceRecordSet
name: example.com.
rrdatas:
- ns-cloud-b1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200
  300
ttl: 21600
type: SOA
---
kind: dns#resourceRecordSet
name: mail.example.com.
rrdatas:
- '"v=spf1 include:amazonses.com ~all"'
- "\"second\""
ttl: 300
type: TXT
---
kind: dns#resourceRecordSet
name: tok._domainkey.example.com
rrdatas:
- tok.dkim.amazonses.com
ttl: 1800
type: CNAME
)";

TEST(ImportGcloudYaml, ReadsDocumentsAndKeepsNamesAsWritten) {
  Imported z(yaml_export);
  EXPECT_EQ(z.zone->format, InputFormat::gcloud_yaml);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  // The folded SOA is one value; a name or target without its dot is relative (Cloud DNS would
  // refuse it), so the origin is appended and the rules report what that makes of it.
  EXPECT_THAT(z.dumped(),
              ElementsAre("example.com. 21600 IN SOA ns-cloud-b1.googledomains.com. cloud-dns-hostmaster.google.com. 1 "
                          "21600 3600 259200 300",
                          "mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"",
                          "mail.example.com. 300 IN TXT \"second\"",
                          "tok._domainkey.example.com.example.com. 1800 IN CNAME tok.dkim.amazonses.com.example.com."));
  ASSERT_THAT(z.records(), SizeIs(4));
  EXPECT_EQ(z.owner_offset(0), at(yaml_export, "example.com."));
  EXPECT_EQ(z.rdata_offset(1), at(yaml_export, "\"v=spf1"));
  // The fold is a space standing for the line break and indentation.
  EXPECT_EQ(z.source_of(0, "259200 300").substr(6), "\n  300");
  // Inside the double-quoted YAML scalar, the TXT quote is the escape \".
  EXPECT_EQ(z.source_of(2, "\""), "\\\"");
}

TEST(ImportGcloudYaml, AnAliasBombStopsAtItsFirstAnchor) {
  std::string text = "---\nkind: dns#resourceRecordSet\nname: a.example.com.\nrrdatas:\n- 192.0.2.1\nttl: 300\ntype: A\n"
                     "---\na: &a [\"lol\", \"lol\"]\n";
  for (int i = 0; i < 30; ++i) text += "b" + std::to_string(i) + ": &b" + std::to_string(i) + " [*a, *a, *a]\n";
  const auto start = std::chrono::steady_clock::now();
  Imported z(text, std::nullopt, "example.com");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  // The documents before the error are read.
  EXPECT_THAT(z.dumped(), ElementsAre("a.example.com. 300 IN A 192.0.2.1"));
  ASSERT_THAT(z.findings(), SizeIs(1));
  EXPECT_THAT(z.findings()[0], HasSubstr("9:4: "));
}

TEST(ImportGcloudYaml, DeepNestingStopsQuickly) {
  std::string text = "---\n";
  for (int i = 0; i < 100000; ++i) text += "- ";
  text += "x\n";
  const auto start = std::chrono::steady_clock::now();
  Imported z(text, InputFormat::gcloud_yaml, "example.com");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_THAT(z.findings(), SizeIs(1));
  // 512 nested sequences are allowed: the error is at the 513th dash.
  EXPECT_THAT(z.findings()[0], HasSubstr("2:" + std::to_string(1 + 2 * 512) + ": "));
  EXPECT_THAT(z.records(), IsEmpty());
}

TEST(ImportGcloudYaml, ShapeErrors) {
  const std::string text = R"(---
kind: dns#resourceRecordSet
name: a.example.com.
ttl: 300
type: A
---
kind: dns#resourceRecordSet
name: b.example.com.
rrdatas: 192.0.2.1
ttl: 300
type: A
---
kind: dns#resourceRecordSet
name: c.example.com.
rrdatas:
- 192.0.2.1
ttl: five minutes
type: A
---
kind: dns#resourceRecordSet
name: d.example.com.
rrdatas:
- 192.0.2.4
ttl: 300
type: AXFR
---
- not a record set
---
kind: dns#resourceRecordSet
name: e.example.com.
rrdatas:
- 192.0.2.5
ttl: 300
type: A
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), ElementsAre("2:1: this record set has no \"rrdatas\"", "9:10: rrdatas must be a list, found a string",
                                        "17:6: ttl must be a number, found a string", "25:7: unknown record type \"AXFR\"",
                                        "27:1: expected a record set (kind, name, rrdatas, ttl, type), found an array"));
  EXPECT_THAT(z.dumped(), ElementsAre("e.example.com. 300 IN A 192.0.2.5"));
}

TEST(ImportGcloudJson, ReadsTheListTheApiResponseAndRoutingPolicies) {
  const std::string text = R"([
  {"kind": "dns#resourceRecordSet", "name": "example.com.", "rrdatas": ["1 smtp.google.com."], "ttl": 3600, "type": "MX"},
  {"kind": "dns#resourceRecordSet", "name": "w.example.com.", "routingPolicy": {"wrr": {"items": [
     {"weight": 1, "rrdatas": ["192.0.2.1"]}, {"weight": 2, "rrdatas": ["192.0.2.2", "192.0.2.1"]}]}},
   "ttl": 60, "type": "A"}
]
)";
  Imported z(text);
  EXPECT_EQ(z.zone->format, InputFormat::gcloud_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  EXPECT_THAT(z.dumped(), ElementsAre("example.com. 3600 IN MX 1 smtp.google.com.", "w.example.com. 60 IN A 192.0.2.1",
                                      "w.example.com. 60 IN A 192.0.2.2"));
  Imported api(R"({"kind": "dns#resourceRecordSetsListResponse", "rrsets": [{"kind": "dns#resourceRecordSet",
    "name": "x.example.com.", "rrdatas": ["\u200bx.example.net."], "ttl": 60, "type": "CNAME"}]})");
  EXPECT_THAT(api.findings(), IsEmpty());
  ASSERT_THAT(api.records(), SizeIs(1));
  EXPECT_EQ(api.rdata_text(0), "\xE2\x80\x8Bx.example.net.");
  EXPECT_EQ(api.source_of(0, "\xE2\x80\x8B"), "\\u200b");
}

TEST(ImportGcloudYaml, ARelativeNameIsAnErrorAsCloudDnsRefusesIt) {
  const std::string text = R"(---
kind: dns#resourceRecordSet
name: example.com.
rrdatas:
- ns-cloud-b1.googledomains.com.
ttl: 21600
type: NS
---
kind: dns#resourceRecordSet
name: tok._domainkey
rrdatas:
- tok.dkim.amazonses.com.
ttl: 300
type: CNAME
---
kind: dns#resourceRecordSet
name: 'b._domainkey.example.com. '
rrdatas:
- b.dkim.amazonses.com.
ttl: 300
type: CNAME
---
kind: dns#resourceRecordSet
name: c._domainkey.example.com
rrdatas:
- c.dkim.amazonses.com.
ttl: 300
type: CNAME
)";
  Imported z(text);
  // Only the relative name: a blank after the dot is SES003's, a name ending with the zone SES002's.
  EXPECT_THAT(z.findings(),
              ElementsAre("10:7: name \"tok._domainkey\" has no trailing dot: Cloud DNS requires fully qualified "
                          "names and rejects the change (a zone-file import would read it as "
                          "\"tok._domainkey.example.com.\"); write \"tok._domainkey.example.com.\""));
  EXPECT_EQ(z.zone->diagnostics.front().severity, Severity::error);
  // Read relative to the zone all the same, so the rules judge the record that was meant.
  EXPECT_EQ(z.owner(1), "tok._domainkey.example.com.");
  EXPECT_EQ(z.owner(2), "b._domainkey.example.com\\032.");
}

TEST(ImportGcloudJson, EachRoutingPolicyItemIsASetOfItsOwn) {
  const std::string text = R"([
  {"kind": "dns#resourceRecordSet", "name": "wrr.example.com.", "routingPolicy": {"wrr": {"items": [
     {"weight": 0.8, "rrdatas": ["a.lb.example.net."]}, {"weight": 0.2, "rrdatas": ["b.lb.example.net."]}]}},
   "ttl": 300, "type": "CNAME"},
  {"kind": "dns#resourceRecordSet", "name": "two.example.com.", "rrdatas": ["192.0.2.1", "192.0.2.2"], "ttl": 60,
   "type": "A"}
]
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), IsEmpty());
  ASSERT_THAT(z.records(), SizeIs(4));
  const auto set_end = [&](std::size_t i) {
    const Record& r = z.records()[i];
    return z.zone->span(r, r.rdata_end, r.rdata_end + 1).begin;
  };
  EXPECT_TRUE(z.records()[0].has(record_flag::routing_policy));
  EXPECT_TRUE(z.records()[1].has(record_flag::routing_policy));
  EXPECT_FALSE(z.records()[2].has(record_flag::routing_policy));
  // Each item's answer is marked by its item: the entry's line break maps to the item's end.
  EXPECT_EQ(set_end(0), at(text, "}, {\"weight\": 0.2") + 1);
  EXPECT_EQ(set_end(1), at(text, "}]}}") + 1);
}

}  // namespace
}  // namespace zonelint::test
