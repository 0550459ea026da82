#pragma once
// The RDATA of the records with name fields (NS, CNAME, MX, SRV, SOA, ...), read once for the SES
// rules that look for mistakes in those names (SES002, SES003) and for the MX records that name an
// SES host (mail::SesMxHosts) instead of once by each, in the pass SesAnalysis makes over the zone
// (which reads the CNAME records' text anyway): in a large zone these records are a third of all,
// spread over the whole file, and reading their text is most of what those rules cost.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "lint/context.hpp"
#include "model/rr_type.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::ses {

// Types whose RDATA holds host or mailbox names a person writes; every field before a name field
// is one token, so field f is RDATA token f. DNSSEC types are written by signers, never by hand.
inline constexpr RRType name_field_types[] = {rr::NS,    rr::MD,  rr::MF,    rr::CNAME, rr::SOA,   rr::MB,
                                              rr::MG,    rr::MR,  rr::PTR,   rr::MINFO, rr::MX,    rr::RP,
                                              rr::AFSDB, rr::RT,  rr::PX,    rr::SRV,   rr::NAPTR, rr::KX,
                                              rr::DNAME, rr::SVCB, rr::HTTPS, rr::LP};

// Whether `raw` holds a byte that may start a stray character in presentation text (SES003): a
// backslash (escape), DEL or non-ASCII, a control, a quote ('"', '\'', '`'). A name without any of
// them has none. Sixteen bytes at a time where SSE2 is there, else eight (swar): a block holds such
// a byte exactly when one of these tests is true for it.
[[nodiscard]] inline bool maybe_stray_text(std::string_view raw) noexcept {
#if defined(__SSE2__)
  if (raw.size() >= 16) {
    const auto any = [](const char* p) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      // A signed compare: bytes from 0x80 on are negative, so "below 0x20" takes them too.
      __m128i m = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
      for (const char c : {'\x7F', '\\', '\'', '`', '"'}) m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(c)));
      return _mm_movemask_epi8(m) != 0;
    };
    std::size_t i = 0;
    for (; i + 16 <= raw.size(); i += 16)
      if (any(raw.data() + i)) return true;
    return i < raw.size() && any(raw.data() + raw.size() - 16);  // the last block overlaps the one before
  }
#endif
  using namespace swar;
  return any_word(raw, [](std::uint64_t w) {
    return ((w & highs) | has_below(w, 0x20) | has_byte(w, 0x7F) | has_byte(w, '\\') | has_byte(w, '\'') |
            has_byte(w, '`') | has_byte(w, '"')) != 0;
  });
}

// Where `needle` (not empty) occurs in `haystack` from `from` on, ignoring ASCII case; npos if not.
[[nodiscard]] std::size_t ifind_ascii(std::string_view haystack, std::string_view needle, std::size_t from = 0) noexcept;

// Whether the RDATA as written can hold a name that ends with the zone's name twice (absolute) or
// once before the origin (relative), `apex_label` being the zone's first label (SES002): see
// name_rdata.cpp.
[[nodiscard]] bool may_repeat_apex(std::string_view rdata, std::string_view apex_label) noexcept;

// Computed once per lint run: LintContext::analysis<ses::NameRdata>(). For each record of a
// name_field_types type with typed RDATA (not RFC 3597, not kept as tokens), the cheap tests of
// SES002 and SES003 on its RDATA as written; for every MX record, the SES host kind that
// mail::SesMxHosts lists (SES010, SES014, SES016, ZONE003); zero for every other record.
class NameRdata {
 public:
  enum Bit : std::uint8_t {
    may_stray = 1,        // maybe_stray_text(rdata)
    may_repeat_zone = 2,  // may_repeat_apex(rdata, first label of the apex); never for an empty or root apex
  };
  // MX records only, typed or not: the SES host kind of the exchange (mail::mx_host_kind), when
  // it is one (not none), as bits 3-5; else zero. What mail::SesMxHosts lists.
  static constexpr unsigned ses_host_shift = 3;
  static constexpr std::uint8_t ses_host_mask = 7u << ses_host_shift;
  // The bits are taken in SesAnalysis's pass over the zone, which reads the text of the CNAME
  // records (a large share of these) already: one pass over their text instead of two.
  explicit NameRdata(const LintContext& context);

  // The bits of record `index` (into context.records()).
  [[nodiscard]] std::uint8_t bits(std::uint32_t index) const noexcept { return bits_[index]; }

  // The bits of one record, from its text.
  class Scanner {
   public:
    explicit Scanner(const LintContext& context);
    [[nodiscard]] std::uint8_t operator()(const LintContext& context, const Record& r) const;
    // Whether operator() reads the text of `r`: a caller going through the records in order starts
    // loading the text of those a few ahead, so that their cache misses overlap.
    [[nodiscard]] bool reads(const Record& r) const noexcept { return r.type < checked_.size() && checked_[r.type]; }

   private:
    std::array<bool, 256> checked_{};  // by type: one of name_field_types
    bool apex_test_ = false;
    std::string apex_label_;
  };

 private:
  std::span<const std::uint8_t> bits_;  // SesAnalysis::name_rdata
};

}  // namespace zonelint::ses
