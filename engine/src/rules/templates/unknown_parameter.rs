use super::inputs::inputs;
use super::rendered::{is_unparsed_chain, rendered, rendered_place, workflows, Data, Rendered};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::lint::{Lint, LintContext};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use crate::template::go::is_identifier;
use crate::template::go::Template;
use crate::template::memo::ParsedTemplate;
use crate::template::ScalarMap;

pub static UNKNOWN_PARAMETER: Rule = Rule {
    code: "INN405",
    name: "unknown-parameter",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A template reads `.parameters.<key>` that no input of the workflow provides",
    doc: r#"## What it does
Computes the workflow variables a run receives and reports every `.parameters.<key>` in a
policy script or kubernetes apply manifest whose key is not among them:

- provider workflows: the engine inputs (`app_name`, `resource_name`, `resource_type`,
  `bucket_name`, `namespace`), `type`, the `params`/`properties` keys of the workspace's
  Score resources whose type resolves to this workflow, the workflow's `variables`, and the
  names in its `parameters` list (its documented contract);
- golden-path workflows: the parameters of the golden paths that run it and its
  `spec.variables`.

The rule stays silent when the inputs are not known: a provider workflow that declares no
`parameters` and that no Score resource of the workspace resolves to, or a golden-path
workflow that no golden path of the workspace runs.

## Why is this bad?
Templates are rendered with Go's default `missingkey` behaviour: a key nobody provides
renders as the literal text `<no value>`, with no error. A typo in a parameter name, or a
parameter the resource never passes, ends up as `<no value>` in a shell command or a
Kubernetes manifest.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: db_name
    type: string
    required: true
steps:
  - name: create-database
    type: policy
    config:
      script: |
        createdb {{ .parameters.dbname }}
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-postgres
parameters:
  - name: db_name
    type: string
    required: true
steps:
  - name: create-database
    type: policy
    config:
      script: |
        createdb {{ .parameters.db_name }}
```

## Fix safety
When exactly one known input is close to the key, the fix replaces the key. It is unsafe:
the key may be one that a resource is meant to pass but does not yet.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNKNOWN_PARAMETER,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let file = cx.file().clone();
    // The templates the executor renders are parsed and mapped once for every template
    // rule; a field outside them (in a workflow the executor does not run) is parsed here.
    let all = rendered(cx);
    let by_node: std::collections::HashMap<crate::syntax::NodeId, &Rendered> =
        all.iter().map(|r| (r.node, r)).collect();
    for wf in workflows(cx).iter() {
        let Some(known) = inputs(cx, wf) else {
            continue;
        };
        for step in &wf.steps {
            let Some((field, node)) = rendered_place(cx.doc, step) else {
                continue;
            };
            let what = field.what;
            if field.data != Data::Parameters {
                continue;
            }
            // The tree outlives `cx`: the template is read in place.
            let doc = cx.doc;
            let Some(text) = doc.scalar(node).map(|s| s.text.as_str()) else {
                continue;
            };
            let rendered_here = by_node.get(&node).copied();
            let parsed;
            let template = match rendered_here {
                Some(r) => r.template.as_ref(),
                None => {
                    parsed = ParsedTemplate::new(Template::parse(text));
                    &parsed
                }
            };
            // Mapping the text to the file is only needed for a finding.
            let own_map = std::cell::OnceCell::new();
            if template.fatal {
                continue;
            }
            let step_name = step.name_text().unwrap_or("?");
            for data_ref in template.data_refs() {
                if data_ref.name(0) != Some("parameters") {
                    continue;
                }
                let Some(key) = data_ref.name(1) else {
                    continue;
                };
                let written = &text[data_ref.span.start..data_ref.span.end];
                if known.has(key) || is_unparsed_chain(data_ref, written) {
                    continue;
                }
                let names = known.sorted_names();
                let suggestion = closest(key, names.iter().copied());
                let map = match rendered_here {
                    Some(r) => r.map(cx),
                    None => own_map.get_or_init(|| {
                        ScalarMap::for_node(doc, cx.text(), node)
                            .expect("`rendered_place` found a scalar at this node")
                    }),
                };
                let span = map.span(data_ref.span_of(1));
                // Only an exact key position can be replaced.
                let written_key = map
                    .is_exact()
                    .then(|| cx.text().get(span.start..span.end).map(str::to_string))
                    .flatten();
                let d = cx.report(
                    span,
                    format!(
                        "the {what} of step `{step_name}` reads `.parameters.{key}`, but no input of this workflow provides `{key}`: it renders as `<no value>`"
                    ),
                );
                let mut help = format!("the inputs are {}", known.describe());
                if let Some(s) = suggestion {
                    help = format!("did you mean `{s}`? {help}");
                    // A name that is not an identifier would need `index` instead.
                    if written_key.as_deref() == Some(key) && is_identifier(s) {
                        d.fix = Some(Box::new(Fix {
                            applicability: Applicability::Unsafe,
                            suggestion: true,
                            message: format!("read `.parameters.{s}`"),
                            edits: vec![Edit {
                                file: file.clone(),
                                span,
                                replacement: s.to_string(),
                            }],
                        }));
                    }
                } else if known.golden_paths.is_empty() {
                    help.push_str(&format!(
                        "; declare `{key}` in the workflow's `parameters` and pass it from the resource's `params`, or give it a value in `variables`"
                    ));
                } else {
                    help.push_str(&format!(
                        "; declare `{key}` as a parameter of the golden path, or give it a value in `spec.variables`"
                    ));
                }
                d.help = Some(help);
            }
        }
    }
}
