// Azure DNS importers: `az network dns record-set list` JSON and `az network dns zone export`.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import_harness.hpp"
#include "model/record.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string record_sets = R"([
  {"SOARecord": {"email": "azuredns-hostmaster.microsoft.com", "expireTime": 2419200, "host": "ns1-02.azure-dns.com.",
    "minimumTTL": 300, "refreshTime": 3600, "retryTime": 300, "serialNumber": 1}, "TTL": 3600,
   "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/dnszones/example.com/SOA/@",
   "name": "@", "targetResource": {}, "type": "Microsoft.Network/dnszones/SOA"},
  {"NSRecords": [{"nsdname": "ns1-02.azure-dns.com."}], "TTL": 172800, "name": "@", "type": "Microsoft.Network/dnszones/NS"},
  {"MXRecords": [{"exchange": "feedback-smtp.us-east-1.amazonses.com", "preference": 10}], "TTL": 3600, "name": "mail",
   "type": "Microsoft.Network/dnszones/MX"},
  {"TXTRecords": [{"value": ["v=spf1 include:amazonses.com", " ~all"]}, {"value": ["say \"hi\""]}], "TTL": 3600,
   "name": "mail", "type": "Microsoft.Network/dnszones/TXT"},
  {"cnameRecord": {"cname": "tok.dkim.amazonses.com"}, "ttl": 3600, "name": "tok._domainkey"},
  {"properties": {"TTL": 60, "ARecords": [{"ipv4Address": "192.0.2.1"}]}, "name": "www", "type": "Microsoft.Network/dnszones/A"},
  {"srvRecords": [{"port": 5060, "priority": 10, "target": "sip.example.com", "weight": 5}], "ttl": 300, "name": "_sip._tcp",
   "type": "Microsoft.Network/dnszones/SRV"},
  {"ARecords": [], "TTL": 3600, "name": "cdn", "targetResource": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Cdn/profiles/p/endpoints/e"},
   "type": "Microsoft.Network/dnszones/A"},
  {"CNAMERecord": null, "TTL": 3600, "name": "empty", "type": "Microsoft.Network/dnszones/CNAME"}
]
)";

TEST(ImportAzureJson, ReadsPascalAndCamelCaseRecordSets) {
  Imported z(record_sets);
  EXPECT_EQ(z.zone->format, InputFormat::azure_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");  // from the id
  // Each TXTRecords entry is one record; each of its strings one character-string (joined
  // without a separator by DNS).
  EXPECT_THAT(z.dumped(),
              ElementsAre("example.com. 3600 IN SOA ns1-02.azure-dns.com. azuredns-hostmaster.microsoft.com. 1 3600 300 "
                          "2419200 300",
                          "example.com. 172800 IN NS ns1-02.azure-dns.com.",
                          "mail.example.com. 3600 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                          "mail.example.com. 3600 IN TXT \"v=spf1 include:amazonses.com\" \" ~all\"",
                          "mail.example.com. 3600 IN TXT \"say \\\"hi\\\"\"",
                          "tok._domainkey.example.com. 3600 IN CNAME tok.dkim.amazonses.com.",
                          "www.example.com. 60 IN A 192.0.2.1",
                          "_sip._tcp.example.com. 300 IN SRV 10 5 5060 sip.example.com."));
  ASSERT_THAT(z.records(), SizeIs(9));
  EXPECT_TRUE(z.records()[8].has(record_flag::alias));
  EXPECT_EQ(z.owner(8), "cdn.example.com.");
  EXPECT_EQ(z.owner_offset(2), at(record_sets, "\"name\": \"mail\"") + 9);
  EXPECT_EQ(z.rdata_offset(2), at(record_sets, "10}"));
  EXPECT_EQ(z.source_offset(2, "feedback"), at(record_sets, "feedback"));
  // The synthesised opening quote stands for the start of the JSON string's content.
  EXPECT_EQ(z.rdata_offset(3), at(record_sets, "v=spf1"));
  // Without "type", the mnemonic is glue standing for the record key.
  const Record& r = z.records()[5];
  const std::string_view t = z.zone->text(0).text();
  const auto type_at = static_cast<std::uint32_t>(t.find("CNAME", r.entry_begin));
  const Span type_span = z.zone->span(r, type_at, type_at + 5);
  EXPECT_EQ(std::string_view(record_sets).substr(type_span.begin, type_span.size()), "cnameRecord");
}

TEST(ImportAzureJson, TheZoneFromTheFqdnOrTheOption) {
  Imported fqdn(R"([{"CNAMERecord": {"cname": "x.example.net"}, "TTL": 300, "fqdn": "www.example.org.", "name": "www",
    "type": "Microsoft.Network/dnszones/CNAME"}])");
  EXPECT_EQ(fqdn.apex(), "example.org.");
  EXPECT_THAT(fqdn.dumped(), ElementsAre("www.example.org. 300 IN CNAME x.example.net."));
  const std::string bare = R"([{"CNAMERecord": {"cname": "x.example.net"}, "TTL": 300, "name": "www",
    "type": "Microsoft.Network/dnszones/CNAME"}])";
  Imported option(bare, std::nullopt, "example.net");
  EXPECT_THAT(option.dumped(), ElementsAre("www.example.net. 300 IN CNAME x.example.net."));
  Imported none(bare);
  EXPECT_THAT(none.findings(),
              ElementsAre("1:1: cannot tell which zone these Azure record sets belong to: their names are relative to "
                          "the zone, and neither their id nor their fqdn names it; give the zone with --origin (for "
                          "example --origin example.com)"));
  EXPECT_THAT(none.dumped(), IsEmpty());
}

