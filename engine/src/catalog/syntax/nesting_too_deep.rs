use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NESTING_TOO_DEEP: Rule = Rule {
    code: "INN013",
    name: "nesting-too-deep",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Mappings and lists nest deeper than innominatus checks",
    doc: r#"## What it does
Reports a mapping or list nested more than 128 levels deep, at the place where it opens
the 129th level, and an alias whose value would nest that deep where it is used. Aliases
count as the value they stand for. What lies beyond the limit is not checked (the value
counts as an empty mapping or list of the same kind); everything else in the document is.

## Why is this bad?
No platform file nests this deep: the deepest real values (a step's kubernetes manifest)
stay around ten levels. Nesting this deep is generated or hostile, and every tool that reads
it recursively (the platform's decoder, validators, editors) may exhaust its stack on it.
Its content has not been checked, so it may hide anything.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
    params:
      layers: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
```

## Use instead
Keep the value flat, or write it as one string:
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
    params:
      layers: [x]
```

## Fix safety
No automatic fix.
"#,
};

/// A `mapping` or `list` that opens past `limit` levels.
pub fn message(what: &str, limit: usize) -> String {
    format!("this {what} is nested more than {limit} levels deep: innominatus does not check what it holds")
}

/// An alias of `name` (anchored on `anchor_line`) that would nest `levels` deep where it is
/// used; `others` says how many later aliases are cut too (", nor at 2 later aliases").
pub fn alias_message(
    name: &str,
    anchor_line: usize,
    levels: usize,
    limit: usize,
    others: &str,
) -> String {
    format!("the value of `{name}` (anchored on line {anchor_line}) would nest {levels} levels deep here, more than the {limit} innominatus follows: it is not checked here{others}")
}

pub const HELP: &str = "no platform file nests this deep; flatten the value, or write it as one string (a block scalar)";
pub const ALIAS_HELP: &str =
    "no platform file nests this deep; flatten the anchored value or write it out";
