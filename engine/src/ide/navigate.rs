//! Go to definition, references and rename. A cursor names a [`Symbol`]; every symbol knows
//! all the places it is written, in every file, and which of them defines it:
//!
//! - a step: its `name` and every `dependsOn` naming it (same workflow);
//! - a Score resource: its key under `resources` and every `${resources.<name>…}` placeholder;
//! - a provider workflow: its `workflows[].name`, every operation naming it, the `metadata.name`
//!   of its file; its definition from the entry is the file;
//! - a golden path: its key; from its `workflow` value (or from the workflow file's name) the
//!   definition is the file, and the file's references are the golden paths using it;
//! - an anchor: `&name` and every `*name` of the document;
//! - a resource type: the provider entries that claim it, and every Score resource of that type.

use super::cursor::{at_tree, path_ends, path_is};
use super::{doc_of, document_at, resolve, text_of, Location};
use crate::kind::DocumentKind;
use crate::syntax::{Document, NodeId, NodeKind};
use crate::template::placeholder::{self, Piece};
use crate::template::ScalarMap;
use crate::text::Span;
use crate::workspace::{join, normalize, parent_dir, DocRef, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Symbol {
    /// A step of the workflow whose steps live in mapping `holder`.
    Step {
        at: DocRef,
        holder: NodeId,
        name: String,
    },
    Resource {
        at: DocRef,
        name: String,
    },
    /// Workflow `name` declared by the provider manifest at `provider`.
    Workflow {
        provider: DocRef,
        name: String,
    },
    GoldenPath {
        at: DocRef,
        name: String,
    },
    /// A workflow file used by golden paths (the cursor is on its `metadata.name`).
    GoldenPathFile {
        path: String,
    },
    /// A file named by a path value.
    File {
        path: String,
    },
    Anchor {
        at: DocRef,
        name: String,
    },
    /// A resource type: claimed by providers (definitions), used by Score resources.
    ResourceType {
        name: String,
    },
}

/// One place a symbol is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub location: Location,
    pub is_definition: bool,
    /// Whether renaming the symbol rewrites exactly these bytes.
    pub renamable: bool,
}

/// The symbol under `offset` and the span of its name there.
pub fn symbol_at(ws: &Workspace, file: usize, offset: usize) -> Option<(Symbol, Span)> {
    let at = document_at(ws, file, offset)?;
    let (doc, kind) = doc_of(ws, at)?;
    if let Some(found) = anchor_at(doc, at, offset) {
        return Some(found);
    }
    let hit = at_tree(doc, offset)?;
    let span = doc.node(hit.node).span;
    let value = doc.str_value(hit.node).unwrap_or("").to_string();
    let path = &hit.path;
    let workflow_doc = matches!(
        kind,
        DocumentKind::ProviderWorkflow
            | DocumentKind::GoldenPathWorkflow
            | DocumentKind::PlatformWorkflow
            | DocumentKind::Score
    );
    let step_ref = path_ends(path, &["steps", "[]", "name"])
        || path_ends(path, &["steps", "[]", "dependsOn", "[]"])
        || path_ends(path, &["steps", "[]", "dependsOn"]);
    if workflow_doc && step_ref && !hit.on_key && !value.is_empty() {
        let wf = resolve::workflow_at(ws, doc, at, offset)?;
        return Some((
            Symbol::Step {
                at,
                holder: wf.holder,
                name: value,
            },
            span,
        ));
    }
    match kind {
        DocumentKind::Score => {
            if path_is(path, &["resources", "*"]) && hit.on_key {
                return Some((Symbol::Resource { at, name: value }, span));
            }
            if path_is(path, &["resources", "*", "type"]) && !hit.on_key && !value.is_empty() {
                return Some((Symbol::ResourceType { name: value }, span));
            }
            if !hit.on_key {
                for (name, name_span) in resource_placeholders(doc, text_of(ws, file), hit.node) {
                    if name_span.start <= offset && offset <= name_span.end {
                        return Some((Symbol::Resource { at, name }, name_span));
                    }
                }
            }
        }
        DocumentKind::Provider if !hit.on_key => {
            let op_ref = path_ends(path, &["operations", "*", "workflow"])
                || path_ends(path, &["operations", "*", "default"])
                || path_ends(path, &["operations", "*", "workflows", "[]", "name"]);
            if path_is(path, &["workflows", "[]", "name"]) || op_ref {
                return Some((
                    Symbol::Workflow {
                        provider: at,
                        name: value,
                    },
                    span,
                ));
            }
            if path_is(path, &["workflows", "[]", "file"]) {
                let dir = parent_dir(ws.path(file));
                return Some((
                    Symbol::File {
                        path: join(&dir, &value),
                    },
                    span,
                ));
            }
        }
        DocumentKind::ProviderWorkflow if path_is(path, &["metadata", "name"]) && !hit.on_key => {
            let path = ws.path(file).to_string();
            let provider = ws.providers_using_workflow(&path).into_iter().next()?;
            let entry = provider.model.workflows.iter().find(|w| {
                w.file
                    .as_ref()
                    .is_some_and(|f| join(&provider.dir, &f.text) == normalize(&path))
            })?;
            let name = entry.name.as_ref()?.text.to_string();
            return Some((
                Symbol::Workflow {
                    provider: provider.at,
                    name,
                },
                span,
            ));
        }
        DocumentKind::GoldenPathWorkflow | DocumentKind::PlatformWorkflow
            if path_is(path, &["metadata", "name"]) && !hit.on_key =>
        {
            let path = normalize(ws.path(file));
            return Some((Symbol::GoldenPathFile { path }, span));
        }
        DocumentKind::GoldenPaths => {
            if path_is(path, &["goldenpaths", "*"]) && hit.on_key {
                return Some((Symbol::GoldenPath { at, name: value }, span));
            }
            if path_is(path, &["goldenpaths", "*", "workflow"]) && !hit.on_key {
                let dir = parent_dir(ws.path(file));
                return Some((
                    Symbol::File {
                        path: join(&dir, &value),
                    },
                    span,
                ));
            }
        }
        _ => {}
    }
    None
}

