use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static POLICY_REQUIRED_LABEL: Rule = Rule {
    code: "INN607",
    name: "policy-required-label",
    group: Group::BestPractice,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "A Score spec without a label the team policy requires",
    doc: r#"## What it does
Checks that every Score spec carries each label listed in `[policy] required-labels` of
`.innominatus.toml`, as a key of `metadata.annotations` (or, for specs written for
innominatus, directly under `metadata`). Nothing is reported when the policy lists no labels.

```toml
# .innominatus.toml
[policy]
required-labels = ["acme.example/owner-team", "acme.example/cost-center"]
```

## Why is this bad?
Platform teams rely on such labels for ownership, cost allocation and on-call routing.
Neither Score nor innominatus requires them, so a missing label is only noticed when someone
needs it.

## Example
With the policy above:

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

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
  annotations:
    acme.example/owner-team: checkout
    acme.example/cost-center: cc-4711
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
```

## Fix safety
No fix: the label's value cannot be guessed.
"#,
};

pub static LINT: Lint = Lint {
    rule: &POLICY_REQUIRED_LABEL,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    if cx.ws.policy.required_labels.is_empty() {
        return;
    }
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    let Some(metadata_key) = r.key(root, "metadata") else {
        return;
    };
    let metadata = r.get(root, "metadata").filter(|m| r.is_mapping(*m));
    let annotations: Vec<String> = metadata
        .map(|m| r.entries(m, "annotations"))
        .unwrap_or_default()
        .into_iter()
        .map(|(k, _)| k.text.into())
        .collect();
    let direct: Vec<String> = metadata
        .map(|m| r.map_entries(m))
        .unwrap_or_default()
        .into_iter()
        .map(|(k, _)| k.text.into())
        .collect();
    let anchor = metadata
        .and_then(|m| r.key(m, "annotations"))
        .map_or(metadata_key.span, |k| k.span);
    let required = cx.ws.policy.required_labels.clone();
    for label in required {
        if annotations.contains(&label) || (label != "annotations" && direct.contains(&label)) {
            continue;
        }
        cx.report(
            anchor,
            format!(
                "the team policy requires the label `{label}` (`[policy] required-labels` of .innominatus.toml), but `metadata.annotations` has no such key"
            ),
        )
        .help = Some(format!("add `{label}: <value>` under `metadata.annotations`"));
    }
}
