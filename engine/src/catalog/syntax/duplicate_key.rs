use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static DUPLICATE_KEY: Rule = Rule {
    code: "INN002",
    name: "duplicate-key",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A key appears twice in the same mapping",
    doc: r#"## What it does
Reports a mapping key that was already used earlier in the same mapping. The diagnostic sits on
the second occurrence and links to the first.

## Why is this bad?
The platform's YAML decoder (gopkg.in/yaml.v3) refuses the whole document with `mapping key
"x" already defined`. Other tools silently keep the last value, so the file may look fine in one
tool and fail at deployment. Either way one of the two values is lost.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    image: ghcr.io/acme/orders:1.5.0
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.5.0
```

## Fix safety
No automatic fix: which of the two values is meant cannot be known.
"#,
};

/// What is wrong: `key` is written again; its first entry is on `first_line` (1-based).
pub fn message(key: &str, first_line: usize) -> String {
    format!("duplicate key `{key}`: it is already defined on line {first_line} of this mapping")
}

pub const HELP: &str = "remove one of the two entries or merge their values";
pub const FIRST: &str = "first defined here";
