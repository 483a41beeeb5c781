use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "INN012",
    name: "unused-suppression",
    group: Group::Syntax,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Safe,
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

/// A listed code or name that is not a rule.
pub fn not_a_rule(listed: &str) -> String {
    format!("`{listed}` in this suppression is not a rule code or name")
}

/// A suppression of rule `code` (`name`) with nothing to suppress on its line.
pub fn unused(code: &str, name: &str) -> String {
    format!("this suppression of {code} {name} suppresses nothing here")
}

pub const HELP: &str =
    "remove it, or check that the finding it was meant for is still on this line";
pub const FIX: &str = "remove the unused suppression";
