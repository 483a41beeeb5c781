use crate::diagnostic::{Applicability, Edit, Fix, Related, Severity};
use crate::graph::order::{cycle_edges, Dependencies};
use crate::kind::DocumentKind;
use crate::lint::{Lint, LintContext};
use crate::model::{Named, Reader};
use crate::rules::{Group, Rule};
use crate::schema::closest;
use std::collections::HashMap;

pub static SCORE_BEFORE_CYCLE: Rule = Rule {
    code: "INN307",
    name: "score-before-cycle",
    group: Group::Graph,
    severity: Severity::Warning,
    fix: crate::catalog::Fixability::Unsafe,
    summary: "A Score container's `before` names itself, an unknown container, or closes a cycle",
    doc: r#"## What it does
Checks the start ordering of a Score spec's containers (`containers.<name>.before`): a
container may not list itself, may only list containers of the same workload, and the
ordering may not loop (`api` before `worker` before `api`). A cycle is reported once, on the
first container in file order, with every `before` entry of the loop as a related location.

## Why is this bad?
`before: {worker: {ready: started}}` on container `api` means `api` has to reach that state
before `worker` starts. score-compose validates these rules before it generates anything and
refuses the workload otherwise ("container … cannot be before itself", "unknown container",
"cycle"); a loop could never start. innominatus itself drops `before` when it reads the spec,
so the file would deploy there while failing with the Score tooling.

A warning, not an error: the platform deploys the spec; the Score implementations refuse it
(a rule of theirs, not of the Score schema).

## Example
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  api:
    image: ghcr.io/acme/api:1.0.0
    before:
      worker:
        ready: started
  worker:
    image: ghcr.io/acme/worker:1.0.0
    before:
      api:
        ready: healthy
```

## Use instead
```yaml
apiVersion: score.dev/v1b1
metadata:
  name: shop
containers:
  api:
    image: ghcr.io/acme/api:1.0.0
    before:
      worker:
        ready: started
  worker:
    image: ghcr.io/acme/worker:1.0.0
```

## Fix safety
For an unknown container with exactly one close name, the fix replaces the name; it is unsafe
because the author may have meant another container. Self references and cycles have no fix.
"#,
};

pub static LINT: Lint = Lint {
    rule: &SCORE_BEFORE_CYCLE,
    kinds: &[DocumentKind::Score],
    check,
};

fn check(cx: &mut LintContext<'_>) {
    let Some(spec) = cx.score() else {
        return;
    };
    let r = Reader::new(cx.doc);
    // Few specs order their containers at all: nothing to index then.
    if !spec
        .containers
        .iter()
        .any(|c| r.get(c.node, "before").is_some())
    {
        return;
    }
    let file = cx.file().clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, c) in spec.containers.iter().enumerate() {
        index.entry(c.name.text.as_str()).or_insert(i);
    }
    let mut edges: Vec<(usize, usize)> = Vec::new();
    let mut entries: HashMap<(usize, usize), Named> = HashMap::new();
    for (i, c) in spec.containers.iter().enumerate() {
        let before: Vec<(Named, usize)> = match r.get(c.node, "before") {
            Some(b) if r.is_mapping(b) => r.map_entries(b),
            _ => continue,
        };
        for (other, _) in before {
            if other.text == c.name.text {
                let d = cx.report(
                    other.span,
                    format!(
                        "container `{}` lists itself in `before`; a container can only start \
                         before other containers",
                        c.name.text
                    ),
                );
                d.help = Some(format!(
                    "remove `{}` from its own `before`, or name the container that should start \
                     after it",
                    c.name.text
                ));
                continue;
            }
            match index.get(other.text.as_str()) {
                Some(&j) => {
                    if let std::collections::hash_map::Entry::Vacant(e) = entries.entry((i, j)) {
                        e.insert(other.clone());
                        edges.push((i, j));
                    }
                }
                None => {
                    let names = spec
                        .containers
                        .iter()
                        .map(|c| c.name.text.as_str())
                        .filter(|n| *n != c.name.text);
                    let suggestion = closest(&other.text, names.clone()).map(str::to_string);
                    let listed: Vec<String> = names.map(|n| format!("`{n}`")).collect();
                    let d = cx.report(
                        other.span,
                        format!(
                            "`before` of container `{}` names `{}`, which is not a container of \
                             this workload",
                            c.name.text, other.text
                        ),
                    );
                    match suggestion {
                        Some(s) => {
                            d.help = Some(format!("did you mean `{s}`?"));
                            d.fix = Some(Box::new(Fix {
                                applicability: Applicability::Unsafe,
                                suggestion: true,
                                message: format!("name `{s}`"),
                                edits: vec![Edit {
                                    file: file.clone(),
                                    span: other.span,
                                    replacement: crate::lint::fix::yaml_string(&s),
                                }],
                            }));
                        }
                        None if listed.is_empty() => {
                            d.help = Some(
                                "this workload has no other container; remove `before`".to_string(),
                            );
                        }
                        None => {
                            d.help =
                                Some(format!("the other containers are: {}", listed.join(", ")));
                        }
                    }
                }
            }
        }
    }
    let deps = Dependencies::new(spec.containers.len(), edges);
    for cycle in deps.cycles() {
        if cycle.len() < 2 {
            continue;
        }
        let name = |i: usize| format!("`{}`", spec.containers[i].name.text);
        let mut path: Vec<String> = cycle.iter().map(|&i| name(i)).collect();
        path.push(name(cycle[0]));
        let edges: Vec<(usize, usize)> = cycle_edges(&cycle).collect();
        let d = cx.report(
            entries[&edges[0]].span,
            format!(
                "the `before` ordering of containers is a cycle: {} (each must be ready before \
                 the next starts), so no container can start first",
                path.join(" → ")
            ),
        );
        d.help = Some("remove one of these `before` entries to break the cycle".to_string());
        for (a, b) in edges {
            d.related.push(Related {
                file: file.clone(),
                span: entries[&(a, b)].span,
                message: format!("{} lists {} in `before`", name(a), name(b)),
            });
        }
    }
}
