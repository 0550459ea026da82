// Route 53 importer: list-resource-record-sets output and change batches, read into records
// whose every byte maps back to the JSON; shape errors at their exact place.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "import_harness.hpp"
#include "model/record.hpp"
#include "parse/import_provider.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const std::string list = R"({
    "ResourceRecordSets": [
        {
            "Name": "example.com.",
            "Type": "SOA",
            "TTL": 900,
            "ResourceRecords": [
                {"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}
            ]
        },
        {
            "Name": "\\052.example.com.",
            "Type": "CNAME",
            "TTL": 300,
            "ResourceRecords": [{"Value": "example.com"}]
        },
        {
            "Name": "mail.example.com.",
            "Type": "MX",
            "TTL": 300,
            "ResourceRecords": [{"Value": "10 feedback-smtp.us-east-1.amazonses.com"}, {"Value": "20 backup.example.net."}]
        },
        {
            "Name": "mail.example.com.",
            "Type": "TXT",
            "TTL": 300,
            "ResourceRecords": [{"Value": "\"v=spf1 include:amazonses.com ~all\""}]
        }
    ]
}
)";

TEST(ImportRoute53, ReadsTheListWithEveryNameAbsolute) {
  Imported z(list);
  EXPECT_EQ(z.zone->format, InputFormat::route53_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  // Octal \052 is '*'; values without a trailing dot are absolute all the same.
  EXPECT_THAT(z.dumped(),
              ElementsAre("example.com. 900 IN SOA ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 "
                          "86400",
                          "*.example.com. 300 IN CNAME example.com.",
                          "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                          "mail.example.com. 300 IN MX 20 backup.example.net.",
                          "mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\""));
}

TEST(ImportRoute53, RecordsPointIntoTheJson) {
  Imported z(list);
  ASSERT_THAT(z.records(), SizeIs(5));
  // Each record's owner is its Name value; every value of a record set repeats it.
  EXPECT_EQ(z.owner_offset(1), at(list, "\\\\052") );
  EXPECT_EQ(z.owner_offset(2), at(list, "mail.example.com."));
  EXPECT_EQ(z.owner_offset(3), at(list, "mail.example.com."));
  EXPECT_EQ(z.rdata_offset(2), at(list, "10 feedback"));
  EXPECT_EQ(z.rdata_offset(3), at(list, "20 backup"));
  EXPECT_EQ(z.rdata_offset(4), at(list, "\\\"v=spf1"));
  // The octal escape is rewritten in decimal and stands for the whole "\\052" of the file.
  EXPECT_EQ(z.zone->text(0).text().substr(z.records()[1].entry_begin, 4), "\\042");
  const Record& wildcard = z.records()[1];
  const Span s = z.zone->span(wildcard, wildcard.entry_begin, wildcard.entry_begin + 4);
  EXPECT_EQ(std::string_view(list).substr(s.begin, s.end - s.begin), "\\\\052");
  // The trailing dot added to "example.com" is glue placed just after the value.
  EXPECT_EQ(z.rdata_text(1), "example.com.");
  EXPECT_EQ(z.source_offset(1, "."), at(list, "example.com\"}") + 7);
}

TEST(ImportRoute53, StraySpaceAndInvisibleCharactersStayInsideTheName) {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "a.example.com.", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": " tok.dkim.amazonses.com"}]},
  {"Name": "b.example.com.", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "tok.dkim\u00a0.amazon\"ses.com"}]},
  {"Name": "c.example.com.", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "tok.dkim.amazonses.com.\u200b"}]}
]}
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), IsEmpty());
  ASSERT_THAT(z.records(), SizeIs(3));
  // One token each: the space and quote escaped, the no-break space kept as its UTF-8 bytes.
  EXPECT_EQ(z.rdata_text(0), "\\032tok.dkim.amazonses.com.");
  EXPECT_EQ(z.rdata_text(1), "tok.dkim\xC2\xA0.amazon\\\"ses.com.");
  // A blank after the final dot ends the last label; the dot keeps its own place in the JSON.
  EXPECT_EQ(z.rdata_text(2), "tok.dkim.amazonses.com\xE2\x80\x8B.");
  // ...and each maps back to the exact character or escape in the JSON.
  EXPECT_EQ(z.source_of(0, "\\032"), " ");
  EXPECT_EQ(z.source_offset(0, "\\032"), at(text, " tok"));
  EXPECT_EQ(z.source_of(1, "\xC2\xA0"), "\\u00a0");
  EXPECT_EQ(z.source_of(1, "\\\""), "\\\"");
  EXPECT_EQ(z.source_of(2, "\xE2\x80\x8B"), "\\u200b");
  const Record& c = z.records()[2];
  EXPECT_EQ(z.zone->span(c, c.rdata_end - 1, c.rdata_end).begin, at(text, ".\\u200b"));
}

