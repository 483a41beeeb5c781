use super::engines;
use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static MISPLACED_STEPS: Rule = Rule {
    code: "INN508",
    name: "misplaced-steps",
    group: Group::Compatibility,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::None,
    summary: "Steps written where the consumer of the workflow does not look: it runs zero steps",
    doc: r#"## What it does
Reports workflows whose steps are in the wrong place for the code that reads them:

- a file listed in a provider manifest's `workflows[].file` is read as a flat workflow
  (top-level `steps`), so `spec.steps` there is never seen;
- a golden path's workflow is read as a spec-shaped workflow (`spec.steps`), so top-level
  `steps` there are never seen;
- a Score spec's `workflows.<name>` holds `steps` directly, not under `spec`.

## Why is this bad?
The platform accepts both shapes without complaint and simply finds no steps. For a provider
the load-time validator then fails with `workflow must have at least one step` and the server
skips the whole provider; a golden path or Score workflow runs nothing and reports success.

## Example
```yaml
# file: providers/db/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: db
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
```

```yaml
# file: providers/db/workflows/provision-postgres.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: provision-postgres
spec:
  steps:
    - name: create
      type: policy
      config:
        script: echo create
```

## Use instead
```yaml
# file: providers/db/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: db
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    operation: create
```

```yaml
# file: providers/db/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create
    type: policy
    config:
      script: echo create
```

## Fix safety
No fix: moving the steps means re-indenting the whole list.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISPLACED_STEPS,
    kinds: &[
        DocumentKind::GoldenPathWorkflow,
        DocumentKind::ProviderWorkflow,
        DocumentKind::Score,
    ],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    match cx.kind {
        DocumentKind::GoldenPathWorkflow => provider_reads_flat(cx),
        DocumentKind::ProviderWorkflow => golden_path_reads_spec(cx),
        DocumentKind::Score => score_workflows(cx),
        _ => {}
    }
}

/// A spec-shaped file that a provider loads.
fn provider_reads_flat(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    // A flat `steps` list beside `spec` is what the provider reads: nothing lost then.
    if r.get(root, "steps").is_some() {
        return;
    }
    let Some(spec) = r.get(root, "spec") else {
        return;
    };
    let Some(steps_key) = r.key(spec, "steps") else {
        return;
    };
    let refs = engines::referencing_providers(cx);
    if refs.is_empty() {
        return;
    }
    let names: Vec<String> = refs
        .iter()
        .map(|(p, _)| format!("`{}`", p.model.name_text().unwrap_or("?")))
        .collect();
    let related: Vec<Related> = refs
        .iter()
        .map(|(p, file)| Related {
            file: cx.file_of(p.at).clone(),
            span: file.span,
            message: "the provider loads this file as a flat workflow".to_string(),
        })
        .collect();
    // The provider loader reads no steps: `workflow must have at least one step` blocks it.
    cx.blocks_loading = true;
    let d = cx.report(
        steps_key.span,
        format!(
            "provider {} loads this file as a flat workflow and reads only top-level `steps`: `spec.steps` is never seen, so the load-time validator fails with `workflow must have at least one step` and the whole provider is skipped",
            names.join(", ")
        ),
    );
    d.help = Some(
        "move the step list to the top level (`steps:` beside `apiVersion`) and use `apiVersion: innominatus.io/v1alpha1`"
            .to_string(),
    );
    d.related = related;
}

/// A flat file that a golden path runs.
fn golden_path_reads_spec(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let r = Reader::new(cx.doc);
    if r.get(root, "spec")
        .is_some_and(|s| r.get(s, "steps").is_some())
    {
        return;
    }
    let Some(steps_key) = r.key(root, "steps") else {
        return;
    };
    let refs = engines::referencing_golden_paths(cx);
    if refs.is_empty() {
        return;
    }
    let names: Vec<String> = refs
        .iter()
        .map(|(_, gp, _)| format!("`{}`", gp.name.text))
        .collect();
    let related: Vec<Related> = refs
        .iter()
        .map(|(at, _, w)| Related {
            file: cx.file_of(*at).clone(),
            span: w.span,
            message: "the golden path runs this file as a spec-shaped workflow".to_string(),
        })
        .collect();
    let d = cx.report(
        steps_key.span,
        format!(
            "golden path {} runs this file as a spec-shaped workflow and reads only `spec.steps`: the top-level `steps` are never seen, so the run executes no step at all",
            names.join(", ")
        ),
    );
    d.help = Some(
        "move the step list under `spec:` (`spec.steps`) and use `apiVersion: workflow.dev/v1`"
            .to_string(),
    );
    d.related = related;
}

/// `workflows.<name>.spec.steps` in a Score spec.
fn score_workflows(cx: &mut LintContext<'_>) {
    let Some(spec) = cx.score() else {
        return;
    };
    let r = Reader::new(cx.doc);
    for (name, wf) in &spec.workflows {
        if wf.steps_key.is_some() {
            continue;
        }
        let Some(inner) = r.get(wf.holder, "spec") else {
            continue;
        };
        let Some(steps_key) = r.key(inner, "steps") else {
            continue;
        };
        cx.report(
            steps_key.span,
            format!(
                "Score workflow `{}` reads `steps` directly under `workflows.{}`: `spec.steps` is never seen, so the workflow runs no step at deploy",
                name.text, name.text
            ),
        )
        .help = Some(format!(
            "move the list to `workflows.{}.steps`",
            name.text
        ));
    }
}
