// ZONE000 syntax-error: what the readers could not read. The findings come from the master-file
// reader and the provider importers; this rule carries their metadata and passes them on.

#include "lint/context.hpp"
#include "rules/rules.hpp"

namespace zonelint::rules {
namespace {

constexpr RuleInfo rule_info{
    "ZONE000",
    "syntax-error",
    Severity::error,
    "The input cannot be read as a zone file or provider export",
    FixSafety::none,
    "zone syntax",
    R"md(## What it does
Reports text that zonelint cannot read: a malformed entry, an unknown record type, a field out of
range (a TTL above 2147483647, a label over 63 octets, an invalid IPv4 address), an unbalanced
parenthesis or quote, an `$INCLUDE` that cannot be read, or an export that is not valid JSON or
YAML. Each finding names what was expected and what was found, at the exact line and column.

## Why is this bad
A name server refuses to load a zone file with a syntax error: BIND's `named-checkzone` reports
"not loaded due to errors", and the whole zone, not just the broken line, stays on its old
version or is not served at all. DNS providers' import tools reject the file or, worse, skip the
broken records silently. Either way the records you meant to publish (for example the Amazon SES
DKIM CNAMEs) never reach the public DNS. The syntax is defined in RFC 1035 §5.1, RFC 2308 §4
(`$TTL`) and RFC 3597 §5 (unknown types).

## Example
```
www  IN  A  192.0.2.300
mail IN  MX mail.example.com.
```

## Use instead
```
www  IN  A  192.0.2.30
mail IN  MX 10 mail.example.com.
```

## Fix safety
No automatic fix: the intended text cannot be known.

## References
- RFC 1035 §5.1, Master file format: https://www.rfc-editor.org/rfc/rfc1035#section-5.1
- RFC 2308 §4, the $TTL directive: https://www.rfc-editor.org/rfc/rfc2308#section-4
- RFC 3597 §5, unknown RR types: https://www.rfc-editor.org/rfc/rfc3597#section-5
)md"};

class SyntaxError final : public Rule {
 public:
  [[nodiscard]] const RuleInfo& info() const noexcept override { return rule_info; }
  void check(const LintContext& context, Findings& findings) const override {
    for (const Diagnostic& read_error : context.zone().diagnostics) {
      Diagnostic& d = findings.add(read_error.span, read_error.message);
      d.severity = read_error.severity;
      d.notes = read_error.notes;
    }
  }
};

}  // namespace

const Rule& zone000_syntax_error() {
  static const SyntaxError rule;
  return rule;
}

}  // namespace zonelint::rules
