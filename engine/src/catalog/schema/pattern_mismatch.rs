use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static PATTERN_MISMATCH: Rule = Rule {
    code: "INN105",
    name: "pattern-mismatch",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A string does not have the required format",
    doc: r#"## What it does
Reports a string that does not match the format its field requires: the Score `apiVersion`,
RFC 1123 names, CPU and memory quantities, file modes, golden-path names.

## Why is this bad?
These formats are checked by Score tooling and by Kubernetes: `128MB` is not a memory
quantity, `Orders_API` is not a valid workload name. The deployment fails, often far from the
file that caused it.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    resources:
      limits:
        memory: 512MB
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    resources:
      limits:
        memory: 512Mi
```

## Fix safety
No automatic fix.
"#,
};

/// `value` does not fit `place`.
pub fn subject(value: &str, place: &str) -> String {
    format!("{value} is not a valid value for {place}")
}

/// What is wrong and the help: with the schema's description of the format (`what`), the
/// message says it and the help gives the pattern; without one, the message gives it.
pub fn message_and_help(
    subject: &str,
    what: Option<&str>,
    pattern: &str,
) -> (String, Option<String>) {
    match what {
        Some(what) => (
            format!("{subject}: {what}"),
            Some(format!("the value must match the pattern `{pattern}`")),
        ),
        None => (format!("{subject}: it must match `{pattern}`"), None),
    }
}
