//! Completion: keys and values from the document's schema, names from the workspace, and
//! the names inside `{{ .parameters.x }}` templates and `${…}` placeholders.

use super::cursor::{self, path_ends, path_is, Seg, Slot};
use super::resolve;
use super::schema_nav::{self, Shape};
use super::{doc_of, document_at, text_of};
use crate::kind::DocumentKind;
use crate::platform::resolution;
use crate::text::Span;
use crate::workspace::{normalize, parent_dir, DocRef, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    Key,
    Value,
    Step,
    ResourceType,
    Resource,
    Workflow,
    File,
    Parameter,
    Variable,
    Output,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: ItemKind,
    /// One line shown beside the label.
    pub detail: Option<String>,
    /// Markdown documentation.
    pub documentation: Option<String>,
    /// The text inserted; a snippet (`$1`, `$0` tab stops) when `is_snippet`. Multi-line
    /// snippets carry their full indentation: insert them as they are.
    pub insert_text: String,
    pub is_snippet: bool,
    /// The bytes the insertion replaces.
    pub replace: Span,
    pub deprecated: bool,
}

impl CompletionItem {
    fn plain(label: String, kind: ItemKind, replace: Span) -> CompletionItem {
        CompletionItem {
            insert_text: label.clone(),
            label,
            kind,
            detail: None,
            documentation: None,
            is_snippet: false,
            replace,
            deprecated: false,
        }
    }

    fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    fn doc(mut self, doc: Option<String>) -> Self {
        self.documentation = doc;
        self
    }
}

/// Completion items at byte `offset` of file `file`.
pub fn complete(ws: &Workspace, file: usize, offset: usize) -> Vec<CompletionItem> {
    let text = text_of(ws, file);
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let Some(at) = document_at(ws, file, offset) else {
        return root_keys_for_empty_file(ws, file, text, offset);
    };
    let Some((_, kind)) = doc_of(ws, at) else {
        return Vec::new();
    };
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    if let Some(items) = in_template(ws, at, before, offset) {
        return items;
    }
    if let Some(items) = in_placeholder(ws, at, kind, before, offset) {
        return items;
    }
    let cur = cursor::at_text(text, offset);
    let mut out = Vec::new();
    match cur.slot {
        Slot::BlockText => {}
        Slot::Key => {
            let schema = schema_nav::schema_at(kind, ws.dialect, &cur.path);
            let keys = schema.as_ref().map(|s| s.keys()).unwrap_or_default();
            for k in keys {
                if cur.siblings.iter().any(|s| s == k.name) {
                    continue;
                }
                let (insert_text, is_snippet) =
                    key_snippet(k.name, k.shape, &k.required, cur.key_column);
                out.push(CompletionItem {
                    label: k.name.to_string(),
                    kind: ItemKind::Key,
                    detail: Some(shape_word(k.shape).to_string()),
                    documentation: k.description.map(str::to_string),
                    insert_text,
                    is_snippet,
                    replace: cur.replace,
                    deprecated: k.deprecated,
                });
            }
            if kind == DocumentKind::GoldenPaths && path_is(&cur.path, &["goldenpaths"]) {
                golden_path_names(ws, at, &cur, &mut out);
            }
            if out.is_empty() {
                // `- |` in a list of scalars: the item is a value.
                values(ws, at, kind, &cur.path, &cur.replace, offset, &mut out);
            }
        }
        Slot::Value => values(ws, at, kind, &cur.path, &cur.replace, offset, &mut out),
    }
    out
}

/// A file with no document yet: offer the keys that start each kind of document.
fn root_keys_for_empty_file(
    _ws: &Workspace,
    _file: usize,
    text: &str,
    offset: usize,
) -> Vec<CompletionItem> {
    let cur = cursor::at_text(text, offset);
    ["apiVersion", "kind", "metadata"]
        .iter()
        .map(|k| CompletionItem::plain(k.to_string(), ItemKind::Key, cur.replace))
        .collect()
}

fn shape_word(shape: Shape) -> &'static str {
    match shape {
        Shape::Mapping => "mapping",
        Shape::List => "list",
        Shape::Scalar => "value",
    }
}

