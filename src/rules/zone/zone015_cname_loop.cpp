// ZONE015 cname-loop: CNAME records of the zone that lead back to a name already on the way.

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lint/context.hpp"
#include "rules/rules.hpp"
#include "rules/zone/zone_support.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE015",
    "cname-loop",
    Severity::error,
    "CNAME records lead in a circle, so the names in it never resolve",
    FixSafety::none,
    "zone cname",
    R"md(## What it does
Follows every CNAME of the zone whose target is a name of the same zone that is a CNAME itself,
and reports each circle once: a CNAME to its own name, or a chain that comes back to a name it
passed (`a -> b -> c -> a`). The finding is at the target of the CNAME that comes first in the
file, names the steps, and has a note at each other CNAME of the circle (the first eight of a
longer circle). A name with several CNAMEs (ZONE002) has each one followed. Only names whose
records are in the input can be followed, and only by their exact name: a loop through another
zone, or through a wildcard CNAME that would answer for a target, is not seen.

## Why is this bad
A resolver that meets a CNAME restarts the query at its target (RFC 1034 §3.6.2, §4.3.2); in a
circle it never reaches data. Servers and resolvers stop after a few steps and answer SERVFAIL
(BIND and Unbound) or an error, so every name of the circle, and every name that points into it,
fails to resolve: mail to it bounces, and a DKIM or verification record behind it is never
found. RFC 1034 §3.6.2 says such loops "should be avoided"; `named-checkzone` and `kzonecheck`
load the zone without a word. The usual cause is an alias edited in two places: a host renamed
to the old name's alias, or a "www" and an apex pointed at each other.

## Example
```
www    IN  CNAME  web
web    IN  CNAME  www.example.com.
```

## Use instead
```
www    IN  CNAME  web
web    IN  A      192.0.2.10
```

## Fix safety
No automatic fix: which name should hold the data is the owner's decision.

## References
- RFC 1034 §3.6.2, Aliases and canonical names: https://www.rfc-editor.org/rfc/rfc1034#section-3.6.2
- RFC 1034 §4.3.2, Algorithm: https://www.rfc-editor.org/rfc/rfc1034#section-4.3.2
- RFC 1912 §2.4, CNAME records: https://www.rfc-editor.org/rfc/rfc1912#section-2.4
)md"};

// A CNAME (by its index in context.of_type(CNAME)) whose target holds a CNAME of the same class.
struct Step {
  NameId from;
  NameId to;
  std::uint32_t cname;
};

