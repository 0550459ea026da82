// Terraform importer: aws_route53_record resources from `terraform show -json` (state and plan)
// and from a state file, read the way the AWS provider writes them to Route 53; every byte maps
// back to the JSON, and shape problems are findings at their exact place.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import_harness.hpp"
#include "model/record.hpp"
#include "parse/format_detect.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// `terraform show -json` of a state, with the records a typical SES setup manages.
const std::string shown = R"({"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"address":"data.aws_route53_zone.main","mode":"data","type":"aws_route53_zone","name":"main",
 "values":{"name":"example.com","zone_id":"Z1"}},
{"address":"aws_route53_record.dkim","mode":"managed","type":"aws_route53_record","name":"dkim",
 "values":{"alias":[],"fqdn":"tok._domainkey.example.com","name":"tok._domainkey","records":["tok.dkim.amazonses.com"],
 "set_identifier":"","ttl":1800,"type":"CNAME","zone_id":"Z1"}},
{"address":"aws_route53_record.mx","mode":"managed","type":"aws_route53_record","name":"mx",
 "values":{"alias":[],"name":"mail.example.com","records":["10 feedback-smtp.us-east-1.amazonses.com"],
 "set_identifier":"","ttl":300,"type":"MX","zone_id":"Z1"}},
{"address":"aws_route53_record.spf","mode":"managed","type":"aws_route53_record","name":"spf",
 "values":{"alias":[],"name":"mail.example.com","records":["v=spf1 include:amazonses.com ~all","a\"\"b"],
 "set_identifier":"","ttl":300,"type":"TXT","zone_id":"Z1"}},
{"address":"aws_route53_record.www","mode":"managed","type":"aws_route53_record","name":"www",
 "values":{"alias":[{"evaluate_target_health":false,"name":"d111.cloudfront.net","zone_id":"Z2FD"}],
 "name":"www","records":null,"set_identifier":"","ttl":null,"type":"A","zone_id":"Z1"}}
]}}}
)";

TEST(ImportTerraform, DetectsTheJsonTerraformWrites) {
  EXPECT_EQ(detect_input_format(shown).format, InputFormat::terraform_json);
  EXPECT_EQ(detect_input_format(R"({"version":4,"terraform_version":"1.9.8","resources":[]})").format,
            InputFormat::terraform_json);
  EXPECT_EQ(detect_input_format(R"({"format_version":"1.2","planned_values":{}})").format,
            InputFormat::terraform_json);
}

TEST(ImportTerraform, NamesGetTheZoneUnlessTheyEndWithItAndTxtValuesTheirQuotes) {
  Imported z(shown);
  EXPECT_EQ(z.zone->format, InputFormat::terraform_json);
  EXPECT_THAT(z.findings(), IsEmpty());
  EXPECT_EQ(z.apex(), "example.com.");
  EXPECT_FALSE(z.zone->complete());  // the records one configuration manages, not the whole zone
  // The alias record set is left out of the dump (it has no zone-file form).
  EXPECT_THAT(z.dumped(), ElementsAre("tok._domainkey.example.com. 1800 IN CNAME tok.dkim.amazonses.com.",
                                      "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                                      "mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"",
                                      "mail.example.com. 300 IN TXT \"a\" \"b\""));
  ASSERT_THAT(z.records(), SizeIs(5));
  EXPECT_EQ(z.owner(4), "www.example.com.");
  EXPECT_TRUE(z.records()[4].has(record_flag::alias));
  EXPECT_EQ(z.rdata_text(4), "d111.cloudfront.net.");
}

TEST(ImportTerraform, RecordsPointIntoTheJson) {
  Imported z(shown);
  ASSERT_THAT(z.records(), SizeIs(5));
  // The owner is `name`, expanded against the zone (the fqdn only when the zone is not known).
  EXPECT_EQ(z.owner_offset(0), at(shown, "tok._domainkey\""));
  EXPECT_EQ(z.owner_offset(1), at(shown, "mail.example.com"));
  EXPECT_EQ(z.rdata_offset(0), at(shown, "tok.dkim"));
  EXPECT_EQ(z.rdata_offset(1), at(shown, "10 feedback"));
  // The quotes the provider adds stand for the quotes of the JSON string.
  EXPECT_EQ(z.rdata_offset(2), at(shown, "\"v=spf1"));
  EXPECT_EQ(z.source_of(2, "v=spf1"), "v=spf1");
  EXPECT_EQ(z.source_of(3, "a\"\"b"), "a\\\"\\\"b");
}

