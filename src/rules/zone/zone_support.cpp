#include "rules/zone/zone_support.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "parse/entry_error.hpp"
#include "parse/token_lexer.hpp"
#include "rules/zone/public_suffixes.hpp"

namespace zonelint::rules::zone_support {
namespace {

using K = FieldKind;

// Field kinds that are always exactly one token in presentation form. Kinds not listed (newer or
// multi-token ones) make field_token_index give up, which only makes a rule skip a field.
bool single_token(FieldKind kind) noexcept {
  switch (kind) {
    case K::name: case K::u8: case K::u16: case K::u32: case K::period: case K::ttl: case K::ipv4:
    case K::ipv6: case K::string: case K::rrtype: case K::time: case K::algorithm: case K::digest_type:
    case K::cert_type: case K::caa_tag: case K::eui48: case K::eui64: case K::l64: case K::ilnp_ipv4:
    case K::salt: case K::hash32:
      return true;
    default:
      return false;
  }
}

// Lowercases the uncompressed wire name starting at `pos`; false when the bytes are not a name.
bool lower_name(std::string& wire, std::size_t& pos) {
  while (pos < wire.size()) {
    const auto len = static_cast<unsigned char>(wire[pos]);
    if (len > max_label_length) return false;
    ++pos;
    if (len == 0) return true;
    if (pos + len > wire.size()) return false;
    for (std::size_t i = pos; i < pos + len; ++i)
      wire[i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(wire[i])));
    pos += len;
  }
  return false;
}

// The canonical form of RDATA (RFC 4034 §6.2): the names of the listed types lowercased. False when
// the wire bytes do not follow the type's layout; the caller then compares the bytes exactly.
bool canonical_form(RRType type, std::string_view wire, std::string& out) {
  out.assign(wire);
  const RRTypeInfo* info = find_type(type);
  if (info == nullptr || !info->names_canonical_lowercase) return true;
  std::size_t pos = 0;
  for (std::size_t f = 0; f < info->fields.size(); ++f) {
    const FieldKind kind = info->fields[f].kind;
    switch (kind) {
      case K::name:
        if (!lower_name(out, pos)) return false;
        break;
      case K::u8: case K::algorithm:
        pos += 1;
        break;
      case K::u16: case K::rrtype:
        pos += 2;
        break;
      case K::u32: case K::period: case K::ttl: case K::time:
        pos += 4;
        break;
      case K::string:
        if (pos >= out.size()) return false;
        pos += 1u + static_cast<unsigned char>(out[pos]);
        break;
      case K::base64: case K::base64_opt: case K::hex: case K::hex_opt: case K::type_bitmap:
        // These run to the end of the RDATA; a name never follows them in the type table.
        return f + 1 == info->fields.size();
      default:
        // A layout this walker does not know (A6, NXT): the caller compares the bytes exactly.
        return false;
    }
    if (pos > out.size()) return false;
  }
  return pos == out.size();
}


}  // namespace

bool allowed_beside_cname(RRType type) noexcept {
  return type == rr::RRSIG || type == rr::NSEC || type == rr::NSEC3 || type == rr::SIG || type == rr::NXT ||
         type == rr::KEY;
}

std::optional<std::size_t> field_token_index(const RRTypeInfo& info, std::size_t field) noexcept {
  if (field >= info.fields.size()) return std::nullopt;
  for (std::size_t i = 0; i < field; ++i)
    if (!single_token(info.fields[i].kind)) return std::nullopt;
  return field;
}

bool is_last_single_field(const RRTypeInfo& info, std::size_t field) noexcept {
  return field + 1 == info.fields.size() && info.fields[field].kind == K::name &&
         field_token_index(info, field).has_value();
}

