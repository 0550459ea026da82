// What load_zone says about a file it cannot check: no record at all, or JSON that stops reading
// before it shows which export it is.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "import_harness.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* no_record =
    "1:1: this file holds no DNS record (it is empty, or holds only comments or an empty list): there is nothing to "
    "check";

TEST(LoadNothingToCheck, AFileWithoutRecordsSaysSo) {
  EXPECT_THAT(Imported("", std::nullopt, "example.com").findings(), ElementsAre(no_record));
  EXPECT_THAT(Imported("; only a comment\n\n$TTL 300\n", std::nullopt, "example.com").findings(),
              ElementsAre(no_record));
  EXPECT_THAT(Imported("{\"ResourceRecordSets\": []}\n").findings(), ElementsAre(no_record));
  EXPECT_THAT(Imported("{\"result\": []}", InputFormat::cloudflare_json).findings(), ElementsAre(no_record));
}

TEST(LoadNothingToCheck, NotWhenTheFileHasRecordsOrFindings) {
  EXPECT_THAT(Imported("www 300 IN A 192.0.2.1\n", std::nullopt, "example.com").findings(), IsEmpty());
  // The syntax error is the finding; no note on top of it.
  EXPECT_THAT(Imported("www 300 IN A 192.0.2.300\n", std::nullopt, "example.com").findings(),
              ElementsAre("1:14: A address: \"192.0.2.300\" is not a valid IPv4 address (four numbers 0-255 without "
                          "leading zeros)"));
}

TEST(LoadNothingToCheck, JsonCutShortIsReportedWhereItStops) {
  // Cut inside the first record's name: the keys that tell a Cloudflare export never came.
  Imported cut("{\n  \"result\": [\n    {\n      \"name\": \"tok._doma");
  EXPECT_THAT(cut.findings(),
              ElementsAre("4:15: the string is not closed: the file ends before its closing quote; zonelint cannot "
                          "tell which DNS export this JSON is before it reads to its end (or name its format with "
                          "--input-format)"));
  // Whole JSON of no known export keeps its one finding at the start.
  EXPECT_THAT(Imported("{\"name\": \"package\", \"version\": \"1.0.0\"}").findings(),
              ElementsAre("1:1: this JSON file is not a DNS export zonelint reads (Route 53, Cloudflare API, gcloud, "
                          "Azure, Terraform JSON); if it is one, name its format with --input-format"));
}

}  // namespace
}  // namespace zonelint::test
