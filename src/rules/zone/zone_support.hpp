#pragma once
// Helpers shared by the ZONE rules: a record's RDATA re-parsed into wire form with its origin,
// exact RDATA comparison in canonical form (RFC 4034 §6.2), and the RDATA token that holds a
// name field.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/span.hpp"
#include "lint/context.hpp"
#include "model/name.hpp"
#include "model/record.hpp"
#include "model/rr_type.hpp"
#include "model/token.hpp"
#include "parse/rdata_parser.hpp"

namespace zonelint::rules::zone_support {

// DNSSEC types that RFC 4035 §2.5 (RRSIG, NSEC) and RFC 2181 §10.1 (SIG, NXT, KEY) allow beside
// a CNAME; NSEC3 lives at hashed owner names but is treated the same way.
[[nodiscard]] bool allowed_beside_cname(RRType type) noexcept;

// The index of the RDATA token that holds field `field` of `info`, when every field before it
// takes exactly one token (true of every name field in the type table).
[[nodiscard]] std::optional<std::size_t> field_token_index(const RRTypeInfo& info, std::size_t field) noexcept;

// True when field `field` is the last field of `info` and every field before it takes one token:
// then the field's token is the record's last RDATA token.
[[nodiscard]] bool is_last_single_field(const RRTypeInfo& info, std::size_t field) noexcept;

// The record's last RDATA token, found by scanning back from the end of its RDATA (cheap), or by
// lexing the RDATA into `scratch` when it ends in a quoted string or an escape. Nullopt when the
// record has no RDATA.
[[nodiscard]] std::optional<Token> last_rdata_token(const LintContext& context, const Record& r,
                                                    std::vector<Token>& scratch);

// The line (1-based) where a span starts.
[[nodiscard]] std::uint32_t line_of(const LintContext& context, Span span);

// The origin a record's relative names were completed with (Record::origin), and the record's
// RDATA re-parsed with it.
class OriginFinder {
 public:
  explicit OriginFinder(const LintContext& context);

  // The record's origin; nullopt when the zone had none where the record was written.
  [[nodiscard]] std::optional<NameView> origin(const Record& r);

  // The record's RDATA in wire form, parsed with its origin. False for RDATA kept as tokens
  // (provider aliases, types zonelint does not parse) and when it has no origin.
  bool wire(const Record& r, WireRdata& out);

  // Completes a name token of `r` with its origin into `wire` (replaced). False when the text is
  // not a name or the record has no origin (absolute names need none).
  bool name(const Record& r, const Token& token, std::string& wire);

 private:
  bool parse_with(const Record& r, NameView origin, WireRdata& out);

  const LintContext& context_;
  std::vector<Token> tokens_;
};

// True when `a` and `b` (same owner, class and type) have the same RDATA in canonical form.
// Exact: a hash collision never makes two different RDATA compare equal.
[[nodiscard]] bool same_rdata(const LintContext& context, OriginFinder& origins, const Record& a, const Record& b);

// Formats a number of seconds for messages: "604800 seconds (7 days)".
[[nodiscard]] std::string seconds_text(std::uint64_t seconds);

// An open-addressing index from a 64-bit key to record indices, sized once for `capacity`
// entries: 8 bytes a slot, no allocation per record. Keys may repeat, and `for_each` may also
// visit entries of another key (only 32 bits of it are kept): callers compare the records.
class RecordIndex {
 public:
  explicit RecordIndex(std::size_t capacity);
  void insert(std::uint64_t key, std::uint32_t record);
  // Calls f(record) for the entries that may have `key` until f returns false.
  template <typename F>
  void for_each(std::uint64_t key, F&& f) const {
    const auto tag = static_cast<std::uint32_t>(key >> 32);
    for (std::size_t slot = key & mask_;; slot = (slot + 1) & mask_) {
      const Entry& e = slots_[slot];
      if (e.record == empty) return;
      if (e.tag == tag && !f(e.record)) return;
    }
  }

 private:
  static constexpr std::uint32_t empty = 0xFFFFFFFFu;
  struct Entry {
    std::uint32_t tag = 0;
    std::uint32_t record = empty;
  };
  std::vector<Entry> slots_;
  std::size_t mask_ = 0;
};

// Mixes values into a 64-bit key (splitmix64 finaliser).
[[nodiscard]] std::uint64_t mix_key(std::uint64_t a, std::uint64_t b) noexcept;

}  // namespace zonelint::rules::zone_support
