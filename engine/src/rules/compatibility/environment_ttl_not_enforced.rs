use super::goparse;
use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static ENVIRONMENT_TTL_NOT_ENFORCED: Rule = Rule {
    code: "INN512",
    name: "environment-ttl-not-enforced",
    group: Group::Compatibility,
    severity: Severity::Info,
    fix: crate::catalog::Fixability::None,
    summary: "`environment.ttl` is stored but never parsed or enforced",
    doc: r#"## What it does
Reports `environment.ttl` in a Score spec: as information when it is a valid duration (Go
syntax such as `90m` or `24h`, or `<n>d`/`<n>w`), as a warning when it is not.

## Why is this bad?
The platform keeps the value as text and never reads it again: no environment expires, however
short the TTL. With `environment.type: ephemeral` the deploy response even echoes
`Creating ephemeral environment with TTL=<ttl>`, which suggests otherwise. A value that is not
a duration at all (`one day`, `1.5d`) shows that nothing checks it.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-pr-42
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
environment:
  type: ephemeral
  ttl: one day
```

## Use instead
Remove the environment some other way, for example with a kube-janitor annotation set by a
golden-path workflow, and leave the TTL out of the spec:

```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders-pr-42
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &ENVIRONMENT_TTL_NOT_ENFORCED,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    let Some(ttl) = r.get(root, "environment").and_then(|e| r.string(e, "ttl")) else {
        return;
    };
    if ttl.text.trim().is_empty() {
        return;
    }
    let valid = goparse::golden_path_duration(&ttl.text);
    let message = if valid {
        format!(
            "`ttl: {}` is never enforced: the platform stores it as text and the environment does not expire",
            ttl.text
        )
    } else {
        format!(
            "`ttl: {}` is not a duration (expected e.g. `90m`, `24h`, `7d`), and the platform never parses or enforces it: the environment does not expire",
            ttl.text
        )
    };
    let d = cx.report(ttl.span, message);
    if !valid {
        d.severity = Severity::Warning;
    }
    d.help = Some(
        "clean the environment up explicitly (a delete workflow, or a janitor annotation set by a workflow); keep the TTL only as documentation"
            .to_string(),
    );
}
