#include "lint/context.hpp"

#include <algorithm>

#include "model/rr_type.hpp"
#include "model/text_codec.hpp"
#include "parse/token_lexer.hpp"

namespace zonelint {

struct LintContext::Indexes {
  // Counting-sort style indexes: offsets into one flat array per key.
  std::vector<std::uint32_t> type_order;   // record indices sorted by type (stable)
  std::vector<std::uint32_t> type_keys;    // distinct types, sorted
  std::vector<std::uint32_t> type_starts;  // start of each type's run in type_order (+ end)
  std::vector<std::uint32_t> owner_order;  // record indices grouped by owner
  std::vector<std::uint32_t> owner_start;  // per NameId: start in owner_order, or npos
  std::vector<std::uint32_t> owner_count;  // per NameId
};

namespace {

// The pages of one mapped file that one thread has read since it last gave them back.
struct ReadPages {
  const LintContext* context = nullptr;
  const SourceFile* file = nullptr;
  std::vector<std::uint64_t> seen;  // one bit per page
  std::uint32_t count = 0;          // bits set
  std::uint32_t first = 0;          // lowest and highest page seen
  std::uint32_t last = 0;
};
thread_local ReadPages read_pages;

constexpr unsigned page_shift = 12;
// Pages a thread may hold before it gives them back: a bound on what rules add to the resident
// set, whatever order they read records in.
constexpr std::uint32_t pages_held_per_thread = 256;
// The page cache may hold a file in folios of up to 2 MiB, and a fault maps as much of one as it
// can: the pages released are those seen, widened to such boundaries, or the parts of folios
// around them would stay mapped after the window moves on.
constexpr std::size_t folio_span = std::size_t{2} << 20;

}  // namespace

LintContext::LintContext(const Zone& zone, const RuleOptions& options, std::size_t release_pages_from)
    : zone_(zone), options_(options) {
  releasable_.resize(zone.texts.size(), nullptr);
  for (std::size_t i = 0; i < zone.texts.size(); ++i) {
    const TextSource& t = zone.texts[i];
    if (!t.is_file_text() || t.text().size() < release_pages_from) continue;
    releasable_[i] = &zone.files().file(t.file());
  }
}

LintContext::~LintContext() {
  if (read_pages.context == this) read_pages = ReadPages{};
}

void LintContext::note_read(const Record& r) const noexcept {
  ReadPages& p = read_pages;
  const SourceFile* file = releasable_[r.text];
  if (p.context != this || p.file != file) {
    if (p.context == this) release_read_pages();
    p.context = this;
    p.file = file;
    p.count = 0;
    p.seen.assign((file->bytes().size() >> page_shift) / 64 + 1, 0);
  }
  const std::uint32_t from = r.entry_begin >> page_shift;
  const std::uint32_t to = r.rdata_end >> page_shift;
  for (std::uint32_t page = from; page <= to; ++page) {
    std::uint64_t& word = p.seen[page / 64];
    const std::uint64_t bit = std::uint64_t{1} << (page % 64);
    if ((word & bit) != 0) continue;
    word |= bit;
    if (p.count++ == 0) p.first = p.last = page;
    p.first = std::min(p.first, page);
    p.last = std::max(p.last, page);
  }
  if (p.count > pages_held_per_thread) release_read_pages();
}

void LintContext::release_read_pages() const noexcept {
  ReadPages& p = read_pages;
  if (p.context != this || p.file == nullptr) return;
  if (p.count != 0) {
    const std::size_t begin = (std::size_t{p.first} << page_shift) / folio_span * folio_span;
    const std::size_t end = ((std::size_t{p.last} + 1) << page_shift) / folio_span * folio_span + folio_span;
    p.file->release_pages(begin, end);
  }
  p.count = 0;
  // Forgotten, so that no later context (perhaps at the same address) sees this file.
  p.context = nullptr;
  p.file = nullptr;
}

LintContext::AnalysisSlot& LintContext::analysis_slot(std::type_index type) const {
  const std::lock_guard lock(analyses_mutex_);
  auto& slot = analyses_[type];
  if (!slot) slot = std::make_unique<AnalysisSlot>();
  return *slot;
}

const LintContext::Indexes& LintContext::indexes() const {
  std::call_once(indexes_built_, [this] { build_indexes(); });
  return *indexes_;
}

void LintContext::build_indexes() const {
  auto idx = std::make_unique<Indexes>();
  const auto& recs = zone_.records;
  const auto n = static_cast<std::uint32_t>(recs.size());

  // By type: stable counting sort over the distinct types present (a type is 16 bits, so a
  // table over all of them replaces sorting a million of them).
  std::vector<std::uint32_t> per_type(std::size_t{1} << 16, 0);
  for (const Record& r : recs) ++per_type[r.type];
  std::vector<RRType> types;
  for (std::size_t t = 0; t < per_type.size(); ++t)
    if (per_type[t] != 0) types.push_back(static_cast<RRType>(t));
  idx->type_keys.assign(types.begin(), types.end());
  std::vector<std::uint32_t> counts(types.size() + 1, 0);
  std::vector<std::uint32_t> key_of(per_type.size(), 0);  // type -> index in `types`
  for (std::size_t k = 0; k < types.size(); ++k) {
    key_of[types[k]] = static_cast<std::uint32_t>(k);
    counts[k + 1] = per_type[types[k]];
  }
  for (std::size_t k = 1; k < counts.size(); ++k) counts[k] += counts[k - 1];
  idx->type_starts = counts;
  idx->type_order.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) idx->type_order[counts[key_of[recs[i].type]]++] = i;

