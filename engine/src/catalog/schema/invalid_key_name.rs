use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INVALID_KEY_NAME: Rule = Rule {
    code: "INN109",
    name: "invalid-key-name",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A name used as a key does not have the required format",
    doc: r#"## What it does
Reports a user-chosen key (a container, port, resource or annotation name, a variable name)
that does not have the format its mapping requires, and underlines the key.

## Why is this bad?
These names become Kubernetes object names, DNS labels or environment variable names; invalid
ones are rejected by Score tooling or at deployment.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  Main_Container:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main-container:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No automatic fix: other files may refer to the name.
"#,
};

/// `key` is not a valid name in `place`.
pub fn subject(key: &str, place: &str) -> String {
    format!("`{key}` is not a valid name in {place}")
}

pub fn too_short(subject: &str, limit: u64) -> String {
    format!("{subject}: it must be at least {limit} characters long")
}

pub fn too_long(subject: &str, limit: u64) -> String {
    format!("{subject}: it must be at most {limit} characters long")
}
