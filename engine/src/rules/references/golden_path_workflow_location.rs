use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::GoldenPaths;
use crate::rules::{Group, Rule};
use crate::workspace::{join, parent_dir};

pub static GOLDEN_PATH_WORKFLOW_LOCATION: Rule = Rule {
    code: "INN212",
    name: "golden-path-workflow-location",
    group: Group::References,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A golden path's workflow is not at `./workflows/<basename>.yaml`, the only place the server reads",
    doc: r#"## What it does
Checks that the `workflow` file of every golden path is `./workflows/<basename>.yaml`
relative to `goldenpaths.yaml`, where `<basename>` is the file's name without its extension.
Files that do not exist at all are reported by `missing-golden-path-workflow`.

## Why is this bad?
The CLI checks the path as written, but it sends only the file's base name to the server,
which then reads `./workflows/<basename>.yaml` from its working directory, ignoring the
directory and the extension. A workflow kept elsewhere (`workflows/archive/`, `paths/`) or
named `.yml` passes every local check and then fails on the server with "Golden path '…'
not found", or the server silently runs a different file of the same name.

## Example
```yaml
# file: goldenpaths.yaml
goldenpaths:
  onboard-team:
    workflow: ./paths/onboard-team.yaml
    description: Create the namespaces and repositories of a new team
```

```yaml
# file: paths/onboard-team.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: onboard-team
spec:
  steps:
    - name: list-namespaces
      type: kubernetes
      config:
        operation: get
        resource_type: namespaces
```

## Use instead
```yaml
# file: goldenpaths.yaml
goldenpaths:
  onboard-team:
    workflow: ./workflows/onboard-team.yaml
    description: Create the namespaces and repositories of a new team
```

```yaml
# file: workflows/onboard-team.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: onboard-team
spec:
  steps:
    - name: list-namespaces
      type: kubernetes
      config:
        operation: get
        resource_type: namespaces
```

## Fix safety
When `./workflows/<basename>.yaml` exists, the fix points `workflow` at it, so the CLI checks
the file the server runs. It is unsafe: the two files may differ, and the author may want to
move the file instead.
"#,
};

pub static LINT: Lint = Lint {
    rule: &GOLDEN_PATH_WORKFLOW_LOCATION,
    kinds: &[DocumentKind::GoldenPaths],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(paths) = GoldenPaths::from_document(cx.doc) else {
        return;
    };
    let dir = parent_dir(cx.file());
    for gp in &paths.paths {
        let Some(workflow) = &gp.workflow else {
            continue;
        };
        if workflow.text.trim().is_empty() {
            continue;
        }
        let path = join(&dir, &workflow.text);
        if !cx.ws.exists(&path) {
            continue; // missing-golden-path-workflow
        }
        let file_name = workflow
            .text
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&workflow.text);
        let stem = match file_name.rfind('.') {
            Some(dot) if dot > 0 => &file_name[..dot],
            _ => file_name,
        };
        let server_rel = format!("workflows/{stem}.yaml");
        let server = join(&dir, &server_rel);
        if server == path {
            continue;
        }
        let dot = if workflow.text.starts_with("./") {
            "./"
        } else {
            ""
        };
        let file = cx.file().clone();
        if cx.ws.exists(&server) {
            let d = cx.report(
                workflow.span,
                format!(
                    "golden path `{}` names `{}`, but the server runs `./{server_rel}` (the base name in `./workflows/`), a different file",
                    gp.name.text, workflow.text
                ),
            );
            d.help = Some(format!(
                "point `workflow` at `{dot}{server_rel}` so that local checks and the server use the same file"
            ));
            d.fix = Some(Box::new(Fix {
                applicability: Applicability::Unsafe,
                suggestion: false,
                message: format!("use `{dot}{server_rel}`"),
                edits: vec![Edit {
                    file,
                    span: workflow.span,
                    replacement: format!("{dot}{server_rel}"),
                }],
            }));
        } else {
            let d = cx.report(
                workflow.span,
                format!(
                    "golden path `{}` names `{}`, but the server only reads `./{server_rel}` (looked for `{server}`), which does not exist; running it fails with \"Golden path '{stem}' not found\"",
                    gp.name.text, workflow.text
                ),
            );
            d.help = Some(format!(
                "move the workflow to `{server}` and point `workflow` at `{dot}{server_rel}`"
            ));
        }
    }
}