TEST(ImportTerraform, MistakesLandOnTheirCharacters) {
  const std::string bad = R"({"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"mode":"data","type":"aws_route53_zone","values":{"name":"example.com","zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"x","type":"LOC","ttl":60,"records":["1"],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"y","type":"A","ttl":"60","records":["192.0.2.1"]}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"z","type":"A","ttl":60,"records":[]}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"q","type":"TXT","ttl":60,"records":["\"hello\""]}}
]}}}
)";
  Imported z(bad);
  EXPECT_THAT(z.findings(),
              ElementsAre("3:76: Route 53 has no LOC records; it serves A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, "
                          "NS, PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA and TXT (in capitals)",
                          "4:85: ttl must be a whole number of seconds from 0 to 2147483647 (Route 53 needs one for "
                          "records)",
                          "5:98: records is empty and there is no alias block: Route 53 needs at least one value",
                          "6:102: this TXT value is written in quotes, but the provider adds the quotes itself, so Route "
                          "53 gets the text between two more quotes (\"\"...\"\"), not the record you wrote; write "
                          "the value without its quotes (\\\"\\\" inside it still splits strings)"));
}

TEST(ImportTerraform, ReadsAStateFileAndChildModules) {
  const std::string state = R"({"version":4,"terraform_version":"1.9.8","serial":3,"lineage":"l","resources":[
{"mode":"managed","type":"aws_route53_zone","name":"z","instances":[{"attributes":{"name":"example.org","zone_id":"Z9"}}]},
{"module":"module.ses","mode":"managed","type":"aws_route53_record","name":"dkim","instances":[
 {"index_key":0,"attributes":{"name":"a._domainkey.example.org","type":"CNAME","ttl":600,"records":["a.dkim.amazonses.com"],"zone_id":"Z9"}},
 {"index_key":1,"attributes":{"name":"b._domainkey","type":"CNAME","ttl":600,"records":["b.dkim.amazonses.com"],"zone_id":"Z9"}}]}
]}
)";
  Imported s(state);
  EXPECT_THAT(s.findings(), IsEmpty());
  EXPECT_THAT(s.dumped(), ElementsAre("a._domainkey.example.org. 600 IN CNAME a.dkim.amazonses.com.",
                                      "b._domainkey.example.org. 600 IN CNAME b.dkim.amazonses.com."));

  const std::string modules = R"({"terraform_version":"1.9.8","values":{"root_module":{"child_modules":[
{"address":"module.a","resources":[{"mode":"managed","type":"aws_route53_record",
 "values":{"name":"w.example.net","type":"A","ttl":60,"records":["192.0.2.7"]}}]}]}}}
)";
  // No hosted zone is named: the names are taken as absolute and the apex from them.
  Imported m(modules);
  EXPECT_THAT(m.dumped(), ElementsAre("w.example.net. 60 IN A 192.0.2.7"));
}

TEST(ImportTerraform, ChecksOneHostedZoneAndNamesTheOthers) {
  const std::string two = R"({"terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"mode":"managed","type":"aws_route53_zone","values":{"name":"example.com","zone_id":"ZA"}},
{"mode":"managed","type":"aws_route53_zone","values":{"name":"example.net","zone_id":"ZB"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"a","type":"A","ttl":60,"records":["192.0.2.1"],"zone_id":"ZA"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"b","type":"A","ttl":60,"records":["192.0.2.2"],"zone_id":"ZB"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"c","type":"A","ttl":60,"records":["192.0.2.3"],"zone_id":"ZB"}}
]}}}
)";
  Imported most(two);
  EXPECT_EQ(most.apex(), "example.net.");
  EXPECT_THAT(most.dumped(), ElementsAre("b.example.net. 60 IN A 192.0.2.2", "c.example.net. 60 IN A 192.0.2.3"));
  EXPECT_THAT(most.findings(),
              ElementsAre("4:122: 1 record of the hosted zone example.com. (ZA) is not checked: zonelint checks one "
                          "zone at a time (here example.net.); run it again with --origin example.com. to check it"));
  Imported chosen(two, std::nullopt, "example.com");
  EXPECT_THAT(chosen.dumped(), ElementsAre("a.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(chosen.findings(), ElementsAre(HasSubstr("2 records of the hosted zone example.net. (ZB) are not checked")));
}

TEST(ImportTerraform, APlanNotesWhatIsKnownOnlyAfterApply) {
  const std::string plan = R"({"format_version":"1.2","terraform_version":"1.9.8","planned_values":{"root_module":{
"resources":[{"mode":"managed","type":"aws_route53_record","values":{"type":"CNAME","ttl":600,"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"m.example.com","type":"MX","ttl":60,
 "records":["10 feedback-smtp.us-east-1.amazonses.com"]}}]}}}
)";
  Imported p(plan);
  EXPECT_THAT(p.dumped(), ElementsAre("m.example.com. 60 IN MX 10 feedback-smtp.us-east-1.amazonses.com."));
  EXPECT_THAT(p.findings(), ElementsAre("2:69: 1 aws_route53_record resource of this plan has a name or values that "
                                        "Terraform knows only after apply (they depend on resources not created "
                                        "yet), so zonelint cannot check it; check the output of `terraform show "
                                        "-json` after apply"));
}

