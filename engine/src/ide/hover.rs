//! Hover: what a key means (its schema documentation), where a resource type leads (provider
//! and workflow), where a template parameter comes from and its value, and what a rule checks.

use super::cursor::{at_tree, path_is};
use super::navigate::{symbol_at, Symbol};
use super::{doc_of, document_at, resolve, schema_nav, text_of};
use crate::kind::DocumentKind;
use crate::platform::resolution::Unresolved;
use crate::rules;
use crate::syntax::Document;
use crate::template::ScalarMap;
use crate::text::Span;
use crate::workspace::ProviderEntry;
use crate::workspace::{DocRef, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown.
    pub markdown: String,
    /// What the hover is about.
    pub span: Span,
}

/// The hover at byte `offset` of file `file`.
pub fn hover(ws: &Workspace, file: usize, offset: usize) -> Option<Hover> {
    let at = document_at(ws, file, offset)?;
    let (doc, kind) = doc_of(ws, at)?;
    let hit = at_tree(doc, offset)?;
    let span = doc.node(hit.node).span;
    if !hit.on_key {
        if let Some(h) = template_parameter(ws, at, doc, hit.node, offset) {
            return Some(h);
        }
        if let Some(h) = workflow_reference(ws, at, doc, hit.node, offset) {
            return Some(h);
        }
        if kind == DocumentKind::Score {
            if let Some((Symbol::Resource { name, .. }, name_span)) = symbol_at(ws, file, offset) {
                if name_span != span {
                    return resource_hover(ws, at, &name).map(|markdown| Hover {
                        markdown,
                        span: name_span,
                    });
                }
            }
            if path_is(&hit.path, &["resources", "*", "type"]) {
                let t = doc.str_value(hit.node)?;
                return Some(Hover {
                    markdown: type_resolution(ws, t),
                    span,
                });
            }
        }
    }
    let schema = schema_nav::schema_at(kind, ws.dialect, &hit.path)?;
    let description = schema.description()?;
    let title = match hit.path.last() {
        Some(super::cursor::Seg::Key(k)) => format!("**`{k}`**"),
        _ => format!("**{}**", kind.title()),
    };
    let mut markdown = format!("{title}\n\n{description}");
    if schema.is_deprecated() {
        markdown.push_str("\n\n*Deprecated.*");
    }
    let allowed: Vec<String> = schema
        .values()
        .into_iter()
        .filter(|(_, example)| !example)
        .map(|(v, _)| format!("`{v}`"))
        .collect();
    if !allowed.is_empty() && allowed.len() <= 12 {
        markdown.push_str(&format!("\n\nAllowed: {}", allowed.join(", ")));
    }
    Some(Hover { markdown, span })
}

/// The documentation of rule `code_or_name` (shown for a diagnostic under the cursor).
pub fn rule_hover(code_or_name: &str) -> Option<String> {
    let rule = rules::find(code_or_name)?;
    Some(format!(
        "**{} {}** ({}, {})\n\n{}\n\n{}",
        rule.code,
        rule.name,
        rule.group.as_str(),
        rule.severity.as_str(),
        rule.summary,
        rule.doc.trim()
    ))
}

/// Which provider the platform resolves `resource_type` to and the workflow it runs on
/// create (`Workspace::resolve`), or why it resolves to none.
pub fn type_resolution(ws: &Workspace, resource_type: &str) -> String {
    let mut out = format!("**resource type `{resource_type}`**\n\n");
    let name = |p: &ProviderEntry| {
        p.model
            .name_text()
            .unwrap_or("(unnamed provider)")
            .to_string()
    };
    let file = |p: &ProviderEntry| ws.path(p.at.file).to_string();
    match ws.resolve(resource_type) {
        Ok(r) => {
            let workflow_file = r.file.as_deref().unwrap_or("(no file declared)");
            out.push_str(&format!(
                "Provider `{}` ({}) creates it with workflow `{}` — `{workflow_file}`",
                name(r.provider),
                file(r.provider),
                r.workflow.text
            ));
            if let Some(entry) = r.entry {
                out.push_str(&format!(" ({} steps)", entry.model.steps.len()));
            }
        }
        Err(Unresolved::NoProvider) => match ws.providers_for(resource_type).first() {
            None => out.push_str(
                "No provider in the workspace claims this type: the platform cannot provision it.",
            ),
            Some(p) => out.push_str(&format!(
                "Provider `{}` ({}) claims it, but the platform does not load that provider{}: it cannot provision this type.",
                name(p),
                file(p),
                ws.load_failure(p)
                    .map(|f| format!(" because {}", f.reason))
                    .unwrap_or_default()
            )),
        },
        Err(Unresolved::Ambiguous(all)) => {
            out.push_str("Several providers claim it, so the platform refuses to choose:\n");
            for p in all {
                out.push_str(&format!("\n- provider `{}` ({})", name(p), file(p)));
            }
        }
        Err(Unresolved::NoWorkflow(p, why)) => out.push_str(&format!(
            "Provider `{}` ({}) claims it, but {}: the platform says \"{}\".",
            name(p),
            file(p),
            why.describe(),
            why.platform_error(&name(p), resource_type)
        )),
    }
    out
}

