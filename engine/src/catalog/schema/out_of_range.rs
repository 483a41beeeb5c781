use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static OUT_OF_RANGE: Rule = Rule {
    code: "INN106",
    name: "out-of-range",
    group: Group::Schema,
    severity: Severity::Error,
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
