#include "rules/ses/ses_dkim.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "core/utf8.hpp"
#include "model/rr_type.hpp"
#include "rules/ses/name_rdata.hpp"

namespace zonelint::ses {

namespace {

constexpr std::string_view ses_regions[] = {
    "af-south-1",     "ap-east-1",      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1",
    "ap-south-2",     "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-5", "ca-central-1",
    "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-north-1",     "eu-south-1",     "eu-south-2",
    "eu-west-1",      "eu-west-2",      "eu-west-3",      "il-central-1",   "me-central-1",   "me-south-1",
    "sa-east-1",      "us-east-1",      "us-east-2",      "us-gov-east-1",  "us-gov-west-1",  "us-west-1",
    "us-west-2",
};
static_assert(std::is_sorted(std::begin(ses_regions), std::end(ses_regions)), "SesAnalysis::hosted_zone relies on it");

bool iends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && ascii_iequals(s.substr(s.size() - suffix.size()), suffix);
}

bool icontains(std::string_view s, std::string_view needle) {
  if (needle.empty()) return true;
  const unsigned char first = ascii_lower(static_cast<unsigned char>(needle[0]));
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(s[i])) == first && ascii_iequals(s.substr(i, needle.size()), needle)) return true;
  return false;
}

// Bytes that may start a stray character (see is_stray): controls, space, quotes, non-ASCII.
constexpr std::array<bool, 256> stray_starts = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 256; ++c) table[c] = c < 0x21 || c >= 0x7F || c == '"' || c == '\'' || c == '`';
  return table;
}();

bool may_hold_stray(std::string_view s) noexcept {
  // stray_starts eight bytes at a time (swar): a word holds such a byte exactly when one of these
  // tests is true for it.
  using namespace swar;
  return any_word(s, [](std::uint64_t w) {
    return ((w & highs) | has_below(w, 0x21) | has_byte(w, 0x7F) | has_byte(w, '"') | has_byte(w, '\'') |
            has_byte(w, '`')) != 0;
  });
}

// Whether `s` holds a 'k' or 'K' (eight bytes at a time), which "domainkey" has.
bool holds_k(std::string_view s) noexcept {
  return swar::any_word(s, [](std::uint64_t w) { return swar::has_byte(w | (swar::ones * 0x20), 'k') != 0; });
}

// Necessary for edit_distance(label, word) <= edits: a substitution or deletion costs the
// shared letters at most one, an insertion or transposition none. Far cheaper than the distance.
bool shares_letters(std::string_view label, std::string_view word, std::size_t edits) noexcept {
  if (label.size() + edits < word.size() || label.size() > word.size() + edits) return false;
  // 32 buckets (letters distinct, other bytes may share one): sharing a bucket only overcounts,
  // which keeps the test necessary, and the table is cheap to clear.
  std::array<std::uint8_t, 32> counts{};
  for (const char c : word) ++counts[ascii_lower(static_cast<unsigned char>(c)) & 31u];
  std::size_t shared = 0;
  for (const char c : label) {
    std::uint8_t& n = counts[ascii_lower(static_cast<unsigned char>(c)) & 31u];
    if (n > 0) {
      --n;
      ++shared;
    }
  }
  return shared + edits >= word.size();
}

bool near_word(std::string_view label, std::string_view word, std::size_t edits) {
  return shares_letters(label, word, edits) && edit_distance(label, word) <= edits;
}

// classify_target finds nothing unless some label is within two edits of "amazonses".
bool may_name_ses_label(std::string_view label) {
  return may_hold_stray(label) || near_word(label, "amazonses", 2);
}

// The same test on a name as written: conservative (true) for anything but plain words.
bool text_may_name_ses(std::string_view text) {
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      if (near_word(text.substr(begin, i - begin), "amazonses", 2)) return true;
      begin = i + 1;
      continue;
    }
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\' || c < 0x21 || c >= 0x7F || c == '"' || c == '\'' || c == '`' || c == '(' || c == ')' || c == ';')
      return true;
  }
  return false;
}

// The bytes text_may_name_ses answers true for: a possible escape, stray character or token end.
constexpr std::array<bool, 256> special_in_text = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 256; ++c)
    table[c] = c == '\\' || c < 0x21 || c >= 0x7F || c == '"' || c == '\'' || c == '`' || c == '(' || c == ')' || c == ';';
  return table;
}();