fn resource_hover(ws: &Workspace, at: DocRef, name: &str) -> Option<String> {
    let r = ws.score(at)?.resource(name)?;
    let t = r.resource_type.as_ref()?;
    Some(format!(
        "**resource `{name}`** of type `{}`\n\n{}",
        t.text,
        type_resolution(ws, &t.text)
    ))
}

/// The hover text of a template-readable name: its source and value, or that none exists.
fn describe_parameter(
    ws: &Workspace,
    at: DocRef,
    offset: usize,
    shown: &str,
    name: &str,
    missing: &str,
) -> String {
    let params = resolve::parameters(ws, at, offset);
    match params.iter().find(|p| p.name == name) {
        Some(p) => {
            let mut m = format!("**`{shown}`**\n\nsource: {}", p.source);
            if let Some(v) = &p.value {
                m.push_str(&format!("\n\nvalue: `{v}`"));
            }
            if let Some(d) = &p.description {
                m.push_str(&format!("\n\n{d}"));
            }
            m
        }
        None => format!("**`{shown}`**\n\n{missing}"),
    }
}

/// `${workflow.NAME}` under the cursor: where NAME comes from (the run fails before it starts
/// when nothing supplies it).
fn workflow_reference(
    ws: &Workspace,
    at: DocRef,
    doc: &Document,
    node: usize,
    offset: usize,
) -> Option<Hover> {
    let scalar = doc.scalar(node)?;
    if !scalar.text.contains("${workflow.") {
        return None;
    }
    let map = ScalarMap::new(
        text_of(ws, at.file),
        doc.node(doc.resolve(node)).span,
        scalar,
    );
    if !map.is_exact() {
        return None;
    }
    for r in crate::template::reference::references(&scalar.text) {
        let Some(name) = r.workflow_variable() else {
            continue;
        };
        let span = map.span(r.span);
        if span.start <= offset && offset <= span.end {
            let markdown = describe_parameter(
                ws,
                at,
                offset,
                &r.text(),
                name,
                "No workflow variable, golden-path parameter or engine input has this name: the platform's pre-flight check fails the run.",
            );
            return Some(Hover { markdown, span });
        }
    }
    None
}

/// `{{ .parameters.NAME }}` under the cursor: where NAME comes from and its value.
fn template_parameter(
    ws: &Workspace,
    at: DocRef,
    doc: &Document,
    node: usize,
    offset: usize,
) -> Option<Hover> {
    let scalar = doc.scalar(node)?;
    if !scalar.text.contains(".parameters.") {
        return None;
    }
    let map = ScalarMap::new(
        text_of(ws, at.file),
        doc.node(doc.resolve(node)).span,
        scalar,
    );
    if !map.is_exact() {
        return None;
    }
    let text = &scalar.text;
    let mut from = 0;
    while let Some(i) = text[from..].find(".parameters.") {
        let start = from + i + ".parameters.".len();
        let len = text[start..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        let span = map.span(Span::new(start, start + len));
        if len > 0 && span.start <= offset && offset <= span.end {
            let name = &text[start..start + len];
            let markdown = describe_parameter(
                ws,
                at,
                offset,
                &format!(".parameters.{name}"),
                name,
                "No source in the workspace supplies this parameter: it renders as `<no value>` unless the caller passes it.",
            );
            return Some(Hover { markdown, span });
        }
        from = start;
    }
    None
}
