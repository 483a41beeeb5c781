use super::rendered::{rendered, workflows, Data};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::model::{Reader, Workflow, WorkflowShape};
use crate::rules::compatibility::engines::referencing_golden_paths;
use crate::rules::{Group, Rule};
use crate::syntax::ScalarStyle;
use crate::template::go::Usage;

pub static BOOL_PARAMETER_TRUTHINESS: Rule = Rule {
    code: "INN409",
    name: "bool-parameter-truthiness",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary:
        "A boolean parameter is tested with `{{ if .parameters.x }}`, which is true for \"false\"",
    doc: r#"## What it does
Reports `{{ if .parameters.x }}`, `{{ if not .parameters.x }}`, `{{ with .parameters.x }}`
and `and`/`or` tests in policy scripts and kubernetes manifests when `x` is a boolean: declared
with `type: boolean`/`bool` in the workflow's `parameters` or in the golden path, or given a
`true`/`false` value in the workflow's `variables`.

## Why is this bad?
Every workflow variable reaches the template as a string. Go's `if` is true for any
non-empty string, so `"false"`, `"no"` and `"0"` are all true: the guarded block runs when
the user turned the option off (`if not …` never runs when it is set at all). Only a
missing key is false.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-s3-bucket
parameters:
  - name: versioning
    type: boolean
    default: false
steps:
  - name: configure-bucket
    type: policy
    config:
      script: |
        {{ if .parameters.versioning }}
        mc version enable local/{{ .parameters.bucket_name }}
        {{ end }}
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-s3-bucket
parameters:
  - name: versioning
    type: boolean
    default: false
steps:
  - name: configure-bucket
    type: policy
    config:
      script: |
        {{ if eq .parameters.versioning "true" }}
        mc version enable local/{{ .parameters.bucket_name }}
        {{ end }}
```

## Fix safety
The fix replaces the test with `(eq .parameters.x "true")`. It is unsafe: values such as
`"yes"`, `"True"` or `"1"` that the author may have meant as true no longer are, and in a
`{{with}}` it changes what `.` is inside the block (no fix is offered there).
"#,
};

pub static LINT: Lint = Lint {
    rule: &BOOL_PARAMETER_TRUTHINESS,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

const BOOL_WORDS: &[&str] = &["true", "false", "yes", "no", "on", "off"];

/// Workflow variables known to be booleans, with why.
fn boolean_parameters(cx: &LintContext<'_>, wf: &Workflow) -> Vec<(String, String)> {
    let r = Reader::new(cx.doc);
    let mut out: Vec<(String, String)> = Vec::new();
    if wf.shape == WorkflowShape::Provider {
        if let Some(root) = cx.doc.root {
            for item in r.items(root, "parameters") {
                let (Some(name), Some(ty)) = (r.string(item, "name"), r.string(item, "type"))
                else {
                    continue;
                };
                if matches!(ty.text.as_str(), "boolean" | "bool") {
                    out.push((name.text.into(), format!("declared `type: {}`", ty.text)));
                }
            }
        }
    }
    if wf.shape == WorkflowShape::GoldenPath {
        for (_, gp, _) in referencing_golden_paths(cx) {
            for p in &gp.parameters {
                if p.param_type
                    .as_ref()
                    .is_some_and(|t| matches!(t.text.as_str(), "bool" | "boolean"))
                {
                    out.push((
                        p.name.text.to_string(),
                        format!("a `bool` parameter of golden path `{}`", gp.name.text),
                    ));
                }
            }
        }
    }
    for (name, value) in r.entries(wf.holder, "variables") {
        if let Some(v) = r.scalar(value) {
            if BOOL_WORDS.contains(&v.text.to_ascii_lowercase().as_str()) {
                out.push((
                    name.text.into(),
                    format!("set to `{}` in `variables`", v.text),
                ));
            }
        }
    }
    out
}

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    let all: Vec<(String, String)> = workflows(cx)
        .iter()
        .flat_map(|wf| boolean_parameters(cx, wf))
        .collect();
    if all.is_empty() {
        return;
    }
    for r in rendered(cx).iter() {
        if r.template.fatal || r.data != Data::Parameters {
            continue;
        }
        let step = r.step.name_text().unwrap_or("?").to_string();
        let double_quoted =
            cx.doc.scalar(r.node).map(|s| s.style) == Some(ScalarStyle::DoubleQuoted);
        for data_ref in r.template.data_refs() {
            if data_ref.usage != Usage::Truth
                || data_ref.name(0) != Some("parameters")
                || data_ref.path.len() != 2
            {
                continue;
            }
            let Some(key) = data_ref.name(1) else {
                continue;
            };
            let Some((_, why)) = all.iter().find(|(n, _)| n == key) else {
                continue;
            };
            let written = r.text[data_ref.span.start..data_ref.span.end].to_string();
            let in_with = r.text[..data_ref.span.start].trim_end().ends_with("with");
            let span = r.span(cx, data_ref.span);
            let exact = r.map(cx).is_exact();
            let d = cx.report(
                span,
                format!(
                    "the {} of step `{step}` tests `{written}` for truth, but `{key}` is a boolean ({why}) and arrives as a string: `\"false\"` is true",
                    r.what
                ),
            );
            d.help = Some(format!(
                "compare the string instead: `{{{{ if eq {written} \"true\" }}}}`"
            ));
            let quote = if double_quoted { "\\\"" } else { "\"" };
            if exact && !in_with && span.len() == written.len() {
                d.fix = Some(Box::new(Fix {
                    applicability: Applicability::Unsafe,
                    suggestion: false,
                    message: format!("compare `{written}` with \"true\""),
                    edits: vec![Edit {
                        file: file.clone(),
                        span,
                        replacement: format!("(eq {written} {quote}true{quote})"),
                    }],
                }));
            }
        }
    }
}