// text_may_name_ses for a target written absolute (a final dot), a little tighter: a label only
// near "amazonses" (amazonaws.com: load balancers, API gateways) gives classify_target nothing
// unless label 1 is "dkim" or one edit from it, as the name's labels are the text's here (no
// byte that could be an escape or a stray character, which still answer true).
bool absolute_text_may_name_ses(std::string_view text) {
  bool exact = false;
  std::string_view second;
  std::size_t begin = 0, index = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      const std::string_view label = text.substr(begin, i - begin);
      exact = exact || ascii_iequals(label, "amazonses");
      if (index++ == 1) second = label;
      begin = i + 1;
      continue;
    }
    if (special_in_text[static_cast<unsigned char>(text[i])]) return true;
  }
  // (some label near "amazonses") and (one is "amazonses" or label 1 is "dkim" or one edit
  // from it), the cheap tests first.
  if (exact) return true;
  if (!ascii_iequals(second, "dkim") && !(second.size() >= 3 && near_word(second, "dkim", 1))) return false;
  bool near = false;
  begin = 0;
  for (std::size_t i = 0; i <= text.size() && !near; ++i) {
    if (i == text.size() || text[i] == '.') {
      near = near_word(text.substr(begin, i - begin), "amazonses", 2);
      begin = i + 1;
    }
  }
  return near;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(ascii_lower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string_view> labels_of(NameView name) {
  std::vector<std::string_view> out;
  name.for_each_label([&](std::string_view l) { out.push_back(l); });
  return out;
}

// The label as presentation text (escapes for dots and odd bytes), for messages and suggestions.
std::string label_text(std::string_view label) {
  std::string wire;
  wire.push_back(static_cast<char>(label.size()));
  wire.append(label);
  wire.push_back('\0');
  std::string text = NameView(wire).to_text();
  text.pop_back();  // the trailing dot
  return text;
}

// Classifies labels that should be <token>.dkim[.<region>].amazonses.com.
TargetMatch classify_target(const std::vector<std::string_view>& labels) {
  TargetMatch m;
  const std::size_t n = labels.size();
  if (n < 2) return m;
  std::size_t sld = n - 2;  // index of the label that should be "amazonses"
  std::string_view tld = labels[n - 1];
  bool tld_missing = false;
  if (edit_distance(labels[n - 1], "amazonses") <= 1 && !ascii_iequals(tld, "com")) {
    sld = n - 1;  // "...amazonses" with ".com" left off
    tld = {};
    tld_missing = true;
  }
  const std::string_view sld_label = labels[sld];
  const bool exact_sld = ascii_iequals(sld_label, "amazonses");
  const bool near_sld = !exact_sld && (edit_distance(sld_label, "amazonses") <= 2);
  if (!exact_sld && !near_sld) return m;
  const bool exact_tld = ascii_iequals(tld, "com");
  std::vector<std::string_view> prefix(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(sld));

  const bool dkim_at_1 = prefix.size() >= 2 && ascii_iequals(prefix[1], "dkim");
  const bool dkim_near_1 = prefix.size() >= 2 && !dkim_at_1 && edit_distance(prefix[1], "dkim") <= 1 &&
                           prefix[1].size() >= 3;
  // amazonaws.com and other near spellings only count where the rest has the DKIM shape, so load
  // balancers and buckets under amazonaws.com are never taken for SES targets.
  if (near_sld && !dkim_at_1 && !dkim_near_1) return m;
  if (prefix.empty() || (ascii_iequals(prefix[0], "dkim") && (prefix.size() == 1 || (prefix.size() == 2 && is_region(prefix[1]))))) {
    // No token: the suggestion needs the owner's token, so it is left to the caller.
    m.kind = Match::near_miss;
    m.problem = "the token label is missing before \"dkim\"";
    if (prefix.size() == 2) m.region = lower(prefix[1]);
    return m;
  }
  m.token = std::string(prefix[0]);
  std::string region;
  if (prefix.size() == 3 && dkim_at_1) region = lower(prefix[2]);

  if (exact_sld && exact_tld && dkim_at_1 && (prefix.size() == 2 || (prefix.size() == 3 && is_region(region)))) {
    m.kind = Match::exact;
    m.region = region;
    return m;
  }
  m.kind = Match::near_miss;
  std::string fixed_region = region;
  if (!exact_sld || !exact_tld) {
    m.problem = tld_missing ? fmt::format("\"{}\" lacks \".com\"", label_text(sld_label))
                            : fmt::format("\"{}.{}\" instead of \"amazonses.com\"", label_text(sld_label),
                                          label_text(tld));
  } else if (prefix.size() == 1) {
    m.problem = "the \"dkim\" label is missing";
  } else if (dkim_near_1) {
    m.problem = fmt::format("\"{}\" instead of \"dkim\"", label_text(prefix[1]));
  } else if (!dkim_at_1) {
    m.problem = fmt::format("\"{}\" where \"dkim\" belongs", label_text(prefix[1]));
  } else if (prefix.size() == 3) {
    const auto closest = closest_region(region);
    fixed_region = closest ? std::string(*closest) : std::string();
    m.problem = closest ? fmt::format("\"{}\" is not an AWS Region where SES runs; did you mean \"{}\"?",
                                      label_text(prefix[2]), *closest)
                        : fmt::format("\"{}\" is not an AWS Region where SES runs", label_text(prefix[2]));
  } else {
    m.problem = "it has extra labels between the token and \"amazonses.com\"";
    fixed_region.clear();
  }
  if (prefix.size() == 3 && !is_region(fixed_region)) fixed_region.clear();
  m.region = fixed_region;
  m.suggestion = fmt::format("{}.dkim.{}amazonses.com.", label_text(prefix[0]),
                             fixed_region.empty() ? std::string() : fixed_region + ".");
  return m;
}

bool is_stray(char32_t cp) {
  if (cp < 0x21 || cp == 0x7F) return true;
  switch (cp) {
    case U'"': case U'\'': case U'`': case 0x00AB: case 0x00BB: case 0x2018: case 0x2019: case 0x201A: case 0x201B:
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2039: case 0x203A:
      return true;
    default:
      return utf8::is_invisible(cp) || utf8::is_blank_filler(cp);
  }
}

// "<token>.dkim.example.com.": the target built on another domain than amazonses.com (a real
// case: alemuro/terraform-aws-ses-email-forwarding issue 5). Only with the owner's own SES token
// in front, so other providers' targets never match.
TargetMatch domain_in_place(NameView target, const OwnerMatch& owner) {
  TargetMatch m;
  const auto labels = labels_of(target);
  if (labels.size() < 3 || !ascii_iequals(strip_stray(labels[1]), "dkim")) return m;
  const std::string token = lower(strip_stray(owner.token));
  if (!is_token_shape(token) || lower(strip_stray(labels[0])) != token) return m;
  std::string rest;
  for (std::size_t i = 2; i < labels.size(); ++i) {
    if (i > 2) rest += '.';
    rest += label_text(labels[i]);  // appends: GCC 12 -O3 gives a false -Wrestrict on "." + string
  }
  m.kind = Match::near_miss;
  m.token = std::string(labels[0]);
  m.problem = fmt::format("\"{}\" instead of \"amazonses.com\"", rest);
  m.suggestion = fmt::format("{}.dkim.amazonses.com.", token);
  return m;
}

}  // namespace

bool in_token_alphabet(std::string_view label) noexcept {
  return std::all_of(label.begin(), label.end(), [](char ch) {
    const auto c = ascii_lower(static_cast<unsigned char>(ch));
    return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
  });
}

bool is_token_shape(std::string_view label) noexcept {
  return label.size() == token_length &&
         std::all_of(label.begin(), label.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); });
}

