use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Named;
use crate::platform::resolution::create_workflow;
use crate::rules::{Group, Rule};

pub static DUPLICATE_RESOURCE_TYPE_CLAIM: Rule = Rule {
    code: "INN217",
    name: "duplicate-resource-type-claim",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A provider claims the same resource type twice",
    doc: r#"## What it does
Reports a `capabilities.resourceTypeCapabilities` entry whose `type` an earlier entry of the
same provider already has, and a type listed twice in `capabilities.resourceTypes`, with a
related location on the first claim.

## Why is this bad?
The platform loads such a provider without complaint, but it resolves a resource type with
the first capability entry that names it: the later entry's operations and workflows are
never used. Whoever edits the second entry expects it to take effect, and it silently does
not.

## Example
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: provision-small
    - type: postgres
      operations:
        create:
          workflow: provision-large
workflows:
  - name: provision-small
    file: ./workflows/provision-small.yaml
  - name: provision-large
    file: ./workflows/provision-large.yaml
```

## Use instead
```yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypeCapabilities:
    - type: postgres
      operations:
        create:
          workflow: provision-small
    - type: postgres-large
      operations:
        create:
          workflow: provision-large
workflows:
  - name: provision-small
    file: ./workflows/provision-small.yaml
  - name: provision-large
    file: ./workflows/provision-large.yaml
```

## Fix safety
There is no automatic fix: merge the two entries, or give the second its own type name.
"#,
};

pub static LINT: Lint = Lint {
    rule: &DUPLICATE_RESOURCE_TYPE_CLAIM,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let p = &entry.model;
    let file = cx.file().clone();
    let fallback = cx.ws.document_span(cx.at);
    let outcome = |t: &str| match create_workflow(p, t, fallback) {
        Ok(w) => format!("resources of type `{t}` run workflow `{}`", w.text),
        Err(_) => format!("resources of type `{t}` are resolved from the first entry alone"),
    };
    let report = |cx: &mut LintContext<'_>, first: &Named, again: &Named, message: String| {
        let d = cx.report(again.span, message);
        d.related.push(Related {
            file: file.clone(),
            span: first.span,
            message: format!("`{}` is first claimed here", first.text),
        });
        d.help = Some(
            "merge the two claims into one, or give the second its own resource type name"
                .to_string(),
        );
    };
    for (i, t) in p.resource_types.iter().enumerate() {
        if t.text.is_empty() {
            continue;
        }
        if let Some(first) = p.resource_types[..i].iter().find(|o| o.text == t.text) {
            let message = format!(
                "resource type `{}` is listed twice in `resourceTypes`; this listing has no effect",
                t.text
            );
            report(cx, first, t, message);
        }
    }
    for (i, c) in p.capabilities.iter().enumerate() {
        let Some(t) = c.resource_type.as_ref().filter(|t| !t.text.is_empty()) else {
            continue;
        };
        let Some((first_index, first)) =
            p.capabilities[..i].iter().enumerate().find_map(|(j, o)| {
                o.resource_type
                    .as_ref()
                    .filter(|o| o.text == t.text)
                    .map(|o| (j, o))
            })
        else {
            continue;
        };
        let message = format!(
            "resource type `{}` is already claimed by `resourceTypeCapabilities[{first_index}]`; the platform uses only the first entry that names a type, so this entry is never read ({})",
            t.text,
            outcome(&t.text)
        );
        report(cx, first, t, message);
    }
}
