use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static MISSING_REQUIRED_KEY: Rule = Rule {
    code: "INN102",
    name: "missing-required-key",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A required key is missing",
    doc: r#"## What it does
Reports a mapping that lacks a key its schema requires. The diagnostic points at the key of the
incomplete mapping (for the top level, at the start of the document) and names what is missing.

## Why is this bad?
The platform rejects the document or fails later when it reaches the missing value: a Score
workload without `containers`, a step without `type`, a provider workflow entry without `file`.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    variables:
      LOG_LEVEL: info
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      LOG_LEVEL: info
```

## Fix safety
No automatic fix: the value must come from the author.
"#,
};

/// Key `name`, required in `place` ("`containers.main`"), is absent.
pub fn message(name: &str, place: &str) -> String {
    format!("missing required key `{name}` in {place}")
}

/// The help: what the key is, from the schema's description.
pub fn help(name: &str, description: &str) -> String {
    format!("`{name}`: {description}")
}
