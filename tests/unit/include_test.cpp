// $INCLUDE: paths relative to the including file, owner and origin handed down and restored,
// findings inside included files, missing files, the depth limit, cycles, --no-include and the
// include root. Fixtures: tests/parser/include/.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "reader_harness.hpp"

namespace zonelint::test {
namespace {

using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

TEST(Include, OwnerAndOriginAreHandedDownAndRestored) {
  Loaded z(fixture("include/main.zone"));
  EXPECT_THAT(z.diags(), SizeIs(0));
  EXPECT_THAT(z.record_strings(),
              ElementsAre("example.com. 300 IN SOA ns.example.com. hm.example.com. 1 2 3 4 5",
                          "example.com. 300 IN NS ns.example.com.", "ns.example.com. 300 IN A 192.0.2.53",
                          "sub.example.com. 300 IN A 192.0.2.1",
                          // sub/child.zone: starts with the parent's owner and origin
                          "sub.example.com. 300 IN TXT \"inherits the parent's owner\"",
                          "c.example.com. 300 IN A 192.0.2.10", "d.changed.example. 300 IN A 192.0.2.11",
                          // sub/grand.zone, relative to sub/child.zone
                          "g.changed.example. 300 IN A 192.0.2.12",
                          // back in main.zone: owner sub and origin example.com. again
                          "sub.example.com. 300 IN A 192.0.2.2",
                          // the second $INCLUDE gives an origin
                          "sub.example.com. 300 IN TXT \"inherits the parent's owner\"",
                          "c.other.example. 300 IN A 192.0.2.10", "d.changed.example. 300 IN A 192.0.2.11",
                          "g.changed.example. 300 IN A 192.0.2.12", "sub.example.com. 300 IN A 192.0.2.3",
                          "rel.example.com. 300 IN A 192.0.2.4"));
  const auto& r = z.records();
  EXPECT_THAT(r[4].file, EndsWith("include/sub/child.zone"));
  EXPECT_EQ(r[4].line, 1u);
  EXPECT_TRUE(r[4].has(record_flag::owner_inherited));
  EXPECT_THAT(r[7].file, EndsWith("include/sub/grand.zone"));
  EXPECT_THAT(r[8].file, EndsWith("include/main.zone"));
  EXPECT_EQ(r[8].line, 9u);
}

TEST(Include, IncludedFilesKnowWhereTheyWereIncludedFrom) {
  Loaded z(fixture("include/main.zone"));
  ASSERT_GE(z.files.size(), 3u);
  const SourceFile& main = z.files.file(0);
  EXPECT_FALSE(main.included_from.valid());
  const SourceFile& child = z.files.file(1);
  EXPECT_THAT(child.path(), EndsWith("sub/child.zone"));
  ASSERT_TRUE(child.included_from.valid());
  EXPECT_EQ(child.included_from.file, 0u);
  EXPECT_EQ(main.location(child.included_from.begin), (LineColumn{8, 10}));
  const SourceFile& grand = z.files.file(2);
  ASSERT_TRUE(grand.included_from.valid());
  EXPECT_EQ(grand.included_from.file, 1u);
  EXPECT_EQ(child.location(grand.included_from.begin), (LineColumn{5, 10}));
}

TEST(Include, FindingsInsideIncludedFiles) {
  LoadOptions options;
  NameError error;
  Name origin;
  ASSERT_TRUE(parse_name("example.com.", NameView(), origin, error));
  options.origin = origin;
  Loaded z(fixture("include/errors/main.zone"), options);
  EXPECT_THAT(z.record_strings(),
              ElementsAre("a.example.com. 300 IN A 192.0.2.1", "x.example.com. 300 IN A 192.0.2.1",
                          "b.example.com. 300 IN A 192.0.2.2"));
  ASSERT_THAT(z.diags(), SizeIs(2));
  EXPECT_THAT(z.diags()[0].file, EndsWith("include/errors/bad.zone"));
  EXPECT_EQ(z.diags()[0].str(),
            "2:5: A address: \"192.0.2.300\" is not a valid IPv4 address (four numbers 0-255 without leading zeros)");
  EXPECT_THAT(z.diags()[1].file, EndsWith("include/errors/main.zone"));
  const std::string missing = std::filesystem::path(fixture("include/errors/missing.zone")).lexically_normal().string();
  EXPECT_EQ(z.diags()[1].str(), "4:10: $INCLUDE cannot read \"" + missing + "\": No such file or directory");
}

TEST(Include, DepthLimitIsTen) {
  Loaded z(fixture("include/depth/d0.zone"), [] {
    LoadOptions o;
    o.origin = Name::root();
    return o;
  }());
  // d0 (the file read) and ten nested includes d1..d10; d10 cannot include d11.
  EXPECT_THAT(z.records(), SizeIs(11));
  ASSERT_THAT(z.diags(), SizeIs(1));
  const Diag& d = z.diags()[0];
  EXPECT_THAT(d.file, EndsWith("depth/d10.zone"));
  EXPECT_EQ(d.line, 1u);
  EXPECT_EQ(d.column, 10u);
  EXPECT_THAT(d.message, StartsWith("$INCLUDE is nested more than 10 deep: "));
  EXPECT_THAT(d.message, HasSubstr("depth/d0.zone -> "));
  EXPECT_THAT(d.message, HasSubstr("depth/d9.zone -> "));
  EXPECT_THAT(d.message, EndsWith("depth/d10.zone -> " + std::filesystem::path(fixture("include/depth/d11.zone"))
                                                            .lexically_normal()
                                                            .string()));
}

TEST(Include, CyclesAreReportedWithTheChain) {
  LoadOptions o;
  o.origin = Name::root();
  Loaded z(fixture("include/cycle/a.zone"), o);
  EXPECT_THAT(z.record_strings(), ElementsAre("b. 60 IN A 192.0.2.2", "a. 60 IN A 192.0.2.1"));
  const std::string dir = std::filesystem::path(fixture("include/cycle")).lexically_normal().string();
  std::vector<std::string> messages;
  for (const Diag& d : z.diags()) messages.push_back(base_name(d.file) + ":" + d.str());
  EXPECT_THAT(messages, testing::Contains("b.zone:2:10: $INCLUDE cycle: " + fixture("include/cycle/a.zone") + " -> " +
                                          dir + "/b.zone -> " + dir + "/a.zone"));

  Loaded self(fixture("include/cycle/self.zone"), o);
  std::vector<std::string> self_messages;
  for (const Diag& d : self.diags()) self_messages.push_back(d.str());
  EXPECT_THAT(self_messages, testing::Contains("2:10: $INCLUDE cycle: " + fixture("include/cycle/self.zone") + " -> " +
                                               dir + "/self.zone"));
}

TEST(Include, CanBeTurnedOff) {
  LoadOptions o;
  o.origin = Name::root();
  o.allow_include = false;
  Loaded z(fixture("include/main.zone"), o);
  EXPECT_EQ(z.files.size(), 1u);  // nothing else was read
  std::vector<std::string> messages;
  for (const Diag& d : z.diags()) messages.push_back(d.str());
  EXPECT_THAT(messages, testing::Contains("8:10: $INCLUDE is turned off (--no-include); the included file was not read"));
}

TEST(Include, CannotReachOutsideTheIncludeRoot) {
  LoadOptions o;
  o.origin = Name::root();
  o.include_root = std::filesystem::weakly_canonical(fixture("include/rooted")).string();
  Loaded z(fixture("include/rooted/main.zone"), o);
  EXPECT_EQ(z.files.size(), 1u);  // neither outside file was read
  EXPECT_THAT(z.record_strings(), ElementsAre("in. 300 IN A 192.0.2.1"));
  ASSERT_THAT(z.diags(), SizeIs(2));
  EXPECT_EQ(z.diags()[0].str(), "3:10: $INCLUDE of \"../outside.zone\" reaches outside " + o.include_root +
                                    "; zonelint did not read it (pass --allow-include-outside to allow this)");
  EXPECT_EQ(z.diags()[1].str(), "4:10: $INCLUDE of \"/etc/hostname\" reaches outside " + o.include_root +
                                    "; zonelint did not read it (pass --allow-include-outside to allow this)");
}

TEST(Include, TotalNumberOfIncludedFilesIsCapped) {
  SourceSet files;
  std::deque<TextSource> texts;
  Collector sink(files);
  std::string error;
  const auto id = files.load(fixture("include/fanout/main.zone"), error);
  ASSERT_TRUE(id.has_value()) << error;
  texts.emplace_back(*id, files.file(*id).bytes());
  ReaderOptions options;
  options.origin = Name::root();
  options.max_include_files = 3;
  MasterFileReader reader(files, texts, sink, options);
  reader.read(0);
  EXPECT_THAT(sink.records, SizeIs(3));
  EXPECT_EQ(files.size(), 4u);
  EXPECT_THAT(sink.diag_strings(),
              ElementsAre("5:10: $INCLUDE: zonelint reads at most 3 included files for one zone; \"leaf.zone\" was "
                          "not read"));
}

}  // namespace
}  // namespace zonelint::test
