#pragma once
// One resource record as every importer produces it: compact, with offsets into the text it was
// read from so that any finding can point at the exact token.

#include <cstdint>

#include "model/name_table.hpp"
#include "model/rr_type.hpp"

namespace zonelint {

namespace record_flag {
inline constexpr std::uint16_t owner_inherited = 1u << 0;   // line began with blank space
inline constexpr std::uint16_t owner_absolute = 1u << 1;    // owner written with a trailing dot
inline constexpr std::uint16_t owner_at = 1u << 2;          // owner written as "@"
inline constexpr std::uint16_t ttl_explicit = 1u << 3;
inline constexpr std::uint16_t class_explicit = 1u << 4;
inline constexpr std::uint16_t generic_rdata = 1u << 5;     // RFC 3597 "\# len hex"
inline constexpr std::uint16_t untyped = 1u << 6;           // RDATA kept as tokens only
inline constexpr std::uint16_t generated = 1u << 7;         // produced by $GENERATE
inline constexpr std::uint16_t proxied = 1u << 8;           // Cloudflare proxy on ("orange cloud")
inline constexpr std::uint16_t alias = 1u << 9;             // provider alias (Route 53 AliasTarget, Azure targetResource)
inline constexpr std::uint16_t ttl_automatic = 1u << 10;    // provider "automatic" TTL (Cloudflare ttl 1)
inline constexpr std::uint16_t ttl_from_soa = 1u << 11;     // no TTL anywhere: SOA MINIMUM used (BIND)
// One answer of a provider routing policy (Route 53 SetIdentifier: weighted, latency, geo,
// failover, multivalue; Cloud DNS routingPolicy wrr/geo/primaryBackup items). Records of one
// (owner, type) in different sets are alternative answers, never one RRset. Which set: the
// importer ends every entry with a line break mapped to the end of its set in the export (the
// Route 53 record set, the Cloud DNS policy item), so two such records are of the same set when
// Zone::span(r, r.rdata_end, r.rdata_end + 1) is the same place for both.
inline constexpr std::uint16_t routing_policy = 1u << 12;
}  // namespace record_flag

using TextId = std::uint16_t;  // index of a TextSource within a Zone

struct Record {
  NameId owner = 0;
  NameId origin = 0;               // the origin in effect for the entry (completes relative RDATA names)
  std::uint32_t ttl = 0;
  RRType type = 0;
  RRClass rclass = 0;
  TextId text = 0;
  std::uint16_t flags = 0;
  std::uint32_t entry_begin = 0;   // text offset where the entry starts (its owner, or the line start)
  std::uint32_t rdata_begin = 0;   // text offset of the first RDATA token
  std::uint32_t rdata_end = 0;     // text offset after the last RDATA token
  std::uint64_t rdata_hash = 0;    // hash of the canonical RDATA (RFC 4034 §6.2), for duplicate checks

  [[nodiscard]] bool has(std::uint16_t flag) const noexcept { return (flags & flag) != 0; }
};

}  // namespace zonelint
