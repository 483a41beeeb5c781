use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{listing, Lint, LintContext};
use crate::model::Reader;
use crate::rules::{Group, Rule};

pub static PARAMETER_DEFAULTS_NOT_APPLIED: Rule = Rule {
    code: "INN510",
    name: "parameter-defaults-not-applied",
    group: Group::Compatibility,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A provider workflow `parameters[].default` that the platform never applies",
    doc: r#"## What it does
Reports `default` values in the `parameters:` list of a provider workflow, unless the same name
is also set under the workflow's `variables`. Defaults of the inputs the engine always supplies
(`app_name`, `resource_name`, `resource_type`, `bucket_name`, `namespace`) are reported as
information: they are never used either. One finding per workflow, on the first such
`default`, names the others (they are listed as related places).

## Why is this bad?
No Go type has a `parameters` field: the list is documentation only. Its defaults are never
applied, so when the Score resource does not supply the value, `{{ .parameters.<name> }}`
renders as the literal text `<no value>` in the script or manifest (for example
`replicas: <no value>`), and `kubectl` or the script fails or, worse, does something
unexpected.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: replicas
    type: string
    default: "1"
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ .parameters.replicas }} instances"
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: replicas
    type: string
    description: Number of instances (defaults to 1 in the script)
steps:
  - name: create
    type: policy
    config:
      script: echo "creating {{ or .parameters.replicas "1" }} instances"
```

## Fix safety
No fix. Mirroring the default into `variables` makes it apply, but workflow `variables`
override every value supplied by the resource, so the resource could no longer change it;
the template-side `or` keeps both working.
"#,
};

pub static LINT: Lint = Lint {
    rule: &PARAMETER_DEFAULTS_NOT_APPLIED,
    kinds: &[DocumentKind::ProviderWorkflow],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(root) = cx.doc.root else { return };
    let variables: Vec<&str> = cx
        .workflow_model()
        .map(|w| w.variables.iter().map(|v| v.text.as_str()).collect())
        .unwrap_or_default();
    let r = Reader::new(cx.doc);
    // (the `default` key, the parameter, its default) of every default never applied.
    let mut unapplied: Vec<(crate::text::Span, String, String)> = Vec::new();
    for item in r.items(root, "parameters") {
        let (Some(name), Some(key)) = (r.string(item, "name"), r.key(item, "default")) else {
            continue;
        };
        let Some(value) = r.get(item, "default") else {
            continue;
        };
        let shown = match r.scalar(value) {
            Some(s) if s.text.is_empty() => continue,
            Some(s) => s.text.into(),
            None => "…".to_string(),
        };
        if variables.contains(&name.text.as_str()) {
            continue;
        }
        if let Some(supplied) = crate::platform::inputs::meaning(&name.text) {
            let d = cx.report(
                key.span,
                format!(
                    "the default `{shown}` of parameter `{}` is never used: the engine always supplies `{}` ({supplied})",
                    name.text, name.text
                ),
            );
            d.severity = Severity::Info;
            d.help = Some(
                "remove the default, or describe the engine-supplied value instead".to_string(),
            );
            continue;
        }
        unapplied.push((key.span, name.text.into(), shown));
    }
    report_unapplied(cx, &unapplied);
}

/// One finding per workflow for the defaults never applied (the cause is the ignored
/// `parameters` list): on the first `default`, naming the others, which are related places.
fn report_unapplied(cx: &mut LintContext<'_>, unapplied: &[(crate::text::Span, String, String)]) {
    let Some((first, name, shown)) = unapplied.first() else {
        return;
    };
    let file = cx.file().clone();
    let d = if unapplied.len() == 1 {
        let d = cx.report(
            *first,
            format!(
                "the default `{shown}` of parameter `{name}` is never applied: the platform ignores the `parameters` list, so when the resource does not supply `{name}`, `{{{{ .parameters.{name} }}}}` renders `<no value>`"
            ),
        );
        d.help = Some(format!(
            "supply `{name}` in the Score resource's `params`, or write `{{{{ or .parameters.{name} \"{shown}\" }}}}` in the template; a `variables` entry would also apply it, but workflow `variables` override values supplied by the resource"
        ));
        d
    } else {
        let names: Vec<&str> = unapplied.iter().map(|(_, n, _)| n.as_str()).collect();
        let d = cx.report(
            *first,
            format!(
                "the defaults of {} parameters ({}) are never applied: the platform ignores the `parameters` list, so when the resource does not supply one, `{{{{ .parameters.<name> }}}}` renders `<no value>`",
                unapplied.len(),
                listing::listed(&names)
            ),
        );
        d.help = Some(format!(
            "supply them in the Score resource's `params`, or write the default in the template, as in `{{{{ or .parameters.{name} \"{shown}\" }}}}`; a `variables` entry would also apply it, but workflow `variables` override values supplied by the resource"
        ));
        d
    };
    for (span, name, shown) in unapplied.iter().skip(1) {
        d.related.push(crate::diagnostic::Related {
            file: file.clone(),
            span: *span,
            message: format!("default `{shown}` of parameter `{name}`, also never applied"),
        });
    }
}
