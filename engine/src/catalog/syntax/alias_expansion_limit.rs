use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static ALIAS_EXPANSION_LIMIT: Rule = Rule {
    code: "INN011",
    name: "alias-expansion-limit",
    group: Group::Syntax,
    severity: Severity::Error,
    summary: "Aliases expand to more nodes than any real document needs",
    doc: r#"## What it does
Reports a document whose aliases, once expanded, would produce more than a million nodes (the
"billion laughs" pattern: anchors that alias other anchors several times each).

## Why is this bad?
Expanding it takes memory and time exponential in the number of levels; tools that expand it
hang or run out of memory. No real platform file needs this.

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
