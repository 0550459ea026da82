#pragma once
// What a rule sees: the parsed input with indexes built once and shared by every rule, plus
// helpers that turn records back into tokens and file spans.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <typeindex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "lint/rule.hpp"
#include "lint/ses_identity.hpp"
#include "model/name.hpp"
#include "model/record.hpp"
#include "model/token.hpp"
#include "model/zone.hpp"

namespace zonelint {

// Options that change what rules check.
struct RuleOptions {
  std::vector<SesIdentityData> ses_identities;  // --ses-identity DOMAIN or FILE
  std::vector<Name> delegated_ns;               // --delegated-ns, empty when not given
};

// The tokens of one record, re-read from its text.
struct RecordTokens {
  std::optional<Token> owner;   // absent when the owner is inherited from the previous line
  std::optional<Token> ttl;
  std::optional<Token> rclass;
  Token type;
  std::vector<Token> rdata;
};

// A <character-string> or name token with escapes decoded; origins[i] is the text offset of the
// source character that produced bytes[i].
struct DecodedString {
  std::string bytes;
  std::vector<std::uint32_t> origins;
  std::uint32_t end = 0;  // text offset just past the token's content
};

class Suppressions;

// What the suppression rules (ZONE090, ZONE091) need, filled in by the engine before they run.
struct SuppressionState {
  const Suppressions* suppressions = nullptr;
  std::vector<std::string_view> rules_run;  // codes of the rules that ran
};

class LintContext {
 public:
  // Files of at least `release_pages_from` bytes that are mapped get their pages released as rules
  // read them (see note_read); tests lower it to exercise that on small files.
  static constexpr std::size_t default_release_pages_from = std::size_t{32} << 20;
  LintContext(const Zone& zone, const RuleOptions& options,
              std::size_t release_pages_from = default_release_pages_from);
  ~LintContext();
  LintContext(const LintContext&) = delete;
  LintContext& operator=(const LintContext&) = delete;

  [[nodiscard]] const Zone& zone() const noexcept { return zone_; }
  [[nodiscard]] const RuleOptions& options() const noexcept { return options_; }
  [[nodiscard]] NameView apex() const noexcept { return zone_.apex; }
  [[nodiscard]] std::span<const Record> records() const noexcept { return zone_.records; }
  [[nodiscard]] NameView owner(const Record& r) const noexcept { return zone_.names.get(r.owner); }
  // The origin in effect where the record was written.
  [[nodiscard]] NameView origin(const Record& r) const noexcept { return zone_.names.get(r.origin); }
  // A name-valued RDATA token completed with the record's origin; nullopt when it is not a name.
  [[nodiscard]] std::optional<Name> rdata_name(const Record& r, const Token& t) const;
  [[nodiscard]] std::string_view text(const Record& r) const {
    if (r.text < releasable_.size() && releasable_[r.text] != nullptr) note_read(r);
    return zone_.text(r.text).text();
  }
  // Gives back the file pages this thread read through text() (see note_read); the engine calls
  // it after each rule.
  void release_read_pages() const noexcept;

  // Indices (into records()) of the records of one type, in input order.
  [[nodiscard]] std::span<const std::uint32_t> of_type(RRType type) const;
  // Indices grouped by owner: the records of each owner name are contiguous, owners in order of
  // first appearance, records in input order within an owner.
  [[nodiscard]] std::span<const std::uint32_t> by_owner() const;
  // Calls f(records) for each owner name with the indices of its records, as by_owner() orders them.
  template <typename F>
  void for_each_owner(F&& f) const {
    const std::span<const std::uint32_t> order = by_owner();
    const std::span<const Record> recs = records();
    for (std::size_t b = 0; b < order.size();) {
      const NameId owner = recs[order[b]].owner;
      std::size_t e = b + 1;
      while (e < order.size() && recs[order[e]].owner == owner) ++e;
      f(order.subspan(b, e - b));
      b = e;
    }
  }
  // The records at one owner name (empty when none).
  [[nodiscard]] std::span<const std::uint32_t> at_owner(NameId owner) const;
  // The id of a name when some record has it as owner.
  [[nodiscard]] std::optional<NameId> find_owner(NameView name) const;

