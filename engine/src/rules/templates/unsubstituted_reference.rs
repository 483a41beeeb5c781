use super::inputs::inputs;
use super::rendered::{rendered_label, workflows};
use super::scanned::{scanned, CONDITION_FIELDS};
use super::undefined_workflow_variable::preflight_failure;
use crate::diagnostic::Severity;
use crate::lint::{Lint, LintContext};
use crate::model::WorkflowShape;
use crate::rules::{Group, Rule};
use crate::template::ScalarMap;
use crate::text::Span;

pub static UNSUBSTITUTED_REFERENCE: Rule = Rule {
    code: "INN407",
    name: "unsubstituted-reference",
    group: Group::Templates,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::None,
    summary: "A `${…}` reference in a step field the platform never substitutes",
    doc: r#"## What it does
Reports dotted references such as `${workflow.region}`, `${metadata.name}`,
`${resources.db.host}` or `${parameters.team}` (and `$workflow.x`-style ones) in step fields
outside `if`/`unless`: `config` values (scripts and manifests included), `namespace`,
`repoName`, `path`, `env` values, and so on. One finding per field, on its first reference,
naming the others (listed as related places with what each does).

## Why is this bad?
The platform substitutes these references only when it evaluates step conditions. Every
other field reaches its consumer as written: a namespace or repository literally named
`${metadata.name}`, a manifest with `${workflow.env}` in it, and in a bash script `${a.b}`
is a `bad substitution` error while `$workflow.x` silently expands `$workflow` to nothing.
(The server's fallback runner, used only for golden paths on a server without database,
replaces `${metadata.name}` and `${environment.type}` in a few fields; nothing else does.)
In policy scripts and kubernetes manifests, Go templates are the way to use workflow
variables: `{{ .parameters.region }}`.

## Example
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-cache
steps:
  - name: deploy-cache
    type: policy
    config:
      script: |
        helm upgrade --install cache bitnami/redis -n ${workflow.namespace}
```

## Use instead
```yaml
apiVersion: innominatus.io/v1alpha1
kind: Workflow
metadata:
  name: provision-cache
steps:
  - name: deploy-cache
    type: policy
    config:
      script: |
        helm upgrade --install cache bitnami/redis -n {{ .parameters.namespace }}
```

## Fix safety
There is no automatic fix: where the value should come from depends on the field.
"#,
};

pub static LINT: Lint = Lint {
    rule: &UNSUBSTITUTED_REFERENCE,
    kinds: crate::lint::WORKFLOW_HOLDERS,
    check,
};

/// Roots that mark an unbraced `$root.x` as a platform reference rather than shell text.
const ROOTS: &[&str] = &[
    "workflow",
    "resources",
    "metadata",
    "parameters",
    "variables",
    "steps",
    "environment",
];

/// A reference-like piece of text: `${name.more…}` or `$root.more`.
pub struct Found {
    pub span: Span,
    pub text: String,
    /// The name before the first `.`.
    pub root: String,
    pub braced: bool,
}

fn name_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

/// Dotted references: `${a.b…}` (the name directly followed by `.`) and `$root.b` with a
/// platform root.
pub fn dotted_references(text: &str) -> Vec<Found> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        // `$$` is an escape in Score and a PID in bash: skip both characters.
        if b.get(i + 1) == Some(&b'$') {
            i += 2;
            continue;
        }
        let braced = b.get(i + 1) == Some(&b'{');
        let start = if braced { i + 2 } else { i + 1 };
        let mut j = start;
        while j < b.len() && name_char(b[j]) {
            j += 1;
        }
        if j == start || b.get(j) != Some(&b'.') || !b.get(j + 1).is_some_and(|c| name_char(*c)) {
            i += 1;
            continue;
        }
        let root = text[start..j].to_string();
        if braced {
            let Some(close) = text[j..].find('}') else {
                i += 1;
                continue;
            };
            let end = j + close + 1;
            out.push(Found {
                span: Span::new(i, end),
                text: text[i..end].to_string(),
                root,
                braced,
            });
            i = end;
        } else {
            // The engine's `$NAME` form: letters, digits, `_` and dots.
            let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
            let mut end = j + 1;
            while end < b.len()
                && (word(b[end]) || (b[end] == b'.' && b.get(end + 1).is_some_and(|c| word(*c))))
            {
                end += 1;
            }
            if ROOTS.contains(&root.as_str()) {
                out.push(Found {
                    span: Span::new(i, end),
                    text: text[i..end].to_string(),
                    root,
                    braced,
                });
            }
            i = end;
        }
    }
    out
}

/// Step fields the running engine ignores (conditions are substituted; `env`,
/// `setVariables`, `outputs`, `dependsOn` and `outputFile` are never used by it).
const IGNORED_FIELDS: &[&str] = &[
    "when",
    "env",
    "setVariables",
    "outputs",
    "dependsOn",
    "outputFile",
];

/// Whether the executor of `step_type` reads the `config` value at `field`
/// (FORMATS.md §1.4.1); other config values never reach anything.
fn config_read(step_type: &str, field: &str) -> bool {
    let under = |prefix: &str| {
        field == prefix
            || field.starts_with(&format!("{prefix}."))
            || field.starts_with(&format!("{prefix}["))
    };
    match step_type {
        "policy" => field == "config.script",
        "kubernetes" => [
            "config.manifest",
            "config.namespace",
            "config.operation",
            "config.resource_type",
            "config.resource_name",
        ]
        .contains(&field),
        "terraform" => {
            field == "config.working_dir" || under("config.variables") || under("config.outputs")
        }
        "terraform-generate" => field == "config.resource",
        "ansible" => field == "config.playbook" || field == "config.working_dir",
        _ => false,
    }
}

fn check(cx: &mut LintContext<'_>) {
    for wf in workflows(cx).iter() {
        if wf.shape == WorkflowShape::Platform {
            continue;
        }
        let known = inputs(cx, wf);
        let legacy = wf.shape == WorkflowShape::ScoreEmbedded;
        for step in &wf.steps {
            let step_name = step.name_text().unwrap_or("?");
            let rendered = rendered_label(cx.doc, step);
            for s in scanned(cx, step).iter() {
                if CONDITION_FIELDS.contains(&s.top()) || IGNORED_FIELDS.contains(&s.top()) {
                    continue;
                }
                if s.top() == "config" && !config_read(step.type_text().unwrap_or(""), &s.field) {
                    continue;
                }
                // The tree outlives `cx`: the text is read in place, not copied for every string.
                let doc = cx.doc;
                let Some(text) = doc.scalar(s.node).map(|sc| sc.text.as_str()) else {
                    continue;
                };
                let found = dotted_references(text);
                if found.is_empty() {
                    continue;
                }
                // Mapped to the file only once a reference is reported: most of them are the
                // pre-flight failures another rule reports.
                let mut map: Option<ScalarMap> = None;
                let is_script = s.field == "config.script";
                let is_manifest = s.field == "config.manifest";
                // One finding per field (one cause: the field is never substituted), on its
                // first reference; the others are named and listed as related places.
                let mut field_finding: Option<(Span, String, String)> = None;
                let mut others: Vec<(Span, String, String)> = Vec::new();
                for f in found {
                    // The pre-flight failure is reported (as an error) by undefined-workflow-variable.
                    if !legacy && f.braced {
                        let as_ref = crate::template::reference::references(&f.text);
                        if as_ref
                            .first()
                            .is_some_and(|r| preflight_failure(r, known.as_ref()).is_some())
                        {
                            continue;
                        }
                    }
                    let consequence = if is_script {
                        if f.braced {
                            "the script receives it literally and bash fails with `bad substitution`".to_string()
                        } else {
                            format!("the script receives it literally and bash expands `${}` to an empty string", f.root)
                        }
                    } else if is_manifest {
                        "the manifest is applied with the literal text".to_string()
                    } else {
                        format!("the step receives the literal text `{}`", f.text)
                    };
                    let message = format!(
                        "`{}` in `{}` of step `{step_name}` is never substituted: {consequence}",
                        f.text, s.field
                    );
                    let help = if rendered == Some(s.field.as_str()) && !legacy {
                        match f.root.as_str() {
                            "workflow" | "parameters" | "variables" => {
                                let key = f.text.trim_start_matches("${").trim_end_matches('}');
                                let key = key.split_once('.').map_or(key, |(_, k)| k);
                                format!("use the Go template `{{{{ .parameters.{key} }}}}`, which the executor renders in this field")
                            }
                            _ => "the platform substitutes references only in `if`/`unless`; in this field only Go templates over `.parameters` are rendered".to_string(),
                        }
                    } else {
                        "the platform substitutes references only in `if`/`unless`; write the value itself, or compute it in a policy script".to_string()
                    };
                    if map.is_none() {
                        map = ScalarMap::for_node(doc, cx.text(), s.node);
                    }
                    let Some(map) = &map else {
                        break;
                    };
                    let span = map.span(f.span);
                    if field_finding.is_none() {
                        field_finding = Some((span, message, help));
                    } else {
                        others.push((span, f.text.clone(), consequence));
                    }
                }
                let Some((span, mut message, help)) = field_finding else {
                    continue;
                };
                if !others.is_empty() {
                    let names: Vec<&str> = others.iter().map(|(_, t, _)| t.as_str()).collect();
                    message.push_str(&format!(
                        " (so are {} in the same field)",
                        crate::lint::listing::listed(&names)
                    ));
                }
                let file = cx.file().clone();
                let d = cx.report(span, message);
                d.help = Some(help);
                for (at, text, consequence) in others {
                    d.related.push(crate::diagnostic::Related {
                        file: file.clone(),
                        span: at,
                        message: format!("`{text}`, also never substituted: {consequence}"),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dotted_references_only() {
        let text =
            "a ${workflow.ns} ${HOME} ${TOKEN:-x.y} $workflow.K $HOME.bak $$ ${metadata.name}";
        let got: Vec<String> = dotted_references(text)
            .into_iter()
            .map(|f| f.text)
            .collect();
        assert_eq!(got, ["${workflow.ns}", "$workflow.K", "${metadata.name}"]);
    }
}