std::optional<Token> last_rdata_token(const LintContext& context, const Record& r, std::vector<Token>& scratch) {
  const std::string_view text = context.text(r);
  const std::uint32_t begin = r.rdata_begin;
  const std::uint32_t end = r.rdata_end;
  if (end <= begin || end > text.size()) return std::nullopt;
  // The bytes that end a word: blanks, parentheses, a quote, a comment (one table look per byte).
  static constexpr std::array<bool, 256> separator = [] {
    std::array<bool, 256> t{};
    for (const char c : {' ', '\t', '\n', '\r', '(', ')', '"', ';'}) t[static_cast<unsigned char>(c)] = true;
    return t;
  }();
  std::uint32_t b = end;
  while (b > begin && !separator[static_cast<unsigned char>(text[b - 1])]) --b;
  const bool simple = text[end - 1] != '"' && b < end && !(b >= begin + 2 && text[b - 2] == '\\');
  if (simple) return Token{b, end, TokenKind::word};
  scratch.clear();
  lex_tokens(text, begin, end, scratch);
  if (scratch.empty()) return std::nullopt;
  return scratch.back();
}

std::uint32_t line_of(const LintContext& context, Span span) {
  if (!span.valid()) return 0;
  return context.zone().files().file(span.file).line_of(span.begin);
}

OriginFinder::OriginFinder(const LintContext& context) : context_(context) {}

bool OriginFinder::parse_with(const Record& r, NameView origin, WireRdata& out) {
  if (r.has(record_flag::untyped)) return false;
  const std::string_view text = context_.text(r);
  tokens_.clear();
  lex_tokens(text, r.rdata_begin, r.rdata_end, tokens_);
  RdataParser parser(text, origin);
  try {
    if (r.has(record_flag::generic_rdata)) {
      if (tokens_.empty()) return false;
      parser.parse_generic(tokens_, out);
    } else {
      const RRTypeInfo* info = find_type(r.type);
      if (info == nullptr || !info->typed) return false;
      parser.parse(*info, tokens_, Token{r.rdata_begin, r.rdata_begin, TokenKind::word}, out);
    }
  } catch (const EntryError&) {
    return false;
  }
  return out.canonical_hash == r.rdata_hash;
}

std::optional<NameView> OriginFinder::origin(const Record& r) {
  const NameView origin = context_.origin(r);
  if (origin.empty()) return std::nullopt;
  return origin;
}

bool OriginFinder::wire(const Record& r, WireRdata& out) {
  if (r.has(record_flag::untyped)) return false;
  if (r.has(record_flag::generic_rdata)) return parse_with(r, NameView(), out);
  const std::optional<NameView> o = origin(r);
  return o && parse_with(r, *o, out);
}

bool OriginFinder::name(const Record& r, const Token& token, std::string& wire) {
  const std::string_view text = token.content(context_.text(r));
  NameError error;
  ParsedNameInfo info;
  wire.clear();
  // Only a name ending in a dot can be absolute: a relative one would fail here, after formatting
  // an error message nobody reads.
  if (!text.empty() && text.back() == '.' && name_from_text(text, NameView(), wire, error, &info)) return true;
  const std::optional<NameView> o = origin(r);
  if (!o) return false;
  wire.clear();
  return name_from_text(text, *o, wire, error);
}

std::uint64_t routing_set(const LintContext& context, const Record& r) {
  if (!r.has(record_flag::routing_policy)) return 0;
  const Span s = context.span(r, r.rdata_end, r.rdata_end + 1);
  return ((static_cast<std::uint64_t>(s.file) << 32) | s.begin) + 1;
}

bool in_other_routing_sets(const LintContext& context, const Record& a, const Record& b) {
  const std::uint64_t sa = routing_set(context, a);
  const std::uint64_t sb = routing_set(context, b);
  return sa != 0 && sb != 0 && sa != sb;
}

bool same_rdata(const LintContext& context, OriginFinder& origins, const Record& a, const Record& b) {
  if (a.type != b.type) return false;
  const bool a_tokens = a.has(record_flag::untyped);
  const bool b_tokens = b.has(record_flag::untyped);
  if (a_tokens || b_tokens) {
    if (a_tokens != b_tokens || a.has(record_flag::alias) != b.has(record_flag::alias)) return false;
    const std::vector<Token> ta = context.rdata_tokens(a);
    const std::vector<Token> tb = context.rdata_tokens(b);
    if (ta.size() != tb.size()) return false;
    for (std::size_t i = 0; i < ta.size(); ++i)
      if (ta[i].raw(context.text(a)) != tb[i].raw(context.text(b))) return false;
    return true;
  }
  WireRdata wa;
  WireRdata wb;
  if (!origins.wire(a, wa) || !origins.wire(b, wb)) return false;
  if (wa.bytes == wb.bytes) return true;
  std::string ca;
  std::string cb;
  if (!canonical_form(a.type, wa.bytes, ca) || !canonical_form(b.type, wb.bytes, cb)) return false;
  return ca == cb;
}