TEST(ImportRoute53, BlanksAroundANameStayInsideItWithoutALabelOfTheirOwn) {
  // Pasted blanks at either end of a name: the blank stays part of the name (SES003 reports it),
  // a blank after the final dot ends the last label instead of making a label of its own, and
  // the zone is still found without them.
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "example.com. ", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": "ns1.example.net."}]},
  {"Name": " a._domainkey.example.com.", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "a.dkim.amazonses.com.\t"}]},
  {"Name": "b._domainkey.example.com. \t", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "b.dkim.amazonses.com "}]},
  {"Name": "c._domainkey.example.com.\u00a0", "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": "\\052.example.com. "}]}
]}
)";
  Imported z(text);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  ASSERT_THAT(z.records(), SizeIs(4));
  EXPECT_EQ(z.owner(0), "example.com\\032.");
  EXPECT_EQ(z.owner(1), "\\032a._domainkey.example.com.");
  EXPECT_EQ(z.owner(2), "b._domainkey.example.com\\032\\009.");
  EXPECT_EQ(z.owner(3), "c._domainkey.example.com\\194\\160.");
  EXPECT_EQ(z.rdata_text(1), "a.dkim.amazonses.com\\009.");
  EXPECT_EQ(z.rdata_text(2), "b.dkim.amazonses.com\\032.");
  // Route 53's octal escape is still read.
  EXPECT_EQ(z.rdata_text(3), "\\042.example.com\\032.");
  EXPECT_EQ(z.source_of(1, "\\009"), "\\t");
  EXPECT_EQ(z.source_offset(1, "\\009"), at(text, "\\t\"}"));
  const Record& a = z.records()[1];
  EXPECT_EQ(z.zone->span(a, a.rdata_end - 1, a.rdata_end).begin, at(text, ".\\t"));  // the dot in the file
  EXPECT_EQ(z.source_offset(3, "\\032"), at(text, "com. \"}") + 4);
}

TEST(ImportRoute53, WhiteSpaceAroundAMultiFieldValueIsReported) {
  const std::string text =
      R"({"ResourceRecordSets": [{"Name": "mail.example.com.", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": " 10 mx.example.net  "}]}]})";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(),
              ElementsAre("1:112: the value starts with white space, which is not part of any field; Route 53 may "
                          "refuse it: remove it",
                          "1:130: the value ends with white space, which is not part of any field; Route 53 may refuse "
                          "it: remove it"));
  EXPECT_EQ(at(text, " 10"), 111u);  // column 112
  EXPECT_THAT(z.dumped(), ElementsAre("mail.example.com. 300 IN MX 10 mx.example.net."));
}

