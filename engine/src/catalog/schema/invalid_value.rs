use crate::catalog::Severity;
use crate::catalog::{Group, Rule};

pub static INVALID_VALUE: Rule = Rule {
    code: "INN104",
    name: "invalid-value",
    group: Group::Schema,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A value is not one of the allowed values",
    doc: r#"## What it does
Reports a value outside a fixed set of allowed values (an enum or a constant) and lists the
allowed ones, suggesting the closest when the difference is only case or a typo.

## Why is this bad?
Enumerated fields are matched exactly: `protocol: tcp` is not `TCP`, `kind: provider` is not
`Provider`. The platform or Score tooling rejects the document, or treats the value as unknown
and does nothing.

An error where the platform or the Score schema refuses the value. A warning on the fields
where the platform skips a value it does not recognise instead of failing (a step's `when`, a
platform workflow's `metadata.phase` and `spec.triggers`): the step or the workflow then
silently never runs, and nothing fails.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
service:
  ports:
    http:
      port: 80
      protocol: tcp
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
      port: 80
      protocol: TCP
containers:
  main:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
When one allowed value is clearly closest (`tcp` for `TCP`), the finding carries a fix that
replaces the value with it, keeping its quotes if it had any. The fix is unsafe: the document
is accepted afterwards and the platform acts on the new value, which may not be the one the
author meant. `innominatus lint --fix --unsafe-fixes` applies it; editors offer it as the
preferred quick fix.
"#,
};

/// `value` is not among the `allowed` values of `place`.
pub fn message(value: &str, place: &str, allowed: &str) -> String {
    format!("{value} is not allowed for {place}; expected {allowed}")
}

/// The severity of a value outside the set on a field where the platform skips what it does
/// not recognise (the schemas mark such fields `x-platform-skips-unknown`; checked with the
/// oracle, which accepts the document): nothing fails, the step or workflow never runs.
pub const SKIPPED_BY_PLATFORM: Severity = Severity::Warning;

/// Added to the message of such a finding.
pub const SKIPPED_NOTE: &str =
    "the platform does not reject it: it skips a value it does not recognise, so this never runs";

/// The allowed value that is closest to what was written.
pub fn did_you_mean(best: &str) -> String {
    format!("did you mean `{best}`?")
}