std::string seconds_text(std::uint64_t seconds) {
  struct Unit {
    std::uint64_t size;
    const char* one;
    const char* many;
  };
  static constexpr Unit units[] = {{604800, "week", "weeks"}, {86400, "day", "days"}, {3600, "hour", "hours"},
                                   {60, "minute", "minutes"}, {1, "second", "seconds"}};
  std::string out = fmt::format("{} seconds", seconds);
  if (seconds < 60) return out;
  std::string parts;
  std::uint64_t rest = seconds;
  int shown = 0;
  for (const Unit& u : units) {
    if (u.size == 604800 && seconds % 604800 != 0) continue;  // "10 days", not "1 week 3 days"
    const std::uint64_t n = rest / u.size;
    if (n == 0) continue;
    if (!parts.empty()) parts += ' ';
    parts += fmt::format("{} {}", n, n == 1 ? u.one : u.many);
    rest -= n * u.size;
    if (++shown == 2) break;
  }
  return fmt::format("{} ({}{})", out, rest == 0 ? "" : "about ", parts);
}

int address_family(std::string_view text) {
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (text.empty() || text.size() > 45) return 0;
  const bool colon = text.find(':') != std::string_view::npos;
  if (!colon && (text[0] < '0' || text[0] > '9')) return 0;
  char buf[46];
  text.copy(buf, text.size());
  buf[text.size()] = '\0';
  unsigned char addr[16];
  if (colon) return inet_pton(AF_INET6, buf, addr) == 1 ? 6 : 0;
  return inet_pton(AF_INET, buf, addr) == 1 ? 4 : 0;
}

