#include "rules/ses/name_rdata.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "rules/ses/mail_records.hpp"

namespace zonelint::ses {
namespace {

static_assert(static_cast<unsigned>(mail::SesHostKind::inbound_amazonses) <= 7, "an SES host kind fits in 3 bits");
static_assert(std::all_of(std::begin(name_field_types), std::end(name_field_types), [](RRType t) { return t < 256; }),
              "NameRdata indexes a 256-entry table by type");

}  // namespace

// Candidates for the first byte are found sixteen (SSE2) or eight bytes at a time: with bit 0x20
// set in every byte, an ASCII letter of either case becomes its lower case (other bytes may become
// a candidate too, and are then compared like any).
std::size_t ifind_ascii(std::string_view haystack, std::string_view needle, std::size_t from) noexcept {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  const std::size_t last = haystack.size() - needle.size();  // last possible start
  const auto first = static_cast<std::uint8_t>(ascii_lower(static_cast<unsigned char>(needle[0])) | 0x20);
  const auto at = [&](std::size_t i) { return ascii_iequals(haystack.substr(i, needle.size()), needle); };
  std::size_t i = from;
#if defined(__SSE2__)
  const __m128i fold = _mm_set1_epi8(0x20);
  const __m128i want = _mm_set1_epi8(static_cast<char>(first));
  for (; i + 16 <= last + 1; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(haystack.data() + i));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_or_si128(v, fold), want))); m != 0;
         m &= m - 1) {
      const std::size_t k = i + static_cast<std::size_t>(__builtin_ctz(m));
      if (at(k)) return k;
    }
  }
#endif
  for (; i + 8 <= last + 1; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, haystack.data() + i, 8);
    if (swar::has_byte(w | (swar::ones * 0x20), first) == 0) continue;
    for (std::size_t k = i; k < i + 8; ++k)
      if ((static_cast<std::uint8_t>(haystack[k]) | 0x20) == first && at(k)) return k;
  }
  for (; i <= last; ++i)
    if (at(i)) return i;
  return std::string_view::npos;
}

// Necessary for a finding: the zone's first label is written in the name, and in an absolute name
// twice (the repeated copy, then the zone's own name), as plain text unless the RDATA has an
// escape. So RDATA without `apex_label`, or with it once in a token that ends in "." (absolute, no
// escape, no quoting or comment that could hide the token's bounds), has no finding; every other
// record takes the full check.
bool may_repeat_apex(std::string_view rdata, std::string_view apex_label) noexcept {
  const std::size_t at = ifind_ascii(rdata, apex_label);
  if (at == std::string_view::npos) return false;
  if (ifind_ascii(rdata, apex_label, at + 1) != std::string_view::npos) return true;
  for (const char c : rdata)
    if (c == '\\' || c == '"' || c == '(' || c == ')' || c == ';') return true;
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t end = at + apex_label.size();
  while (end < rdata.size() && !blank(rdata[end])) ++end;
  return rdata[end - 1] != '.';
}

NameRdata::Scanner::Scanner(const LintContext& context) {
  for (const RRType type : name_field_types) checked_[type] = true;
  const NameView apex = context.apex();
  apex_test_ = !apex.empty() && !apex.is_root();
  if (apex_test_) apex_label_ = std::string(apex.first_label());
}

std::uint8_t NameRdata::Scanner::operator()(const LintContext& context, const Record& r) const {
  if (!reads(r)) return 0;
  std::uint8_t b = 0;
  if (r.type == rr::MX && mail::may_name_ses_host(context, r)) {
    const auto kind = mail::mx_host_kind(context, r);
    if (kind && *kind != mail::SesHostKind::none)
      b |= static_cast<std::uint8_t>(static_cast<unsigned>(*kind) << ses_host_shift);
  }
  if (!r.has(record_flag::untyped) && !r.has(record_flag::generic_rdata)) {
    const std::string_view rdata = context.rdata_text(r);
    if (maybe_stray_text(rdata)) b |= may_stray;
    if (apex_test_ && may_repeat_apex(rdata, apex_label_)) b |= may_repeat_zone;
  }
  return b;
}

NameRdata::NameRdata(const LintContext& context) : bits_(context.analysis<SesAnalysis>().name_rdata) {}

}  // namespace zonelint::ses
