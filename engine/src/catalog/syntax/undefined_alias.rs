use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNDEFINED_ALIAS: Rule = Rule {
    code: "INN008",
    name: "undefined-alias",
    group: Group::Syntax,
    severity: Severity::Error,
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