  // By owner: counting sort over NameIds, then owners in order of first appearance.
  const std::size_t names = zone_.names.size();
  idx->owner_count.assign(names, 0);
  for (const Record& r : recs) ++idx->owner_count[r.owner];
  idx->owner_start.assign(names, 0xFFFFFFFFu);
  std::uint32_t next = 0;
  for (const Record& r : recs) {
    if (idx->owner_start[r.owner] == 0xFFFFFFFFu) {
      idx->owner_start[r.owner] = next;
      next += idx->owner_count[r.owner];
    }
  }
  idx->owner_order.resize(n);
  std::vector<std::uint32_t> fill(names, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const NameId o = recs[i].owner;
    idx->owner_order[idx->owner_start[o] + fill[o]++] = i;
  }
  indexes_ = std::move(idx);
}

std::span<const std::uint32_t> LintContext::of_type(RRType type) const {
  const Indexes& idx = indexes();
  const auto it = std::lower_bound(idx.type_keys.begin(), idx.type_keys.end(), type);
  if (it == idx.type_keys.end() || *it != type) return {};
  const auto k = static_cast<std::size_t>(it - idx.type_keys.begin());
  return std::span<const std::uint32_t>(idx.type_order).subspan(idx.type_starts[k],
                                                                 idx.type_starts[k + 1] - idx.type_starts[k]);
}

std::span<const std::uint32_t> LintContext::by_owner() const { return indexes().owner_order; }

std::span<const std::uint32_t> LintContext::at_owner(NameId owner) const {
  const Indexes& idx = indexes();
  if (owner >= idx.owner_start.size() || idx.owner_start[owner] == 0xFFFFFFFFu) return {};
  return std::span<const std::uint32_t>(idx.owner_order).subspan(idx.owner_start[owner], idx.owner_count[owner]);
}

std::optional<NameId> LintContext::find_owner(NameView name) const {
  NameId id = 0;
  if (!zone_.names.find(name, id)) return std::nullopt;
  if (at_owner(id).empty()) return std::nullopt;
  return id;
}

bool LintContext::rdata_mentions(const Record& r, char c) const noexcept {
  const std::string_view rdata = rdata_text(r);
  bool quoted = false;
  for (std::size_t i = 0; i < rdata.size(); ++i) {
    const char b = rdata[i];
    if (b == c) return true;
    if (b == '\\') {
      ++i;  // the escaped byte is part of the token
      if (i < rdata.size() && rdata[i] == c) return true;
    } else if (b == '"') {
      quoted = !quoted;
    } else if (b == ';' && !quoted) {
      while (i < rdata.size() && rdata[i] != '\n') ++i;
    }
  }
  return false;
}

RecordTokens LintContext::tokens(const Record& r) const {
  std::vector<Token> head;
  lex_tokens(text(r), r.entry_begin, r.rdata_begin, head);
  RecordTokens out;
  std::size_t i = 0;
  if (!r.has(record_flag::owner_inherited) && !head.empty()) out.owner = head[i++];
  // The type is the last token before the RDATA; TTL and class sit between owner and type.
  if (head.size() > i) {
    out.type = head.back();
    for (std::size_t k = i; k + 1 < head.size(); ++k) {
      const std::string_view s = head[k].content(text(r));
      if (!s.empty() && s[0] >= '0' && s[0] <= '9') {
        out.ttl = head[k];
      } else {
        out.rclass = head[k];
      }
    }
  }
  out.rdata = rdata_tokens(r);
  return out;
}

std::vector<Token> LintContext::rdata_tokens(const Record& r) const {
  std::vector<Token> out;
  lex_tokens(text(r), r.rdata_begin, r.rdata_end, out);
  return out;
}

DecodedString LintContext::decode(const Record& r, const Token& t) const {
  DecodedString d;
  const std::string_view raw = t.content(text(r));
  const std::uint32_t base = t.content_begin();
  d.bytes.reserve(raw.size());
  d.origins.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const auto at = static_cast<std::uint32_t>(base + i);
    if (raw[i] == '\\' && i + 1 < raw.size()) {
      if (raw[i + 1] >= '0' && raw[i + 1] <= '9') {
        unsigned v = 0;
        bool ok = true;
        for (std::size_t k = 1; k <= 3; ++k) {
          if (i + k >= raw.size() || raw[i + k] < '0' || raw[i + k] > '9') ok = false;
          else v = v * 10 + static_cast<unsigned>(raw[i + k] - '0');
        }
        if (ok && v <= 255) {
          d.bytes.push_back(static_cast<char>(v));
          d.origins.push_back(at);
          i += 4;
          continue;
        }
      }
      d.bytes.push_back(raw[i + 1]);
      d.origins.push_back(at);
      i += 2;
      continue;
    }
    d.bytes.push_back(raw[i]);
    d.origins.push_back(at);
    ++i;
  }
  d.end = t.content_end();
  return d;
}

std::vector<DecodedString> LintContext::txt_strings(const Record& r) const {
  std::vector<DecodedString> out;
  for (const Token& t : rdata_tokens(r)) out.push_back(decode(r, t));
  return out;
}

std::optional<Name> LintContext::rdata_name(const Record& r, const Token& t) const {
  if (t.quoted()) return std::nullopt;
  Name name;
  NameError error;
  if (!parse_name(t.content(text(r)), origin(r), name, error)) return std::nullopt;
  return name;
}

Span LintContext::owner_span(const Record& r) const {
  std::vector<Token> head;
  lex_tokens(text(r), r.entry_begin, r.rdata_begin, head);
  if (head.empty()) return span(r, r.entry_begin, r.entry_begin);
  return span(r, head.front());
}

}  // namespace zonelint
