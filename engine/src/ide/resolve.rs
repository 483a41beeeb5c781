//! Facts shared by completion and hover: which provider and workflow a resource type resolves
//! to, which names a template can read as `.parameters.<name>` and where each comes from.

use crate::kind::DocumentKind;
use crate::model::Workflow;
use crate::platform::inputs::ENGINE_INPUTS;
use crate::syntax::Document;
use crate::workspace::{join, normalize, parent_dir, DocRef, Workspace};

/// A name a template may read as `.parameters.<name>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: String,
    /// Where it comes from, in words.
    pub source: String,
    pub value: Option<String>,
    pub description: Option<String>,
}

/// The workflows of a document (a Score spec may embed several).
pub fn workflows_of(ws: &Workspace, at: DocRef) -> Vec<&Workflow> {
    if let Some(w) = ws.workflow(at) {
        return vec![&w.model];
    }
    ws.score(at)
        .map(|s| s.workflows.iter().map(|(_, w)| w).collect())
        .unwrap_or_default()
}

/// The workflow whose steps hold `offset` (else the document's first).
pub fn workflow_at<'w>(
    ws: &'w Workspace,
    doc: &Document,
    at: DocRef,
    offset: usize,
) -> Option<&'w Workflow> {
    let all = workflows_of(ws, at);
    all.iter()
        .find(|w| {
            let s = doc.node(w.holder).span;
            s.start <= offset && offset <= s.end
        })
        .or(all.first())
        .copied()
}

/// Everything `.parameters.<name>` can name in the workflow at `offset`, first source first.
pub fn parameters(ws: &Workspace, at: DocRef, offset: usize) -> Vec<Param> {
    let mut out: Vec<Param> = Vec::new();
    let Some((doc, kind)) = super::doc_of(ws, at) else {
        return out;
    };
    let mut push = |p: Param| {
        if !out.iter().any(|o| o.name == p.name) {
            out.push(p);
        }
    };
    if let Some(wf) = workflow_at(ws, doc, at, offset) {
        let holder_vars = doc.get(wf.holder, "variables");
        for v in &wf.variables {
            let value = holder_vars
                .and_then(|m| doc.get(m, &v.text))
                .and_then(|n| doc.str_value(n))
                .map(str::to_string);
            push(Param {
                name: v.text.to_string(),
                source: "workflow variable (applied last: it wins over every other input)".into(),
                value,
                description: None,
            });
        }
    }
    let path = ws.path(at.file).to_string();
    match kind {
        DocumentKind::ProviderWorkflow => {
            for input in ENGINE_INPUTS {
                push(Param {
                    name: input.name.to_string(),
                    source: format!("supplied by the orchestration engine: {}", input.meaning),
                    value: None,
                    description: None,
                });
            }
            // Keys of the Score resources whose type resolves to this workflow.
            for (sat, spec) in &ws.scores {
                for r in &spec.resources {
                    let Some(t) = &r.resource_type else { continue };
                    let leads_here = ws
                        .resolve(&t.text)
                        .is_ok_and(|res| res.file.as_deref() == Some(normalize(&path).as_str()));
                    if !leads_here {
                        continue;
                    }
                    // Another file's document: read on demand when its tree is not held.
                    let Some(sfile) = ws.tree(sat.file) else {
                        continue;
                    };
                    let Some(sdoc) = sfile.parsed.documents.get(sat.doc) else {
                        continue;
                    };
                    for key in &r.param_keys {
                        let value = ["params", "properties"].iter().find_map(|p| {
                            sdoc.get(r.node, p)
                                .and_then(|m| sdoc.get(m, &key.text))
                                .and_then(|n| sdoc.str_value(n))
                                .map(str::to_string)
                        });
                        push(Param {
                            name: key.text.to_string(),
                            source: format!(
                                "param of resource `{}` in {}",
                                r.name.text,
                                ws.path(sat.file)
                            ),
                            value,
                            description: None,
                        });
                    }
                }
            }
        }
        DocumentKind::GoldenPathWorkflow => {
            for (gat, gps) in &ws.golden_paths {
                let dir = parent_dir(ws.path(gat.file));
                for gp in &gps.paths {
                    let points_here = gp
                        .workflow
                        .as_ref()
                        .is_some_and(|w| join(&dir, &w.text) == normalize(&path));
                    if !points_here {
                        continue;
                    }
                    let Some(gfile) = ws.tree(gat.file) else {
                        continue;
                    };
                    let Some(gdoc) = gfile.parsed.documents.get(gat.doc) else {
                        continue;
                    };
                    for p in &gp.parameters {
                        push(Param {
                            name: p.name.text.to_string(),
                            source: format!("parameter of golden path `{}`", gp.name.text),
                            value: p.default.as_ref().map(|d| d.text.to_string()),
                            description: gdoc
                                .get(p.node, "description")
                                .and_then(|n| gdoc.str_value(n))
                                .map(str::to_string),
                        });
                    }
                }
            }
        }
        _ => {}
    }
    // The documentation-only `parameters` list: a description for the names above, or a
    // name of its own (the caller must then pass it).
    let docs = doc.root.and_then(|r| doc.get(r, "parameters"));
    for item in docs.map(|p| doc.items(p).to_vec()).unwrap_or_default() {
        let Some(name) = doc.get(item, "name").and_then(|n| doc.str_value(n)) else {
            continue;
        };
        let description = doc
            .get(item, "description")
            .and_then(|n| doc.str_value(n))
            .map(str::to_string);
        match out.iter_mut().find(|p| p.name == name) {
            Some(p) => {
                if p.description.is_none() {
                    p.description = description;
                }
            }
            None => out.push(Param {
                name: name.to_string(),
                source: "documented in this workflow's `parameters` list only".into(),
                value: None,
                description,
            }),
        }
    }
    out
}
