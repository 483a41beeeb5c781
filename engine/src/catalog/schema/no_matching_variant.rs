use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NO_MATCHING_VARIANT: Rule = Rule {
    code: "INN107",
    name: "no-matching-variant",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A value fits none of the shapes allowed at its place",
    doc: r#"## What it does
Some fields accept one of several shapes: a Score file takes exactly one of `content`,
`binaryContent` or `source`; a probe needs `httpGet` or `exec`; a golden path is a file name or
a mapping. This rule reports a value that fits none of them (or more than one where exactly one
is required). It names the shape that came closest and what that shape still lacks, instead of
"matches none of the schemas".

## Why is this bad?
The platform cannot tell which form was meant and rejects the value.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    files:
      /etc/orders/config.yaml:
        content: "port: 8080"
        source: ./config.yaml
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    files:
      /etc/orders/config.yaml:
        source: ./config.yaml
```

## Fix safety
No automatic fix.
"#,
};

/// A key the form in use forbids.
pub fn forbidden_key(name: &str, place: &str) -> String {
    format!("`{name}` must not be given in {place}: this form does not take it")
}

/// A value whose form is forbidden, without a key to name.
pub fn forbidden_form(place: &str) -> String {
    format!("{place} has a form that is not allowed here")
}

/// `place` needs `how_many` ("one"/"at least one") of the `names`, and has none.
pub fn none_of(place: &str, how_many: &str, names: &str) -> String {
    format!("{place} needs {how_many} of {names}, and has none")
}

/// `place` takes exactly one of `names` but has several (`given`).
pub fn several_of(place: &str, names: &str, given: &str) -> String {
    format!("{place} takes exactly one of {names}, but has {given}")
}

pub const SEVERAL_HELP: &str = "keep the one you mean and remove the others";

/// `place` fits several alternatives where exactly one is required.
pub fn fits_several(place: &str) -> String {
    format!("{place} fits more than one of the forms allowed here, and exactly one is required")
}