namespace {

// The types whose last RDATA field is a host name written as one token.
constexpr RRType last_name_types[] = {rr::NS, rr::MD,    rr::MF, rr::CNAME, rr::MB,    rr::MG,  rr::MR, rr::PTR,
                                      rr::MX, rr::AFSDB, rr::RT, rr::SRV,   rr::KX,    rr::DNAME, rr::LP};

bool resolves_targets(RRType type) noexcept {
  return type == rr::NS || type == rr::MX || type == rr::SRV || type == rr::CNAME;
}

// Whether an absolute target written without escapes is outside the zone whose apex is written
// `apex_text` ("example.com."): most CNAMEs point out of the zone, and need no lookup then.
bool plainly_outside(std::string_view written, std::string_view apex_text) noexcept {
  if (apex_text.empty() || written.empty() || written.back() != '.' || written.find('\\') != std::string_view::npos)
    return false;
  // The root holds every name; an apex with escapes may be written in other ways.
  if (apex_text == "." || apex_text.find('\\') != std::string_view::npos) return false;
  if (written.size() < apex_text.size()) return true;
  const std::size_t cut = written.size() - apex_text.size();
  const std::string_view tail = written.substr(cut);
  const bool ends_in_apex = std::equal(tail.begin(), tail.end(), apex_text.begin(),
                                       [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  return !ends_in_apex || (cut > 0 && written[cut - 1] != '.');
}

// The cheap test of ZONE003 (relative target that looks absolute) on the text as written.
bool may_lack_final_dot(std::string_view written) noexcept {
  if (written.empty() || written.back() == '.' || written == "@") return false;
  const std::size_t last_dot = written.rfind('.');
  if (last_dot == std::string_view::npos) return false;
  return written.find('\\') != std::string_view::npos || is_public_tld(written.substr(last_dot + 1));
}

}  // namespace

LastNames::LastNames(const LintContext& context) {
  OriginFinder origins(context);
  std::vector<Token> scratch;
  const auto records = context.records();
  // One pass over the records in input order (the text is read front to back once, not once per
  // type): the k-th record of a type met is of_type(type)[k], whose fact goes to slot k.
  static_assert(std::all_of(std::begin(last_name_types), std::end(last_name_types), [](RRType t) { return t < 256; }),
                "the pass below indexes a 256-entry table by type");
  std::array<std::int16_t, 256> slot_of;
  slot_of.fill(-1);
  for (const RRType type : last_name_types) {
    const RRTypeInfo* info = find_type(type);
    const auto of_type = context.of_type(type);
    if (info == nullptr || of_type.empty() || info->fields.empty() ||
        !is_last_single_field(*info, info->fields.size() - 1))
      continue;
    slot_of[type] = static_cast<std::int16_t>(types_.size());
    OfType& out = types_.emplace_back();
    out.type = type;
    out.facts.assign(of_type.size(), 0);
    if (resolves_targets(type)) out.targets.assign(of_type.size(), no_owner);
  }
  if (types_.empty()) return;
  // Target names wait in a short queue with their hash slot prefetched, so that the table's cache
  // misses (it outgrows the caches on a large zone) overlap instead of coming one at a time.
  struct PendingTarget {
    std::string wire;
    std::uint32_t hash = 0;
    NameId* out = nullptr;
  };
  constexpr std::size_t queue_capacity = 8;
  std::array<PendingTarget, queue_capacity> queue;
  std::size_t queued = 0;
  std::size_t head = 0;
  const NameTable& names = context.zone().names;
  const auto look_up_oldest = [&] {
    PendingTarget& p = queue[head];
    NameId id = 0;
    if (names.find(NameView(p.wire), p.hash, id) && !context.at_owner(id).empty()) *p.out = id;
    head = (head + 1) % queue_capacity;
    --queued;
  };
  const std::string apex_text = context.apex().empty() ? std::string() : context.apex().to_text();
  std::vector<std::size_t> seen(types_.size(), 0);  // records of each type met so far
  for (const Record& r : records) {
    if (r.type >= slot_of.size() || slot_of[r.type] < 0) continue;
    const auto slot = static_cast<std::size_t>(slot_of[r.type]);
    OfType& out = types_[slot];
    const std::size_t k = seen[slot]++;
    if (r.has(record_flag::untyped) || r.has(record_flag::generic_rdata)) continue;
    const std::optional<Token> token = last_rdata_token(context, r, scratch);
    if (!token || token->quoted()) continue;
    const std::string_view written = token->content(context.text(r));
    std::uint8_t facts = present;
    if (written == ".") facts |= root;
    if (const int family = address_family(written)) facts |= family == 4 ? ipv4 : ipv6;
    if (may_lack_final_dot(written)) facts |= may_lack_dot;
    out.facts[k] = facts;
    if (!out.targets.empty()) {
      if (r.type == rr::CNAME && plainly_outside(written, apex_text)) continue;
      if (queued == queue_capacity) look_up_oldest();
      PendingTarget& p = queue[(head + queued) % queue_capacity];
      if (!origins.name(r, *token, p.wire)) continue;
      p.hash = NameTable::hash(NameView(p.wire));
      p.out = &out.targets[k];
      names.prefetch(p.hash);
      ++queued;
    }
  }
  while (queued > 0) look_up_oldest();
}

const LastNames::OfType* LastNames::find(RRType type) const noexcept {
  for (const OfType& t : types_)
    if (t.type == type) return &t;
  return nullptr;
}

std::span<const std::uint8_t> LastNames::facts(RRType type) const noexcept {
  const OfType* t = find(type);
  return t != nullptr ? std::span<const std::uint8_t>(t->facts) : std::span<const std::uint8_t>();
}

std::span<const NameId> LastNames::targets(RRType type) const noexcept {
  const OfType* t = find(type);
  return t != nullptr ? std::span<const NameId>(t->targets) : std::span<const NameId>();
}

}  // namespace zonelint::rules::zone_support