TEST(ImportAzureJson, ShapeErrors) {
  const std::string text = R"([
  {"TTL": 300, "name": "a", "type": "Microsoft.Network/dnszones/SPF"},
  {"TTL": 300, "name": "b", "type": "Microsoft.Network/dnszones/MX", "MXRecords": [{"exchange": "mx.example.net"}]},
  {"TTL": 300, "name": "c", "type": "Microsoft.Network/dnszones/TXT", "TXTRecords": [{"value": "v=spf1 -all"}]},
  {"name": "d", "type": "Microsoft.Network/dnszones/A", "ARecords": [{"ipv4Address": "192.0.2.4"}]},
  {"TTL": 300, "name": "e", "type": "Microsoft.Network/dnszones/DS", "DSRecords": [{"keyTag": 1}]},
  {"TTL": 300, "name": "f", "type": "Microsoft.Network/dnszones/A", "ARecords": [{"ipv4Address": "192.0.2.6"}]}
]
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(),
              ElementsAre("2:65: unknown record type \"SPF\"; Azure DNS serves A, AAAA, CAA, CNAME, DS, MX, NAPTR, NS, "
                          "PTR, SOA, SRV, TLSA and TXT",
                          "3:84: this record has no \"preference\"", "4:96: \"value\" must be an array, found a string",
                          "5:3: this record set has no \"TTL\"",
                          "6:70: zonelint does not read Azure DS record sets yet; these records are not checked"));
  EXPECT_THAT(z.dumped(), ElementsAre("f.example.com. 300 IN A 192.0.2.6"));
}

const std::string zone_export = R"(
; Exported zone file from Azure DNS
;      Zone name: example.com
;      Resource Group Name: rg
;      Date and time (UTC): 11/20/2026 09:31:07

$TTL 300
$ORIGIN example.com.

@ 3600 IN SOA ns1-02.azure-dns.com. azuredns-hostmaster.microsoft.com (
              1 ; serial
              3600 ; refresh
              300 ; retry
              2419200 ; expire
              300 ; minimum
              )

  172800 IN NS ns1-02.azure-dns.com.
  172800 IN NS ns2-02.azure-dns.net.

mail 3600 IN MX 10 feedback-smtp.us-east-1.amazonses.com.

     3600 IN TXT "v=spf1 include:amazonses.com ~all"
)";

TEST(ImportAzureExport, ReadsTheExportWithContinuationLines) {
  Imported z(zone_export);
  EXPECT_EQ(z.zone->format, InputFormat::azure_export);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  // The mailbox Azure writes without its dot is absolute.
  EXPECT_THAT(z.dumped(),
              ElementsAre("example.com. 3600 IN SOA ns1-02.azure-dns.com. azuredns-hostmaster.microsoft.com. 1 3600 300 "
                          "2419200 300",
                          "example.com. 172800 IN NS ns1-02.azure-dns.com.", "example.com. 172800 IN NS ns2-02.azure-dns.net.",
                          "mail.example.com. 3600 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                          "mail.example.com. 3600 IN TXT \"v=spf1 include:amazonses.com ~all\""));
  ASSERT_THAT(z.streamed(), SizeIs(5));
  EXPECT_EQ(z.streamed()[4].line, 23u);
}

TEST(ImportAzureExport, ThePortalsOriginWithoutItsDot) {
  const std::string text = "; Exported zone file from Azure DNS\n$ORIGIN adatum.com\nwww\t3600\tIN\tCNAME\tserver1\n";
  Imported z(text);
  EXPECT_EQ(z.apex(), "adatum.com.");
  EXPECT_THAT(z.dumped(), ElementsAre("www.adatum.com. 3600 IN CNAME server1.adatum.com."));
}

}  // namespace
}  // namespace zonelint::test
