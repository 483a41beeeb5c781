use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static MISSING_OWNER_LABEL: Rule = Rule {
    code: "INN604",
    name: "missing-owner-label",
    group: Group::BestPractice,
    severity: Severity::Info,
    fix: crate::catalog::Fixability::None,
    summary: "A Score spec whose `metadata.annotations` name no owner or team",
    doc: r#"## What it does
Reports Score specs without an annotation that names the owning team or person: a key of
`metadata.annotations` whose name (after an optional `prefix/`) contains `owner` or `team`,
such as `acme.example/owner-team` or `team`.

## Why is this bad?
When a workload misbehaves at night, or a resource has to be cleaned up, the first question is
who owns it. Annotations are the Score place for such facts and are carried over by Score
implementations; free-form `metadata` keys like `metadata.team` are not standard and are
dropped by innominatus.

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  annotations:
    acme.example/owner-team: checkout
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No fix: the owner cannot be guessed.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISSING_OWNER_LABEL,
    kinds: &[DocumentKind::Score],
    check,
};

fn names_owner(key: &str) -> bool {
    let name = key.rsplit('/').next().unwrap_or(key).to_ascii_lowercase();
    name.contains("owner") || name.contains("team")
}

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    let Some(metadata_key) = r.key(root, "metadata") else {
        return;
    };
    let Some(metadata) = r.get(root, "metadata").filter(|m| r.is_mapping(*m)) else {
        return;
    };
    let annotations = r.entries(metadata, "annotations");
    if annotations.iter().any(|(k, _)| names_owner(&k.text)) {
        return;
    }
    let anchor = r
        .key(metadata, "annotations")
        .map_or(metadata_key.span, |k| k.span);
    let loose = r
        .map_entries(metadata)
        .into_iter()
        .find(|(k, _)| k.text != "annotations" && names_owner(&k.text));
    let d = cx.report(
        anchor,
        "`metadata.annotations` name no owner or team: nobody can tell who runs this workload"
            .to_string(),
    );
    d.help = Some(match loose {
        Some((k, _)) => format!(
            "move `metadata.{}` into an annotation such as `<your-domain>/owner-team`: other metadata keys are not standard Score and innominatus drops them",
            k.text
        ),
        None => "add an annotation such as `<your-domain>/owner-team: <team>`".to_string(),
    });
}