class CnameLoop final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override { needs.add<zone_support::LastNames>(); }
  void check(const LintContext& context, Findings& findings) const override {
    const auto cnames = context.of_type(rr::CNAME);
    const auto targets = context.analysis<zone_support::LastNames>().targets(rr::CNAME);
    if (cnames.empty() || targets.size() != cnames.size()) return;
    const auto records = context.records();
    // Several CNAMEs at one name (ZONE002) give it several steps; each is followed.
    std::vector<Step> steps;
    for (std::uint32_t k = 0; k < cnames.size(); ++k) {
      if (targets[k] == zone_support::LastNames::no_owner) continue;
      const Record& r = records[cnames[k]];
      const auto at_target = context.at_owner(targets[k]);
      if (std::any_of(at_target.begin(), at_target.end(), [&](std::uint32_t i) {
            return records[i].type == rr::CNAME && records[i].rclass == r.rclass;
          }))
        steps.push_back({r.owner, targets[k], k});
    }
    if (steps.empty()) return;
    // Steps in input order within each name; names reached in the order their first step appears.
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) { return a.from < b.from; });
    std::unordered_map<NameId, std::pair<std::uint32_t, std::uint32_t>> steps_of;  // [begin, end) in `steps`
    for (std::uint32_t b = 0; b < steps.size();) {
      std::uint32_t e = b + 1;
      while (e < steps.size() && steps[e].from == steps[b].from) ++e;
      steps_of.emplace(steps[b].from, std::make_pair(b, e));
      b = e;
    }
    std::vector<std::uint32_t> starts;
    for (std::uint32_t i = 0; i < steps.size(); ++i) starts.push_back(i);
    std::sort(starts.begin(), starts.end(), [&](std::uint32_t a, std::uint32_t b) {
      return steps[a].cname < steps[b].cname;
    });

    // Depth-first search without recursion (a chain can be as long as the zone): a name is on
    // the path while its steps are being followed, done after.
    enum class State : std::uint8_t { unseen, on_path, done };
    std::unordered_map<NameId, State> state;
    struct Frame {
      NameId name;
      std::uint32_t next;  // the next of its steps to follow
      std::uint32_t end;
    };
    std::vector<Frame> path;
    std::vector<std::uint32_t> taken;  // taken[i]: the step that left path[i]
    for (const std::uint32_t start : starts) {
      const NameId first = steps[start].from;
      if (state[first] != State::unseen) continue;
      const auto [b, e] = steps_of.at(first);
      path.push_back({first, b, e});
      state[first] = State::on_path;
      while (!path.empty()) {
        Frame& top = path.back();
        if (top.next == top.end) {
          state[top.name] = State::done;
          path.pop_back();
          if (!taken.empty()) taken.pop_back();
          continue;
        }
        const std::uint32_t s = top.next++;
        const NameId to = steps[s].to;
        State& to_state = state[to];
        if (to_state == State::on_path) {
          // The circle: from `to` on the path, through the steps taken, and this one.
          std::vector<std::uint32_t> circle;
          std::size_t at = 0;
          while (path[at].name != to) ++at;
          for (std::size_t i = at; i < taken.size(); ++i) circle.push_back(taken[i]);
          circle.push_back(s);
          report(context, findings, steps, cnames, circle);
          continue;
        }
        if (to_state == State::done) continue;
        const auto found = steps_of.find(to);
        if (found == steps_of.end()) continue;  // cannot happen: every step's target has a CNAME
        to_state = State::on_path;
        taken.push_back(s);
        path.push_back({to, found->second.first, found->second.second});
      }
    }
  }

 private:
  static void report(const LintContext& context, Findings& findings, const std::vector<Step>& steps,
                     std::span<const std::uint32_t> cnames, std::vector<std::uint32_t> circle) {
    const auto records = context.records();
    // Start the circle at the CNAME that comes first in the file.
    const auto first = std::min_element(circle.begin(), circle.end(), [&](std::uint32_t a, std::uint32_t b) {
      return steps[a].cname < steps[b].cname;
    });
    std::rotate(circle.begin(), first, circle.end());
    // A circle of thousands of names (a hostile file) is shown in part.
    constexpr std::size_t shown = 8;
    std::string chain;
    for (std::size_t i = 0; i < circle.size() && i < shown; ++i)
      chain += fmt::format("\"{}\" -> ", context.zone().names.get(steps[circle[i]].from).to_text());
    if (circle.size() > shown) chain += fmt::format("({} more) -> ", circle.size() - shown);
    chain += fmt::format("\"{}\"", context.zone().names.get(steps[circle.front()].from).to_text());
    std::vector<Token> scratch;
    const auto target_span = [&](const Record& r) {
      const std::optional<Token> token = zone_support::last_rdata_token(context, r, scratch);
      return token ? context.span(r, *token) : context.entry_span(r);
    };
    const Record& r = records[cnames[steps[circle.front()].cname]];
    const std::string what = circle.size() == 1
                                 ? fmt::format("\"{}\" is a CNAME to itself", context.owner(r).to_text())
                                 : fmt::format("CNAME loop: {}", chain);
    Diagnostic& d = findings.add(
        target_span(r),
        fmt::format("{}: a resolver that follows an alias restarts at its target (RFC 1034 §3.6.2), so it never "
                    "reaches data here and answers SERVFAIL for {}, and for every name that points into it; "
                    "give {} its data (an A, AAAA or TXT record) instead of the CNAME",
                    what, circle.size() == 1 ? "that name" : "each of these names",
                    circle.size() == 1 ? "the name" : "one of these names"),
        &r);
    for (std::size_t i = 1; i < circle.size() && i < shown; ++i) {
      const Record& hop = records[cnames[steps[circle[i]].cname]];
      d.notes.push_back(Note{target_span(hop), fmt::format("\"{}\" is a CNAME to \"{}\" here",
                                                             context.owner(hop).to_text(),
                                                             context.zone().names.get(steps[circle[i]].to).to_text())});
    }
  }
};

}  // namespace

const Rule& zone015_cname_loop() {
  static const CnameLoop rule;
  return rule;
}

}  // namespace zonelint::rules