TEST(ImportRoute53, ALineBreakInAValueCannotStartAnotherEntry) {
  // A value must never inject a line into the synthesised text: no $INCLUDE, no extra record.
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "x.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"a\"\n$INCLUDE /etc/passwd\nevil 300 IN A 192.0.2.1 ; ("}]},
  {"Name": "y.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.2"}]}
]}
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), IsEmpty());
  ASSERT_THAT(z.dumped(), SizeIs(2));
  EXPECT_EQ(z.dumped()[0],
            "x.example.com. 300 IN TXT \"a\" \"\\010$INCLUDE\" \"/etc/passwd\\010evil\" \"300\" \"IN\" \"A\" "
            "\"192.0.2.1\" \";\" \"(\"");
  EXPECT_EQ(z.dumped()[1], "y.example.com. 300 IN A 192.0.2.2");
}

TEST(ImportRoute53, ChangeBatchesSkipDeletionsAndAcceptTheWrapper) {
  const std::string text = R"({"HostedZoneId": "Z1", "ChangeBatch": {"Comment": "x", "Changes": [
  {"Action": "DELETE", "ResourceRecordSet": {"Name": "old.example.com", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.9"}]}},
  {"Action": "UPSERT", "ResourceRecordSet": {"Name": "mail.example.com", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 feedback-smtp.us-east-1.amazonses.com"}]}},
  {"Action": "CREATE", "ResourceRecordSet": {"Name": "mail.example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": "\"v=spf1 include:amazonses.com ~all\""}]}}
]}}
)";
  Imported z(text);
  EXPECT_EQ(z.zone->format, InputFormat::route53_change_batch);
  EXPECT_THAT(z.findings(), IsEmpty());
  // No SOA and one owner: the registered domain, not "mail.example.com" (whose MX would then sit
  // at the apex).
  EXPECT_EQ(z.apex(), "example.com.");
  EXPECT_THAT(z.dumped(), ElementsAre("mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                                      "mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\""));
}

TEST(ImportRoute53, AliasRecordsAreFlaggedAndKeepTheirTarget) {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "example.com.", "Type": "A", "AliasTarget": {"HostedZoneId": "Z2", "DNSName": "d1.cloudfront.net", "EvaluateTargetHealth": false}},
  {"Name": "example.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}]}
]}
)";
  Imported z(text);
  ASSERT_THAT(z.records(), SizeIs(2));
  EXPECT_TRUE(z.records()[0].has(record_flag::alias));
  EXPECT_EQ(z.records()[0].ttl, 60u);
  EXPECT_EQ(z.rdata_text(0), "d1.cloudfront.net.");
  EXPECT_EQ(z.rdata_offset(0), at(text, "d1.cloudfront"));
  EXPECT_FALSE(z.records()[1].has(record_flag::alias));
  // `zonelint dump` leaves the alias out, with a note at it.
  EXPECT_THAT(z.dumped(), ElementsAre("example.com. 172800 IN NS ns-1.awsdns-01.org."));
  ASSERT_THAT(z.sink.diags, SizeIs(1));
  EXPECT_EQ(z.sink.diags[0].severity, Severity::note);
  EXPECT_EQ(z.sink.diags[0].str(),
            "2:13: example.com. A is a provider alias to \"d1.cloudfront.net.\", which a zone file cannot express; left "
            "out of the dump");
}

TEST(ImportRoute53, ShapeErrorsArePositionedAndTheRestIsRead) {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "a.example.com.", "Type": "CNAMEX", "TTL": 300, "ResourceRecords": [{"Value": "x.example.net"}]},
  {"Name": "b.example.com.", "Type": "LOC", "TTL": 300, "ResourceRecords": [{"Value": "x"}]},
  {"Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]},
  {"Name": "c.example.com.", "Type": "A", "TTL": "300", "ResourceRecords": [{"Value": "192.0.2.1"}]},
  {"Name": "d.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": {"Value": "192.0.2.1"}},
  {"Name": "e.example.com.", "Type": "A", "TTL": 300},
  {"Name": "f.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": 3}, {"Value": "192.0.2.6"}]},
  {"Name": "g.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [], "AliasTarget": {}},
  "h.example.com.",
  {"Name": "i.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.9"}]}
]}
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(
      z.findings(),
      ElementsAre(
          "2:39: unknown record type \"CNAMEX\"; Route 53 serves A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, PTR, "
          "SOA, SPF, SRV, SSHFP, SVCB, TLSA and TXT",
          "3:39: Route 53 has no LOC records; it serves A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, PTR, SOA, SPF, "
          "SRV, SSHFP, SVCB, TLSA and TXT (in capitals)",
          "4:3: this record set has no \"Name\"", "5:50: TTL must be a number, found a string",
          "6:74: ResourceRecords must be an array of {\"Value\": ...} objects, found an object",
          "7:3: this record set has neither ResourceRecords nor an AliasTarget", "8:85: \"Value\" must be a string, found a number",
          "9:55: a record set has either ResourceRecords or an AliasTarget, not both",
          "10:3: expected a record set (an object with Name, Type, TTL and ResourceRecords), found a string"));
  EXPECT_THAT(z.dumped(), ElementsAre("f.example.com. 300 IN A 192.0.2.6", "i.example.com. 300 IN A 192.0.2.9"));
}