fn anchor_at(doc: &Document, at: DocRef, offset: usize) -> Option<(Symbol, Span)> {
    for node in &doc.nodes {
        if let Some((name, span)) = node.anchor.as_deref() {
            if span.start <= offset && offset <= span.end {
                return Some((
                    Symbol::Anchor {
                        at,
                        name: name.clone(),
                    },
                    *span,
                ));
            }
        }
        if let NodeKind::Alias { name, .. } = &node.kind {
            if node.span.start <= offset && offset <= node.span.end {
                return Some((
                    Symbol::Anchor {
                        at,
                        name: name.clone(),
                    },
                    node.span,
                ));
            }
        }
    }
    None
}

/// `${resources.<name>…}` placeholders in scalar `id`: each name with its span in the file.
fn resource_placeholders(doc: &Document, source: &str, id: NodeId) -> Vec<(String, Span)> {
    let Some(scalar) = doc.scalar(id) else {
        return Vec::new();
    };
    if !scalar.text.contains("${resources.") {
        return Vec::new();
    }
    let map = ScalarMap::new(source, doc.node(doc.resolve(id)).span, scalar);
    let mut out = Vec::new();
    for piece in placeholder::pieces(&scalar.text) {
        let Piece::Placeholder {
            content,
            content_span,
            ..
        } = piece
        else {
            continue;
        };
        let Some(rest) = content.strip_prefix("resources.") else {
            continue;
        };
        let name = rest.split('.').next().unwrap_or("");
        if name.is_empty() {
            continue;
        }
        let start = content_span.start + "resources.".len();
        let span = map.span(Span::new(start, start + name.len()));
        if map.is_exact() {
            out.push((name.to_string(), span));
        }
    }
    out
}

/// Every scalar node of `doc`.
fn scalars(doc: &Document) -> impl Iterator<Item = NodeId> + '_ {
    doc.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::Scalar(_)))
        .map(|(i, _)| i)
}