bool looks_like_token(std::string_view label) noexcept {
  if (label.size() < 24 || label.size() > 40) return false;
  return std::all_of(label.begin(), label.end(), [](char ch) {
    const auto c = ascii_lower(static_cast<unsigned char>(ch));
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

std::span<const std::string_view> regions() noexcept { return ses_regions; }

bool is_region(std::string_view label) noexcept {
  return std::any_of(std::begin(ses_regions), std::end(ses_regions), [&](std::string_view r) { return ascii_iequals(r, label); });
}

std::optional<std::string_view> closest_region(std::string_view label) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 4;
  for (const std::string_view r : ses_regions) {
    const std::size_t d = edit_distance(label, r);
    if (d < best_distance) {
      best_distance = d;
      best = r;
    }
  }
  return best;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return std::max(a.size(), b.size());
  const std::size_t n = a.size(), m = b.size();
  // Rows on the stack: this runs for many labels of a large zone.
  std::array<std::size_t, 66> prev2{}, prev{}, cur{};
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  const auto eq = [&](std::size_t i, std::size_t j) {
    return ascii_lower(static_cast<unsigned char>(a[i])) == ascii_lower(static_cast<unsigned char>(b[j]));
  };
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = eq(i - 1, j - 1) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && eq(i - 1, j - 2) && eq(i - 2, j - 1)) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[m];
}

namespace {

// The common exact form, <token>.dkim[.<region>].amazonses.com. with no stray character: what
// classify_target gives for it, without copying labels.
std::optional<TargetMatch> plain_exact_target(const std::vector<std::string_view>& labels) {
  const std::size_t n = labels.size();
  if (n != 4 && n != 5) return std::nullopt;
  if (!ascii_iequals(labels[n - 1], "com") || !ascii_iequals(labels[n - 2], "amazonses") || !ascii_iequals(labels[1], "dkim"))
    return std::nullopt;
  if (n == 5 && !is_region(labels[2])) return std::nullopt;
  for (const std::string_view l : labels)
    if (may_hold_stray(l)) return std::nullopt;
  if (labels[0].find_first_of(":/") != std::string_view::npos) return std::nullopt;  // a URL
  TargetMatch m;
  m.kind = Match::exact;
  m.token = std::string(labels[0]);
  if (n == 5) m.region = lower(labels[2]);
  return m;
}

}  // namespace

std::size_t url_scheme_length(std::string_view text) noexcept {
  for (const std::string_view scheme : {"https://", "http://"})
    if (text.size() > scheme.size() && ascii_iequals(text.substr(0, scheme.size()), scheme)) return scheme.size();
  return 0;
}

std::string comparable_token(std::string_view raw) {
  const std::string clean = strip_stray(raw);
  return lower(std::string_view(clean).substr(url_scheme_length(clean)));
}

TargetMatch match_target(NameView target, NameView apex) {
  const auto raw = labels_of(target);
  if (auto exact = plain_exact_target(raw)) return std::move(*exact);
  // Stray characters (SES003's finding) do not change what the target was meant to be: compare
  // without them, and drop labels made only of them ("...amazonses.com.\032").
  std::vector<std::string> store;
  store.reserve(raw.size());
  std::vector<std::string_view> labels;
  for (std::size_t i = 0; i < raw.size(); ++i) store.push_back(may_hold_stray(raw[i]) ? strip_stray(raw[i]) : std::string(raw[i]));
  // Nor does a URL pasted from a console or a browser: a name that is no host name, and that SES
  // never looks up. The scheme is read as part of the first label ("https://tok"); the final "/"
  // ends a label ("com/") or is one ("com./"), and the origin follows it, as the name is relative.
  std::string scheme;
  bool slash = false;
  if (!store.empty()) {
    if (const std::size_t n = url_scheme_length(store[0]); n > 0) {
      scheme = store[0].substr(0, n);
      store[0].erase(0, n);
    }
  }
  for (std::size_t i = 1; i < store.size(); ++i) {
    while (!store[i].empty() && store[i].back() == '/') {
      store[i].pop_back();
      slash = true;
    }
  }
  for (std::size_t i = 0; i < raw.size(); ++i)
    if (i == 0 || !store[i].empty()) labels.push_back(store[i]);
  const auto classify = [&](std::size_t count) {
    TargetMatch t = classify_target(std::vector<std::string_view>(labels.begin(), labels.begin() + static_cast<std::ptrdiff_t>(count)));
    if (!t.token.empty()) t.token = std::string(raw[0]);
    return t;
  };
  TargetMatch m = classify(labels.size());
  const bool relative_retry = m.kind == Match::none && !apex.empty() && !apex.is_root() &&
                              target.is_subdomain_of(apex) && !target.equals(apex) && labels.size() > apex.label_count();
  std::size_t keep = labels.size();
  if (relative_retry) {
    // A relative target gets the origin appended: try again without the apex at the end.
    keep = labels.size() - apex.label_count();
    TargetMatch inner = classify(keep);
    if (inner.kind != Match::none) {
      inner.origin_appended = true;
      if (inner.kind == Match::exact) {
        std::string text;
        for (std::size_t i = 0; i < keep; ++i) text += label_text(labels[i]) + ".";
        inner.suggestion = text;
      }
      m = std::move(inner);
    }
  }
  if (m.kind == Match::none || (scheme.empty() && !slash)) return m;
  m.url = true;
  const std::string parts = !scheme.empty() && slash ? fmt::format("the URL scheme \"{}\" and a \"/\" at the end", scheme)
                            : !scheme.empty()        ? fmt::format("the URL scheme \"{}\"", scheme)
                                                     : std::string("a \"/\" at the end, as in a URL");
  if (m.kind == Match::exact) {
    m.kind = Match::near_miss;
    m.problem = fmt::format("it holds {}", parts);
    if (!m.origin_appended) {
      std::string text;
      for (std::size_t i = 0; i < keep; ++i) text += label_text(labels[i]) + ".";
      m.suggestion = text;
    }
  } else {
    m.problem = fmt::format("it holds {}, and {}", parts, m.problem);
  }
  return m;
}

OwnerMatch match_owner(NameView owner) {
  OwnerMatch m;
  const auto raw = labels_of(owner);
  // Compared without stray characters (SES003's finding); label indices stay those of `owner`.
  // Copies only when some label holds one.
  std::vector<std::string> store;
  std::vector<std::string_view> labels = raw;
  if (std::any_of(raw.begin(), raw.end(), may_hold_stray)) {
    store.reserve(raw.size());
    for (const std::string_view l : raw) store.push_back(strip_stray(l));
    labels.assign(store.begin(), store.end());
  }
  const auto corrected = [&](std::string_view token) { return label_text(token) + "._domainkey"; };
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (ascii_iequals(labels[i], "_domainkey")) {
      m.kind = Match::exact;
      m.domainkey_label = i;
      m.token_label = i > 0 ? i - 1 : 0;
      if (i > 0) m.token = std::string(raw[i - 1]);
      // "tok._domainkey._domainkey.example.com" (the label typed twice) or
      // "tok._domainkey.tok._domainkey.example.com" (both typed twice). The record is meant for
      // the domain after the last copy, not for "_domainkey.example.com".
      std::size_t last = i;
      bool token_twice = false;
      for (;;) {
        if (last + 1 < labels.size() && ascii_iequals(labels[last + 1], "_domainkey")) {
          ++last;
        } else if (i > 0 && last + 2 < labels.size() && ascii_iequals(labels[last + 1], labels[i - 1]) &&
                   ascii_iequals(labels[last + 2], "_domainkey")) {
          last += 2;
          token_twice = true;
        } else {
          break;
        }
      }
      if (last > i && i > 0) {
        m.kind = Match::near_miss;
        m.domainkey_label = last;
        m.problem = token_twice ? fmt::format("\"{}\" is written twice", corrected(labels[i - 1]))
                                : std::string("the \"_domainkey\" label is written twice");
        m.corrected_label = corrected(m.token);
      }
      m.identity = Name(std::string(owner.parent(m.domainkey_label + 1).wire()));
      return m;
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::string_view l = labels[i];
    std::string_view token;
    std::string problem;
    if (l.size() > 10 && iends_with(l, "._domainkey")) {
      token = l.substr(0, l.size() - 11);
      problem = "the dot before \"_domainkey\" is escaped, so it is part of one label";
    } else if (l.size() > 10 && iends_with(l, "_domainkey")) {
      token = l.substr(0, l.size() - 10);
      problem = "the dot before \"_domainkey\" is missing";
    } else if (i > 0 && (ascii_iequals(l, "domainkey") || ascii_iequals(l, "-domainkey") || ascii_iequals(l, ".domainkey"))) {
      token = raw[i - 1];
      problem = fmt::format("\"{}\" is missing the underscore of \"_domainkey\"", label_text(l));
    } else if (i > 0 && l.size() >= 6 && edit_distance(l, "_domainkey") <= 2 &&
               (l[0] == '_' || l.find("omain") != std::string_view::npos)) {
      token = raw[i - 1];
      problem = fmt::format("\"{}\" is a misspelling of \"_domainkey\"", label_text(l));
    } else if (i > 0 && (ascii_iequals(l, "dkim") || ascii_iequals(l, "_dkim")) &&
               (is_token_shape(lower(labels[i - 1])) || looks_like_token(labels[i - 1]))) {
      // "tok.dkim.example.com": the "dkim" of the target written where "_domainkey" belongs.
      token = raw[i - 1];
      problem = fmt::format("\"{}\" is where \"_domainkey\" belongs", label_text(l));
    } else {
      continue;
    }
    m.kind = Match::near_miss;
    m.domainkey_label = i;
    m.token_label = (iends_with(l, "_domainkey") && l.size() > 10) ? i : i - 1;
    if (ascii_iequals(l, "dkim") || ascii_iequals(l, "_dkim")) {
      // The CNAME's value pasted as its name ("tok.dkim.amazonses.com" with the zone appended):
      // the whole target is what stands where "_domainkey" belongs, and the domain follows it.
      std::size_t k = i + 1;
      if (k < labels.size() && is_region(lower(labels[k]))) ++k;
      if (k + 2 < labels.size() && ascii_iequals(labels[k], "amazonses") && ascii_iequals(labels[k + 1], "com")) {
        m.domainkey_label = k + 1;
        std::string value = label_text(token);
        for (std::size_t j = i; j <= k + 1; ++j) value += "." + label_text(labels[j]);
        problem = fmt::format("the CNAME's value \"{}\" is written as its name", value);
      }
    }
    m.token = std::string(token);
    m.problem = std::move(problem);
    m.corrected_label = corrected(token);
    m.identity = Name(std::string(owner.parent(m.domainkey_label + 1).wire()));
    return m;
  }
  return m;
}

std::vector<StrayCharacter> find_stray(std::string_view bytes) {
  std::vector<StrayCharacter> out;
  for (std::size_t i = 0; i < bytes.size();) {
    const auto d = utf8::decode(bytes, i);
    if (!d.valid || is_stray(d.code_point)) out.push_back({i, d.length, d.valid ? d.code_point : U'\uFFFD'});
    i += d.length;
  }
  return out;
}

std::string strip_stray(std::string_view bytes) {
  if (!may_hold_stray(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < bytes.size();) {
    const auto d = utf8::decode(bytes, i);
    if (d.valid && !is_stray(d.code_point)) out.append(bytes.substr(i, d.length));
    i += d.length;
  }
  return out;
}

std::string describe_code_point(char32_t cp) {
  static constexpr std::pair<char32_t, std::string_view> names[] = {
      {0x0000, "NULL"},
      {0x0007, "BELL"},
      {0x0008, "BACKSPACE"},
      {0x0009, "CHARACTER TABULATION"},
      {0x000A, "LINE FEED"},
      {0x000B, "LINE TABULATION"},
      {0x000C, "FORM FEED"},
      {0x000D, "CARRIAGE RETURN"},
      {0x001B, "ESCAPE"},
      {0x0020, "SPACE"},
      {0x0022, "QUOTATION MARK"},
      {0x0027, "APOSTROPHE"},
      {0x0060, "GRAVE ACCENT"},
      {0x007F, "DELETE"},
      {0x0085, "NEXT LINE"},
      {0x00A0, "NO-BREAK SPACE"},
      {0x00AB, "LEFT-POINTING DOUBLE ANGLE QUOTATION MARK"},
      {0x00AD, "SOFT HYPHEN"},
      {0x00BB, "RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK"},
      {0x034F, "COMBINING GRAPHEME JOINER"},
      {0x061C, "ARABIC LETTER MARK"},
      {0x115F, "HANGUL CHOSEONG FILLER"},
      {0x1160, "HANGUL JUNGSEONG FILLER"},
      {0x1680, "OGHAM SPACE MARK"},
      {0x17B4, "KHMER VOWEL INHERENT AQ"},
      {0x17B5, "KHMER VOWEL INHERENT AA"},
      {0x180B, "MONGOLIAN FREE VARIATION SELECTOR ONE"},
      {0x180C, "MONGOLIAN FREE VARIATION SELECTOR TWO"},
      {0x180D, "MONGOLIAN FREE VARIATION SELECTOR THREE"},
      {0x180E, "MONGOLIAN VOWEL SEPARATOR"},
      {0x180F, "MONGOLIAN FREE VARIATION SELECTOR FOUR"},
      {0x2000, "EN QUAD"},
      {0x2001, "EM QUAD"},
      {0x2002, "EN SPACE"},
      {0x2003, "EM SPACE"},
      {0x2004, "THREE-PER-EM SPACE"},
      {0x2005, "FOUR-PER-EM SPACE"},
      {0x2006, "SIX-PER-EM SPACE"},
      {0x2007, "FIGURE SPACE"},
      {0x2008, "PUNCTUATION SPACE"},
      {0x2009, "THIN SPACE"},
      {0x200A, "HAIR SPACE"},
      {0x200B, "ZERO WIDTH SPACE"},
      {0x200C, "ZERO WIDTH NON-JOINER"},
      {0x200D, "ZERO WIDTH JOINER"},
      {0x200E, "LEFT-TO-RIGHT MARK"},
      {0x200F, "RIGHT-TO-LEFT MARK"},
      {0x2018, "LEFT SINGLE QUOTATION MARK"},
      {0x2019, "RIGHT SINGLE QUOTATION MARK"},
      {0x201A, "SINGLE LOW-9 QUOTATION MARK"},
      {0x201B, "SINGLE HIGH-REVERSED-9 QUOTATION MARK"},
      {0x201C, "LEFT DOUBLE QUOTATION MARK"},
      {0x201D, "RIGHT DOUBLE QUOTATION MARK"},
      {0x201E, "DOUBLE LOW-9 QUOTATION MARK"},
      {0x201F, "DOUBLE HIGH-REVERSED-9 QUOTATION MARK"},
      {0x2028, "LINE SEPARATOR"},
      {0x2029, "PARAGRAPH SEPARATOR"},
      {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
      {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
      {0x202C, "POP DIRECTIONAL FORMATTING"},
      {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
      {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
      {0x202F, "NARROW NO-BREAK SPACE"},
      {0x2039, "SINGLE LEFT-POINTING ANGLE QUOTATION MARK"},
      {0x203A, "SINGLE RIGHT-POINTING ANGLE QUOTATION MARK"},
      {0x205F, "MEDIUM MATHEMATICAL SPACE"},
      {0x2060, "WORD JOINER"},
      {0x2061, "FUNCTION APPLICATION"},
      {0x2062, "INVISIBLE TIMES"},
      {0x2063, "INVISIBLE SEPARATOR"},
      {0x2064, "INVISIBLE PLUS"},
      {0x2800, "BRAILLE PATTERN BLANK"},
      {0x3000, "IDEOGRAPHIC SPACE"},
      {0x3164, "HANGUL FILLER"},
      {0xFEFF, "ZERO WIDTH NO-BREAK SPACE (byte order mark)"},
      {0xFFA0, "HALFWIDTH HANGUL FILLER"},
      {0xFFFD, "an invalid UTF-8 byte"},
      {0xE0001, "LANGUAGE TAG"},
      {0xE0020, "TAG SPACE"},
      {0xE007F, "CANCEL TAG"},
  };
  for (const auto& [code, name] : names) {
    if (code == cp) return cp == 0xFFFD ? std::string(name) : fmt::format("U+{:04X} {}", static_cast<std::uint32_t>(cp), name);
  }
  const auto numbered = [&](std::string_view what, char32_t first, unsigned from) {
    return fmt::format("U+{:04X} {}{}", static_cast<std::uint32_t>(cp), what, static_cast<unsigned>(cp - first) + from);
  };
  if (cp >= 0xFE00 && cp <= 0xFE0F) return numbered("VARIATION SELECTOR-", 0xFE00, 1);
  if (cp >= 0xE0100 && cp <= 0xE01EF) return numbered("VARIATION SELECTOR-", 0xE0100, 17);
  if (cp >= 0xE0021 && cp <= 0xE007E)
    return fmt::format("U+{:04X} TAG character ('{}')", static_cast<std::uint32_t>(cp), static_cast<char>(cp - 0xE0000));
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp));
}

std::string describe_code_points(std::span<const char32_t> run) {
  if (run.empty()) return {};
  const std::string first = describe_code_point(run.front());
  if (run.size() == 1) return first;
  if (std::all_of(run.begin(), run.end(), [&](char32_t cp) { return cp == run.front(); }))
    return run.size() == 2 ? first + " twice" : fmt::format("{} {} times", first, run.size());
  const std::size_t shown = std::min<std::size_t>(run.size(), 3);
  std::string names;
  for (std::size_t k = 0; k < shown; ++k) {
    if (k > 0) names += k + 1 == shown && run.size() == shown ? " and " : ", ";
    names += describe_code_point(run[k]);
  }
  if (run.size() > shown) names += fmt::format(" and {} more", run.size() - shown);
  return names + " in a row";
}

std::optional<Name> name_without_stray(NameView name) {
  bool any = false;
  name.for_each_label([&](std::string_view l) { any = any || may_hold_stray(l); });
  if (!any) return std::nullopt;
  std::string wire;
  bool ended = false;
  name.for_each_label([&](std::string_view l) {
    if (ended) return;
    const std::string clean = strip_stray(l);
    if (clean.empty() || clean.size() > 63) {
      ended = true;
      return;
    }
    wire.push_back(static_cast<char>(clean.size()));
    wire.append(clean);
  });
  if (wire.empty()) return std::nullopt;
  wire.push_back('\0');
  return Name(std::move(wire));
}

std::optional<Name> strip_duplicated_apex(NameView name, NameView apex) {
  if (apex.empty() || apex.is_root()) return std::nullopt;
  const std::string_view apex_wire = apex.wire();
  // Most names do not even end in the apex twice by length and bytes: no copy for them.
  const std::string_view name_wire = name.wire();
  const std::size_t doubled_size = 2 * apex_wire.size() - 1;
  if (name_wire.size() < doubled_size) return std::nullopt;
  const std::string_view tail = name_wire.substr(name_wire.size() - doubled_size);
  const auto same = [](std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i]))) return false;
    return true;
  };
  if (!same(tail.substr(0, apex_wire.size() - 1), apex_wire.substr(0, apex_wire.size() - 1)) ||
      !same(tail.substr(apex_wire.size() - 1), apex_wire))
    return std::nullopt;
  std::string doubled(apex_wire.substr(0, apex_wire.size() - 1));
  doubled.append(apex_wire);
  if (!name.is_subdomain_of(NameView(doubled))) return std::nullopt;
  std::string wire(name.wire().substr(0, name.wire().size() - apex_wire.size()));
  wire.push_back('\0');
  return Name(std::move(wire));
}

