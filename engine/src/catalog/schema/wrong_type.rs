use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static WRONG_TYPE: Rule = Rule {
    code: "INN103",
    name: "wrong-type",
    group: Group::Schema,
    severity: Severity::Error,
    summary: "A value has the wrong type",
    doc: r#"## What it does
Reports a value whose YAML type is not the one the schema allows, and says what was found and
what is expected. Values are typed by YAML 1.2 rules, as the platform's Go decoder types them:
unquoted `8080`, `0.5` and `true` are a number, a number and a boolean.

## Why is this bad?
Score requires strings for environment variables, file modes, CPU and memory; the platform
requires integers for timeouts and lists for `dependsOn`. A wrong type fails validation or
aborts decoding of the whole document.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      PORT: 8080
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
      PORT: "8080"
```

## Fix safety
No automatic fix yet; quoting a scalar is usually right but changes what the value means.
"#,
};