  // The RDATA as written, from its first token to the end of its last (comments of a
  // parenthesised record included).
  [[nodiscard]] std::string_view rdata_text(const Record& r) const {
    return text(r).substr(r.rdata_begin, r.rdata_end - r.rdata_begin);
  }
  // Whether byte `c` appears in the RDATA tokens as written (comments skipped): a cheap test
  // before decoding. An escaped byte counts as written; `\DDD` is not decoded.
  [[nodiscard]] bool rdata_mentions(const Record& r, char c) const noexcept;

  // Tokens of the record's entry, re-read from its text.
  [[nodiscard]] RecordTokens tokens(const Record& r) const;
  // Only the RDATA tokens (cheaper than tokens()).
  [[nodiscard]] std::vector<Token> rdata_tokens(const Record& r) const;
  // Escapes of a token decoded, with each byte's text offset.
  [[nodiscard]] DecodedString decode(const Record& r, const Token& t) const;
  // The strings of a TXT/SPF record, decoded, in order.
  [[nodiscard]] std::vector<DecodedString> txt_strings(const Record& r) const;

  // File spans.
  [[nodiscard]] Span span(const Record& r, std::uint32_t text_begin, std::uint32_t text_end) const {
    return zone_.span(r, text_begin, text_end);
  }
  [[nodiscard]] Span span(const Record& r, const Token& t) const { return zone_.span(r, t.begin, t.end); }
  // The owner token; for an inherited owner, the first token of the line (the type or TTL).
  [[nodiscard]] Span owner_span(const Record& r) const;
  // The whole entry, from its owner (or line start) to the end of its RDATA.
  [[nodiscard]] Span entry_span(const Record& r) const { return zone_.span(r, r.entry_begin, r.rdata_end); }

  // A derived analysis shared by several rules (e.g. the SES identities), computed once on first
  // use: T must be constructible from `const LintContext&`.
  // Safe to call from rules running at the same time: the first caller computes, others wait.
  template <typename T>
  [[nodiscard]] const T& analysis() const {
    AnalysisSlot& slot = analysis_slot(std::type_index(typeid(T)));
    std::call_once(slot.computed, [&] { slot.value = std::make_shared<T>(*this); });
    return *static_cast<const T*>(slot.value.get());
  }

  void set_suppression_state(SuppressionState state) { suppression_state_ = std::move(state); }
  [[nodiscard]] const SuppressionState& suppression_state() const noexcept { return suppression_state_; }

  // The owner name as written is relative (no trailing dot, not "@", not inherited) or not.
  [[nodiscard]] static bool owner_written_relative(const Record& r) noexcept {
    return !r.has(record_flag::owner_absolute) && !r.has(record_flag::owner_at) &&
           !r.has(record_flag::owner_inherited);
  }

 private:
  struct Indexes;
  struct AnalysisSlot {
    std::once_flag computed;
    std::shared_ptr<void> value;
  };
  const Indexes& indexes() const;
  void build_indexes() const;
  AnalysisSlot& analysis_slot(std::type_index type) const;
  // Rules re-read records' text from the mapped file, which brings its pages back into the
  // resident set; this keeps only a window of them per thread (a clean page of a read-only
  // mapping is read again from the page cache when touched, so this changes no result).
  void note_read(const Record& r) const noexcept;

  const Zone& zone_;
  const RuleOptions& options_;
  std::vector<const SourceFile*> releasable_;  // per TextId: the mapped file it is, or null
  mutable std::once_flag indexes_built_;
  mutable std::unique_ptr<Indexes> indexes_;
  SuppressionState suppression_state_;
  mutable std::mutex analyses_mutex_;
  mutable std::map<std::type_index, std::unique_ptr<AnalysisSlot>> analyses_;
};

template <typename T>
void AnalysisNeeds::add() {
  needs_.push_back({std::type_index(typeid(T)), [](const LintContext& context) { (void)context.analysis<T>(); }});
}

}  // namespace zonelint
