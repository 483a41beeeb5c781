use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::GoldenPaths;
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::workspace::{join, normalize, parent_dir};

pub static MISSING_GOLDEN_PATH_WORKFLOW: Rule = Rule {
    code: "INN211",
    name: "missing-golden-path-workflow",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A golden path's `workflow` file does not exist",
    doc: r#"## What it does
Checks that the `workflow` file of every entry of `goldenpaths.yaml` exists, resolved
relative to the directory of `goldenpaths.yaml` (the platform resolves it against its
working directory, where it reads that file), and suggests the file the server would use or
a file with a similar name.

## Why is this bad?
Before running any golden path, `innominatus-ctl run` checks the workflow files of **all**
golden paths: one missing file makes every golden path fail with "workflow file for golden
path '…' not found". The startup validator rejects it too ("file does not exist"), which
stops the server unless validation is skipped.

## Example
```yaml
# file: goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-application.yaml
    description: Deploy an application
```

```yaml
# file: workflows/deploy-app.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  steps:
    - name: list-pods
      type: kubernetes
      config:
        operation: get
        resource_type: pods
```

## Use instead
```yaml
# file: goldenpaths.yaml
goldenpaths:
  deploy-app:
    workflow: ./workflows/deploy-app.yaml
    description: Deploy an application
```

```yaml
# file: workflows/deploy-app.yaml
apiVersion: workflow.dev/v1
kind: Workflow
metadata:
  name: deploy-app
spec:
  steps:
    - name: list-pods
      type: kubernetes
      config:
        operation: get
        resource_type: pods
```

## Fix safety
When `./workflows/<golden path name>.yaml` exists, or exactly one file of the expected
directory has a similar name, the fix points `workflow` at it. It is unsafe: that file may be
a different workflow.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISSING_GOLDEN_PATH_WORKFLOW,
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
        if cx.ws.exists(&path) {
            continue;
        }
        let suggestion = suggest(cx, &dir, &gp.name.text, &workflow.text, &path);
        let file = cx.file().clone();
        let d = cx.report(
            workflow.span,
            format!(
                "workflow file `{}` of golden path `{}` does not exist (looked for `{path}`); `innominatus-ctl run` checks every golden path's file, so no golden path can run",
                workflow.text, gp.name.text
            ),
        );
        match suggestion {
            Some(s) => {
                d.help = Some(format!("did you mean `{s}`?"));
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: true,
                    message: format!("use workflow file `{s}`"),
                    edits: vec![Edit {
                        file,
                        span: workflow.span,
                        replacement: crate::lint::fix::yaml_string(&s),
                    }],
                }));
            }
            None => {
                d.help = Some(format!(
                    "the server runs `./workflows/<name>.yaml` relative to its working directory; create `{}` or remove the golden path",
                    join(&dir, "workflows/<name>.yaml")
                ));
            }
        }
    }
}

/// `./workflows/<path name>.yaml` when it exists, else a similarly named file next to where
/// the workflow was expected.
fn suggest(
    cx: &LintContext<'_>,
    dir: &str,
    name: &str,
    written: &str,
    wanted: &str,
) -> Option<String> {
    let dot = if written.starts_with("./") { "./" } else { "" };
    let by_name = format!("workflows/{name}.yaml");
    if cx.ws.exists(&join(dir, &by_name)) {
        return Some(format!("{dot}{by_name}"));
    }
    let wanted_dir = parent_dir(wanted);
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let siblings: Vec<String> = cx
        .ws
        .paths()
        .map(|f| normalize(f))
        .filter(|p| parent_dir(p) == wanted_dir && (p.ends_with(".yaml") || p.ends_with(".yml")))
        .collect();
    let bases: Vec<String> = siblings.iter().map(|p| base(p)).collect();
    let best = closest(&base(wanted), bases.iter().map(String::as_str))?;
    let written_dir = match written.rsplit_once('/') {
        Some((d, _)) => format!("{d}/"),
        None => String::new(),
    };
    Some(format!("{written_dir}{best}"))
}