std::vector<std::pair<std::size_t, std::size_t>> written_labels(std::string_view written) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  if (written == "@") return out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < written.size();) {
    if (written[i] == '\\' && i + 1 < written.size()) {
      const bool decimal = i + 3 < written.size() && std::isdigit(static_cast<unsigned char>(written[i + 1])) &&
                           std::isdigit(static_cast<unsigned char>(written[i + 2])) &&
                           std::isdigit(static_cast<unsigned char>(written[i + 3]));
      i += decimal ? 4 : 2;
      continue;
    }
    if (written[i] == '.') {
      out.emplace_back(begin, i);
      begin = i + 1;
    }
    ++i;
  }
  if (begin < written.size()) out.emplace_back(begin, written.size());
  return out;
}

std::optional<Span> editable_span(const LintContext& context, const Record& r, std::uint32_t begin, std::uint32_t end) {
  if (r.has(record_flag::generated) || end < begin) return std::nullopt;
  if (!context.zone().text(r.text).is_file_text() && begin == end) {
    // Synthesised text: an insertion is safe right after a byte copied as it is from a string of
    // the export (a 1-byte span; an escape maps to more), which is still inside that string.
    const Span before = begin > 0 ? context.span(r, begin - 1, begin) : Span{};
    if (!before.valid() || before.size() != 1) return std::nullopt;
    return Span{before.file, before.end, before.end};
  }
  const Span span = context.span(r, begin, end);
  if (!span.valid() || span.size() != end - begin) return std::nullopt;
  return span;
}

