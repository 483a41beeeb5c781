use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::workspace::{join, normalize, parent_dir};

pub static MISSING_WORKFLOW_FILE: Rule = Rule {
    code: "INN202",
    name: "missing-workflow-file",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A provider's `workflows[].file` names a file that does not exist or is empty",
    doc: r#"## What it does
Checks that every `workflows[].file` of a provider manifest exists, resolved relative to the
directory of the manifest (as the platform does when it loads the provider), and suggests a
file of the provider with the same or a similar name. An existing file with no content (or
only comments) is reported too: the load-time validator finds no step in it.

## Why is this bad?
When it loads a provider, the platform reads and validates every workflow file listed under
`workflows`. A file that cannot be read fails the whole provider: it is skipped with a
warning in the server log, so every resource type it offers becomes unknown and each
deployment that uses one is rejected with "no provider registered". A file moved or renamed
without updating the manifest is the usual cause.

## Example
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
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgress.yaml
    category: provisioner
    operation: create
```

```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Use instead
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
  resourceTypes: [postgres]
workflows:
  - name: provision-postgres
    file: ./workflows/provision-postgres.yaml
    category: provisioner
    operation: create
```

```yaml
# file: providers/database-team/workflows/provision-postgres.yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: echo "creating {{ .parameters.resource_name }}"
```

## Fix safety
When a file of the provider has the same name in another directory, or a similar name in
the expected directory, the fix points `file` at it. It is unsafe: the file found may not be
the workflow the author meant.
"#,
};

pub static LINT: Lint = Lint {
    rule: &MISSING_WORKFLOW_FILE,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let dir = entry.dir.clone();
    for w in &entry.model.workflows {
        let Some(file) = &w.file else { continue };
        if file.text.trim().is_empty() {
            continue;
        }
        let path = join(&dir, &file.text);
        if cx.ws.exists(&path) {
            if holds_nothing(cx, &path) {
                let workflow = w.name.as_ref().map_or("?", |n| n.text.as_str());
                let d = cx.report(
                    file.span,
                    format!(
                        "workflow file `{}` of workflow `{workflow}` is empty: the provider load-time validator rejects it (`workflow must have at least one step`) and the platform skips the whole provider",
                        file.text
                    ),
                );
                d.help =
                    Some("write the workflow's steps into the file, or drop the entry".to_string());
            }
            continue;
        }
        let suggestion = suggest(cx, &dir, &file.text, &path);
        let file_name = cx.file().clone();
        let workflow = w.name.as_ref().map_or("?", |n| n.text.as_str());
        let d = cx.report(
            file.span,
            format!(
                "workflow file `{}` of workflow `{workflow}` does not exist (looked for `{path}`); the platform skips the whole provider when a workflow file cannot be read",
                file.text
            ),
        );
        match suggestion {
            Some(s) => {
                d.help = Some(format!("did you mean `{s}`?"));
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: true,
                    message: format!("point `file` at `{s}`"),
                    edits: vec![Edit {
                        file: file_name,
                        span: file.span,
                        replacement: crate::lint::fix::yaml_string(&s),
                    }],
                }));
            }
            None => {
                d.help = Some(
                    "paths are relative to the directory of the provider manifest; create the file or correct the path"
                        .to_string(),
                );
            }
        }
    }
}

/// Whether the file at `path` was read and its first document (the one the platform decodes)
/// is empty: only comments, or nothing at all.
fn holds_nothing(cx: &LintContext<'_>, path: &str) -> bool {
    cx.ws
        .file_index(path)
        .is_some_and(|i| cx.ws.facts(i).first_document_empty)
}

/// A file of the workspace that the author probably meant, written like `written` (relative
/// to the provider directory, keeping a leading `./`).
fn suggest(cx: &LintContext<'_>, dir: &str, written: &str, wanted: &str) -> Option<String> {
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let base = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let wanted_base = base(wanted);
    let wanted_dir = parent_dir(wanted);
    let files: Vec<String> = cx
        .ws
        .paths()
        .map(|f| normalize(f))
        .filter(|p| p.starts_with(&prefix) && (p.ends_with(".yaml") || p.ends_with(".yml")))
        .filter(|p| {
            !matches!(
                base(p).as_str(),
                "provider.yaml" | "provider.yml" | "platform.yaml" | "platform.yml"
            )
        })
        .collect();
    let found = files
        .iter()
        .find(|p| base(p) == wanted_base)
        .cloned()
        .or_else(|| {
            let same_dir: Vec<&String> = files
                .iter()
                .filter(|p| parent_dir(p) == wanted_dir)
                .collect();
            let bases: Vec<String> = same_dir.iter().map(|p| base(p)).collect();
            let best = closest(&wanted_base, bases.iter().map(String::as_str))?;
            same_dir.into_iter().find(|p| base(p) == best).cloned()
        })?;
    let relative = &found[prefix.len()..];
    let dot = if written.starts_with("./") { "./" } else { "" };
    Some(format!("{dot}{relative}"))
}
