// Name comparison, hashing and interning: case-insensitive (RFC 4343) octet by octet, including
// past the first eight octets, where the word-at-a-time code takes over.

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace zonelint
