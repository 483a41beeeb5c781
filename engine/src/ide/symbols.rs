//! Document symbols (the outline), workspace symbols and document links.

use super::cursor::{path_is, Seg};
use super::Location;
use crate::kind::DocumentKind;
use crate::syntax::{Document, NodeId, NodeKind};
use crate::text::Span;
use crate::workspace::{join, parent_dir, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Document,
    Mapping,
    List,
    Field,
    Step,
    Resource,
    Container,
    Workflow,
    Provider,
    GoldenPath,
    Application,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// Everything the symbol covers.
    pub span: Span,
    /// The part to select (its key or name).
    pub selection: Span,
    pub children: Vec<DocumentSymbol>,
}

/// Outline nesting stops here: deeper structure is noise in an outline.
const MAX_DEPTH: usize = 8;

/// The outline of file `file`: one symbol per document, its keys below it.
pub fn document_symbols(ws: &Workspace, file: usize) -> Vec<DocumentSymbol> {
    let Some(f) = ws.files.get(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, doc) in f.parsed.documents.iter().enumerate() {
        let Some(root) = doc.root else { continue };
        let kind = f.kinds.get(i).copied().unwrap_or(DocumentKind::Unknown);
        let mut path = Vec::new();
        let children = outline(doc, kind, root, &mut path);
        let name = doc
            .get(root, "metadata")
            .and_then(|m| doc.get(m, "name"))
            .and_then(|n| doc.str_value(n))
            .map_or_else(
                || kind.title().to_string(),
                |n| format!("{} {n}", kind.title()),
            );
        if f.parsed.documents.len() == 1 {
            out.extend(children);
            continue;
        }
        out.push(DocumentSymbol {
            name,
            detail: Some(kind.as_str().to_string()),
            kind: SymbolKind::Document,
            span: doc.span,
            selection: Span::at(doc.span.start),
            children,
        });
    }
    out
}

fn outline(
    doc: &Document,
    kind: DocumentKind,
    node: NodeId,
    path: &mut Vec<Seg>,
) -> Vec<DocumentSymbol> {
    if path.len() >= MAX_DEPTH {
        return Vec::new();
    }
    let mut out = Vec::new();
    match &doc.node(node).kind {
        NodeKind::Mapping(entries) => {
            for e in entries {
                let Some(key) = doc.key_text(e.key) else {
                    continue;
                };
                path.push(Seg::Key(key.to_string()));
                let value = doc.node(e.value);
                let children = outline(doc, kind, e.value, path);
                let sym_kind = kind_at(kind, path, doc, e.value);
                let detail = match &value.kind {
                    NodeKind::Scalar(s) if !s.text.contains('\n') => Some(short(&s.text)),
                    _ => None,
                };
                out.push(DocumentSymbol {
                    name: key.to_string(),
                    detail,
                    kind: sym_kind,
                    span: doc.node(e.key).span.cover(value.span),
                    selection: doc.node(e.key).span,
                    children,
                });
                path.pop();
            }
        }
        NodeKind::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Item);
                let n = doc.node(*item);
                let named = doc
                    .get(*item, "name")
                    .and_then(|v| doc.str_value(v).map(|t| (t, doc.node(v).span)));
                let (name, selection) = match (&n.kind, named) {
                    (_, Some((t, s))) => (t.to_string(), s),
                    (NodeKind::Scalar(s), None) => (short(&s.text), n.span),
                    _ => (format!("[{i}]"), Span::at(n.span.start)),
                };
                let children = outline(doc, kind, *item, path);
                out.push(DocumentSymbol {
                    name,
                    detail: doc
                        .get(*item, "type")
                        .and_then(|v| doc.str_value(v))
                        .map(str::to_string),
                    kind: kind_at(kind, path, doc, *item),
                    span: n.span,
                    selection,
                    children,
                });
                path.pop();
            }
        }
        _ => {}
    }
    out
}

