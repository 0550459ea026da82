// plan_fixes, apply_edits and write_atomically on their own: what the round trips in
// fix_roundtrip.py cannot reach through the command line.

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fix/fix.hpp"

namespace zonelint {
namespace {

Diagnostic finding_with_fix(std::vector<Edit> edits, FixSafety safety = FixSafety::safe) {
  Diagnostic d;
  d.code = "SES001";
  d.span = edits.front().span;
  d.fixes.push_back(Fix{"fix it", safety, std::move(edits)});
  return d;
}

Edit edit(FileId file, std::uint32_t begin, std::uint32_t end, std::string replacement) {
  return Edit{Span{file, begin, end}, std::move(replacement)};
}

TEST(PlanFixes, SafeOnlyUnlessUnsafeAllowed) {
  const std::vector<Diagnostic> findings{finding_with_fix({edit(0, 3, 3, ".")}),
                                         finding_with_fix({edit(0, 8, 9, "x")}, FixSafety::unsafe)};
  const FixPlan safe = plan_fixes(findings, false);
  EXPECT_EQ(safe.fixes, 1U);
  EXPECT_EQ(safe.edits.at(0), (std::vector<Edit>{edit(0, 3, 3, ".")}));
  const FixPlan all = plan_fixes(findings, true);
  EXPECT_EQ(all.fixes, 2U);
  EXPECT_EQ(all.edits.at(0), (std::vector<Edit>{edit(0, 3, 3, "."), edit(0, 8, 9, "x")}));
}

TEST(PlanFixes, OverlapDefersTheLaterFixAndTheSameEditCountsOnce) {
  const std::vector<Diagnostic> findings{
      finding_with_fix({edit(0, 10, 20, "a")}),
      finding_with_fix({edit(0, 15, 16, "")}),   // inside the first: deferred
      finding_with_fix({edit(0, 10, 10, "b")}),  // insertion where the first begins: order unclear
      finding_with_fix({edit(0, 20, 20, ".")}),  // insertion where the first ends: fine
      finding_with_fix({edit(0, 20, 20, ".")}),  // the same edit again (two rules, one token)
  };
  const FixPlan plan = plan_fixes(findings, false);
  EXPECT_EQ(plan.fixes, 3U);
  EXPECT_EQ(plan.skipped, 2U);
  EXPECT_EQ(plan.edits.at(0), (std::vector<Edit>{edit(0, 10, 20, "a"), edit(0, 20, 20, ".")}));
}

TEST(PlanFixes, ADeferredFixLeavesNoEmptyEntryForItsOtherFile) {
  // An empty entry would make --fix rewrite a file with nothing to fix.
  const std::vector<Diagnostic> findings{finding_with_fix({edit(0, 0, 4, "a")}),
                                         finding_with_fix({edit(1, 0, 0, "x"), edit(0, 2, 3, "b")})};
  const FixPlan plan = plan_fixes(findings, false);
  EXPECT_EQ(plan.skipped, 1U);
  EXPECT_EQ(plan.edits.size(), 1U);
  EXPECT_EQ(plan.edits.count(1), 0U);
}

TEST(PlanFixes, AFileReadTwiceGetsOneListOfEdits) {
  // A folder scan reads dkim.zone on its own and again through the $INCLUDE of example.com.zone;
  // each reading finds fixes (not always the same ones).
  const std::string text = "a CNAME b.example\n\\032c CNAME d\n";
  SourceSet files;
  const FileId main_zone = files.add("zones/example.com.zone", "$INCLUDE dkim.zone\n");
  const FileId included = files.add("zones/dkim.zone", text);
  const FileId alone = files.add("zones/./dkim.zone", text);
  const std::vector<Diagnostic> findings{
      finding_with_fix({edit(included, 17, 17, ".")}),  // only with the including zone's origin
      finding_with_fix({edit(included, 18, 22, "")}),
      finding_with_fix({edit(alone, 18, 22, "")}),  // the same fix, found by the reading on its own
  };
  const FixPlan plan = plan_fixes(findings, false, files);
  EXPECT_EQ(plan.fixes, 3U);
  EXPECT_EQ(plan.skipped, 0U);
  ASSERT_EQ(plan.edits.size(), 1U);
  EXPECT_EQ(plan.edits.at(included), (std::vector<Edit>{edit(included, 17, 17, "."), edit(included, 18, 22, "")}));
  EXPECT_EQ(apply_edits(files.file(included).bytes(), plan.edits.at(included)), "a CNAME b.example.\nc CNAME d\n");
  EXPECT_EQ(plan.edits.count(main_zone), 0U);

  // Without the files, each reading is written on its own (and the later write drops the other's fixes).
  EXPECT_EQ(plan_fixes(findings, false).edits.size(), 2U);
}

TEST(PlanFixes, StandardInputIsNeverMergedWithTheFileItIsNamedAfter) {
  SourceSet files;
  const FileId on_disk = files.add("in.zone", "x CNAME y\n");
  const FileId stdin_text = files.add("in.zone", "x CNAME y\n");
  const std::vector<Diagnostic> findings{finding_with_fix({edit(on_disk, 9, 9, ".")}),
                                         finding_with_fix({edit(stdin_text, 9, 9, ".")})};
  const FixPlan plan = plan_fixes(findings, false, files, stdin_text);
  EXPECT_EQ(plan.edits.size(), 2U);
  EXPECT_EQ(plan.fixes, 2U);
}

TEST(PlanFixes, DifferentBytesUnderOneNameAreNotMerged) {
  SourceSet files;
  const FileId first = files.add("a.zone", "one\n");
  const FileId second = files.add("a.zone", "two\n");
  const FixPlan plan = plan_fixes({finding_with_fix({edit(first, 0, 3, "1")}), finding_with_fix({edit(second, 0, 3, "2")})},
                                  false, files);
  EXPECT_EQ(plan.edits.size(), 2U);
}

// The offsets of the first `needle` in `text`, as an edit replacing it.
Edit edit_of(FileId file, std::string_view text, std::string_view needle, std::string replacement) {
  const auto at = static_cast<std::uint32_t>(text.find(needle));
  return edit(file, at, at + static_cast<std::uint32_t>(needle.size()), std::move(replacement));
}

TEST(PlanFixes, AQuoteLandingInAJsonStringIsEscaped) {
  // Route 53 TXT values hold their quotes inside the JSON string: SES003 replaces curly quotes
  // with straight ones, which must be written \" there (RFC 8259 §7), never a bare quote.
  const std::string raw = "{\"ResourceRecordSets\":[{\"Name\":\"example.org.\",\"Type\":\"TXT\",\"TTL\":300,"
                          "\"ResourceRecords\":[{\"Value\":\"\u201Cv=spf1 ~all\u201D\"}]}]}";
  SourceSet files;
  const FileId id = files.add("m1.json", raw);
  const FixPlan plan = plan_fixes({finding_with_fix({edit_of(id, raw, "\u201C", "\""), edit_of(id, raw, "\u201D", "\"")})},
                                  false, files);
  EXPECT_EQ(plan.fixes, 1U);
  EXPECT_EQ(plan.rejected, 0U);
  EXPECT_EQ(apply_edits(raw, plan.edits.at(id)),
            "{\"ResourceRecordSets\":[{\"Name\":\"example.org.\",\"Type\":\"TXT\",\"TTL\":300,"
            "\"ResourceRecords\":[{\"Value\":\"\\\"v=spf1 ~all\\\"\"}]}]}");
}

TEST(PlanFixes, AFixThatBreaksAJsonExportIsNotApplied) {
  const std::string raw = "{\"ResourceRecordSets\":[{\"Name\":\"example.org.\",\"Type\":\"A\"}]}";
  SourceSet files;
  const FileId id = files.add("r.json", raw);
  // Between values (no string to encode for): the file read again no longer parses.
  const FixPlan plan = plan_fixes({finding_with_fix({edit_of(id, raw, "]", "")})}, false, files);
  EXPECT_EQ(plan.fixes, 0U);
  EXPECT_EQ(plan.rejected, 1U);
  EXPECT_TRUE(plan.edits.empty());
}

TEST(PlanFixes, TerraformJsonIsNeverEdited) {
  // Terraform writes this JSON from its state: a fix belongs in the configuration.
  const std::string raw = "{\"terraform_version\":\"1.9.8\",\"values\":{\"root_module\":{\"resources\":[{\"type\":"
                          "\"aws_route53_record\",\"values\":{\"name\":\"a.example.org.example.org\"}}]}}}";
  SourceSet files;
  const FileId id = files.add("show.json", raw);
  const FixPlan plan = plan_fixes({finding_with_fix({edit_of(id, raw, ".example.org\"", "\"")})}, false, files);
  EXPECT_EQ(plan.fixes, 0U);
  EXPECT_EQ(plan.rejected, 0U);
  EXPECT_EQ(plan.not_editable, 1U);
  EXPECT_TRUE(plan.edits.empty());
}

TEST(PlanFixes, QuotesInYamlScalarsAreWrittenForTheirStyle) {
  const std::string yaml =
      "---\nkind: dns#resourceRecordSet\nname: mail.example.org.\nrrdatas:\n"
      "- \u201Cv=spf1 ~all\u201D\n- '\u201Cv=spf1 ?all\u201D'\n- \"\u201Cv=spf1 -all\u201D\"\nttl: 300\ntype: TXT\n";
  SourceSet files;
  const FileId id = files.add("g.yaml", yaml);
  const auto curly = [&](std::string_view value) {
    const std::size_t open = yaml.find(std::string("\u201C") + std::string(value));
    const auto b = static_cast<std::uint32_t>(open);
    const auto e = static_cast<std::uint32_t>(yaml.find("\u201D", open));
    return finding_with_fix({edit(id, b, b + 3, "\""), edit(id, e, e + 3, "\"")});
  };
  const FixPlan plan = plan_fixes({curly("v=spf1 ~all"), curly("v=spf1 ?all"), curly("v=spf1 -all")}, false, files);
  EXPECT_EQ(plan.fixes, 3U);
  EXPECT_EQ(plan.rejected, 0U);
  // A plain scalar starting with a quote would be a double-quoted one (the quotes gone from the
  // value): it is written single-quoted, as gcloud writes TXT values.
  EXPECT_EQ(apply_edits(yaml, plan.edits.at(id)),
            "---\nkind: dns#resourceRecordSet\nname: mail.example.org.\nrrdatas:\n"
            "- '\"v=spf1 ~all\"'\n- '\"v=spf1 ?all\"'\n- \"\\\"v=spf1 -all\\\"\"\nttl: 300\ntype: TXT\n");
}

TEST(PlanFixes, ZoneFilesGetReplacementsAsWritten) {
  SourceSet files;
  const std::string zone = "mail TXT \u201Cv=spf1 ~all\u201D\n";
  const FileId id = files.add("z.zone", zone);
  const FixPlan plan = plan_fixes({finding_with_fix({edit_of(id, zone, "\u201C", "\""), edit_of(id, zone, "\u201D", "\"")})},
                                  false, files);
  EXPECT_EQ(apply_edits(zone, plan.edits.at(id)), "mail TXT \"v=spf1 ~all\"\n");
}

TEST(ApplyEdits, OnlyTheEditedBytesChange) {
  const std::string original = "\xEF\xBB\xBFwww\tIN\tCNAME\tshop.example.com\t; c\r\n";
  EXPECT_EQ(apply_edits(original, {edit(0, 32, 32, ".")}), "\xEF\xBB\xBFwww\tIN\tCNAME\tshop.example.com.\t; c\r\n");
  EXPECT_EQ(apply_edits(original, {edit(0, 3, 6, "w3"), edit(0, 32, 32, ".")}),
            "\xEF\xBB\xBFw3\tIN\tCNAME\tshop.example.com.\t; c\r\n");
  EXPECT_EQ(apply_edits(original, {}), original);
  EXPECT_EQ(apply_edits("abc", {edit(0, 3, 3, "d")}), "abcd");  // at the very end (no final newline)
}

class WriteAtomically : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("zonelint-write-" + std::to_string(::getpid()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string put(const std::string& name, const std::string& text, mode_t mode) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    ::chmod(path.c_str(), mode);
    return path;
  }
  static std::string read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(folder_)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  std::filesystem::path folder_;
};

TEST_F(WriteAtomically, ReplacesTheFileByRenameAndKeepsItsMode) {
  const std::string path = put("example.com.zone", "old\r\n", 0640);
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  std::string error;
  ASSERT_TRUE(write_atomically(path, "new\r\n", error)) << error;
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(read(path), "new\r\n");
  EXPECT_EQ(after.st_mode & 07777, 0640U);
  EXPECT_NE(after.st_ino, before.st_ino);  // a new file renamed over the old one, not rewritten in place
  EXPECT_EQ(names(), std::vector<std::string>{"example.com.zone"});
}

TEST_F(WriteAtomically, KeepsTheOwnerAndGroup) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can create a file owned by someone else";
  const std::string path = put("example.com.zone", "old\n", 0640);
  ASSERT_EQ(::chown(path.c_str(), 1234, 2345), 0);
  std::string error;
  ASSERT_TRUE(write_atomically(path, "new\n", error)) << error;
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  EXPECT_EQ(after.st_uid, 1234U);
  EXPECT_EQ(after.st_gid, 2345U);
  EXPECT_EQ(after.st_mode & 07777, 0640U);
}

TEST_F(WriteAtomically, WritesASymlinksTarget) {
  const std::string target = put("real.zone", "old\n", 0604);
  const std::string link = (folder_ / "link.zone").string();
  std::filesystem::create_symlink("real.zone", link);
  std::string error;
  ASSERT_TRUE(write_atomically(link, "new\n", error)) << error;
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(read(target), "new\n");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0604U);
  EXPECT_EQ(names(), (std::vector<std::string>{"link.zone", "real.zone"}));
}

