use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNDEFINED_ALIAS: Rule = Rule {
    code: "INN008",
    name: "undefined-alias",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "An alias names an anchor that is not defined before it",
    doc: r#"## What it does
Reports an alias (`*name`) whose anchor (`&name`) is not defined earlier in the same document,
or is used inside the very value its anchor marks (that value would contain itself).

## Why is this bad?
Anchors are only visible after their definition and only within their own document, so the
parser rejects the file. A renamed or moved anchor is the usual cause.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables: *common-vars
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  shared: &common-vars
    LOG_LEVEL: info
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables: *common-vars
```

## Fix safety
No automatic fix.
"#,
};

/// An alias whose anchor is not defined earlier in its document (`name` without `*`).
pub fn undefined(name: &str) -> (String, String) {
    (
        format!("alias `*{name}` refers to an anchor `&{name}` that is not defined earlier in this document"),
        format!("define `&{name}` on a value above this line, or correct the alias name"),
    )
}

/// An alias inside the value its own anchor (on `anchor_line`, 1-based) marks.
pub fn inside_its_anchor(name: &str, anchor_line: usize) -> (String, String) {
    (
        format!("alias `*{name}` is inside the value its anchor `&{name}` (line {anchor_line}) marks: that value would contain itself"),
        format!("move `&{name}` to a value that does not contain this alias, or write the values out"),
    )
}

pub const ANCHOR: &str = "the anchor of the value that holds the alias";
