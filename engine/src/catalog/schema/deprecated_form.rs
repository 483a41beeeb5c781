use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static DEPRECATED_FORM: Rule = Rule {
    code: "INN108",
    name: "deprecated-form",
    group: Group::Schema,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A deprecated but still accepted form is used",
    doc: r#"## What it does
Reports a form the schema still accepts but marks as deprecated, such as the list form of Score
`files` and `volumes` (`- target: /path`) instead of the mapping keyed by the target path.

## Why is this bad?
Deprecated forms are converted by today's tools and may be dropped by the next version of the
specification. The list form also hides a trap: the schema does not require `target`, but the
conversion fails without it.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    files:
      - target: /etc/orders/config.yaml
        content: "port: 8080"
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
        content: "port: 8080"
```

## Fix safety
No automatic fix yet.
"#,
};

/// `place` uses a deprecated form (`what`: the schema's message, else "a deprecated form").
pub fn message(place: &str, what: Option<&str>) -> String {
    format!("{place} uses {}", what.unwrap_or("a deprecated form"))
}
