use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static FRACTION_TRUNCATED: Rule = Rule {
    code: "INN110",
    name: "fraction-truncated",
    group: Group::Schema,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A number with a fraction where the platform reads an integer",
    doc: r#"## What it does
Reports a number with a fractional part (`1.5`) in a field of a platform document that the
platform decodes into a Go integer, such as `parallelGroup` or `timeout`.

## Why is this bad?
The platform's YAML decoder does not reject such a value: it drops the fraction and carries
on, so `parallelGroup: 1.5` runs in group 1 and `timeout: 2.9` waits 2 seconds. The file is
accepted, but it does not do what it says. Score specs are not affected: the official Score
schema rejects them (INN103).

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: release
steps:
  - name: build
    type: policy
    parallelGroup: 1.5
    config:
      script: echo build
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: release
steps:
  - name: build
    type: policy
    parallelGroup: 1
    config:
      script: echo build
```

## Fix safety
No automatic fix: only the author knows whether `1.5` meant 1 or 2.
"#,
};

/// `written` in `place` loses its fraction: the platform reads `truncated`.
pub fn message(written: &str, place: &str, truncated: i64) -> String {
    format!(
        "`{written}` for {place} has a fraction, but the platform reads an integer there: it drops the fraction and reads {truncated}"
    )
}

pub fn help(truncated: i64) -> String {
    format!("write the whole number you mean, for example `{truncated}`")
}