/// `key: $1`, or the key with its value's required keys as tab stops for a whole object.
fn key_snippet(name: &str, shape: Shape, required: &[&str], column: usize) -> (String, bool) {
    let inner = " ".repeat(column + 2);
    match shape {
        Shape::Scalar => (format!("{name}: $0"), true),
        Shape::List if required.is_empty() => (format!("{name}:\n{inner}- $0"), true),
        Shape::List => {
            let mut s = format!("{name}:\n{inner}- ");
            for (i, r) in required.iter().enumerate() {
                if i > 0 {
                    s.push_str(&format!("\n{inner}  "));
                }
                s.push_str(&format!("{r}: ${}", i + 1));
            }
            (s + "$0", true)
        }
        Shape::Mapping if required.is_empty() => (format!("{name}:\n{inner}$0"), true),
        Shape::Mapping => {
            let mut s = format!("{name}:");
            for (i, r) in required.iter().enumerate() {
                s.push_str(&format!("\n{inner}{r}: ${}", i + 1));
            }
            (s + "$0", true)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn values(
    ws: &Workspace,
    at: DocRef,
    kind: DocumentKind,
    path: &[Seg],
    replace: &Span,
    offset: usize,
    out: &mut Vec<CompletionItem>,
) {
    let replace = *replace;
    workspace_values(ws, at, kind, path, replace, offset, out);
    if let Some(schema) = schema_nav::schema_at(kind, ws.dialect, path) {
        let doc = schema.description().map(str::to_string);
        for (value, example) in schema.values() {
            if out.iter().any(|i| i.label == value) {
                continue;
            }
            out.push(
                CompletionItem::plain(value, ItemKind::Value, replace)
                    .detail(if example { "example" } else { "allowed value" })
                    .doc(doc.clone()),
            );
        }
    }
}

fn workspace_values(
    ws: &Workspace,
    at: DocRef,
    kind: DocumentKind,
    path: &[Seg],
    replace: Span,
    offset: usize,
    out: &mut Vec<CompletionItem>,
) {
    let Some((doc, _)) = doc_of(ws, at) else {
        return;
    };
    let is_workflow = matches!(
        kind,
        DocumentKind::ProviderWorkflow
            | DocumentKind::GoldenPathWorkflow
            | DocumentKind::PlatformWorkflow
            | DocumentKind::Score
    );
    if is_workflow
        && (path_ends(path, &["steps", "[]", "dependsOn"])
            || path_ends(path, &["steps", "[]", "dependsOn", "[]"]))
    {
        if let Some(wf) = resolve::workflow_at(ws, doc, at, offset) {
            let own = wf.steps.iter().find(|s| {
                let sp = doc.node(s.node).span;
                sp.start <= offset && offset <= sp.end
            });
            for step in &wf.steps {
                let Some(name) = step.name_text() else {
                    continue;
                };
                if own.is_some_and(|o| o.index == step.index) || out.iter().any(|i| i.label == name)
                {
                    continue;
                }
                out.push(
                    CompletionItem::plain(name.to_string(), ItemKind::Step, replace).detail(
                        format!(
                            "step {} ({})",
                            step.index + 1,
                            step.type_text().unwrap_or("?")
                        ),
                    ),
                );
            }
        }
        if doc.incomplete {
            // The tree stops where the half-typed line breaks it: the steps after it are read
            // from the text.
            let text = text_of(ws, at.file);
            let (own, names) = sibling_step_names(
                &text[doc.span.start.min(text.len())..],
                offset - doc.span.start.min(offset),
            );
            for name in names {
                if Some(&name) == own.as_ref() || out.iter().any(|i| i.label == name) {
                    continue;
                }
                out.push(CompletionItem::plain(name, ItemKind::Step, replace).detail("step"));
            }
            out.retain(|i| i.kind != ItemKind::Step || Some(&i.label) != own.as_ref());
        }
    }
    match kind {
        DocumentKind::Score if path_is(path, &["resources", "*", "type"]) => {
            for p in &ws.providers {
                let provider = p.model.name_text().unwrap_or("provider");
                let claimed = p.model.resource_types.iter().chain(
                    p.model
                        .capabilities
                        .iter()
                        .filter_map(|c| c.resource_type.as_ref()),
                );
                for t in claimed {
                    if out.iter().any(|i| i.label == t.text) {
                        continue;
                    }
                    let resolved = match resolution::create_workflow(&p.model, &t.text, t.span) {
                        Ok(w) => {
                            format!("created by workflow `{}` of provider `{provider}`", w.text)
                        }
                        Err(why) => {
                            format!("provider `{provider}` cannot create it: {}", why.describe())
                        }
                    };
                    out.push(
                        CompletionItem::plain(t.text.to_string(), ItemKind::ResourceType, replace)
                            .detail(format!("provider {provider}"))
                            .doc(Some(resolved)),
                    );
                }
            }
        }
        DocumentKind::Provider
            if path_ends(path, &["operations", "*", "workflow"])
                || path_ends(path, &["operations", "*", "default"]) =>
        {
            if let Some(p) = ws.providers.iter().find(|p| p.at == at) {
                for w in &p.model.workflows {
                    let Some(name) = &w.name else { continue };
                    let file = w.file.as_ref().map(|f| f.text.clone());
                    out.push(
                        CompletionItem::plain(name.text.to_string(), ItemKind::Workflow, replace)
                            .detail(file.unwrap_or_else(|| "workflow".into())),
                    );
                }
            }
        }
        DocumentKind::Provider if path_is(path, &["workflows", "[]", "file"]) => {
            let dir = parent_dir(ws.path(at.file));
            workflow_files(ws, &dir, &[DocumentKind::ProviderWorkflow], replace, out);
        }
        DocumentKind::GoldenPaths if path_is(path, &["goldenpaths", "*", "workflow"]) => {
            let dir = parent_dir(ws.path(at.file));
            workflow_files(
                ws,
                &dir,
                &[
                    DocumentKind::GoldenPathWorkflow,
                    DocumentKind::PlatformWorkflow,
                ],
                replace,
                out,
            );
        }
        DocumentKind::GoldenPaths
            if path_is(path, &["goldenpaths", "*", "parameters", "*", "default"]) =>
        {
            golden_path_allowed_values(doc, path, replace, out);
        }
        DocumentKind::GoldenPathWorkflow | DocumentKind::PlatformWorkflow
            if path_is(path, &["metadata", "name"]) =>
        {
            // A golden-path workflow is usually named after its golden path.
            for (_, gps) in &ws.golden_paths {
                for gp in &gps.paths {
                    out.push(
                        CompletionItem::plain(
                            gp.name.text.to_string(),
                            ItemKind::Workflow,
                            replace,
                        )
                        .detail("golden path"),
                    );
                }
            }
        }
        _ => {}
    }
}

/// Step names of the list that holds the step at `offset`, read from the text: the `name`
/// of every item whose `- ` is in the same column. Returns the own step's name too.
fn sibling_step_names(text: &str, offset: usize) -> (Option<String>, Vec<String>) {
    let offset = crate::text::floor_char_boundary(text, offset.min(text.len()));
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let key_col = text[line_start..offset]
        .bytes()
        .take_while(|b| *b == b' ')
        .count();
    // The item line of the cursor's step: the nearest line above with a `- ` left of it.
    let mut item_col = None;
    let mut item_line = 0;
    for (n, line) in text[..line_start]
        .lines()
        .enumerate()
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        if line[indent..].starts_with("- ") && indent < key_col {
            item_col = Some(indent);
            item_line = n;
            break;
        }
    }
    let Some(col) = item_col else {
        return (None, Vec::new());
    };
    let mut names = Vec::new();
    let mut own = None;
    let mut current_item = 0;
    for (n, line) in text.lines().enumerate() {
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        let rest = &line[indent..];
        if indent == col && rest.starts_with("- ") {
            current_item = n;
        }
        let field = if indent == col && rest.starts_with("- ") {
            rest[2..].trim_start()
        } else if indent == col + 2 {
            rest
        } else {
            continue;
        };
        if let Some(v) = field.strip_prefix("name:") {
            let v = v
                .split(" #")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches(|c| c == '"' || c == '\'');
            if v.is_empty() {
                continue;
            }
            if current_item == item_line {
                own = Some(v.to_string());
            }
            names.push(v.to_string());
        }
    }
    (own, names)
}

/// Golden-path names under `goldenpaths:`: the golden-path workflows of the workspace that
/// no golden path names yet, each with its `workflow` path filled in.
fn golden_path_names(
    ws: &Workspace,
    at: DocRef,
    cur: &cursor::TextCursor,
    out: &mut Vec<CompletionItem>,
) {
    let dir = parent_dir(ws.path(at.file));
    let inner = " ".repeat(cur.key_column + 2);
    for w in &ws.workflows {
        if w.at.doc != 0 || w.kind != DocumentKind::GoldenPathWorkflow {
            continue;
        }
        let path = normalize(ws.path(w.at.file));
        let stem = path
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_string();
        if stem.is_empty() || cur.siblings.contains(&stem) || out.iter().any(|i| i.label == stem) {
            continue;
        }
        let rel = relative(&dir, &path);
        out.push(CompletionItem {
            detail: Some(format!("golden path running {rel}")),
            insert_text: format!("{stem}:\n{inner}workflow: {rel}\n{inner}description: $0"),
            is_snippet: true,
            ..CompletionItem::plain(stem, ItemKind::Workflow, cur.replace)
        });
    }
}

/// Workflow files of `kinds`, written relative to `dir` the way manifests write them.
fn workflow_files(
    ws: &Workspace,
    dir: &str,
    kinds: &[DocumentKind],
    replace: Span,
    out: &mut Vec<CompletionItem>,
) {
    let first = out.len();
    for w in &ws.workflows {
        if w.at.doc != 0 || !kinds.contains(&w.kind) {
            continue;
        }
        let path = normalize(ws.path(w.at.file));
        let rel = relative(dir, &path);
        if out.iter().any(|i| i.label == rel) {
            continue;
        }
        let name = w.model.name.as_ref().map(|n| n.text.clone());
        out.push(
            CompletionItem::plain(rel, ItemKind::File, replace).detail(
                name.map_or_else(|| "workflow file".to_string(), |n| format!("workflow {n}")),
            ),
        );
    }
    // The manifest's own files first: `./…` before `../…`, deeper climbs last.
    out[first..].sort_by_key(|i| (i.label.matches("../").count(), i.label.clone()));
}

/// `path` as seen from directory `dir`: `./a/b.yaml` below it, `../x.yaml` beside it.
pub fn relative(dir: &str, path: &str) -> String {
    let dir = normalize(dir);
    let dir_parts: Vec<&str> = dir
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let path_parts: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    let common = dir_parts
        .iter()
        .zip(&path_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = dir_parts.len() - common;
    let rest = path_parts[common..].join("/");
    if ups == 0 {
        format!("./{rest}")
    } else {
        format!("{}{rest}", "../".repeat(ups))
    }
}

fn golden_path_allowed_values(
    doc: &crate::syntax::Document,
    path: &[Seg],
    replace: Span,
    out: &mut Vec<CompletionItem>,
) {
    let (Some(Seg::Key(gp)), Some(Seg::Key(param))) = (path.get(1), path.get(3)) else {
        return;
    };
    let allowed = doc
        .root
        .and_then(|r| doc.get(r, "goldenpaths"))
        .and_then(|g| doc.get(g, gp))
        .and_then(|g| doc.get(g, "parameters"))
        .and_then(|p| doc.get(p, param))
        .and_then(|p| doc.get(p, "allowed_values"));
    for item in allowed.map(|a| doc.items(a).to_vec()).unwrap_or_default() {
        if let Some(v) = doc.str_value(item) {
            out.push(
                CompletionItem::plain(v.to_string(), ItemKind::Value, replace)
                    .detail("allowed value"),
            );
        }
    }
}

/// Inside an unclosed `{{` on the cursor's line: `.parameters.` names.
fn in_template(
    ws: &Workspace,
    at: DocRef,
    before: &str,
    offset: usize,
) -> Option<Vec<CompletionItem>> {
    let open = before.rfind("{{")?;
    if before[open..].contains("}}") {
        return None;
    }
    let expr = &before[open + 2..];
    let word_start = expr
        .bytes()
        .rposition(|c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$'))
        .map_or(0, |i| i + 1);
    let word = &expr[word_start..];
    let mut out = Vec::new();
    if let Some(rest) = word.strip_prefix(".parameters.") {
        if rest.contains('.') {
            return Some(out);
        }
        let replace = Span::new(offset - rest.len(), offset);
        for p in resolve::parameters(ws, at, offset) {
            let mut doc = p.source.clone();
            if let Some(v) = &p.value {
                doc.push_str(&format!("\n\nvalue: `{v}`"));
            }
            if let Some(d) = &p.description {
                doc.push_str(&format!("\n\n{d}"));
            }
            out.push(
                CompletionItem::plain(p.name.clone(), ItemKind::Parameter, replace)
                    .detail(p.source.split(':').next().unwrap_or("").to_string())
                    .doc(Some(doc)),
            );
        }
    } else if word.is_empty() || ".parameters".starts_with(word) {
        let replace = Span::new(offset - word.len(), offset);
        out.push(CompletionItem {
            detail: Some("the workflow's inputs".into()),
            ..CompletionItem::plain(".parameters.".into(), ItemKind::Variable, replace)
        });
    }
    Some(out)
}

/// Inside an unclosed `${` on the cursor's line: `resources.`, their outputs, `workflow.`
/// variables and `metadata.` fields.
fn in_placeholder(
    ws: &Workspace,
    at: DocRef,
    kind: DocumentKind,
    before: &str,
    offset: usize,
) -> Option<Vec<CompletionItem>> {
    let open = before.rfind("${")?;
    if before[open..].contains('}') {
        return None;
    }
    let content = &before[open + 2..];
    let (head, last) = match content.rfind('.') {
        Some(i) => (&content[..i], &content[i + 1..]),
        None => ("", content),
    };
    let replace = Span::new(offset - last.len(), offset);
    let mut out = Vec::new();
    let (doc, _) = doc_of(ws, at)?;
    let parts: Vec<&str> = if head.is_empty() {
        Vec::new()
    } else {
        head.split('.').collect()
    };
    match (kind, parts.as_slice()) {
        (DocumentKind::Score, []) => {
            for root in ["resources", "metadata"] {
                out.push(CompletionItem::plain(
                    root.into(),
                    ItemKind::Variable,
                    replace,
                ));
            }
        }
        (DocumentKind::Score, ["resources"]) => {
            if let Some(spec) = ws.score(at) {
                for r in &spec.resources {
                    let t = r.resource_type.as_ref().map_or("?", |t| t.text.as_str());
                    out.push(
                        CompletionItem::plain(r.name.text.to_string(), ItemKind::Resource, replace)
                            .detail(format!("resource of type {t}")),
                    );
                }
            }
        }
        (DocumentKind::Score, ["resources", name]) => {
            let spec = ws.score(at)?;
            let t = spec.resource(name)?.resource_type.as_ref()?;
            if let Ok(res) = ws.resolve(&t.text) {
                let Some(entry) = res.entry else {
                    return Some(out);
                };
                let Some(wfile) = ws.tree(entry.at.file) else {
                    return Some(out);
                };
                let Some(wdoc) = wfile.parsed.documents.get(entry.at.doc) else {
                    return Some(out);
                };
                for (key, value) in &entry.model.outputs {
                    if out.iter().any(|i| i.label == key.text) {
                        continue;
                    }
                    let shown = wdoc.str_value(*value).map(str::to_string);
                    out.push(
                        CompletionItem::plain(key.text.to_string(), ItemKind::Output, replace)
                            .detail(format!("output of {}", res.workflow.text))
                            .doc(shown.map(|v| format!("published as `{v}`"))),
                    );
                }
            }
        }
        (DocumentKind::Score, ["metadata"]) => {
            let root = doc.root?;
            let meta = doc.get(root, "metadata")?;
            for e in doc.entries(meta) {
                if let Some(k) = doc.key_text(e.key) {
                    out.push(CompletionItem::plain(
                        k.to_string(),
                        ItemKind::Variable,
                        replace,
                    ));
                }
            }
        }
        (_, []) => {
            out.push(
                CompletionItem::plain("workflow".into(), ItemKind::Variable, replace)
                    .detail("workflow variables"),
            );
        }
        (_, ["workflow"]) => {
            // `${workflow.K}` must name a workflow variable, a golden-path parameter or an
            // engine input (FORMATS.md §2.2): every name a template can read.
            for p in resolve::parameters(ws, at, offset) {
                out.push(
                    CompletionItem::plain(p.name.clone(), ItemKind::Variable, replace)
                        .detail(p.source.split(':').next().unwrap_or("").to_string())
                        .doc(p.value.map(|v| format!("value: `{v}`"))),
                );
            }
        }
        _ => {}
    }
    Some(out)
}
