#pragma once
// Helpers shared by the ZONE rules: a record's RDATA re-parsed into wire form with its origin,
// exact RDATA comparison in canonical form (RFC 4034 §6.2), and the RDATA token that holds a
// name field.

#include <cstdint>
#include <optional>
#include <span>
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

// The routing-policy set of a record (record_flag::routing_policy), 0 for none: the importer
// ends each entry with a line break mapped to the end of its set in the export (the Route 53
// record set, the Cloud DNS policy item), so records of one set share that place.
[[nodiscard]] std::uint64_t routing_set(const LintContext& context, const Record& r);
// Whether `a` and `b` are answers of two different routing-policy sets: alternative answers,
// never one RRset (two weighted CNAME sets are two answers of one CNAME each).
[[nodiscard]] bool in_other_routing_sets(const LintContext& context, const Record& a, const Record& b);

// True when `a` and `b` (same owner, class and type) have the same RDATA in canonical form.
// Exact: a hash collision never makes two different RDATA compare equal.
[[nodiscard]] bool same_rdata(const LintContext& context, OriginFinder& origins, const Record& a, const Record& b);

// Formats a number of seconds for messages: "604800 seconds (7 days)".
[[nodiscard]] std::string seconds_text(std::uint64_t seconds);

// 4 or 6 when a name token as written is an IPv4 or IPv6 address (a final dot allowed), else 0.
[[nodiscard]] int address_family(std::string_view written);

// What the ZONE rules need to know about the host name that ends the RDATA of each record whose
// last field is a name (NS, MX, SRV, CNAME, PTR, ...), read from the text once for all of them:
// most records then need no second look at their text.
class LastNames {
 public:
  enum Fact : std::uint8_t {
    present = 1,          // the record has such a last token, unquoted (typed, not RFC 3597)
    root = 2,             // written "."
    ipv4 = 4,             // written as an IPv4 address
    ipv6 = 8,             // written as an IPv6 address
    may_lack_dot = 16,    // no final dot, not "@", and either an escape or a dot before a public TLD
  };
  static constexpr NameId no_owner = static_cast<NameId>(-1);

  explicit LastNames(const LintContext& context);

  // One fact byte per record of `type`, in the order of context.of_type(type); empty when the
  // type's last field is not a single name.
  [[nodiscard]] std::span<const std::uint8_t> facts(RRType type) const noexcept;
  // For NS, MX, SRV and CNAME, in the same order: the owner id of the name the record points at,
  // when the zone has records there, else no_owner.
  [[nodiscard]] std::span<const NameId> targets(RRType type) const noexcept;

 private:
  struct OfType {
    RRType type;
    std::vector<std::uint8_t> facts;
    std::vector<NameId> targets;
  };
  [[nodiscard]] const OfType* find(RRType type) const noexcept;
  std::vector<OfType> types_;
};

}  // namespace zonelint::rules::zone_support