/// Every place `symbol` is written.
pub fn occurrences(ws: &Workspace, symbol: &Symbol) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let loc = |file: usize, span: Span| Location {
        file: ws.path(file).clone(),
        span,
    };
    match symbol {
        Symbol::Step { at, holder, name } => {
            let wf = resolve::workflows_of(ws, *at)
                .into_iter()
                .find(|w| w.holder == *holder);
            for step in wf.iter().flat_map(|w| &w.steps) {
                if let Some(n) = step.name.as_ref().filter(|n| &n.text == name) {
                    out.push(Occurrence {
                        location: loc(at.file, n.span),
                        is_definition: true,
                        renamable: true,
                    });
                }
                for d in step.depends_on.iter().filter(|d| &d.text == name) {
                    out.push(Occurrence {
                        location: loc(at.file, d.span),
                        is_definition: false,
                        renamable: true,
                    });
                }
            }
        }
        Symbol::Resource { at, name } => {
            let Some((doc, _)) = doc_of(ws, *at) else {
                return out;
            };
            if let Some(r) = ws.score(*at).and_then(|s| s.resource(name)) {
                out.push(Occurrence {
                    location: loc(at.file, r.name.span),
                    is_definition: true,
                    renamable: true,
                });
            }
            let source = text_of(ws, at.file);
            for id in scalars(doc) {
                for (n, span) in resource_placeholders(doc, source, id) {
                    if &n == name {
                        out.push(Occurrence {
                            location: loc(at.file, span),
                            is_definition: false,
                            renamable: true,
                        });
                    }
                }
            }
        }
        Symbol::Workflow { provider, name } => {
            let Some(p) = ws.providers.iter().find(|p| p.at == *provider) else {
                return out;
            };
            for w in &p.model.workflows {
                if let Some(n) = w.name.as_ref().filter(|n| &n.text == name) {
                    out.push(Occurrence {
                        location: loc(provider.file, n.span),
                        is_definition: true,
                        renamable: true,
                    });
                    if let Some(f) = &w.file {
                        let path = join(&p.dir, &f.text);
                        if let Some(entry) = ws.workflow_at(&path) {
                            if let Some(meta) =
                                entry.model.name.as_ref().filter(|m| &m.text == name)
                            {
                                out.push(Occurrence {
                                    location: loc(entry.at.file, meta.span),
                                    is_definition: false,
                                    renamable: true,
                                });
                            }
                        }
                    }
                }
            }
            for c in &p.model.capabilities {
                for r in c.references.iter().filter(|r| &r.workflow.text == name) {
                    out.push(Occurrence {
                        location: loc(provider.file, r.workflow.span),
                        is_definition: false,
                        renamable: true,
                    });
                }
            }
        }
        Symbol::GoldenPath { at, name } => {
            if let Some(gp) = ws
                .golden_paths
                .iter()
                .find(|(a, _)| a == at)
                .and_then(|(_, g)| g.paths.iter().find(|p| &p.name.text == name))
            {
                out.push(Occurrence {
                    location: loc(at.file, gp.name.span),
                    is_definition: true,
                    renamable: false,
                });
            }
        }
        Symbol::GoldenPathFile { path } => {
            if let Some(fi) = ws.file_index(path) {
                out.push(Occurrence {
                    location: loc(fi, Span::at(0)),
                    is_definition: true,
                    renamable: false,
                });
            }
            for (gat, gps) in &ws.golden_paths {
                let dir = parent_dir(ws.path(gat.file));
                for gp in &gps.paths {
                    if let Some(w) = gp
                        .workflow
                        .as_ref()
                        .filter(|w| &join(&dir, &w.text) == path)
                    {
                        out.push(Occurrence {
                            location: loc(gat.file, w.span),
                            is_definition: false,
                            renamable: false,
                        });
                    }
                }
            }
        }
        Symbol::File { path } => {
            let file = ws
                .file_index(path)
                .map_or_else(|| path.as_str().into(), |fi| ws.path(fi).clone());
            out.push(Occurrence {
                location: Location {
                    file,
                    span: Span::at(0),
                },
                is_definition: true,
                renamable: false,
            });
        }
        Symbol::ResourceType { name } => {
            for p in ws.providers_for(name) {
                let claimed = p.model.resource_types.iter().chain(
                    p.model
                        .capabilities
                        .iter()
                        .flat_map(|c| c.resource_type.iter().chain(c.alias_for.iter())),
                );
                for t in claimed.filter(|t| &t.text == name) {
                    out.push(Occurrence {
                        location: loc(p.at.file, t.span),
                        is_definition: true,
                        renamable: false,
                    });
                }
            }
            for (at, spec) in &ws.scores {
                for r in &spec.resources {
                    if let Some(t) = r.resource_type.as_ref().filter(|t| &t.text == name) {
                        out.push(Occurrence {
                            location: loc(at.file, t.span),
                            is_definition: false,
                            renamable: false,
                        });
                    }
                }
            }
        }
        Symbol::Anchor { at, name } => {
            let Some((doc, _)) = doc_of(ws, *at) else {
                return out;
            };
            for node in &doc.nodes {
                if let Some((_, span)) = node.anchor.as_deref().filter(|(n, _)| n == name) {
                    out.push(Occurrence {
                        location: loc(at.file, *span),
                        is_definition: true,
                        renamable: false,
                    });
                }
                if matches!(&node.kind, NodeKind::Alias { name: n, .. } if n == name) {
                    out.push(Occurrence {
                        location: loc(at.file, node.span),
                        is_definition: false,
                        renamable: false,
                    });
                }
            }
        }
    }
    out
}