TEST(ImportRoute53, TruncatedJsonIsOneErrorAtTheEnd) {
  const std::string text = "{\"ResourceRecordSets\": [\n  {\"Name\": \"a.example.com.\", \"Type\": \"A\", \"TTL\": 3";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_EQ(z.zone->format, InputFormat::route53_json);  // detected from the keys read so far
  ASSERT_THAT(z.findings(), SizeIs(1));
  EXPECT_THAT(z.findings()[0], HasSubstr("2:51: unexpected end of the file"));
  EXPECT_THAT(z.records(), IsEmpty());
}

TEST(ImportRoute53, DeepNestingStopsQuickly) {
  std::string text = "{\"ResourceRecordSets\": ";
  text.append(100000, '[');
  const auto start = std::chrono::steady_clock::now();
  Imported z(text, InputFormat::route53_json, "example.com");
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_THAT(z.findings(), SizeIs(1));
  // The object and 511 arrays are the 512 levels allowed: the error is at the next '['.
  EXPECT_THAT(z.findings()[0], HasSubstr("1:" + std::to_string(24 + 511) + ": "));
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(ImportRoute53, NotRoute53JsonWhenForced) {
  Imported z(R"({"zones": []})", InputFormat::route53_json, "example.com");
  EXPECT_THAT(z.findings(), ElementsAre("1:1: expected Route 53 JSON: {\"ResourceRecordSets\": [...]} from aws route53 "
                                        "list-resource-record-sets, or a change batch {\"Changes\": [...]}"));
}

TEST(ImportRoute53, TheApexWhenNothingNamesIt) {
  const auto batch = [](const std::vector<std::string>& names) {
    std::string t = R"({"Changes": [)";
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) t += ",";
      t += R"({"Action": "CREATE", "ResourceRecordSet": {"Name": ")" + names[i] +
           R"(", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\"x\""}]}})";
    }
    return t + "]}";
  };
  EXPECT_EQ(Imported(batch({"a.aws.example.com", "b.aws.example.com"})).apex(), "aws.example.com.");
  EXPECT_EQ(Imported(batch({"t1._domainkey.example.com", "t2._domainkey.example.com"})).apex(), "example.com.");
  EXPECT_EQ(Imported(batch({"t1._domainkey.example.com.example.com"})).apex(), "example.com.");
  EXPECT_EQ(Imported(batch({"www.example.co.uk"})).apex(), "example.co.uk.");
  // A batch for a subdomain's hosted zone: a record at the common suffix names the zone.
  EXPECT_EQ(Imported(batch({"shop.example.org", "t1._domainkey.shop.example.org", "t2._domainkey.shop.example.org"}))
                .apex(),
            "shop.example.org.");
  EXPECT_EQ(Imported(batch({"shop.example.org", "t1._domainkey.shop.example.org.shop.example.org"})).apex(),
            "shop.example.org.");
  EXPECT_EQ(Imported(batch({"www.example.com"}), std::nullopt, "example.org").apex(), "example.org.");
  Imported ambiguous(batch({"a.example.com", "b.example.org"}));
  EXPECT_EQ(ambiguous.apex(), "(none)");
  EXPECT_THAT(ambiguous.findings(),
              ElementsAre("1:1: cannot tell which zone this Route 53 export belongs to: it names no zone, has no SOA "
                          "record, and \"a.example.com.\" and \"b.example.org.\" have no parent domain in common; give "
                          "the zone with --origin (for example --origin example.com)"));
  // The records are read all the same.
  EXPECT_THAT(ambiguous.dumped(), SizeIs(2));
  // One name of three with its domain misspelt: the zone is the one the others share, and the
  // misspelt name is judged against it (SES018, ZONE004). Half and half stays undecided.
  Imported misspelt(batch({"t1._domainkey.example.com", "t2._domainkey.exmaple.com", "t3._domainkey.example.com"}));
  EXPECT_EQ(misspelt.apex(), "example.com.");
  EXPECT_THAT(misspelt.findings(), IsEmpty());
  EXPECT_EQ(Imported(batch({"a.example.com", "b.example.com", "c.example.org", "d.example.org"})).apex(), "(none)");
}

