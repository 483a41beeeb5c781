use crate::diagnostic::Severity;
use crate::kind::DocumentKind;
use crate::lint::{listing, Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::template::go::Template;
use crate::template::reference::references;
use crate::template::ScalarMap;
use crate::text::Span;

pub static TEMPLATE_IN_OUTPUTS: Rule = Rule {
    code: "INN408",
    name: "template-in-outputs",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A provider workflow output holds a template or reference, which is never rendered",
    doc: r#"## What it does
Reports Go template actions (`{{ … }}`) and `${…}` references in the values of a provider
workflow's top-level `outputs`: one finding per workflow, on the first such output, naming
the others (listed as related places).

## Why is this bad?
After the resource becomes active, the engine copies the `outputs` strings **verbatim** into
the resource's hints (links, connection strings, commands shown to users). Nothing renders
them: users see `postgresql://{{ .steps.get-credentials.output.username }}@…` in the UI and
CLI instead of a value. Step outputs are not available anywhere in templates either.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: createdb {{ .parameters.resource_name }}
outputs:
  connection_string: "postgresql://{{ .parameters.resource_name }}.db.svc:5432"
```

## Use instead
Outputs can only be constant text:
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
steps:
  - name: create-database
    type: policy
    config:
      script: createdb {{ .parameters.resource_name }}
outputs:
  docs_url: "https://wiki.example.com/databases"
```

## Fix safety
There is no automatic fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &TEMPLATE_IN_OUTPUTS,
    kinds: &[DocumentKind::ProviderWorkflow],
    check,
};

/// The first action (`{{ … }}`) or `${…}` reference in an output value, in decoded bytes.
fn first_dynamic(text: &str) -> Option<(Span, &'static str)> {
    if text.contains("{{") {
        let t = Template::parse(text);
        let first_action = t.nodes.iter().find_map(|n| match n {
            crate::template::go::Node::Text(_) | crate::template::go::Node::Comment(_) => None,
            _ => Some(()),
        });
        let start = text.find("{{")?;
        let end = text[start..]
            .find("}}")
            .map_or(text.len(), |e| start + e + 2);
        if first_action.is_some() || t.fatal || !t.errors.is_empty() {
            return Some((Span::new(start, end), "Go template"));
        }
    }
    references(text)
        .into_iter()
        .find(|r| r.braced)
        .map(|r| (r.span, "reference"))
}

/// One finding per workflow (the cause is that outputs are never rendered): on the first
/// dynamic output, naming the others, which are related places.
fn check(cx: &mut LintContext<'_>) {
    let Some(wf) = cx.workflow_model() else {
        return;
    };
    // (where, output name, what it holds, the text written) of every dynamic output.
    let mut dynamic: Vec<(Span, String, &'static str, String)> = Vec::new();
    for (name, node) in &wf.outputs {
        let Some(scalar) = cx.doc.scalar(*node) else {
            continue;
        };
        let text = scalar.text.clone();
        let Some((range, what)) = first_dynamic(&text) else {
            continue;
        };
        let Some(map) = ScalarMap::for_node(cx.doc, cx.text(), *node) else {
            continue;
        };
        let written = text[range.start..range.end].to_string();
        dynamic.push((map.span(range), name.text.to_string(), what, written));
    }
    let Some((first, name, what, written)) = dynamic.first() else {
        return;
    };
    let file = cx.file().clone();
    let others: Vec<&str> = dynamic
        .iter()
        .skip(1)
        .map(|(_, n, _, _)| n.as_str())
        .collect();
    let also = if others.is_empty() {
        String::new()
    } else {
        format!(" (so do {})", listing::listed(&others))
    };
    let d = cx.report(
        *first,
        format!(
            "output `{name}` contains the {what} `{written}`{also}, but outputs are stored as resource hints verbatim: users see this text, not a value"
        ),
    );
    d.help = Some(
        "outputs are never rendered; keep them constant (links, documentation), or print the value from a policy script where users read the step logs".to_string(),
    );
    for (span, name, what, _) in dynamic.iter().skip(1) {
        d.related.push(crate::diagnostic::Related {
            file: file.clone(),
            span: *span,
            message: format!("output `{name}` also contains a {what}"),
        });
    }
}
