#pragma once
// Parses the RDATA tokens of one entry into uncompressed wire form (RFC 1035 §3.3 and each
// type's RFC), checking every field's syntax and range. Problems are thrown as EntryError.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/name.hpp"
#include "model/rr_type.hpp"
#include "model/token.hpp"
#include "parse/entry_error.hpp"

namespace zonelint {

// Wire RDATA with a hash of its canonical form (names lowercased where RFC 4034 §6.2 says).
struct WireRdata {
  std::string bytes;
  std::uint64_t canonical_hash = 0;
  // The parser's scratch for the hash, kept here so that a reused WireRdata allocates nothing:
  // where the names are in `bytes`, and `bytes` with them lowercased.
  std::vector<std::pair<std::size_t, std::size_t>> name_ranges;
  std::string lowered;
  // Scratch for one name or character-string of a field while it is parsed.
  std::string field_scratch;
  std::string string_scratch;
};

class RdataParser {
 public:
  // `text` is what the token offsets index; `origin` completes relative names.
  RdataParser(std::string_view text, NameView origin) : text_(text), origin_(origin) {}

  // What the finding about a character-string over 255 octets advises (ReaderOptions).
  void set_long_string_advice(std::string_view advice) noexcept { long_string_advice_ = advice; }

  // Parses typed RDATA. `type_token` is where messages about a missing field point.
  void parse(const RRTypeInfo& type, std::span<const Token> tokens, const Token& type_token, WireRdata& out);

  // RFC 3597 §5: "\# length hex...". `tokens` starts at the "\#" token.
  void parse_generic(std::span<const Token> tokens, WireRdata& out);

  // Hash of RDATA kept as tokens, for duplicate detection of untyped records.
  [[nodiscard]] std::uint64_t token_hash(std::span<const Token> tokens) const;

  // Parses a TTL field ("3600", "1h30m"); false when it is not TTL syntax.
  [[nodiscard]] static bool parse_ttl(std::string_view text, std::uint64_t& seconds);

 private:
  std::string_view text_;
  NameView origin_;
  std::string scratch_;
  std::string_view long_string_advice_ = "split it into several quoted strings";
};

}  // namespace zonelint