/// Where the symbol under the cursor is defined. From a provider's workflow entry this is the
/// workflow file; from a golden path, its workflow file.
pub fn definition(ws: &Workspace, file: usize, offset: usize) -> Vec<Location> {
    let Some((symbol, span)) = symbol_at(ws, file, offset) else {
        return Vec::new();
    };
    let here = |o: &Occurrence| o.location.file == *ws.path(file) && o.location.span == span;
    let occ = occurrences(ws, &symbol);
    let defs: Vec<&Occurrence> = occ.iter().filter(|o| o.is_definition).collect();
    if defs.iter().any(|&o| here(o)) {
        // Already at the definition: follow on to what it stands for.
        match &symbol {
            Symbol::Workflow { provider, name } => {
                if let Some(p) = ws.providers.iter().find(|p| p.at == *provider) {
                    if let Some(f) = p.model.workflow(name).and_then(|w| w.file.as_ref()) {
                        return occurrences(
                            ws,
                            &Symbol::File {
                                path: join(&p.dir, &f.text),
                            },
                        )
                        .into_iter()
                        .map(|o| o.location)
                        .collect();
                    }
                }
            }
            Symbol::GoldenPath { at, name } => {
                let dir = parent_dir(ws.path(at.file));
                let target = ws
                    .golden_paths
                    .iter()
                    .find(|(a, _)| a == at)
                    .and_then(|(_, g)| g.paths.iter().find(|p| &p.name.text == name))
                    .and_then(|gp| gp.workflow.as_ref());
                if let Some(w) = target {
                    return occurrences(
                        ws,
                        &Symbol::File {
                            path: join(&dir, &w.text),
                        },
                    )
                    .into_iter()
                    .map(|o| o.location)
                    .collect();
                }
            }
            _ => {}
        }
    }
    defs.into_iter().map(|o| o.location.clone()).collect()
}

/// Every place the symbol under the cursor is written (`include_declaration` adds the
/// definitions).
pub fn references(
    ws: &Workspace,
    file: usize,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((symbol, _)) = symbol_at(ws, file, offset) else {
        return Vec::new();
    };
    occurrences(ws, &symbol)
        .into_iter()
        .filter(|o| include_declaration || !o.is_definition)
        .map(|o| o.location)
        .collect()
}

/// The span and current text of a renamable symbol under the cursor (steps, resources,
/// provider workflows).
pub fn prepare_rename(ws: &Workspace, file: usize, offset: usize) -> Option<(Span, String)> {
    let (symbol, span) = symbol_at(ws, file, offset)?;
    let name = match &symbol {
        Symbol::Step { name, .. }
        | Symbol::Resource { name, .. }
        | Symbol::Workflow { name, .. } => name.clone(),
        _ => return None,
    };
    let text = text_of(ws, file);
    // The name must be written as is (not through escapes), or the edit would be wrong.
    (text.get(span.start..span.end) == Some(name.as_str())).then_some((span, name))
}

/// The edits that rename the symbol under the cursor to `new_name` in every file.
pub fn rename(
    ws: &Workspace,
    file: usize,
    offset: usize,
    new_name: &str,
) -> Result<Vec<(Location, String)>, String> {
    let Some((span, old)) = prepare_rename(ws, file, offset) else {
        return Err("nothing that can be renamed here (steps, resources and workflows can)".into());
    };
    let (symbol, _) = symbol_at(ws, file, span.start).ok_or("nothing to rename")?;
    let valid = !new_name.is_empty()
        && new_name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !(matches!(symbol, Symbol::Resource { .. }) && new_name.contains('.'));
    if !valid {
        return Err(format!(
            "`{new_name}` is not a valid name: use letters, digits, `-` and `_`"
        ));
    }
    let mut edits = Vec::new();
    for o in occurrences(ws, &symbol) {
        if !o.renamable {
            continue;
        }
        // Another file's text is read on demand when the workspace does not hold its tree.
        let tree = ws.file_index(&o.location.file).and_then(|fi| ws.tree(fi));
        let text = tree.as_ref().and_then(|t| t.text.as_deref()).unwrap_or("");
        // A name written with quotes or escapes is skipped rather than corrupted.
        let written = text.get(o.location.span.start..o.location.span.end);
        if written == Some(old.as_str()) {
            edits.push((o.location, new_name.to_string()));
        }
    }
    Ok(edits)
}
