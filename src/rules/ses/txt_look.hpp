#pragma once
// The TXT records read once for the SES rules that look at every one of them (SES003, SES009,
// SES011, SES015, SES016, SES017): the cheap first look each takes at the text as written, which for nearly every record
// is all it takes. In a large zone the TXT records are spread over the whole file; reading their
// text once instead of once per rule is most of what these rules cost.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lint/context.hpp"

namespace zonelint::mail {

// Computed once per lint run: LintContext::analysis<mail::TxtLook>().
class TxtLook {
 public:
  // What SES015 knows of a TXT record from its first look (its quick_look, moved here).
  enum class Spf : std::uint8_t {
    not_spf,  // does not start with "v=spf1": nothing to check
    valid,    // an SPF record that SES015 selects without a finding
    unknown,  // read it the general way
  };
  enum Bit : std::uint8_t {
    spf_mask = 3,            // the Spf value
    // SES003: not an SES value unless the owner or the DKIM analysis says so. The RDATA as
    // written holds no byte that may start a stray character in a TXT value (no backslash, DEL,
    // non-ASCII, or control but tab and line breaks), and it either does not say "amazonses"
    // (in lower or upper case) or it is an SPF record as written.
    plain_for_ses003 = 4,
    // SES011: the first string, as written, neither starts with "amazonses:" nor has a backslash
    // in its first ten bytes.
    no_amazonses_prefix = 8,
    // SES009: an '=' is written in the RDATA (LintContext::rdata_mentions): a DKIM key, SPF or
    // other tag text, never a CNAME target published as TXT.
    mentions_equals = 16,
    // SES017: the record is at a DKIM key's name (key_owner) and is a key in its usual valid form
    // (usual_valid_key, dkim_key.hpp).
    usual_key = 32,
    // SES016: the record is at a _dmarc name and is a DMARC record in its usual valid form
    // (usual_valid_dmarc, mail_records.hpp), without and with a custom MAIL FROM domain below.
    usual_dmarc = 64,
    usual_dmarc_below = 128,
  };

  explicit TxtLook(const LintContext& context);

  // One byte per TXT record, in the order of context.of_type(rr::TXT).
  [[nodiscard]] std::span<const std::uint8_t> bits() const noexcept { return bits_; }
  [[nodiscard]] static Spf spf(std::uint8_t bits) noexcept { return static_cast<Spf>(bits & spf_mask); }

 private:
  std::vector<std::uint8_t> bits_;
};

// SES003's first test of a TXT value as written: a backslash, DEL, a non-ASCII byte, or a control
// byte other than tab and line breaks.
[[nodiscard]] bool maybe_stray_txt(std::string_view raw) noexcept;

}  // namespace zonelint::mail
