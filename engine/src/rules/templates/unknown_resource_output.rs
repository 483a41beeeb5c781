use super::score_fields::expanded;
use crate::diagnostic::{Related, Severity};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::template::placeholder::PieceAt;
use crate::template::ScalarMap;
use crate::text::Span;
use std::collections::HashMap;

pub static UNKNOWN_RESOURCE_OUTPUT: Rule = Rule {
    code: "INN418",
    name: "unknown-resource-output",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A `${resources.<name>.<output>}` placeholder names an output the resource's provider workflow never produces",
    doc: r#"## What it does
For each `${resources.<name>.<output>…}` placeholder of a Score spec (container `variables`,
file `content`, volume `source`, resource `params`), resolves resource `<name>` to the
provider workflow the platform runs for it (`create`) and reports `<output>` when that
workflow's `outputs` has no such key, pointing at the output inside the string and
suggesting the closest output the workflow does produce. `${resources.<name>.outputs.<output>}`,
the spelling of innominatus' own examples, is read as output `<output>`.

## Why is this bad?
A resource's outputs are the keys of its provisioning workflow's `outputs` (the platform
stores them as the resource's hints). An output the workflow never produces has no value to
put in the placeholder: the container gets the literal text or nothing, and whoever reads
the spec believes the value exists. A misspelt output (`${resources.db.hostname}` for
`host`) or a provider that changed its outputs is the usual cause.

## Example
```yaml
# file: score.yaml
apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  api:
    image: ghcr.io/acme/orders:1.4.2
    variables:
      DB_HOST: ${resources.db.hostname}
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
steps:
  - name: create-database
    type: policy
    config:
      script: createdb {{ .parameters.resource_name }}
outputs:
  host: "{{ .parameters.resource_name }}.db.svc"
  port: "5432"
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
    variables:
      DB_HOST: ${resources.db.host}
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
steps:
  - name: create-database
    type: policy
    config:
      script: createdb {{ .parameters.resource_name }}
outputs:
  host: "{{ .parameters.resource_name }}.db.svc"
  port: "5432"
```

## Fix safety
When exactly one output of the workflow is close, the fix replaces the output's name
inside the placeholder. It is unsafe: the workflow may be the one missing the output.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_RESOURCE_OUTPUT,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(spec) = cx.score() else {
        return;
    };
    // The tree and the workspace outlive `cx`: read in place while `cx` records findings.
    let doc = cx.doc;
    let ws = cx.ws;
    let all = expanded(cx);
    // Each resource is looked up and resolved once: a long spec reads the same few resources
    // in hundreds of placeholders. By name: its type, resolution and the outputs its workflow
    // produces (`None` when any of them is missing).
    let mut by_name = HashMap::with_hasher(foldhash::fast::RandomState::default());
    for s in all.iter() {
        for scanned in all.pieces(s) {
            let PieceAt::Placeholder { span, content_span } = scanned.piece else {
                continue;
            };
            // Malformed placeholders are INN411's, outputless ones INN413's.
            if scanned.problem.is_some() {
                continue;
            }
            let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                continue;
            };
            let content = &text[content_span.start..content_span.end];
            let mut rest = Some(content);
            let mut parts = std::iter::from_fn(|| next_part(&mut rest));
            let (Some("resources"), Some(name), Some(mut output)) =
                (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            // Undeclared resources are INN210's; unresolved types INN207/INN208's.
            let known = by_name.entry(name).or_insert_with(|| {
                let t = spec
                    .resource(name)
                    .and_then(|r| r.resource_type.as_ref())
                    .filter(|t| !t.text.is_empty())?;
                let resolved = ws.resolve(&t.text).ok()?;
                let entry = resolved.entry?;
                let outputs: Vec<&str> = entry
                    .model
                    .outputs
                    .iter()
                    .map(|(k, _)| k.text.as_str())
                    .collect();
                Some((t, resolved, entry, outputs))
            });
            let Some((t, resolved, entry, outputs)) = known else {
                continue;
            };
            // `${resources.db.outputs.host}` is how innominatus' own examples spell output
            // `host`: read it so, unless the workflow has an output named `outputs`.
            let mut skipped = 0;
            if output == "outputs" && !outputs.contains(&"outputs") {
                if let Some(next) = parts.next() {
                    skipped = "outputs.".len();
                    output = next;
                }
            }
            if outputs.contains(&output) {
                continue;
            }
            let Some(map) = ScalarMap::for_node(doc, cx.text(), s.node) else {
                continue;
            };
            let start = content_span.start + "resources.".len() + name.len() + 1 + skipped;
            let output_span = map.span(Span::new(start, start + output.len()));
            let written = &text[span.start..span.end];
            let path = all.path(doc, s);
            let produces = if outputs.is_empty() {
                "which declares no `outputs`".to_string()
            } else {
                format!(
                    "whose `outputs` are {}",
                    outputs
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let suggestion = closest(output, outputs.iter().copied());
            let workflow_file = cx.file_of(entry.at).clone();
            let outputs_span = entry
                .model
                .outputs
                .first()
                .map(|(k, _)| k.span)
                .unwrap_or_else(|| ws.document_span(entry.at));
            let file = cx.file().clone();
            let source = cx.text();
            let d = cx.report(
                output_span,
                format!(
                    "`{written}` in `{path}` reads output `{output}` of resource `{name}` (type `{}`), but its workflow `{}` never produces it ({produces})",
                    t.text, resolved.workflow.text
                ),
            );
            d.related.push(Related {
                file: workflow_file,
                span: outputs_span,
                message: format!("the outputs of workflow `{}`", resolved.workflow.text),
            });
            match suggestion {
                Some(meant) => {
                    d.help = Some(format!("did you mean `{meant}`?"));
                    if map.is_exact() {
                        // Unsafe (`replace_within_scalar`): the workflow may lack the output.
                        d.fix = crate::lint::fix::replace_within_scalar(
                            &file,
                            source,
                            output_span,
                            output,
                            meant,
                            format!("read output `{meant}`"),
                        )
                        .map(Box::new);
                    }
                }
                None => {
                    d.help = Some(format!(
                        "read an output the workflow produces, or add `{output}` to the workflow's `outputs`"
                    ));
                }
            }
        }
    }
}

/// Takes the next `.`-separated part off `rest`, as `str::split('.')` yields it, with a
/// byte search: a well-formed placeholder is a few ASCII bytes, and splitting with a
/// `char` pattern cost more than the rest of this check.
fn next_part<'t>(rest: &mut Option<&'t str>) -> Option<&'t str> {
    let s = rest.take()?;
    match s.bytes().position(|b| b == b'.') {
        Some(dot) => {
            *rest = Some(&s[dot + 1..]);
            Some(&s[..dot])
        }
        None => Some(s),
    }
}

#[cfg(test)]
mod tests {
    use super::next_part;

    #[test]
    fn parts_are_those_of_split() {
        for text in [
            "resources.db.host",
            "a",
            "",
            "a..b.",
            ".x",
            "resources.db.outputs.host",
        ] {
            let mut rest = Some(text);
            let parts: Vec<&str> = std::iter::from_fn(|| next_part(&mut rest)).collect();
            assert_eq!(parts, text.split('.').collect::<Vec<_>>(), "{text:?}");
        }
    }
}