TokenPlaces token_places(const LintContext& context, const DkimRecord& d) {
  TokenPlaces out;
  const Record& r = context.records()[d.index];
  const std::string_view text = context.text(r);
  const RecordTokens tokens = context.tokens(r);
  if (tokens.owner && !tokens.owner->quoted() && !d.owner_raw_token().empty()) {
    const Token& t = *tokens.owner;
    const auto labels = written_labels(t.content(text));
    if (d.owner.token_label < labels.size()) {
      auto [b, e] = labels[d.owner.token_label];
      if (d.owner.kind == Match::near_miss && d.owner.token_label == d.owner.domainkey_label) {
        // "tok_domainkey" or "tok\._domainkey": the token is the front of the label.
        const std::string_view label = t.content(text).substr(b, e - b);
        std::size_t cut = label.size() >= 10 ? label.size() - 10 : 0;
        if (cut >= 2 && label.substr(cut - 2, 2) == "\\.") cut -= 2;
        e = b + cut;
      }
      if (e > b) out.owner = std::make_pair(static_cast<std::uint32_t>(t.content_begin() + b),
                                            static_cast<std::uint32_t>(t.content_begin() + e));
    }
  }
  if (d.target.kind != Match::none && !d.target_raw_token().empty() && !tokens.rdata.empty() &&
      !tokens.rdata.front().quoted()) {
    const Token& t = tokens.rdata.front();
    const std::string_view content = t.content(text);
    const auto labels = written_labels(content);
    if (!labels.empty() && labels[0].second > labels[0].first) {
      // A URL's scheme ("https://tok") is no part of the token (SES007's).
      const std::size_t scheme = url_scheme_length(content.substr(labels[0].first, labels[0].second - labels[0].first));
      if (labels[0].first + scheme < labels[0].second)
        out.target = std::make_pair(static_cast<std::uint32_t>(t.content_begin() + labels[0].first + scheme),
                                    static_cast<std::uint32_t>(t.content_begin() + labels[0].second));
    }
  }
  return out;
}