fn kind_at(kind: DocumentKind, path: &[Seg], doc: &Document, node: NodeId) -> SymbolKind {
    let ends = |p: &[&str]| super::cursor::path_ends(path, p);
    if ends(&["steps", "[]"]) {
        return SymbolKind::Step;
    }
    match kind {
        DocumentKind::Score if path_is(path, &["resources", "*"]) => return SymbolKind::Resource,
        DocumentKind::Score if path_is(path, &["containers", "*"]) => return SymbolKind::Container,
        DocumentKind::Score if path_is(path, &["workflows", "*"]) => return SymbolKind::Workflow,
        DocumentKind::Provider if path_is(path, &["workflows", "[]"]) => {
            return SymbolKind::Workflow
        }
        DocumentKind::GoldenPaths if path_is(path, &["goldenpaths", "*"]) => {
            return SymbolKind::GoldenPath
        }
        _ => {}
    }
    match doc.node(doc.resolve(node)).kind {
        NodeKind::Mapping(_) => SymbolKind::Mapping,
        NodeKind::Sequence(_) => SymbolKind::List,
        _ => SymbolKind::Field,
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// What holds it (workflow, provider, application).
    pub container: Option<String>,
    pub location: Location,
}

/// Named things of the whole workspace whose name matches `query` (case-insensitive, its
/// characters in order; an empty query matches everything).
pub fn workspace_symbols(ws: &Workspace, query: &str) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    let mut add =
        |name: &str, kind: SymbolKind, container: Option<String>, file: usize, span: Span| {
            if matches_query(name, query) {
                out.push(WorkspaceSymbol {
                    name: name.to_string(),
                    kind,
                    container,
                    location: Location {
                        file: ws.path(file).clone(),
                        span,
                    },
                });
            }
        };
    for w in &ws.workflows {
        let wname = w.model.name.as_ref().map(|n| n.text.to_string());
        if let Some(n) = &w.model.name {
            add(
                &n.text,
                SymbolKind::Workflow,
                Some(w.kind.as_str().to_string()),
                w.at.file,
                n.span,
            );
        }
        for s in &w.model.steps {
            if let Some(n) = &s.name {
                add(&n.text, SymbolKind::Step, wname.clone(), w.at.file, n.span);
            }
        }
    }
    for p in &ws.providers {
        let pname = p.model.name_text().map(str::to_string);
        if let Some(n) = &p.model.name {
            add(&n.text, SymbolKind::Provider, None, p.at.file, n.span);
        }
        for w in &p.model.workflows {
            if let Some(n) = &w.name {
                add(
                    &n.text,
                    SymbolKind::Workflow,
                    pname.clone(),
                    p.at.file,
                    n.span,
                );
            }
        }
    }
    for (at, spec) in &ws.scores {
        let app = spec.name.as_ref().map(|n| n.text.to_string());
        if let Some(n) = &spec.name {
            add(&n.text, SymbolKind::Application, None, at.file, n.span);
        }
        for r in &spec.resources {
            add(
                &r.name.text,
                SymbolKind::Resource,
                app.clone(),
                at.file,
                r.name.span,
            );
        }
        for c in &spec.containers {
            add(
                &c.name.text,
                SymbolKind::Container,
                app.clone(),
                at.file,
                c.name.span,
            );
        }
        for (n, wf) in &spec.workflows {
            add(&n.text, SymbolKind::Workflow, app.clone(), at.file, n.span);
            for s in &wf.steps {
                if let Some(sn) = &s.name {
                    add(
                        &sn.text,
                        SymbolKind::Step,
                        Some(n.text.to_string()),
                        at.file,
                        sn.span,
                    );
                }
            }
        }
    }
    for (at, gps) in &ws.golden_paths {
        for gp in &gps.paths {
            add(
                &gp.name.text,
                SymbolKind::GoldenPath,
                None,
                at.file,
                gp.name.span,
            );
        }
    }
    out
}

fn matches_query(name: &str, query: &str) -> bool {
    let mut chars = name.chars().map(|c| c.to_ascii_lowercase());
    query
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .all(|q| chars.any(|c| c == q))
}

/// A path value that names a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentLink {
    pub span: Span,
    /// The target, normalised; relative targets are joined to the manifest's directory.
    pub target: String,
    /// Whether the target is a file of the workspace (or known to exist).
    pub exists: bool,
}

/// The file paths written in file `file`: provider `workflows[].file`, golden-path
/// `workflow`, admin-config provider paths.
pub fn document_links(ws: &Workspace, file: usize) -> Vec<DocumentLink> {
    let mut out = Vec::new();
    let Some(f) = ws.files.get(file) else {
        return out;
    };
    let dir = parent_dir(&f.file);
    let mut push = |span: Span, value: &str| {
        if value.trim().is_empty() {
            return;
        }
        let target = join(&dir, value);
        out.push(DocumentLink {
            span,
            exists: ws.exists(&target),
            target,
        });
    };
    for p in ws.providers.iter().filter(|p| p.at.file == file) {
        for w in &p.model.workflows {
            if let Some(fv) = &w.file {
                push(fv.span, &fv.text);
            }
        }
    }
    for (_, gps) in ws.golden_paths.iter().filter(|(at, _)| at.file == file) {
        for gp in &gps.paths {
            if let Some(w) = &gp.workflow {
                push(w.span, &w.text);
            }
        }
    }
    out
}

/// A scalar shortened to one line for an outline.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > 40 {
        format!("{}…", line.chars().take(40).collect::<String>())
    } else {
        line.to_string()
    }
}
