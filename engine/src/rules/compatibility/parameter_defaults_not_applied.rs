use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Reader, Workflow};
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
information: they are never used either.

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
    let variables: Vec<String> = Workflow::from_document(cx.doc, cx.kind)
        .map(|w| w.variables.into_iter().map(|v| v.text).collect())
        .unwrap_or_default();
    let r = Reader::new(cx.doc);
    for item in r.items(root, "parameters") {
        let (Some(name), Some(key)) = (r.string(item, "name"), r.key(item, "default")) else {
            continue;
        };
        let Some(value) = r.get(item, "default") else {
            continue;
        };
        let shown = match r.scalar(value) {
            Some(s) if s.text.is_empty() => continue,
            Some(s) => s.text,
            None => "…".to_string(),
        };
        if variables.contains(&name.text) {
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
        let d = cx.report(
            key.span,
            format!(
                "the default `{shown}` of parameter `{}` is never applied: the platform ignores the `parameters` list, so when the resource does not supply `{}`, `{{{{ .parameters.{} }}}}` renders `<no value>`",
                name.text, name.text, name.text
            ),
        );
        d.help = Some(format!(
            "supply `{}` in the Score resource's `params`, or write `{{{{ or .parameters.{} \"{shown}\" }}}}` in the template; a `variables` entry would also apply it, but workflow `variables` override values supplied by the resource",
            name.text, name.text
        ));
    }
}