namespace {

// 0 for none, else 1 + the index of `region` (lowercase) in ses_regions.
std::uint8_t region_index(std::string_view region) noexcept {
  if (region.empty()) return 0;
  for (std::size_t k = 0; k < std::size(ses_regions); ++k)
    if (ascii_iequals(ses_regions[k], region)) return static_cast<std::uint8_t>(k + 1);
  return 0;
}

// A token written as SES issues it, so that lower(strip_stray(raw)) is `raw` itself.
bool plain_token(std::string_view raw) noexcept {
  for (const char c : raw)
    if (stray_starts[static_cast<unsigned char>(c)] || (c >= 'A' && c <= 'Z')) return false;
  return true;
}

// The usual Easy DKIM CNAME, decided without building names or strings: an owner
// "<tok>._domainkey.<identity>" with plain labels and a target written
// "<tok>.dkim[.<region>].amazonses.com." with the same bytes for <tok> (absolute, no escape, no
// stray or upper-case byte in the token). What the general path gives for it: match_owner finds
// the exact _domainkey label (no label holds a stray byte, so none is stripped), the target parses
// to exactly these labels and plain_exact_target classifies it exact; both tokens are the raw
// label, already lowercase. Returns false for anything else, which takes the general path.
struct PlainDkim {
  std::size_t domainkey_label = 0;
  std::string_view token;  // a label of the owner (a view into the zone's names)
  std::uint8_t region = 0;
};
// The owner part: every label without a byte that may start a stray character, and a first
// "_domainkey" label after at least one label (then match_owner finds it exact, token in front).
bool plain_domainkey_owner(NameView owner, PlainDkim& out) {
  std::size_t index = 0;
  bool found = false, stray = false, twice = false;
  owner.for_each_label([&](std::string_view l) {
    if (stray || may_hold_stray(l)) {
      stray = true;
      return;
    }
    if (!found && ascii_iequals(l, "_domainkey")) {
      found = true;
      out.domainkey_label = index;
    } else if (found && index == out.domainkey_label + 1 &&
               ((l.size() == 10 && ascii_iequals(l, "_domainkey")) || (l.size() == out.token.size() && ascii_iequals(l, out.token)))) {
      // Perhaps "tok._domainkey._domainkey" or "tok._domainkey.tok._domainkey": match_owner decides.
      twice = true;
    }
    if (!found) out.token = l;
    ++index;
  });
  return !stray && !twice && found && out.domainkey_label > 0;
}

bool plain_dkim_cname(NameView owner, std::string_view written, PlainDkim& out) {
  if (!plain_domainkey_owner(owner, out) || !plain_token(out.token)) return false;
  // The target: absolute, 4 or 5 plain labels.
  if (written.size() < 2 || written.back() != '.') return false;
  std::array<std::string_view, 5> labels{};
  std::size_t n = 0, begin = 0;
  for (std::size_t i = 0; i < written.size(); ++i) {
    const char c = written[i];
    if (c == '.') {
      if (i == begin || i - begin > 63 || n == labels.size()) return false;
      labels[n++] = written.substr(begin, i - begin);
      begin = i + 1;
    } else if (c == '\\' || c == '(' || c == ')' || c == ';' || stray_starts[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  if (n != 4 && n != 5) return false;
  if (labels[0] != out.token || !ascii_iequals(labels[1], "dkim") || !ascii_iequals(labels[n - 2], "amazonses") ||
      !ascii_iequals(labels[n - 1], "com"))
    return false;
  out.region = 0;
  if (n == 5) {
    out.region = region_index(labels[2]);
    if (out.region == 0) return false;
  }
  return true;
}

}  // namespace

SesAnalysis::SesAnalysis(const LintContext& context) {
  const NameView apex = context.apex();
  const auto records = context.records();
  // Owners are interned, so each distinct owner is classified once.
  std::vector<std::int8_t> owner_is_candidate(context.zone().names.size(), -1);
  // Relative CNAME targets get their origin appended: per origin, whether its labels could be
  // part of an SES target (origins are few: a map).
  std::unordered_map<NameId, bool> origin_may_name_ses;
  // Whether match_target (or domain_in_place, which needs a _domainkey owner) could match the
  // target of `r`: decided on the text as written, without lexing or building the name.
  const auto target_may_be_ses = [&](const Record& r) {
    const std::string_view written = context.text(r).substr(r.rdata_begin, r.rdata_end - r.rdata_begin);
    if (!written.empty() && written.back() == '.' && written != ".") return absolute_text_may_name_ses(written);
    if (text_may_name_ses(written)) return true;
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in a lambda.
    const auto inserted = origin_may_name_ses.try_emplace(r.origin, false);
    bool& may = inserted.first->second;
    if (inserted.second) context.origin(r).for_each_label([&](std::string_view l) { may = may || may_name_ses_label(l); });
    return may;
  };

  const auto is_candidate_label = [](std::string_view raw) {
    // "domainkey" needs 9 bytes, a label two edits from "_domainkey" 8; stripping only shortens.
    if (raw.size() < 8) return false;
    // Most labels are plain: compare without copying; strip stray characters only when present.
    const bool stray = may_hold_stray(raw);
    const std::string stripped = stray ? strip_stray(raw) : std::string();
    const std::string_view l = stray ? std::string_view(stripped) : raw;
    if (l.size() < 6) return false;
    // Longer than 12 bytes, a label is more than two edits from "_domainkey": only the substring
    // test is left, which needs a 'k' (0x4B and 0x6B are the only bytes that become 'k' with bit
    // 0x20 set).
    if (l.size() > 12 && !holds_k(l)) return false;
    return icontains(l, "domainkey") || near_word(l, "_domainkey", 2);
  };
  std::int8_t apex_candidate = -1;
  if (!apex.empty()) {
    apex_candidate = 0;
    apex.for_each_label([&](std::string_view l) { apex_candidate = (apex_candidate == 1 || is_candidate_label(l)) ? 1 : 0; });
  }

  // Built in a deque (no copy of what is there while it grows), then copied once to `dkim`.
  std::deque<DkimRecord> building;
  // A record in the general form: its matches as computed, kept as views where they are the plain
  // form, else with a DkimDetail.
  const auto add = [&](std::uint32_t i, NameView owner, const OwnerMatch& om, const TargetMatch& tm) {
    DkimRecord d;
    d.index = i;
    d.owner = {om.kind, om.label_missing, static_cast<std::uint8_t>(om.token_label),
               static_cast<std::uint8_t>(om.domainkey_label)};
    d.target = {tm.kind, tm.origin_appended, tm.url, region_index(tm.region)};
    // The identity is always the owner or one of its parents.
    const NameView identity(owner.wire().substr(owner.wire().size() - om.identity.wire().size()));
    std::optional<Name> stripped = strip_duplicated_apex(identity, apex);
    d.duplicated_apex = stripped.has_value();
    // Stray characters in the identity are SES003's: group the record with the identity it means.
    if (!stripped) stripped = name_without_stray(identity);
    const bool plain = !stripped && om.problem.empty() && om.corrected_label.empty() && tm.problem.empty() &&
                       tm.suggestion.empty() && om.token_label < owner.label_count() &&
                       (om.token.empty() || (owner.label(om.token_label) == om.token && plain_token(om.token))) &&
                       (tm.token.empty() || (tm.token == om.token && !om.token.empty()));
    if (plain) {
      d.owner_token = om.token.empty() ? std::string_view() : owner.label(om.token_label);
      d.target_token_is = tm.token.empty() ? DkimRecord::TargetToken::none : DkimRecord::TargetToken::owner_token;
      d.identity = identity;
    } else {
      DkimDetail& x = details_.emplace_back();
      x.owner_token_raw = om.token;
      x.owner_problem = om.problem;
      x.corrected_label = om.corrected_label;
      x.target_token_raw = tm.token;
      x.target_problem = tm.problem;
      x.target_suggestion = tm.suggestion;
      x.owner_token = lower(strip_stray(om.token));
      x.target_token = comparable_token(tm.token);
      if (stripped) x.identity = std::move(*stripped);
      d.detail = &x;
      d.owner_token = x.owner_token;
      d.target_token_is = DkimRecord::TargetToken::detail;
      d.identity = stripped ? x.identity.view() : identity;
    }
    building.push_back(d);
  };

  // The cheap tests of the records with name fields (NameRdata), taken in this pass: it reads the
  // text of the CNAME records (a large share of those) anyway.
  const NameRdata::Scanner name_rdata_scan(context);
  name_rdata.assign(records.size(), 0);
  constexpr std::uint32_t ahead = 8;
  for (std::uint32_t i = 0; i < records.size(); ++i) {
    if (i + ahead < records.size()) {
      const Record& next = records[i + ahead];
      if (name_rdata_scan.reads(next)) __builtin_prefetch(context.text(next).data() + next.rdata_begin);
    }
    const Record& r = records[i];
    name_rdata[i] = name_rdata_scan(context, r);
    const bool has_target = r.type == rr::CNAME || r.has(record_flag::alias);
    std::int8_t& candidate = owner_is_candidate[r.owner];
    if (candidate == 0 && !has_target) continue;  // most records: one byte looked at
    const NameView owner = context.owner(r);
    if (candidate < 0) {
      bool found = false;
      // Below the apex only the labels in front of it need a look; the apex's were looked at once.
      NameView examined = owner;
      if (const std::string_view front = wire_in_front(owner, apex); !front.empty()) {
        examined = NameView(front);  // what the test below finds, without comparing case-insensitively
        found = apex_candidate == 1;
      } else if (apex_candidate >= 0 && owner.wire().size() > apex.wire().size() && owner.is_subdomain_of(apex)) {
        examined = NameView(owner.wire().substr(0, owner.wire().size() - apex.wire().size()));
        found = apex_candidate == 1;
      }
      examined.for_each_label([&](std::string_view raw) { found = found || is_candidate_label(raw); });
      candidate = found ? 1 : 0;
    }
    if (candidate == 0 && (!has_target || !target_may_be_ses(r))) continue;

    if (candidate == 1 && !has_target) {
      // A record at <selector>._domainkey (a DKIM key, mostly) whose selector is not token-like
      // is no Easy DKIM record: what the general path decides below ("never a provider's selector
      // or a DKIM key") for a plain owner, whose token has no stray character to strip.
      PlainDkim plain;
      if (plain_domainkey_owner(owner, plain) &&
          !(plain.token.size() == token_length && in_token_alphabet(plain.token)) && !looks_like_token(plain.token))
        continue;
    }
    if (candidate == 1 && r.type == rr::CNAME && !r.has(record_flag::alias)) {
      PlainDkim plain;
      if (plain_dkim_cname(owner, context.rdata_text(r), plain)) {
        const NameView identity = owner.parent(plain.domainkey_label + 1);
        if (!strip_duplicated_apex(identity, apex)) {
          DkimRecord d;
          d.index = i;
          d.owner = {Match::exact, false, static_cast<std::uint8_t>(plain.domainkey_label - 1),
                     static_cast<std::uint8_t>(plain.domainkey_label)};
          d.target = {Match::exact, false, false, plain.region};
          d.owner_token = plain.token;
          d.target_token_is = DkimRecord::TargetToken::owner_token;
          d.identity = identity;
          building.push_back(d);
          continue;
        }
      }
    }

    OwnerMatch om = candidate == 1 ? match_owner(owner) : OwnerMatch{};
    TargetMatch tm;
    if (has_target) {
      // A target written as one plain word is its RDATA text: no lexing.
      const std::string_view written = context.rdata_text(r);
      const bool plain = !written.empty() && std::none_of(written.begin(), written.end(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '(' || c == ')' || c == ';';
      });
      std::optional<Name> parsed;
      if (plain) {
        Name name;
        NameError error;
        if (parse_name(written, context.origin(r), name, error)) parsed = std::move(name);
      } else if (const auto tokens = context.rdata_tokens(r); !tokens.empty()) {
        parsed = context.rdata_name(r, tokens.front());
      }
      if (const auto& target = parsed) {
        // A relative target has the origin in effect appended, which may be below the apex.
        const NameView origin = context.origin(r);
        tm = match_target(*target, origin.empty() ? apex : origin);
        if (tm.kind == Match::none && !origin.empty() && !origin.equals(apex)) tm = match_target(*target, apex);
        if (tm.kind == Match::none && om.kind != Match::none) tm = domain_in_place(*target, om);
      }
    }
    const bool ses_target = tm.kind != Match::none;
    if (om.kind == Match::none && ses_target && candidate == 0) om = match_owner(owner);  // "tok.dkim"
    if (om.kind == Match::none) {
      if (!ses_target) continue;
      // An SES target on an owner without any _domainkey label: the label was left out.
      om.kind = Match::near_miss;
      om.token_label = 0;
      om.domainkey_label = 1;
      om.problem = "the \"._domainkey\" label is missing";
      om.label_missing = true;
      // "tok.example.com": the first label is the token. "mail.example.com": neither the token
      // nor _domainkey was written, and the owner is the identity itself.
      const std::string first = lower(strip_stray(owner.first_label()));
      if (is_token_shape(first) || looks_like_token(first) || first == comparable_token(tm.token)) {
        om.token = std::string(owner.first_label());
        om.corrected_label = label_text(owner.first_label()) + "._domainkey";
        om.identity = Name(std::string(owner.parent(1).wire()));
      } else {
        om.identity = Name(std::string(owner.wire()));
      }
    } else if (!ses_target) {
      // A _domainkey record that is not an SES CNAME: Easy DKIM only when its token says so
      // (for example the CNAME published as TXT); never a provider's selector or a DKIM key.
      if (!is_token_shape(lower(strip_stray(om.token))) && !looks_like_token(strip_stray(om.token))) continue;
      // A CNAME to some other provider; but an alias never answers with a CNAME, so one at a token's
      // name is an Easy DKIM record published the wrong way (SES009).
      if (has_target && !r.has(record_flag::alias)) continue;
      if (r.type == rr::TXT || r.type == rr::SPF) {
        bool key = false;
        for (const DecodedString& s : context.txt_strings(r))
          if (s.bytes.find("p=") != std::string::npos) key = true;
        if (key) continue;
      }
    }
    add(i, owner, om, tm);
  }

  dkim.assign(building.begin(), building.end());
  std::deque<DkimRecord>().swap(building);

  // Identities in order of discovery, one per domain up to ASCII case (what their key, the
  // lowercase presentation text, tells apart); the first spelling seen is kept.
  constexpr std::uint32_t no_identity = 0xFFFFFFFFu;
  std::vector<Identity> found;
  std::unordered_map<std::uint64_t, std::uint32_t> first_with_hash;  // case-insensitive hash
  std::vector<std::uint32_t> next_with_hash;                         // the others with that hash
  std::uint32_t last = no_identity;  // records of one identity are usually adjacent
  const auto identity_for = [&](NameView domain) -> Identity& {
    if (last != no_identity && found[last].domain.equals(domain)) return found[last];
    const auto size = static_cast<std::uint32_t>(found.size());
    const auto [it, added] = first_with_hash.try_emplace(domain.hash(), size);
    if (!added) {
      for (std::uint32_t k = it->second; k != no_identity; k = next_with_hash[k]) {
        if (found[k].domain.equals(domain)) {
          last = k;
          return found[k];
        }
      }
      next_with_hash.push_back(it->second);
      it->second = size;
    } else {
      next_with_hash.push_back(no_identity);
    }
    found.emplace_back().domain = domain;
    last = size;
    return found.back();
  };
  for (std::size_t k = 0; k < dkim.size(); ++k) identity_for(dkim[k].identity).dkim.push_back(k);

  // Legacy domain verification: _amazonses.<identity> TXT.
  for (const std::uint32_t i : context.of_type(rr::TXT)) {
    const NameView owner = context.owner(records[i]);
    if (!ascii_iequals(owner.first_label(), "_amazonses")) continue;
    NameView domain = owner.parent(1);
    if (auto stripped = strip_duplicated_apex(domain, apex)) domain = names_.emplace_back(std::move(*stripped)).view();
    identity_for(domain).verification.push_back(i);
  }

  // --ses-identity: by its domain, else by a token the zone carries, else the zone apex.
  for (const SesIdentityData& data : context.options().ses_identities) {
    std::optional<NameView> domain;
    if (data.domain) domain = data.domain->view();
    if (!domain) {
      for (const DkimRecord& d : dkim) {
        for (const std::string& token : data.dkim_tokens) {
          if (lower(token) == d.owner_token || lower(token) == d.target_token()) domain = d.identity;
        }
        if (domain) break;
      }
    }
    if (!domain && !apex.empty()) domain = apex;
    if (domain) identity_for(*domain).expected.push_back(&data);
  }
  // Sorted by lowercase presentation text; the keys share one buffer.
  std::string keys;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> key_at(found.size());  // [begin, end) in keys
  for (std::size_t k = 0; k < found.size(); ++k) {
    const auto begin = static_cast<std::uint32_t>(keys.size());
    found[k].domain.append_text(keys);
    for (std::size_t c = begin; c < keys.size(); ++c)
      keys[c] = static_cast<char>(ascii_lower(static_cast<unsigned char>(keys[c])));
    key_at[k] = {begin, static_cast<std::uint32_t>(keys.size())};
  }
  const auto key = [&](std::uint32_t k) {
    return std::string_view(keys).substr(key_at[k].first, key_at[k].second - key_at[k].first);
  };
  std::vector<std::uint32_t> order(found.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<std::uint32_t>(k);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  identities.reserve(found.size());
  for (const std::uint32_t k : order) identities.push_back(std::move(found[k]));
  by_hash_.reserve(identities.size());
  for (std::size_t k = 0; k < identities.size(); ++k)
    by_hash_.emplace_back(identities[k].domain.hash(), static_cast<std::uint32_t>(k));
  std::sort(by_hash_.begin(), by_hash_.end());
}

const Identity* SesAnalysis::identity(NameView domain) const {
  // Keys of `identities` are unique up to ASCII case, which is what the hash and equals ignore.
  const std::uint64_t h = domain.hash();
  auto it = std::lower_bound(by_hash_.begin(), by_hash_.end(), std::make_pair(h, std::uint32_t{0}));
  for (; it != by_hash_.end() && it->first == h; ++it)
    if (identities[it->second].domain.equals(domain)) return &identities[it->second];
  return nullptr;
}

std::string SesAnalysis::hosted_zone(const Identity& identity) const {
  for (const SesIdentityData* data : identity.expected)
    if (data->signing_hosted_zone && !data->byodkim()) return lower(*data->signing_hosted_zone);
  // Uses per region index (0: dkim.amazonses.com); regions() is sorted, so the first of the most
  // used is the first in text order, as with a map keyed by region.
  std::array<std::size_t, std::size(ses_regions) + 1> uses{};
  bool any = false;
  for (const std::size_t k : identity.dkim) {
    const DkimRecord& d = dkim[k];
    if (d.target.kind == Match::exact) {
      ++uses[d.target.region_index];
      any = true;
    }
  }
  if (!any) return "dkim.amazonses.com";
  const auto best = static_cast<std::size_t>(std::max_element(uses.begin(), uses.end()) - uses.begin());
  if (best == 0) return "dkim.amazonses.com";
  return fmt::format("dkim.{}.amazonses.com", ses_regions[best - 1]);
}

bool unread_line_mentions(const LintContext& context, std::string_view needle) {
  const Zone& zone = context.zone();
  if (needle.empty()) return false;
  const std::string lowered = lower(needle);
  for (const Diagnostic& d : zone.diagnostics) {
    if (d.severity != Severity::error || !d.span.valid()) continue;
    const SourceFile& file = zone.files().file(d.span.file);
    if (lower(file.line_text(file.line_of(d.span.begin))).find(lowered) != std::string::npos) return true;
  }
  return false;
}

std::optional<std::uint32_t> zone_anchor(const LintContext& context) {
  const auto records = context.records();
  if (records.empty()) return std::nullopt;
  const auto soa = context.of_type(rr::SOA);
  if (!soa.empty()) return soa.front();
  if (!context.apex().empty()) {
    if (const auto id = context.find_owner(context.apex())) {
      const auto at = context.at_owner(*id);
      if (!at.empty()) return at.front();
    }
  }
  return 0;
}

}  // namespace zonelint::ses
