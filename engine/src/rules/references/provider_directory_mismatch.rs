use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::workspace::{join, parent_dir};

pub static PROVIDER_DIRECTORY_MISMATCH: Rule = Rule {
    code: "INN203",
    name: "provider-directory-mismatch",
    group: Group::References,
    severity: Severity::Error,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A provider's directory is not `providers/<metadata.name>`, where the engine loads its workflows at run time",
    doc: r#"## What it does
Compares the directory of a provider manifest with its `metadata.name`. When an admin config
of the workspace loads the provider, the directory must be `providers/<metadata.name>`
relative to the admin config; otherwise the directory's own name must equal
`metadata.name`.

## Why is this bad?
The platform resolves workflow files in two different ways. At load time it reads them
relative to the manifest's directory, so the provider loads without complaint. At run time
the orchestration engine reads `providers/<metadata.name>/<file>` (relative to the server's
working directory) no matter where the manifest lives. When the two differ, every resource
of the provider fails with "Failed to provision" because the workflow file is not found.

## Example
```yaml
# file: providers/db/provider.yaml
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
```

## Fix safety
The fix renames the provider to its directory's name. It is unsafe: the name is recorded on
every resource the provider provisions, and renaming the directory may be what was meant.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PROVIDER_DIRECTORY_MISMATCH,
    kinds: &[DocumentKind::Provider],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(entry) = cx.provider() else {
        return;
    };
    let Some(name) = entry.model.name.clone() else {
        return;
    };
    // Only workflow files are loaded from the run-time path.
    let Some(first_file) = entry
        .model
        .workflows
        .iter()
        .find_map(|w| w.file.clone().filter(|f| !f.text.trim().is_empty()))
    else {
        return;
    };
    if name.text.is_empty() {
        return;
    }
    // An admin config that loads this directory fixes where the server runs.
    let loaded_by = cx.ws.admin.iter().find_map(|(at, admin)| {
        let admin_dir = parent_dir(cx.file_of(*at));
        admin.providers.iter().find_map(|ap| {
            let path = ap.path.as_ref()?;
            let is_fs = ap
                .source_type
                .as_ref()
                .is_some_and(|t| t.text == "filesystem");
            (is_fs && join(&admin_dir, &path.text) == entry.dir)
                .then(|| (*at, admin_dir.clone(), path.clone()))
        })
    });
    let file = cx.file().clone();
    let dir = entry.dir.clone();
    match loaded_by {
        Some((at, admin_dir, path)) => {
            let expected = join(&admin_dir, &format!("providers/{}", name.text));
            if expected == dir {
                return;
            }
            let admin_file = cx.file_of(at).clone();
            let run_time = join(&expected, &first_file.text);
            let d = cx.report(
                name.span,
                format!(
                    "provider `{}` is loaded from `{dir}`, but at run time the engine reads its workflow files from `{expected}` (e.g. `{run_time}`), which is not this directory",
                    name.text
                ),
            );
            d.related.push(crate::diagnostic::Related {
                file: admin_file,
                span: path.span,
                message: "the admin config loads the provider from here".to_string(),
            });
            d.related.push(crate::diagnostic::Related {
                file: file.clone(),
                span: first_file.span,
                message: format!("the engine looks for this file at `{run_time}`"),
            });
            d.help = Some(format!(
                "move the provider directory to `{expected}` and update its `path` in the admin config"
            ));
        }
        None => {
            if dir.is_empty() {
                // Linted from inside the provider directory: its name is unknown here.
                return;
            }
            let dir_name = dir.rsplit('/').next().unwrap_or(&dir).to_string();
            if dir_name == name.text {
                return;
            }
            let run_time = join(&format!("providers/{}", name.text), &first_file.text);
            let found = if cx.ws.exists(&run_time) {
                "a different file than the one loaded"
            } else {
                "which does not exist"
            };
            let d = cx.report(
                name.span,
                format!(
                    "provider `{}` lives in directory `{dir_name}`; at run time the engine reads its workflow files from `providers/{}/`, so `{}` is read from `{run_time}`, {found}",
                    name.text, name.text, first_file.text
                ),
            );
            d.related.push(crate::diagnostic::Related {
                file: file.clone(),
                span: first_file.span,
                message: format!(
                    "loaded from `{}` at load time, from `{run_time}` at run time",
                    join(&dir, &first_file.text)
                ),
            });
            d.help = Some(format!(
                "rename the directory to `{}` or set `metadata.name` to `{dir_name}`",
                name.text
            ));
            d.fix = Some(Box::new(Fix {
                applicability: Applicability::Unsafe,
                suggestion: false,
                message: format!("rename the provider to `{dir_name}`"),
                edits: vec![Edit {
                    file,
                    span: name.span,
                    replacement: crate::lint::fix::yaml_string(&dir_name),
                }],
            }));
        }
    }
}