TEST(ImportRoute53, RoutingPolicySetsAreFlagged) {
  const std::string text = R"({"ResourceRecordSets": [
  {"Name": "api.example.com.", "Type": "CNAME", "SetIdentifier": "blue", "Weight": 90, "TTL": 60, "ResourceRecords": [{"Value": "blue.example.net"}]},
  {"Name": "api.example.com.", "Type": "CNAME", "SetIdentifier": "green", "Weight": 10, "TTL": 60, "ResourceRecords": [{"Value": "green.example.net"}]},
  {"Name": "www.example.com.", "Type": "CNAME", "TTL": 60, "ResourceRecords": [{"Value": "api.example.com"}]}
]}
)";
  Imported z(text, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), IsEmpty());
  ASSERT_THAT(z.records(), SizeIs(3));
  EXPECT_TRUE(z.records()[0].has(record_flag::routing_policy));
  EXPECT_TRUE(z.records()[1].has(record_flag::routing_policy));
  EXPECT_FALSE(z.records()[2].has(record_flag::routing_policy));
  // The set of each: the entry's line break maps to the end of its record set.
  const Record& blue = z.records()[0];
  EXPECT_EQ(z.zone->span(blue, blue.rdata_end, blue.rdata_end + 1).begin, at(text, "}]},") + 3);
}

TEST(ImportRoute53, OnePageOfAListIsANote) {
  const std::string page = R"({"ResourceRecordSets": [
  {"Name": "example.com.", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": "ns1.example.net."}]}
], "IsTruncated": true, "NextRecordName": "tok._domainkey.example.com.", "NextRecordType": "CNAME", "MaxItems": "1"}
)";
  Imported z(page);
  ASSERT_THAT(z.findings(), SizeIs(1));
  EXPECT_THAT(z.findings()[0], HasSubstr("3:4: this export is one page of the zone's record sets (\"IsTruncated\": true)"));
  EXPECT_THAT(z.findings()[0], HasSubstr("without --max-items"));
  EXPECT_EQ(z.zone->diagnostics[0].severity, Severity::note);
  EXPECT_EQ(z.zone->diagnostics[0].code, "ZONE000");
  SourceSet files;
  const FileId id = files.add("page.json", page);
  EXPECT_TRUE(import_provider_export(files.file(id), InputFormat::route53_json, {}).truncated);

  Imported cli(R"({"ResourceRecordSets": [], "NextToken": "eyJTdGFydFJlY29yZE5hbWUiOiBudWxsfQ=="})",
               std::nullopt, "example.com");
  ASSERT_THAT(cli.findings(), SizeIs(1));
  EXPECT_THAT(cli.findings()[0], HasSubstr("1:28: this export is one page of the zone's record sets (it has a \"NextToken\")"));
  // The last page, and a whole list, are not.
  Imported last(R"({"ResourceRecordSets": [], "IsTruncated": false, "MaxItems": "300"})", std::nullopt, "example.com");
  EXPECT_THAT(last.findings(), ElementsAre(HasSubstr("1:1: this file holds no DNS record")));
  const FileId whole =
      files.add("whole.json", std::string(R"({"ResourceRecordSets": [], "IsTruncated": false, "NextToken": "x"})"));
  EXPECT_FALSE(import_provider_export(files.file(whole), InputFormat::route53_json, {}).truncated);
}

