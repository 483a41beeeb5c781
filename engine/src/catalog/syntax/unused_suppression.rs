use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "INN012",
    name: "unused-suppression",
    group: Group::Syntax,
    severity: Severity::Warning,
    summary: "A suppression comment suppresses nothing",
    doc: r#"## What it does
Reports a rule listed in an `# innominatus: ignore[...]` (or `ignore-file[...]`) comment that
suppresses no finding on its line (or in its file), and a listed name that is no rule at all.

## Why is this bad?
Suppressions outlive the problems they hid: once the finding is fixed or moves to another line,
the stale comment would silently hide the next real problem of that rule on this line.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders # innominatus: ignore[unknown-key]
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
The fix removes the unused code from the list, or the whole comment when nothing else is left
in it. It is safe: the comment had no effect.
"#,
};
