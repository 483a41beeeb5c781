use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static OUT_OF_RANGE: Rule = Rule {
    code: "INN106",
    name: "out-of-range",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A number, string, list or mapping is too small or too large",
    doc: r#"## What it does
Reports a value outside its bounds: a port outside 1–65535, a name shorter than 2 or longer
than 63 characters, an empty `containers` mapping, a list with fewer items than required.

## Why is this bad?
Bounds come from the platform and from Kubernetes; values outside them are rejected when the
workload is deployed.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
service:
  ports:
    http:
      port: 80800
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
service:
  ports:
    http:
      port: 8080
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix.
"#,
};

/// Which bound a value crosses (numbers as the schema writes them).
pub enum Bound {
    MinLength(u64),
    MaxLength(u64),
    Minimum(String),
    Maximum(String),
    ExclusiveMinimum(String),
    ExclusiveMaximum(String),
    MinItems(u64),
    MaxItems(u64),
    MinProperties(u64),
    MaxProperties(u64),
    MultipleOf(String),
    UniqueItems,
}

/// The value (`value` as JSON, `found` in words) crosses `bound` at `place`.
pub fn message(bound: Bound, value: &str, found: &str, place: &str) -> String {
    match bound {
        Bound::MinLength(limit) => format!(
            "{found} is too short for {place}: at least {limit} {} required",
            if limit == 1 {
                "character is"
            } else {
                "characters are"
            }
        ),
        Bound::MaxLength(limit) => {
            format!("{found} is too long for {place}: at most {limit} characters are allowed")
        }
        Bound::Minimum(limit) => {
            format!("{value} is too small for {place}: the minimum is {limit}")
        }
        Bound::Maximum(limit) => {
            format!("{value} is too large for {place}: the maximum is {limit}")
        }
        Bound::ExclusiveMinimum(limit) => {
            format!("{value} is too small for {place}: it must be greater than {limit}")
        }
        Bound::ExclusiveMaximum(limit) => {
            format!("{value} is too large for {place}: it must be less than {limit}")
        }
        Bound::MinItems(limit) => format!("{place} needs at least {limit} item(s)"),
        Bound::MaxItems(limit) => format!("{place} allows at most {limit} item(s)"),
        Bound::MinProperties(limit) => format!(
            "{place} needs at least {limit} entr{}",
            if limit == 1 { "y" } else { "ies" }
        ),
        Bound::MaxProperties(limit) => format!("{place} allows at most {limit} entries"),
        Bound::MultipleOf(m) => format!("{value} in {place} must be a multiple of {m}"),
        Bound::UniqueItems => format!("{place} has duplicate items"),
    }
}
