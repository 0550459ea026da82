#include "rules/ses/txt_look.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "model/rr_type.hpp"
#include "rules/ses/dkim_key.hpp"
#include "rules/ses/mail_records.hpp"
#include "rules/ses/ses_dkim.hpp"

namespace zonelint::mail {
namespace {

// Terms already found valid, with their kind, by their text: a few terms (include:..., -all,
// mx) fill most SPF records. A term's validity and kind depend on its own bytes only.
// Direct-mapped: a slot keeps the last valid term that hashed to it.
class ValidTerms {
 public:
  ValidTerms() : slots_(256) {}
  // The kind of a valid term text[begin, end), or nullopt when it is not valid.
  std::optional<SpfKind> kind(std::string_view text, std::size_t begin, std::size_t end) {
    const std::string_view term = text.substr(begin, end - begin);
    Slot& slot = slots_[std::hash<std::string_view>{}(term) & (slots_.size() - 1)];
    if (slot.used && slot.text == term) return slot.kind;
    const SpfTerm t = classify_spf_term(text, begin, end);
    if (spf_term_problem(text, t)) return std::nullopt;
    slot.text.assign(term);
    slot.kind = t.kind;
    slot.used = true;
    return t.kind;
  }

 private:
  struct Slot {
    std::string text;
    SpfKind kind = SpfKind::invalid;
    bool used = false;
  };
  std::vector<Slot> slots_;
};

using Spf = TxtLook::Spf;

// SES015's look at a TXT record written as one quoted string, the usual form. Its first bytes show
// most records are not SPF (as txt_prefix reads them). An SPF record in it is shown valid
// without the general reading when it is printable ASCII without '\\' (so one string, no
// escape, no blank but spaces), "v=spf1" is followed by a space or the end, and its terms
// pass SES015's checks: each valid (no stray space then either: that needs an invalid
// term), redirect= and exp= at most once, no mechanism after "all", no redirect= with "all",
// at most 10 DNS lookups.
Spf spf_look(const Record& r, std::string_view rdata, ValidTerms& valid_terms) {
  if (r.has(record_flag::generic_rdata) || r.has(record_flag::untyped)) return Spf::unknown;
  if (rdata.size() < 8 || rdata[0] != '"' || is_space(rdata[1])) return Spf::unknown;
  for (std::size_t k = 1; k <= 6; ++k)
    if (rdata[k] == '"' || rdata[k] == '\\') return Spf::unknown;
  // "v=spf1" case-insensitively: c | 0x20 folds exactly 'V', 'S', 'P', 'F' to lower case.
  const auto folded = [&](std::size_t k) { return static_cast<char>(rdata[k] | 0x20); };
  if (folded(1) != 'v' || rdata[2] != '=' || folded(3) != 's' || folded(4) != 'p' || folded(5) != 'f' ||
      rdata[6] != '1')
    return Spf::not_spf;
  if (rdata.back() != '"') return Spf::unknown;
  const std::string_view text = rdata.substr(1, rdata.size() - 2);
  if (plain_prefix(text) != text.size() || (text.size() > 6 && text[6] != ' ')) return Spf::unknown;
  int all_at = -1;
  bool redirect = false;
  std::size_t redirects = 0, exps = 0, lookups = 0, k = 0;
  for (std::size_t i = std::min(text.size(), std::size_t{6}); i < text.size(); ++k) {  // as spf_terms splits
    while (i < text.size() && text[i] == ' ') ++i;
    if (i >= text.size()) break;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    const auto kind = valid_terms.kind(text, i, j);
    i = j;
    if (!kind) return Spf::unknown;
    SpfTerm t;  // what the checks below read of it
    t.kind = *kind;
    if ((t.kind == SpfKind::redirect && ++redirects == 2) || (t.kind == SpfKind::exp && ++exps == 2))
      return Spf::unknown;
    redirect = redirect || t.kind == SpfKind::redirect;
    if (all_at >= 0 && t.is_mechanism()) return Spf::unknown;
    if (all_at < 0 && t.is_mechanism() && t.kind != SpfKind::all && t.queries_dns()) ++lookups;
    if (t.kind == SpfKind::all && all_at < 0) all_at = static_cast<int>(k);
  }
  if (redirect && all_at >= 0) return Spf::unknown;
  if (redirect) ++lookups;
  return lookups > 10 ? Spf::unknown : Spf::valid;
}

// SES003's test for a record that is neither the owner's nor the DKIM analysis's SES value.
bool is_plain_for_ses003(std::string_view rdata) noexcept {
  if (maybe_stray_txt(rdata)) return false;
  const std::string_view unquoted = rdata.starts_with('"') ? rdata.substr(1) : rdata;
  // An SPF or DMARC value pasted with the apostrophes it was shown in.
  if (istarts_with(unquoted, "'v=spf1") || istarts_with(unquoted, "'v=dmarc1")) return false;
  if (rdata.find("amazonses") == std::string_view::npos && rdata.find("AMAZONSES") == std::string_view::npos)
    return true;
  // No escape and no stray byte: an SPF record (SES015's) shows in the text as written.
  return istarts_with(unquoted, "v=spf1");
}

// SES011: without a backslash in its first bytes, the first string starts as written.
bool lacks_amazonses_prefix(std::string_view raw) noexcept {
  const std::string_view head = (raw.starts_with('"') ? raw.substr(1) : raw).substr(0, 10);
  return head.find('\\') == std::string_view::npos && !istarts_with(head, "amazonses:");
}

}  // namespace

// Eight bytes at a time, looking at single bytes only in a word with a control byte.
bool maybe_stray_txt(std::string_view raw) noexcept {
  using namespace ses::swar;
  return any_word(raw, [](std::uint64_t w) {
    if (((w & highs) | has_byte(w, 0x7F) | has_byte(w, '\\')) != 0) return true;
    if (has_below(w, 0x20) == 0) return false;
    for (int k = 0; k < 8; ++k) {
      const auto c = static_cast<unsigned char>(w >> (8 * k));
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
    }
    return false;
  });
}

TxtLook::TxtLook(const LintContext& context) {
  const auto records = context.records();
  const auto txt = context.of_type(rr::TXT);
  bits_.assign(txt.size(), 0);
  ValidTerms valid_terms;
  std::vector<std::int8_t> key_owner_at(context.zone().names.size(), -1);  // per owner name
  std::string joined;  // usual_valid_key's buffer, reused
  for (std::size_t k = 0; k < txt.size(); ++k) {
    prefetch(context, txt, k, Ahead::rdata);
    const Record& r = records[txt[k]];
    const std::string_view rdata = context.rdata_text(r);
    auto b = static_cast<std::uint8_t>(spf_look(r, rdata, valid_terms));
    if (is_plain_for_ses003(rdata)) b |= TxtLook::plain_for_ses003;
    if (lacks_amazonses_prefix(rdata)) b |= TxtLook::no_amazonses_prefix;
    if (context.rdata_mentions(r, '=')) b |= TxtLook::mentions_equals;
    std::int8_t& key_at = key_owner_at[r.owner];
    if (key_at < 0) key_at = key_owner(context.owner(r)) ? 1 : 0;
    if (key_at == 1 && usual_valid_key(context, r, joined)) b |= TxtLook::usual_key;
    // The first label is "_dmarc", read from the wire form: <6>_dmarc... (as SES016 tests it).
    const std::string_view wire = context.owner(r).wire();
    bool strict_aspf = false;
    if (wire.size() >= 7 && wire[0] == 6 && iequals(wire.substr(1, 6), "_dmarc") &&
        usual_valid_dmarc(context, r, false, joined, &strict_aspf)) {
      b |= TxtLook::usual_dmarc;
      // With a custom MAIL FROM domain below, the one more thing a usual record must not have.
      if (!strict_aspf) b |= TxtLook::usual_dmarc_below;
    }
    bits_[k] = b;
  }
}

}  // namespace zonelint::mail
