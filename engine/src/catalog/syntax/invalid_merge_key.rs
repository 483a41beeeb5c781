use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INVALID_MERGE_KEY: Rule = Rule {
    code: "INN010",
    name: "invalid-merge-key",
    group: Group::Syntax,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A merge key `<<` is given something other than a mapping or a list of mappings",
    doc: r#"## What it does
Reports a merge key (`<<:`) whose value is not a mapping, an alias to a mapping, or a list of
those.

## Why is this bad?
The decoder rejects such a merge, so the whole document fails to load.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  base: &base web
containers:
  main:
    <<: *base
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  base: &base
    LOG_LEVEL: info
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      <<: *base
```

## Fix safety
No automatic fix.
"#,
};

pub const MESSAGE: &str =
    "the merge key `<<` needs a mapping (or a list of mappings) to merge, found a scalar";
pub const HELP: &str = "point `<<:` at an anchored mapping, e.g. `<<: *defaults`";
pub const KEY: &str = "merge key";
