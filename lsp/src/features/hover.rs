//! `textDocument/hover` over [`innominatus_engine::ide::hover`]: what the engine says about
//! the position, followed by the documentation of every rule whose finding covers it.

use crate::context::DocumentContext;
use innominatus_engine::ide::hover::{hover, rule_hover};
use innominatus_engine::text::Span;
use tower_lsp_server::ls_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub fn handle(cx: &DocumentContext<'_>, params: &HoverParams) -> Option<Hover> {
    let file = super::synced(cx)?;
    let offset = cx.offset(params.text_document_position_params.position);
    let found = hover(cx.ws(), file, offset);
    let mut sections: Vec<String> = Vec::new();
    let mut span: Option<Span> = found.as_ref().map(|h| h.span);
    if let Some(h) = found {
        sections.push(h.markdown);
    }
    let mut codes: Vec<&str> = Vec::new();
    for d in cx.published {
        let covers = d.span.start <= offset && (offset < d.span.end || offset == d.span.start);
        if covers && !codes.contains(&d.code) {
            codes.push(d.code);
            if let Some(doc) = rule_hover(d.code) {
                sections.push(format!("{}\n\n{doc}", d.message));
                span.get_or_insert(d.span);
            }
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: span.map(|s| cx.range(s)),
    })
}