// `aws route53 list-resource-record-sets --output yaml-stream` writes each page as it arrives: a
// list of pages. Every page is read; only the last one says whether the export is complete.
TEST(ImportRoute53, YamlStreamPagesAreReadInOrder) {
  const std::string stream =
      "- IsTruncated: true\n"
      "  MaxItems: '1'\n"
      "  NextRecordName: www.example.com.\n"
      "  NextRecordType: A\n"
      "  ResourceRecordSets:\n"
      "  - Name: example.com.\n"
      "    ResourceRecords:\n"
      "    - Value: ns1.example.net.\n"
      "    TTL: 300\n"
      "    Type: NS\n"
      "- IsTruncated: false\n"
      "  MaxItems: '1'\n"
      "  ResourceRecordSets:\n"
      "  - Name: www.example.com.\n"
      "    ResourceRecords:\n"
      "    - Value: 192.0.2.1\n"
      "    TTL: 300\n"
      "    Type: A\n";
  Imported z(stream);
  EXPECT_EQ(z.zone->format, InputFormat::route53_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_THAT(z.dumped(), ElementsAre("example.com. 300 IN NS ns1.example.net.", "www.example.com. 300 IN A 192.0.2.1"));
  // The last page still has more: the export is incomplete, said once, at that page.
  std::string cut = stream;
  cut.replace(cut.find("IsTruncated: false"), 18, "IsTruncated: true");
  Imported partial(cut);
  ASSERT_THAT(partial.findings(), SizeIs(1));
  EXPECT_THAT(partial.findings()[0], HasSubstr("11:3: this export is one page"));
  // Something else in the list of pages is an error at it; the pages around it are read.
  Imported odd("- ResourceRecordSets: []\n- 42\n- ResourceRecordSets:\n  - Name: a.example.com.\n"
               "    ResourceRecords:\n    - Value: 192.0.2.1\n    TTL: 1\n    Type: A\n",
               std::nullopt, "example.com");
  ASSERT_THAT(odd.findings(), SizeIs(1));
  EXPECT_THAT(odd.findings()[0], HasSubstr("2:3: expected another page of record sets"));
  EXPECT_THAT(odd.dumped(), ElementsAre("a.example.com. 1 IN A 192.0.2.1"));
}

TEST(ImportRoute53, AByteOrderMarkPastedBeforeTheFirstNameStaysInTheName) {
  // The synthesised text starts with the first record's name: a U+FEFF pasted there is part of
  // the name (SES003 reports it), not a file's byte-order mark, and the alias stays an alias.
  const std::string bom = "\xEF\xBB\xBF";
  const std::string json = "{\"ResourceRecordSets\": [{\"Name\": \"" + bom +
                           "www.example.com.\", \"Type\": \"A\", \"AliasTarget\": {\"HostedZoneId\": \"Z2\", "
                           "\"DNSName\": \"d1.cloudfront.net.\", \"EvaluateTargetHealth\": false}}]}";
  Imported z(json, std::nullopt, "example.com");
  EXPECT_THAT(z.findings(), IsEmpty());
  ASSERT_THAT(z.records(), SizeIs(1));
  EXPECT_EQ(z.owner(0), "\\239\\187\\191www.example.com.");
  EXPECT_EQ(z.owner_offset(0), at(json, bom));
  EXPECT_TRUE(z.records()[0].has(record_flag::alias));
}

}  // namespace
}  // namespace zonelint::test
