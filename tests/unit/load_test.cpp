// Origin logic of load.cpp: $ORIGIN, --origin, the file name, and one clear finding when no
// origin can be found. Fixtures: tests/parser/origin/.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "parse/load.hpp"
#include "reader_harness.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;
using ::testing::StartsWith;

std::string origin_text(std::string_view path) {
  const auto name = origin_from_file_name(path);
  return name ? name->to_text() : "(none)";
}

Name name_of(const std::string& text) {
  Name name;
  NameError error;
  EXPECT_TRUE(parse_name(text, NameView(), name, error)) << error.message;
  return name;
}

TEST(Load, OriginFromFileName) {
  EXPECT_EQ(origin_text("example.com.zone"), "example.com.");
  EXPECT_EQ(origin_text("db.example.com"), "example.com.");
  EXPECT_EQ(origin_text("example.com"), "example.com.");
  EXPECT_EQ(origin_text("/srv/zones/db.example.org"), "example.org.");
  EXPECT_EQ(origin_text("zones/2.0.192.in-addr.arpa.zone"), "2.0.192.in-addr.arpa.");
  EXPECT_EQ(origin_text("example.com.db"), "example.com.");
  EXPECT_EQ(origin_text("Example.COM.zone"), "Example.COM.");
  EXPECT_EQ(origin_text("zone.txt"), "(none)");
  EXPECT_EQ(origin_text("db.local"), "(none)");
  EXPECT_EQ(origin_text("main.zone"), "(none)");
  EXPECT_EQ(origin_text("example..com.zone"), "(none)");
  EXPECT_EQ(origin_text("-"), "(none)");
}

TEST(Load, OriginFromTheFileNameOfAFixture) {
  for (const char* file : {"origin/example.net.zone", "origin/db.example.org", "origin/example.info"}) {
    Loaded z(fixture(file));
    EXPECT_THAT(z.diags(), SizeIs(0)) << file;
    ASSERT_THAT(z.records(), SizeIs(4)) << file;
    const std::string base = base_name(file);
    const std::string zone = base == "db.example.org" ? "example.org." : base == "example.info" ? "example.info."
                                                                                                   : "example.net.";
    EXPECT_EQ(z.records()[3].str(), "www." + zone + " 300 IN A 192.0.2.2") << file;
  }
}

TEST(Load, OriginOptionOverridesTheFileName) {
  LoadOptions options;
  options.origin = name_of("example.com.");
  Loaded z(fixture("origin/example.net.zone"), options);
  EXPECT_THAT(z.diags(), SizeIs(0));
  ASSERT_THAT(z.records(), SizeIs(4));
  EXPECT_EQ(z.records()[0].owner, "example.com.");
  EXPECT_EQ(z.records()[3].str(), "www.example.com. 300 IN A 192.0.2.2");
}

TEST(Load, OriginDirectiveOverridesBoth) {
  LoadOptions options;
  options.origin = name_of("example.com.");
  Loaded z(fixture("origin/leading.example.net.zone"), options);
  EXPECT_THAT(z.diags(), SizeIs(0));
  EXPECT_THAT(z.record_strings(), ElementsAre("example.edu. 300 IN SOA ns.example.edu. hm.example.edu. 1 2 3 4 5",
                                              "www.example.edu. 300 IN A 192.0.2.2"));
}

TEST(Load, NoOriginAnywhereGivesOneClearFinding) {
  Loaded z(fixture("origin/noorigin.txt"));
  EXPECT_THAT(z.records(), SizeIs(0));
  ASSERT_THAT(z.diags(), SizeIs(1));
  EXPECT_EQ(z.diags()[0].str(),
            "2:1: relative name \"www\" needs an origin, and none is known: zonelint found no $ORIGIN above this line "
            "and no --origin option, and the file name does not name the zone; add \"$ORIGIN <zone>.\" at the top of "
            "the file or run zonelint with --origin <zone>. zonelint reports this once and skips every entry that "
            "needs the origin");
}

TEST(Load, ZoneApex) {
  const auto apex = [](const std::string& file, LoadOptions options = {}) {
    SourceSet files;
    std::string error;
    const auto id = files.load(fixture(file), error);
    EXPECT_TRUE(id.has_value()) << error;
    const Zone zone = load_zone(files, *id, options);
    return zone.apex.empty() ? std::string("(none)") : zone.apex.to_text();
  };
  EXPECT_EQ(apex("origin/example.net.zone"), "example.net.");
  EXPECT_EQ(apex("origin/leading.example.net.zone"), "example.edu.");
  EXPECT_EQ(apex("origin/absolute.txt"), "example.test.");  // the SOA owner
  LoadOptions options;
  options.origin = name_of("example.com.");
  EXPECT_EQ(apex("origin/example.net.zone", options), "example.com.");
  // --origin names the zone even when the file's leading $ORIGIN names another, as
  // named-checkzone's zone argument does: that file's records are then out of zone.
  EXPECT_EQ(apex("origin/leading.example.net.zone", options), "example.com.");
  EXPECT_EQ(apex("origin/noorigin.txt"), "(none)");
}

TEST(Load, LeadingOriginWithoutTrailingDotAndNoOriginSaysToAddTheDot) {
  Loaded z(fixture("origin/relative-origin-directive.txt"));
  EXPECT_THAT(z.records(), SizeIs(0));
  ASSERT_THAT(z.diags(), SizeIs(1));
  EXPECT_THAT(z.diags()[0].str(), StartsWith("1:9: $ORIGIN \"example.com\" has no trailing dot"));
}

TEST(Load, AbsoluteNamesNeedNoOrigin) {
  Loaded z(fixture("origin/absolute.txt"));
  EXPECT_THAT(z.diags(), SizeIs(0));
  EXPECT_THAT(z.record_strings(),
              ElementsAre("example.test. 300 IN SOA ns.example.test. hm.example.test. 1 2 3 4 5",
                          "www.example.test. 300 IN A 192.0.2.2"));
}

}  // namespace
}  // namespace zonelint::test
