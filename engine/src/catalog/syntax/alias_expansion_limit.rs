use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static ALIAS_EXPANSION_LIMIT: Rule = Rule {
    code: "INN011",
    name: "alias-expansion-limit",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Aliases expand to more nodes or text than any real document needs",
    doc: r#"## What it does
Reports the alias at which a document's aliases, once expanded, would add more than a million
nodes (the "billion laughs" pattern: anchors that alias other anchors several times each) or
more than 4 MiB of text (a large value aliased many times) to what is written. That alias and
every later one over the budget are not expanded: their values are not checked where they are
used (a value of the right type, but empty, stands in for them). The rest of the document is
checked as usual.

## Why is this bad?
Expanding it takes memory and time exponential in the number of levels, or a copy of the
large value per alias; tools that expand it hang or run out of memory (a 1 MB string aliased
2,000 times is 2 GB once expanded). No real platform file needs this.

## Example
```yaml
a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
```

## Use instead
```yaml
a: &a [x, x, x]
b: [*a, *a]
```

## Fix safety
No automatic fix.
"#,
};

/// Expanding `name` (anchored on `anchor_line`, standing for `own`) would take what aliases
/// add past `budget`; `others` says how many later aliases are cut too.
pub fn message(name: &str, anchor_line: usize, budget: &str, own: &str, others: &str) -> String {
    format!("expanding `{name}` here would bring what aliases add to this document past {budget} (the value anchored on line {anchor_line} alone stands for {own}): it is not expanded, so its value is not checked here{others}")
}

pub const HELP: &str = "write the values out, or alias small values only";
pub const ANCHORED: &str = "the anchored value";
