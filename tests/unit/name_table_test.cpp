// Name comparison, hashing and interning: case-insensitive (RFC 4343) octet by octet, including
// past the first eight octets, where the word-at-a-time code takes over.

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>

#include "model/name.hpp"
#include "model/name_table.hpp"

namespace zonelint {
namespace {

Name name(const std::string& text) {
  Name n;
  NameError error;
  EXPECT_TRUE(parse_name(text, NameView(), n, error)) << error.message;
  return n;
}

TEST(NameTable, EqualsAndHashIgnoreAsciiCaseOnly) {
  const Name lower = name("selector1._domainkey.mail.example.com.");
  const Name mixed = name("Selector1._DomainKey.MAIL.Example.COM.");
  EXPECT_TRUE(lower.view().equals(mixed));
  EXPECT_EQ(lower.view().hash(), mixed.view().hash());
  // One octet differs after the first eight: not equal.
  EXPECT_FALSE(lower.view().equals(name("selector1._domainkey.mail.example.con.")));
  // '@' (0x40) and '[' (0x5B) sit next to 'A' and 'Z': they are not letters.
  EXPECT_FALSE(name("a@bcdefghij.").view().equals(name("a`bcdefghij.")));
  EXPECT_FALSE(name("a[bcdefghij.").view().equals(name("a{bcdefghij.")));
  // Octets above 0x7F are compared exactly (\195\137 is not \195\169, "É" is not "é").
  EXPECT_FALSE(name("abcdefgh\\195\\137.").view().equals(name("abcdefgh\\195\\169.")));
  EXPECT_TRUE(name("abcdefgh\\195\\137.").view().equals(name("ABCDEFGH\\195\\137.")));
}

TEST(NameTable, InternKeepsTheFirstSpellingAndGivesIdsInOrder) {
  NameTable table;
  const NameId a = table.intern(name("www.Example.com."));
  const NameId b = table.intern(name("mail.example.com."));
  EXPECT_EQ(a, 0u);
  EXPECT_EQ(b, 1u);
  EXPECT_EQ(table.intern(name("WWW.EXAMPLE.COM.")), a);
  EXPECT_EQ(table.get(a).to_text(), "www.Example.com.");
  NameId found = 99;
  EXPECT_TRUE(table.find(name("MAIL.example.com."), found));
  EXPECT_EQ(found, b);
  EXPECT_FALSE(table.find(name("ftp.example.com."), found));
}

TEST(NameTable, ManyNamesSurviveGrowth) {
  NameTable table;
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(table.intern(name("host-" + std::to_string(i) + ".example.")), NameId(i));
  for (int i = 0; i < 5000; ++i) {
    NameId id = 0;
    ASSERT_TRUE(table.find(name("HOST-" + std::to_string(i) + ".EXAMPLE."), id));
    EXPECT_EQ(id, NameId(i));
  }
  EXPECT_EQ(table.size(), 5000u);
}

TEST(NameTable, AddNewAfterReservingSlotsKeepsEveryNameFindable) {
  // What joining a part read on another thread does: look up, then add the misses in order.
  NameTable table;
  for (int i = 0; i < 300; ++i) table.intern(name("host-" + std::to_string(i) + ".example."));
  table.reserve_slots(table.size() + 3000);
  for (int i = 300; i < 3300; ++i) {
    const Name n = name("host-" + std::to_string(i) + ".example.");
    NameId id = 0;
    ASSERT_FALSE(table.find(n, NameTable::hash(n), id));
    EXPECT_EQ(table.add_new(n, NameTable::hash(n)), NameId(i));
  }
  for (int i = 0; i < 3300; ++i) {
    NameId id = 0;
    ASSERT_TRUE(table.find(name("Host-" + std::to_string(i) + ".Example."), id));
    EXPECT_EQ(id, NameId(i));
  }
  // Adding past what was reserved still grows the slots.
  for (int i = 3300; i < 9000; ++i) table.intern(name("host-" + std::to_string(i) + ".example."));
  NameId last = 0;
  ASSERT_TRUE(table.find(name("host-8999.example."), last));
  EXPECT_EQ(last, NameId(8999));
}

// What name_from_text must give for a name without escapes, computed the plain way: labels split
// at dots, each 1 to 63 octets, 255 octets at most in wire form with the origin of a relative one.
std::optional<std::string> reference_wire(const std::string& text, const std::string& origin_wire) {
  if (text == "." ) return std::string(1, '\0');
  std::string wire;
  std::size_t begin = 0;
  bool absolute = false;
  for (;;) {
    const std::size_t dot = text.find('.', begin);
    const std::size_t end = dot == std::string::npos ? text.size() : dot;
    if (end - begin == 0 || end - begin > 63) return std::nullopt;
    wire += static_cast<char>(end - begin);
    wire += text.substr(begin, end - begin);
    if (dot == std::string::npos) break;
    begin = dot + 1;
    if (begin == text.size()) {
      absolute = true;
      break;
    }
  }
  if (absolute) {
    wire += '\0';
  } else {
    if (origin_wire.empty()) return std::nullopt;
    wire += origin_wire;
  }
  if (wire.size() > 255) return std::nullopt;
  return wire;
}

// Names near every limit (labels of 0, 1, 63 and 64 octets, names of 253 to 257 octets with and
// without the origin), with and without a final dot, after text already in the output.
TEST(NameFromText, PlainNamesMatchTheDefinitionAtEveryLimit) {
  std::mt19937 random(11);
  const std::string origins[] = {std::string(), name("example.com.").wire(),
                                 name(std::string(60, 'o') + "." + std::string(60, 'p') + ".").wire()};
  const int label_lengths[] = {0, 1, 2, 5, 62, 63, 64};
  int accepted = 0;
  int refused = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string text;
    const int labels = 1 + static_cast<int>(random() % 6);
    for (int l = 0; l < labels; ++l) {
      if (l > 0) text += '.';
      const int length = random() % 3 == 0 ? label_lengths[random() % 7] : static_cast<int>(random() % 70);
      for (int k = 0; k < length; ++k) text += static_cast<char>("aZ9-_*\x80 "[random() % 9]);
    }
    if (random() % 2 == 0) text += '.';
    if (text.empty()) continue;
    const std::string& origin = origins[random() % 3];
    const auto expected = reference_wire(text, origin);
    std::string out = "kept";
    NameError error;
    ParsedNameInfo info;
    const bool ok = name_from_text(text, NameView(origin), out, error, &info);
    ASSERT_EQ(ok, expected.has_value()) << text;
    if (ok) {
      ASSERT_EQ(out, "kept" + *expected) << text;
      EXPECT_EQ(info.absolute, text.back() == '.') << text;
      ++accepted;
    } else {
      ASSERT_EQ(out, "kept") << text;
      ++refused;
    }
  }
  EXPECT_GT(accepted, 2000);
  EXPECT_GT(refused, 2000);
}

}  // namespace
}  // namespace zonelint
