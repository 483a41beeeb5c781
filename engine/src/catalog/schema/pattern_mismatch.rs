use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static PATTERN_MISMATCH: Rule = Rule {
    code: "INN105",
    name: "pattern-mismatch",
    group: Group::Schema,
    severity: Severity::Error,
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