TEST(ImportTerraform, APlanTakesItsZoneFromThePriorStateAndCountsNullsAsUnknown) {
  // The data source that names the zone is read before planning: it is in prior_state only.
  // Values known after apply are null or missing: counted, not reported as mistakes.
  const std::string plan = R"({"format_version":"1.2","terraform_version":"1.9.8",
"prior_state":{"values":{"root_module":{"resources":[{"mode":"data","type":"aws_route53_zone",
 "values":{"name":"example.com","zone_id":"Z1"}}]}}},
"planned_values":{"root_module":{"resources":[
{"mode":"managed","type":"aws_route53_record","values":{"name":"www","type":"A","ttl":60,"records":["192.0.2.1"],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"lb","type":"CNAME","ttl":60,"records":[null],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"cdn","type":"A","alias":[{"evaluate_target_health":true}],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"t","type":"TXT","records":["x"],"zone_id":"Z1"}}]}}}
)";
  Imported p(plan);
  EXPECT_EQ(p.apex(), "example.com.");
  EXPECT_THAT(p.dumped(), ElementsAre("www.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(p.findings(), ElementsAre(HasSubstr("6:56: 3 aws_route53_record resources of this plan have a name or "
                                                  "values that Terraform knows only after apply")));
}

TEST(ImportTerraform, NamesAreExpandedAsTheProviderDoes) {
  // No label boundary (strings.HasSuffix), one final dot dropped, and the fqdn when there is one
  // (an empty name is the zone itself).
  const std::string names = R"({"terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"mode":"managed","type":"aws_route53_zone","values":{"name":"example.com","zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"myexample.com","type":"A","ttl":60,"records":["192.0.2.1"],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"mail.","type":"A","ttl":60,"records":["192.0.2.2"],"zone_id":"Z1"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"","fqdn":"example.com","type":"TXT","ttl":60,"records":["v=spf1 -all"],"zone_id":"Z1"}}
]}}}
)";
  Imported z(names);
  EXPECT_THAT(z.dumped(), ElementsAre("myexample.com. 60 IN A 192.0.2.1", "mail.example.com. 60 IN A 192.0.2.2",
                                      "example.com. 60 IN TXT \"v=spf1 -all\""));
}

TEST(ImportTerraform, ZonesAreToldApartByTheirIdsNotTheirNames) {
  // A public and a private zone of one name: the records of the other are not mixed in.
  const std::string split = R"({"terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"mode":"managed","type":"aws_route53_zone","values":{"name":"example.com","zone_id":"ZPUB"}},
{"mode":"managed","type":"aws_route53_zone","values":{"name":"example.com","zone_id":"ZPRIV"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"app","type":"A","ttl":60,"records":["192.0.2.1"],"zone_id":"ZPUB"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"app","type":"CNAME","ttl":60,"records":["lb.example.net"],"zone_id":"ZPRIV"}},
{"mode":"managed","type":"aws_route53_record","values":{"name":"www","fqdn":"www.example.org","type":"A","ttl":60,"records":["192.0.2.9"],"zone_id":"ZELSEWHERE"}}
]}}}
)";
  Imported z(split);
  EXPECT_THAT(z.dumped(), ElementsAre("app.example.com. 60 IN A 192.0.2.1"));
  EXPECT_THAT(z.findings(),
              ElementsAre("5:133: 1 record of the hosted zone example.com. (ZPRIV) is not checked: zonelint "
                          "checks one zone at a time, here ZPUB, another zone of that name; "
                          "check it in an export of that zone alone (aws route53 list-resource-record-sets "
                          "--hosted-zone-id ZPRIV)",
                          "6:149: 1 record of the hosted zone ZELSEWHERE, which this file does not name, is not "
                          "checked: its name is outside example.com., the zone checked"));
}

TEST(ImportTerraform, ALongTxtValueSaysHowToSplitItInTheConfiguration) {
  const std::string value = "v=DKIM1; k=rsa; p=" + std::string(300, 'A');
  const std::string json = R"({"terraform_version":"1.9.8","values":{"root_module":{"resources":[
{"mode":"managed","type":"aws_route53_record","values":{"name":"k._domainkey.example.com","type":"TXT","ttl":60,
 "records":[")" + value + R"("]}}]}}})";
  Imported z(json);
  EXPECT_THAT(z.findings(),
              ElementsAre("3:13: TXT text: character-string is 318 octets long; the limit is 255 (RFC 1035 §3.3), so "
                          "put \\\"\\\" inside the value in the configuration where it should split (the provider "
                          "sends the value as it stands, and Route 53 refuses longer strings)"));
}

TEST(ImportTerraform, SaysSoWhenThereIsNoRecord) {
  Imported z(R"({"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{}}})");
  EXPECT_THAT(z.findings(),
              ElementsAre("1:1: this Terraform JSON holds no aws_route53_record resource: no DNS record to check"));
  EXPECT_THAT(z.records(), IsEmpty());
}

}  // namespace
}  // namespace zonelint::test
