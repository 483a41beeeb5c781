use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::platform::inputs::engine_inputs;
use crate::rules::{Group, Rule};

pub static REQUIRED_PARAMETER_NOT_SUPPLIED: Rule = Rule {
    code: "INN218",
    name: "required-parameter-not-supplied",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A Score resource does not supply a parameter its provider workflow marks required",
    doc: r#"## What it does
Resolves each resource of a Score spec to the provider workflow the platform runs for it
(`create`), and reports every entry of that workflow's `parameters` list marked
`required: true` without a `default` that the run does not receive: not an input the engine
always gives (`app_name`, `resource_name`, `resource_type`, `bucket_name`, `namespace`,
`type`), not a workflow `variables` entry, and not a key of the resource's `params` or
`properties`. The finding is on the resource's name, with the parameter's declaration as a
related location.

## Why is this bad?
The platform never reads a workflow's `parameters` list: nothing enforces `required`. The
workflow runs anyway, and every template reading `.parameters.<name>` renders the text
`<no value>`, so a database, bucket or repository gets a name or setting nobody chose.

## Example
```yaml
# file: score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
```
```yaml
# file: providers/database-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes:
    - postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    category: provisioner
```
```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: size
    type: string
    required: true
steps:
  - name: create-database
    type: policy
    config:
      script: |
        createdb --size {{ .parameters.size }} {{ .parameters.resource_name }}
```

## Use instead
```yaml
# file: score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
resources:
  db:
    type: postgres
    params:
      size: small
```
```yaml
# file: providers/database-team/provider.yaml
apiVersion: v1
kind: Provider
metadata:
  name: database-team
  version: 1.0.0
compatibility:
  minCoreVersion: 0.1.0
  maxCoreVersion: 2.0.0
capabilities:
  resourceTypes:
    - postgres
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    category: provisioner
```
```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: size
    type: string
    required: true
steps:
  - name: create-database
    type: policy
    config:
      script: |
        createdb --size {{ .parameters.size }} {{ .parameters.resource_name }}
```

## Fix safety
No fix: only the author knows the value; add it under the resource's `params`, or give the
parameter a `default` in the workflow.
"#,
};

pub static LINT: Lint = Lint {
    rule: &REQUIRED_PARAMETER_NOT_SUPPLIED,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(spec) = cx.score() else {
        return;
    };
    let doc = cx.doc;
    let ws = cx.ws;
    for res in &spec.resources {
        let Some(t) = res.resource_type.as_ref().filter(|t| !t.text.is_empty()) else {
            continue;
        };
        // Unresolvable types and missing workflow files are other rules' findings.
        let Ok(resolved) = ws.resolve(&t.text) else {
            continue;
        };
        let Some(entry) = resolved.entry else {
            continue;
        };
        let wf = &entry.model;
        if wf.required_parameters.is_empty() {
            continue;
        }
        // The values themselves do not matter here, only which names the run receives.
        let sections = [doc.get(res.node, "params"), doc.get(res.node, "properties")];
        let received = engine_inputs(doc, sections, "app", &res.name.text, &t.text);
        let provider = resolved
            .provider
            .model
            .name
            .as_ref()
            .map_or("?", |n| n.text.as_str());
        let workflow_file = cx.file_of(entry.at).clone();
        // One finding per resource, naming every missing parameter: one cause, one span.
        let missing: Vec<&crate::model::Named> = wf
            .required_parameters
            .iter()
            .filter(|p| {
                !received.contains_key(p.text.as_str())
                    && !wf.variables.iter().any(|v| v.text == p.text)
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let names = missing
            .iter()
            .map(|p| format!("`{}`", p.text))
            .collect::<Vec<_>>()
            .join(", ");
        let (noun, reads) = match missing.as_slice() {
            [one] => (
                format!("parameter {names}"),
                format!(
                    "the resource does not supply it, so `.parameters.{}` renders",
                    one.text
                ),
            ),
            _ => (
                format!("parameters {names}"),
                "the resource supplies none of them, so each `.parameters.<name>` renders"
                    .to_string(),
            ),
        };
        let d = cx.report(
            res.name.span,
            format!(
                "resource `{}` (type `{}`) runs workflow `{}` of provider `{provider}`, which marks {noun} required with no default; {reads} `<no value>`",
                res.name.text, t.text, resolved.workflow.text
            ),
        );
        for p in &missing {
            d.related.push(Related {
                file: workflow_file.clone(),
                span: p.span,
                message: format!("`{}` is declared required here", p.text),
            });
        }
        d.help = Some(format!(
            "add {} under the resource's `params`, or give the workflow's parameter a `default`",
            missing
                .iter()
                .map(|p| format!("`{}: <value>`", p.text))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}
