// Reading a large zone file on several threads (load.cpp, read_in_parts) must give exactly the
// Zone one reader gives: the same records with the same name ids, the same findings in the same
// order. Checked on generated zones full of what makes a part unusable: entries that span the
// cut, $TTL and $ORIGIN changes, errors, $INCLUDE and $GENERATE.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "model/rr_type.hpp"
#include "parse/load.hpp"

namespace zonelint::test {
namespace {

// A zone read with `threads` readers (1: the single reader).
struct LoadedZone {
  SourceSet files;
  std::uint32_t parts_kept = 0;
  std::optional<Zone> zone;

  LoadedZone(FileId (*add)(SourceSet&, const std::string&), const std::string& source, unsigned threads,
             bool with_origin = true, std::size_t smallest_part = std::size_t{1} << 20) {
    const FileId file = add(files, source);
    LoadOptions options;
    if (with_origin) {
      Name origin;
      NameError error;
      EXPECT_TRUE(parse_name("example.com.", NameView(), origin, error));
      options.origin = origin;
    }
    options.threads = threads;
    options.parallel_read_from = threads > 1 ? 0 : static_cast<std::size_t>(-1);
    options.smallest_part = smallest_part;
    options.parts_kept = &parts_kept;
    zone.emplace(load_zone(files, file, options));
  }
};

FileId add_text(SourceSet& files, const std::string& text) { return files.add("generated.zone", text); }

FileId add_path(SourceSet& files, const std::string& path) {
  std::string error;
  const auto file = files.load(path, error);
  EXPECT_TRUE(file.has_value()) << error;
  return file.value_or(0);
}

// Everything a Zone holds, one line per item, names by id.
std::vector<std::string> describe(const Zone& zone) {
  std::vector<std::string> out;
  out.push_back("apex " + zone.apex.to_text() + " texts " + std::to_string(zone.texts.size()));
  for (NameId id = 0; id < zone.names.size(); ++id) out.push_back(fmt::format("name {} {}", id, zone.names.get(id).to_text()));
  for (const Record& r : zone.records) {
    out.push_back(fmt::format("record {} {} {} {} {} {} {} {} {} {} {}", r.owner, r.origin, r.ttl, r.type, r.rclass,
                              r.text, r.flags, r.entry_begin, r.rdata_begin, r.rdata_end, r.rdata_hash));
  }
  for (const Diagnostic& d : zone.diagnostics) {
    out.push_back(fmt::format("finding {} {} {}:{}-{} {}", d.code, static_cast<int>(d.severity), d.span.file,
                              d.span.begin, d.span.end, d.message));
  }
  for (const DirectiveComment& c : zone.directive_comments) {
    out.push_back(fmt::format("comment {} {}-{}", c.text, c.begin, c.end));
  }
  return out;
}

// A zone of about `lines` entries mixing every kind of line; `trouble` of 1000 entries are
// directives, errors and entries split over lines.
std::string generated_zone(unsigned seed, int lines, int trouble, bool with_ttl = true) {
  std::mt19937 random(seed);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  std::string z = with_ttl ? "$TTL 300\n" : "";
  z += with_ttl ? "@ IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n"
                : "@ 300 IN SOA ns1 hostmaster ( 1 7200 3600 1209600 300 )\n";
  z += "@ NS ns1\nns1 A 192.0.2.1\n";
  for (int n = 0; n < lines; ++n) {
    if (pick(1000) < trouble) {
      switch (pick(12)) {
        case 0: z += fmt::format("$TTL {}\n", 60 + pick(5) * 60); break;
        case 1: z += fmt::format("$ORIGIN sub{}.example.com.\n", pick(3)); break;
        case 2: z += "$ORIGIN example.com.\n"; break;
        case 3: z += fmt::format("bad..owner{} A 192.0.2.1\n", n); break;
        case 4: z += fmt::format("e{} A 192.0.2.999\n", n); break;
        case 5: z += fmt::format("$GENERATE 1-3 gen{}-$ A 192.0.2.$\n", n); break;
        case 6: z += fmt::format("q{} TXT \"not closed\n", n); break;
        case 7: z += fmt::format("\xC3\xBC{} A 192.0.2.7\n", n); break;  // non-ASCII owner: a warning
        case 8: z += ")\n"; break;
        case 9: z += fmt::format("t{} 1{} A 192.0.2.8\n", n, pick(9)); break;  // changes the last TTL
        case 10: z += fmt::format("u{} 1.2.3.4\n", n); break;
        default: z += fmt::format("\tA 192.0.2.{}\n", pick(250)); break;
      }
      continue;
    }
    switch (pick(12)) {
      case 0: z += fmt::format("host{} 300 IN A 192.0.2.{}\n", n, pick(250)); break;
      case 1: z += fmt::format("host{} IN AAAA 2001:db8::{:x}\n", n, pick(65536)); break;
      case 2: z += fmt::format("\tIN TXT \"indented {}\"\n", n); break;
      case 3: z += fmt::format("mx{} MX 10 mail{}\n", n, pick(50)); break;
      // The second line starts in the first column inside parentheses: a cut there is wrong.
      case 4: z += fmt::format("mx{}.example.com. MX ( 10\nmail{} )\n", n, pick(50)); break;
      case 5: z += fmt::format("txt{} TXT ( \"a;b(\" \"c\"\n  \"d\" ) ; comment\n", n); break;
      case 6: z += fmt::format("; comment line {}\n", n); break;
      case 7: z += "\n"; break;
      case 8: z += fmt::format("c{} CNAME target{}.example.net.\n", n, pick(100)); break;
      case 9: z += fmt::format("d{} A 192.0.2.1 ; zonelint: disable=ZONE001\n", n); break;
      case 10: z += fmt::format("Host{} 300 A 192.0.2.3\n", pick(200)); break;  // names seen before
      default: z += fmt::format("srv{} SRV 0 5 5060 sip{}\n", n, pick(20)); break;
    }
  }
  return z;
}

void expect_same_zone(FileId (*add)(SourceSet&, const std::string&), const std::string& source, unsigned threads,
                      std::uint32_t& parts_kept, bool with_origin = true,
                      std::size_t smallest_part = std::size_t{1} << 20) {
  const LoadedZone one(add, source, 1, with_origin);
  const LoadedZone many(add, source, threads, with_origin, smallest_part);
  EXPECT_EQ(one.parts_kept, 0u);
  ASSERT_EQ(describe(*one.zone), describe(*many.zone)) << "threads " << threads;
  parts_kept += many.parts_kept;
}

TEST(ParallelLoad, CleanZoneIsReadInParts) {
  const std::string text = generated_zone(1, 20000, 0);
  for (unsigned threads = 2; threads <= 5; ++threads) {
    std::uint32_t kept = 0;
    expect_same_zone(add_text, text, threads, kept);
    EXPECT_EQ(kept, threads - 1) << "threads " << threads;
  }
}

TEST(ParallelLoad, PartsAfterADirectiveOrAnErrorAreReadAgain) {
  // A $TTL in the middle part of three: that part is kept (it reads the $TTL itself), the last
  // one started from the TTL before it and is read again.
  std::string text = generated_zone(2, 20000, 0);
  text.insert(text.find("\nhost", text.size() / 2) + 1, "$TTL 60\n");
  std::uint32_t kept = 0;
  expect_same_zone(add_text, text, 3, kept);
  EXPECT_EQ(kept, 1u);

  // An error in the last part: it is read again, so the finding comes from the one reader.
  text = generated_zone(3, 20000, 0);
  text += "bad..name A 192.0.2.1\n";
  kept = 0;
  expect_same_zone(add_text, text, 2, kept);
  EXPECT_EQ(kept, 0u);
}

TEST(ParallelLoad, ZoneWithoutTtlDirective) {
  // Records without a TTL take the last one written, which differs from part to part.
  std::uint32_t kept = 0;
  expect_same_zone(add_text, generated_zone(4, 20000, 30, false), 2, kept);
}

TEST(ParallelLoad, ExplicitTtlsEverywhereAsInATransfer) {
  // dig AXFR and named-checkzone -D write a TTL on every record and no $TTL: the last TTL each
  // part starts from is never used, so every part is kept.
  std::string text = "example.com. 3600 IN SOA ns1.example.com. hm.example.com. 1 7200 3600 1209600 300\n";
  std::mt19937 random(7);
  for (int n = 0; n < 20000; ++n) {
    text += fmt::format("h{}.example.com. {} IN A 192.0.2.{}\n", n, 60 * (1 + random() % 50), random() % 250);
  }
  for (unsigned threads = 2; threads <= 3; ++threads) {
    std::uint32_t kept = 0;
    expect_same_zone(add_text, text, threads, kept);
    EXPECT_EQ(kept, threads - 1);
  }
}

TEST(ParallelLoad, GeneratedZonesWithTroubleEverywhere) {
  std::uint32_t kept = 0;
  int parts = 0;
  for (unsigned seed = 10; seed < 24; ++seed) {
    const int trouble = static_cast<int>(seed % 4) * 2;  // 0 to 6 entries in 1000
    const std::string text = generated_zone(seed, 4000, trouble, seed % 5 != 0);
    for (unsigned threads = 2; threads <= 3; ++threads) {
      // Without an origin every relative name is an error (reported once).
      expect_same_zone(add_text, text, threads, kept, seed % 7 != 0);
      parts += static_cast<int>(threads) - 1;
    }
  }
  // Both ways were taken: parts kept and parts read again.
  EXPECT_GT(kept, 0u);
  EXPECT_LT(static_cast<int>(kept), parts);
}

// A text of at least 4 * threads smallest parts is cut into parts that shrink as reading goes on,
// more parts than threads: each thread takes the next part when it is free, and parts are joined
// in order while others are still read.
TEST(ParallelLoad, ManyShrinkingPartsAreJoinedInOrder) {
  const std::string text = generated_zone(6, 20000, 0);
  constexpr std::size_t smallest = 4096;
  ASSERT_GT(text.size(), 5 * 4 * smallest);
  for (unsigned threads = 2; threads <= 4; ++threads) {
    std::uint32_t kept = 0;
    expect_same_zone(add_text, text, threads, kept, true, smallest);
    // Every part is kept, and there are many: the shrinking parts reach the smallest size.
    EXPECT_GT(kept, 4 * threads) << "threads " << threads;
  }
}

TEST(ParallelLoad, ManyPartsWithTroubleAreReadAgainInOrder) {
  std::uint32_t kept = 0;
  for (unsigned seed = 30; seed < 38; ++seed) {
    const int trouble = 1 + static_cast<int>(seed % 3);  // 1 to 3 entries in 1000
    const std::string text = generated_zone(seed, 8000, trouble, seed % 4 != 0);
    for (unsigned threads = 2; threads <= 3; ++threads) expect_same_zone(add_text, text, threads, kept, true, 2048);
  }
  EXPECT_GT(kept, 0u);
}

TEST(ParallelLoad, TooManyErrorsAreCappedAsByOneReader) {
  std::string text = generated_zone(5, 20000, 0);
  for (std::size_t at = text.size() / 10; at < text.size(); at += text.size() / 10) {
    const std::size_t line = text.find("\nhost", at) + 1;
    std::string bad;
    for (int i = 0; i < 30; ++i) bad += fmt::format("bad{}..name A 192.0.2.1\n", i);
    text.insert(line, bad);
  }
  std::uint32_t kept = 0;
  expect_same_zone(add_text, text, 4, kept);
}

TEST(ParallelLoad, IncludeInALaterPartIsReadByTheMainReader) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    fmt::format("zonelint-parallel-load-{}", ::getpid());
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "part.zone") << "included A 192.0.2.9\n\tTXT \"from the included file\"\n";
    std::string text = generated_zone(6, 20000, 0);
    text.insert(text.find("\nhost", text.size() * 3 / 4) + 1, "$INCLUDE part.zone\n");
    std::ofstream(dir / "main.zone") << text;
  }
  std::uint32_t kept = 0;
  expect_same_zone(add_path, (dir / "main.zone").string(), 2, kept);
  EXPECT_EQ(kept, 0u);
  const LoadedZone many(add_path, (dir / "main.zone").string(), 2);
  EXPECT_EQ(many.zone->texts.size(), 2u);
  EXPECT_TRUE(many.zone->diagnostics.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zonelint::test
