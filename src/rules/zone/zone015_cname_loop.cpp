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
and reports names that lead in a circle: a CNAME to its own name, or a chain that comes back to a
name it passed (`a -> b -> c -> a`). A name with several CNAMEs (ZONE002) has each one followed,
so circles can share names; each group of names that lead into each other is one finding. It is
at the target of the group's CNAME that comes first in the file, names the steps of the shortest
circle through that CNAME (with how many names the group has, when more), and has a note at each
other CNAME of that circle (the first eight of a longer one). Only names whose
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

constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);  // no name, step or visit yet

// A CNAME (by its index in context.of_type(CNAME)) whose target holds a CNAME of the same class:
// an edge between two alias names, by their index in `Graph::names`.
struct Step {
  std::uint32_t from;
  std::uint32_t to;
  std::uint32_t cname;
};

// The alias names and their steps, steps of one name contiguous and in input order.
struct Graph {
  std::vector<NameId> names;         // in the order their first CNAME appears
  std::vector<Step> steps;           // sorted by `from`
  std::vector<std::uint32_t> first;  // steps of name i: [first[i], first[i + 1])
};

class CnameLoop final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void declare(AnalysisNeeds& needs) const override { needs.add<zone_support::LastNames>(); }
  void check(const LintContext& context, Findings& findings) const override {
    const Graph graph = build(context);
    if (graph.steps.empty()) return;
    // The names that lead into each other are the strongly connected components (Tarjan), found
    // without recursion and in linear time: a hostile file can chain a million aliases with a
    // step back from each, and every circle of those would be quadratic to list.
    const auto n = static_cast<std::uint32_t>(graph.names.size());
    std::vector<std::uint32_t> order(n, none);  // visit order
    std::vector<std::uint32_t> low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::uint32_t> stack;
    struct Frame {
      std::uint32_t name;
      std::uint32_t next;  // the next of its steps to follow
    };
    std::vector<Frame> calls;
    std::uint32_t visited = 0;
    for (std::uint32_t root = 0; root < n; ++root) {
      if (order[root] != none) continue;
      const auto enter = [&](std::uint32_t v) {
        order[v] = low[v] = visited++;
        stack.push_back(v);
        on_stack[v] = true;
        calls.push_back({v, graph.first[v]});
      };
      enter(root);
      while (!calls.empty()) {
        Frame& call = calls.back();
        const std::uint32_t v = call.name;
        if (call.next < graph.first[v + 1]) {
          const std::uint32_t w = graph.steps[call.next++].to;
          if (order[w] == none) {
            enter(w);  // `call` is not used after this
          } else if (on_stack[w]) {
            low[v] = std::min(low[v], order[w]);
          }
          continue;
        }
        calls.pop_back();
        if (!calls.empty()) low[calls.back().name] = std::min(low[calls.back().name], low[v]);
        if (low[v] != order[v]) continue;
        std::vector<std::uint32_t> component;
        std::uint32_t w = 0;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component.push_back(w);
        } while (w != v);
        report_component(context, findings, graph, component);
      }
    }
  }

 private:
  static Graph build(const LintContext& context) {
    Graph graph;
    const auto cnames = context.of_type(rr::CNAME);
    const auto targets = context.analysis<zone_support::LastNames>().targets(rr::CNAME);
    if (cnames.empty() || targets.size() != cnames.size()) return graph;
    const auto records = context.records();
    const auto has_cname = [&](NameId name, RRClass rclass) {
      const auto at = context.at_owner(name);
      return std::any_of(at.begin(), at.end(), [&](std::uint32_t i) {
        return records[i].type == rr::CNAME && records[i].rclass == rclass;
      });
    };
    std::unordered_map<NameId, std::uint32_t> index;
    const auto index_of = [&](NameId name) {
      const auto [it, added] = index.try_emplace(name, static_cast<std::uint32_t>(graph.names.size()));
      if (added) graph.names.push_back(name);
      return it->second;
    };
    for (std::uint32_t k = 0; k < cnames.size(); ++k) {
      if (targets[k] == zone_support::LastNames::no_owner) continue;
      const Record& r = records[cnames[k]];
      if (!has_cname(targets[k], r.rclass)) continue;
      const std::uint32_t from = index_of(r.owner);
      graph.steps.push_back({from, index_of(targets[k]), k});
    }
    std::stable_sort(graph.steps.begin(), graph.steps.end(),
                     [](const Step& a, const Step& b) { return a.from < b.from; });
    graph.first.assign(graph.names.size() + 1, 0);
    for (const Step& step : graph.steps) ++graph.first[step.from + 1];
    for (std::size_t i = 1; i < graph.first.size(); ++i) graph.first[i] += graph.first[i - 1];
    return graph;
  }

  // A component of names that lead into each other is one finding: the shortest circle through
  // the component's first CNAME in the file, found breadth-first inside the component.
  static void report_component(const LintContext& context, Findings& findings, const Graph& graph,
                               const std::vector<std::uint32_t>& component) {
    // Most components are one name that is no circle: none of its steps leads back to it.
    if (component.size() == 1) {
      const std::uint32_t v = component.front();
      bool to_itself = false;
      for (std::uint32_t s = graph.first[v]; s < graph.first[v + 1]; ++s)
        to_itself = to_itself || graph.steps[s].to == v;
      if (!to_itself) return;
    }
    std::unordered_map<std::uint32_t, std::uint32_t> came_by;  // name -> step that reached it
    for (const std::uint32_t v : component) came_by.emplace(v, none);
    const auto inside = [&](std::uint32_t v) { return came_by.count(v) != 0; };
    std::uint32_t opening = none;  // the first CNAME of the component
    for (const std::uint32_t v : component)
      for (std::uint32_t s = graph.first[v]; s < graph.first[v + 1]; ++s)
        if (inside(graph.steps[s].to) && (opening == none ||
                                          graph.steps[s].cname < graph.steps[opening].cname))
          opening = s;
    if (opening == none) return;  // one name without a step to itself
    // From the opening step's target back to its owner.
    const std::uint32_t start = graph.steps[opening].from;
    std::vector<std::uint32_t> circle{opening};
    if (graph.steps[opening].to != start) {
      std::vector<std::uint32_t> queue{graph.steps[opening].to};
      came_by[graph.steps[opening].to] = opening;
      for (std::size_t q = 0; q < queue.size() && came_by[start] == none; ++q) {
        const std::uint32_t v = queue[q];
        for (std::uint32_t s = graph.first[v]; s < graph.first[v + 1]; ++s) {
          const std::uint32_t w = graph.steps[s].to;
          if (!inside(w) || came_by[w] != none) continue;
          came_by[w] = s;
          queue.push_back(w);
        }
      }
      std::vector<std::uint32_t> back;
      for (std::uint32_t v = start; v != graph.steps[opening].to; v = graph.steps[came_by[v]].from)
        back.push_back(came_by[v]);
      circle.insert(circle.end(), back.rbegin(), back.rend());
    }
    report(context, findings, graph, circle, component.size());
  }

  static void report(const LintContext& context, Findings& findings, const Graph& graph,
                     const std::vector<std::uint32_t>& circle, std::size_t names_in_component) {
    const auto records = context.records();
    const auto cnames = context.of_type(rr::CNAME);
    const auto name_text = [&](std::uint32_t v) { return context.zone().names.get(graph.names[v]).to_text(); };
    // A circle of thousands of names (a hostile file) is shown in part.
    constexpr std::size_t shown = 8;
    std::string chain;
    for (std::size_t i = 0; i < circle.size() && i < shown; ++i)
      chain += fmt::format("\"{}\" -> ", name_text(graph.steps[circle[i]].from));
    if (circle.size() > shown) chain += fmt::format("({} more) -> ", circle.size() - shown);
    chain += fmt::format("\"{}\"", name_text(graph.steps[circle.front()].from));
    if (names_in_component > circle.size())
      chain += fmt::format(" ({} names in all lead into each other here)", names_in_component);
    std::vector<Token> scratch;
    const auto target_span = [&](const Record& r) {
      const std::optional<Token> token = zone_support::last_rdata_token(context, r, scratch);
      return token ? context.span(r, *token) : context.entry_span(r);
    };
    const Record& r = records[cnames[graph.steps[circle.front()].cname]];
    const bool one = circle.size() == 1;
    const std::string what = one ? fmt::format("\"{}\" is a CNAME to itself", context.owner(r).to_text())
                                 : fmt::format("CNAME loop: {}", chain);
    Diagnostic& d = findings.add(
        target_span(r),
        fmt::format("{}: a resolver that follows an alias restarts at its target (RFC 1034 §3.6.2), so it never "
                    "reaches data here and answers SERVFAIL for {}, and for every name that points into it; "
                    "give {} its data (an A, AAAA or TXT record) instead of the CNAME",
                    what, one ? "that name" : "each of these names", one ? "the name" : "one of these names"),
        &r);
    for (std::size_t i = 1; i < circle.size() && i < shown; ++i) {
      const Step& step = graph.steps[circle[i]];
      const std::string note =
          fmt::format("\"{}\" is a CNAME to \"{}\" here", name_text(step.from), name_text(step.to));
      d.notes.push_back(Note{target_span(records[cnames[step.cname]]), note});
    }
  }
};

}  // namespace

const Rule& zone015_cname_loop() {
  static const CnameLoop rule;
  return rule;
}

}  // namespace zonelint::rules
