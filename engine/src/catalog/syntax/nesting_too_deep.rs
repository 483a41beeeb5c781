use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static NESTING_TOO_DEEP: Rule = Rule {
    code: "INN013",
    name: "nesting-too-deep",
    group: Group::Syntax,
    severity: Severity::Error,
    summary: "Mappings and lists nest deeper than innominatus checks",
    doc: r#"## What it does
Reports a mapping or list nested more than 128 levels deep, at the place where it opens
the 129th level, and an alias whose value would nest that deep where it is used. Aliases
count as the value they stand for. What lies beyond the limit is not checked (the value
counts as an empty mapping or list of the same kind); everything else in the document is.

## Why is this bad?
No platform file nests this deep: the deepest real values (a step's kubernetes manifest)
stay around ten levels. Nesting this deep is generated or hostile, and every tool that reads
it recursively (the platform's decoder, validators, editors) may exhaust its stack on it.
Its content has not been checked, so it may hide anything.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
    params:
      layers: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
```

## Use instead
Keep the value flat, or write it as one string:
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
    params:
      layers: [x]
```

## Fix safety
No automatic fix.
"#,
};