TEST_F(WriteAtomically, AMissingFileIsAnErrorAndNothingIsCreated) {
  std::string error;
  EXPECT_FALSE(write_atomically((folder_ / "gone.zone").string(), "x", error));
  EXPECT_EQ(error, "No such file or directory");
  EXPECT_TRUE(names().empty());
}

TEST_F(WriteAtomically, AReadOnlyFileIsRefusedAndKeepsItsBytes) {
  // rename(2) would replace it (the folder is writable); root could even write it in place.
  const std::string path = put("ro.zone", "old\n", 0444);
  std::string error;
  EXPECT_FALSE(write_atomically(path, "new\n", error));
  EXPECT_EQ(error, "the file is read-only (mode 0444); make it writable to fix it");
  EXPECT_EQ(read(path), "old\n");
  EXPECT_EQ(names(), std::vector<std::string>{"ro.zone"});
}

TEST_F(WriteAtomically, AFileChangedSinceItWasReadIsNotReplaced) {
  const std::string path = put("example.com.zone", "edited meanwhile\n", 0644);
  std::string error;
  EXPECT_FALSE(write_atomically(path, "fixed\n", error, std::string_view("as read\n")));
  EXPECT_EQ(error, "the file changed after zonelint read it; run zonelint again");
  EXPECT_EQ(read(path), "edited meanwhile\n");
  EXPECT_EQ(names(), std::vector<std::string>{"example.com.zone"});
  ASSERT_TRUE(write_atomically(path, "fixed\n", error, std::string_view("edited meanwhile\n"))) << error;
  EXPECT_EQ(read(path), "fixed\n");
}

TEST(UnifiedDiff, FileNamesThatPatchAndGitApplyBothRead) {
  const auto header = [](std::string_view path) {
    const std::string diff = unified_diff(diff_file_name(path), "a\n", "b\n");
    return diff.substr(0, diff.find('\n'));
  };
  EXPECT_EQ(header("zones/a.zone"), "--- ./zones/a.zone");
  EXPECT_EQ(header("./a.zone"), "--- ./a.zone");
  EXPECT_EQ(header("/abs/a.zone"), "--- /abs/a.zone");
  EXPECT_EQ(header("my zones/a.zone"), "--- ./my zones/a.zone\t");
  EXPECT_EQ(header("a\"b\\c\td.zone"), "--- \"./a\\\"b\\\\c\\td.zone\"");
  EXPECT_EQ(header("<stdin>"), "--- <stdin>");
}

}  // namespace
}  // namespace zonelint
